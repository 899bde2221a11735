"""Every shape the schema language has, nested; parameters named like the
binding's own locals; names far longer than usual."""

import threading
from typing import Iterator, List, Optional

import pytest
import stress
from stress import Everything, Keeper, Mode, Namesake, Node, Pairing
from stress import VeryLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongRecord as Long  # noqa: E501

Kept = List[Optional[Keeper]]


def transform(value: Kept, hint: Optional[Keeper]) -> Kept:
    return [hint, *reversed(value)]


@pytest.fixture
def client() -> Iterator[stress.Client]:
    with stress.Client(setup=lambda c: c.set_transform(transform)) as c:
        yield c


def everything() -> Everything:
    long = Long([None, {"k": [Keeper("deep")]}, {}], Mode.GONE)
    return Everything(
        flag=True, tiny=-1, short_int=-300, whole=70000, long_int=-(2**40), byte=200,
        ushort=60000, uint=4_000_000_000, ulong=2**63, single=0.5, wide_float=-2.25,
        text="text ☃", blob=b"\x00blob", mode=Mode.BUSY, keeper=Keeper("k"),
        maybe_flag=False, maybe_text=None, maybe_blob=b"", maybe_mode=Mode.IDLE,
        maybe_keeper=Keeper(""), maybe_list=[1, 2], maybe_map={2**64 - 1: "max"},
        flags=[True, False], texts=["", "a"], blobs=[b"", b"x"], modes=[Mode.GONE],
        keepers=[Keeper("a"), Keeper("b")], maybe_keepers=[None, Keeper("c")],
        lists=[[], ["a", "b"]], maps=[{}, {"k": b"v"}], by_int={-5: Keeper("neg")},
        by_name={"none": None, "some": Keeper("s")},
        nested={"n": [{0: [None, "x"], 255: []}, {}]}, long_one=long,
    )


def test_everything_round_trips(client: stress.Client) -> None:
    value = everything()
    assert client.echo_everything(value) == value
    n = Node("root", [Node("a", [], {})], {"b": Node("b", [], {"c": Node("c", [], {})})})
    assert client.echo_node(n) == n
    assert client.echo_keepers([None, Keeper("x"), None]) == [None, Keeper("x"), None]
    assert client.echo_maybe_keeper(None) is None
    assert client.echo_mode(Mode.GONE) is Mode.GONE
    assert stress.sum([1, 2, 3, -4]) == 2


def test_params_mirror_everything(client: stress.Client) -> None:
    got = client.echo_params(True, 5, "t", b"b", Mode.BUSY, Keeper("k"), None, "m",
                             [None, Keeper("x")], {"a": None})
    assert (got.flag, got.whole, got.text, got.blob, got.mode) == (True, 5, "t", b"b", Mode.BUSY)
    assert (got.maybe_keeper, got.maybe_text) == (None, "m")
    assert got.maybe_keepers == [None, Keeper("x")]


def test_the_longest_names(client: stress.Client) -> None:
    long = Long([{"x": []}], Mode.IDLE)
    echo = getattr(client, "echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_"
                           "long_procedure_name_echo_with_an_extremely_long_proced")
    assert echo(long) == long


def test_parameters_named_like_the_bindings_own_names(client: stress.Client) -> None:
    ints = list(range(1, 32))  # h .. callback but a, v, p, args, opt0
    total = client.namesakes(1, 2, 3, "aa", 4, 5, 6, 7, Keeper("vvv"), 8, Keeper("p"), [100], 9,
                             10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                             27, 28, 29, 30, 31)
    assert total == sum(ints) + 100 + 2 + 1 + 3
    ns = Namesake.new(client, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
    assert ns.mix(0, 0, 0, "", 0, 0, 0, 0, None, 0, Keeper(""), [], 0, 0, 0, None, 0, 0, 0, 0, 0,
                  0, 0, 0) == 10
    assert ns.pair(ns) and not ns.pair(None)
    assert ns.echo_pairing(Pairing(maybe=ns, count=3)) == Pairing(ns, 3)
    assert ns.echo_pairing(Pairing(None, 0)) == Pairing(None, 0)


def test_host_and_events(client: stress.Client) -> None:
    assert client.ask_host([Keeper("a"), None], Keeper("h")) == [Keeper("h"), None, Keeper("a")]
    seen: List[int] = []
    done = threading.Event()
    client.on_everything_seen(lambda value, count: seen.append(count))
    client.on_nothing_seen(lambda: done.set())
    client.fire(everything())
    assert done.wait(10) and seen == [1]
