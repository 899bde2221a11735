"""my_timer: constants, an enum with explicit values, a named dtor, a
CBOR-only proc (absent here: the binding speaks the native wire), events
and a static proc."""

import threading
from typing import Iterator, List, Tuple

import my_timer
import pytest
from my_timer import EchoRequest, Level, TimerConfig


@pytest.fixture
def client() -> Iterator[my_timer.Client]:
    with my_timer.Client(TimerConfig(name="t", tick_ms=10)) as c:
        yield c


def test_constants_and_enums() -> None:
    assert my_timer.MAX_PEERS == 42
    assert my_timer.GREETING == "hello"
    assert [int(v) for v in Level] == [0, 1, 5]
    assert Level.HIGH == 5


def test_echo_and_events(client: my_timer.Client) -> None:
    fired: List[Tuple[str, int]] = []
    done = threading.Event()

    def on_fired(message: str, count: int) -> None:
        fired.append((message, count))
        if count == 2:
            done.set()

    client.on_echo_fired(on_fired)
    req = EchoRequest("hi", 0, ["a", "b"], None, b"\x01", Level.HIGH)
    r = client.echo(req)
    assert (r.message, r.timer_name) == ("hi", "t")
    client.echo(EchoRequest("again", 0, [], "note", b"", Level.LOW))
    assert done.wait(10)
    assert fired == [("hi", 1), ("again", 2)]
    assert client.version()
    client.sleep(1)


def test_a_cbor_only_proc_is_not_in_the_binding(client: my_timer.Client) -> None:
    assert not hasattr(client, "schedule")


def test_static_parse() -> None:
    assert my_timer.parse("msg;15").message == "msg"
    assert my_timer.parse("msg;15").delay_ms == 15
    with pytest.raises(my_timer.LibraryError, match="delay_ms is not a number"):
        my_timer.parse("msg;x")


def test_a_failing_ctor_raises() -> None:
    with pytest.raises(my_timer.LibraryError, match="must not be empty"):
        my_timer.Client(TimerConfig(name="", tick_ms=1))


def test_an_unknown_enum_value_is_a_binding_error() -> None:
    with pytest.raises(my_timer.BindingError):
        my_timer._support.enum_value(Level, "Level", 3)
