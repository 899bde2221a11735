"""Every type in every position, constants of every kind, a host function
that echoes a deep struct, and integer ranges at their edges."""

import math
import threading
from typing import Iterator, List

import kitchen_sink as ks
import pytest
from kitchen_sink import Color, Inner, Middle, Outer, Scalars, SinkConfig, Status, TreeNode


@pytest.fixture
def client() -> Iterator[ks.Client]:
    with ks.Client(SinkConfig(fail=False), setup=lambda c: c.set_transform(lambda v: v)) as c:
        yield c


def inner(label: str) -> Inner:
    return Inner(label=label, data=bytes([0, 255]), score=None, status=Status.RETRY)


def outer() -> Outer:
    m = Middle(inner("a"), [inner("b"), inner("c")], inner("d"), {"e": inner("e")})
    return Outer(
        middle=m,
        middles=[m, Middle(inner(""), [], None, {})],
        groups={"g": [1, -2, 3], "empty": []},
        codes={0: "zero", 2**32 - 1: "max"},
        matrix=[[1.5, -0.0], [], [math.inf]],
        colors=[Color.RED, Color.BLUE],
        maybe_text="text",
        maybe_bytes=b"",
        maybe_list=["x"],
        blobs=[b"", b"\x00" * 3],
    )


def test_constants() -> None:
    assert ks.FLAG is True
    assert (ks.SMALL, ks.MEDIUM, ks.WIDE, ks.HUGE) == (-128, 32767, -(2**31), -(2**63))
    assert (ks.BYTE, ks.PORT, ks.MASK, ks.BIG) == (255, 0xFFFF, 0xDEADBEEF, 2**64 - 1)
    assert ks.RATIO == 0.5 and ks.PI == math.pi and ks.AVOGADRO == 6.02214076e23
    assert ks.BANNER == 'kitchen\t"sink" \u2603'


def test_scalars_at_their_edges(client: ks.Client) -> None:
    low = Scalars(False, -128, -32768, -(2**31), -(2**63), 0, 0, 0, 0, -1.5, -math.inf, Color.RED)
    high = Scalars(True, 127, 32767, 2**31 - 1, 2**63 - 1, 255, 65535, 2**32 - 1, 2**64 - 1,
                   3.4028234663852886e38, 1.7976931348623157e308, Color.BLUE)
    assert client.echo_scalars(low) == low
    assert client.echo_scalars(high) == high
    for bad in (Scalars(False, 128, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, Color.RED),
                Scalars(False, 0, 0, 0, 0, -1, 0, 0, 0, 0.0, 0.0, Color.RED),
                Scalars(False, 0, 0, 0, 0, 0, 0, 0, 2**64, 0.0, 0.0, Color.RED)):
        with pytest.raises(ks.BindingError):
            client.echo_scalars(bad)


def test_deep_values_round_trip(client: ks.Client) -> None:
    value = outer()
    assert client.echo_outer(value) == value
    assert client.transform_outer(value) == value  # through the host function
    tree = TreeNode("root", [TreeNode("a", []), TreeNode("b", [TreeNode("c", [])])])
    assert client.echo_tree(tree) == tree
    assert client.echo_list([]) == []
    assert client.echo_list([-(2**63), 2**63 - 1]) == [-(2**63), 2**63 - 1]
    assert client.echo_map({"k": ["v", ""], "": []}) == {"k": ["v", ""], "": []}
    assert client.echo_optional(None) is None
    assert client.echo_optional(inner("x")) == inner("x")
    assert client.echo_enum(Status.UNKNOWN) is Status.UNKNOWN
    assert client.echo_bytes(b"\x00\x01") == b"\x00\x01"
    assert client.echo_string("") == ""


def test_combine_mixes_parameter_kinds(client: ks.Client) -> None:
    m = client.combine(7, None, [Color.GREEN, Color.RED], inner("d"))
    assert m.inner.label == "d:7:-:2" and len(m.inners) == 2 and list(m.by_name) == [""]


def test_failures_nothing_and_the_native_only_proc(client: ks.Client) -> None:
    with pytest.raises(ks.LibraryError, match="boom"):
        client.fail("boom")
    assert client.nothing() is None
    assert client.native_only(1) == 2
    assert not hasattr(client, "cbor_only")
    assert ks.add(2, 3) == 5


def test_a_ctor_that_fails() -> None:
    with pytest.raises(ks.LibraryError, match="asked to fail"):
        ks.Client(SinkConfig(fail=True))


def test_scalars_seen_event(client: ks.Client) -> None:
    seen: List[int] = []
    done = threading.Event()

    def listener(value: Scalars, count: int) -> None:
        seen.append(count)
        done.set()

    client.on_scalars_seen(listener)
    client.echo_scalars(Scalars(True, 1, 2, 3, 4, 5, 6, 7, 8, 0.25, 0.5, Color.GREEN))
    assert done.wait(10) and seen == [1]
