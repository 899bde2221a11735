"""Objects from Python: constructors, methods, references and their
release, identity, objects in containers, events, host functions and
struct fields, and a leak check."""

import asyncio
import gc
import threading
from typing import Iterator, List, Tuple

import pytest
from ffidl_testing import eventually, run_threads
import sprites
from sprites import Entry, Point, Sprite, TodoError, TodoList, Vector


@pytest.fixture
def client() -> Iterator[sprites.Client]:
    with sprites.Client() as c:
        yield c


def settle(c: sprites.Client) -> None:
    """Drops the references nobody holds; a release has taken effect once the
    next call from this thread is handled."""
    gc.collect()
    c.dtor_count()


def test_named_ctors_and_methods(client: sprites.Client) -> None:
    a = Sprite.new(client, Point(0.5, -1.0))
    b = Sprite.new_relative_to(client, Point(10.0, 20.0), Vector(1.0, 2.0))
    assert a != b
    assert a.get_position() == Point(0.5, -1.0)
    assert asyncio.run(b.get_position_async()) == Point(11.0, 22.0)
    a.move_by(Vector(1.0, 1.0))
    assert a.get_position() == Point(1.5, 0.0)
    assert Sprite.new(client, None).get_position() == Point(0.0, 0.0)
    lst = TodoList.from_items(client, ["a", "b"])
    assert lst.get_items() == ["a", "b"]
    with pytest.raises(TodoError.EmptyTodoList):
        TodoList.from_items(client, [])
    with pytest.raises(TypeError):
        TodoList()  # type: ignore[call-arg]


def test_close_releases_and_the_release_is_seen_by_the_next_call(client: sprites.Client) -> None:
    for _ in range(50):
        a, b = TodoList.new(client), TodoList.new(client)
        assert client.objects_alive() == 2
        a.close()
        b.close()
        assert client.objects_alive() == 0
    # (No add_item here: its list_changed event holds a reference of the
    # library's own until the event thread has handled it.)
    with TodoList.new(client) as kept:
        assert kept.get_items() == []
        assert client.objects_alive() == 1
    assert client.objects_alive() == 0


def test_a_closed_object_refuses_calls(client: sprites.Client) -> None:
    lst = TodoList.new(client)
    lst.close()
    lst.close()
    with pytest.raises(sprites.ClosedError):
        lst.add_item("x")
    with pytest.raises(sprites.ClosedError):
        client.longest([lst])


def test_references_compare_by_identity(client: sprites.Client) -> None:
    lst = TodoList.new(client)
    lst.add_item("milk")
    client.set_default_list(lst)
    got = client.get_default_list()
    assert got == lst and hash(got) == hash(lst) and got is not lst
    assert lst.itself() == lst
    copy = lst.copy()
    assert copy != lst and copy.get_items() == ["milk"]
    assert len({lst, got, lst.itself(), copy}) == 2
    client.clear_default_list()
    del got, copy
    settle(client)
    assert client.objects_alive() == 1


def test_lists_and_maps_of_objects(client: sprites.Client) -> None:
    small = TodoList.from_items(client, ["one"])
    big = TodoList.from_items(client, ["x", "two"])
    assert client.longest([small, big]) == big
    assert client.longest([]) is None
    by_last = client.lists_by_last_item([small, big])
    assert by_last == {"one": small, "two": big}


def test_objects_of_another_client_are_refused(client: sprites.Client) -> None:
    with sprites.Client() as other:
        foreign = TodoList.new(other)
        with pytest.raises(sprites.LibraryError, match="of this context"):
            client.set_default_list(foreign)
    with pytest.raises(sprites.ClosedError):
        foreign.get_items()


def test_ten_thousand_objects_dropped_leave_nothing_alive(client: sprites.Client) -> None:
    base = client.objects_alive()
    lists = [TodoList.new(client) for _ in range(10_000)]
    assert client.objects_alive() == base + 10_000
    del lists
    settle(client)
    assert client.objects_alive() == base
    assert client.live_objects() == base


def test_many_threads_leak_nothing(client: sprites.Client) -> None:
    def worker(n: int) -> None:
        for i in range(100):
            lst = TodoList.new(client)
            lst.add_item(f"{n}-{i}")
            assert lst.get_last() == f"{n}-{i}"
            lst.close()

    assert run_threads(8, worker) == []
    # Each add_item's list_changed event holds a reference until the event
    # thread has handled it.
    settle(client)
    assert eventually(lambda: client.objects_alive() == 0)


def test_events_carry_the_object_itself(client: sprites.Client) -> None:
    got: List[Tuple[TodoList, int]] = []
    done = threading.Event()

    def listener(lst: TodoList, size: int) -> None:
        got.append((lst, size))
        if len(got) == 2:
            done.set()

    lst = TodoList.new(client)
    with client.on_list_changed(listener):
        lst.add_item("one")
        lst.add_item("two")
        assert done.wait(10)
    assert [(g[0] == lst, g[1]) for g in got] == [(True, 1), (True, 2)]
    assert got[1][0].get_last() == "two"


def test_host_functions_take_and_answer_objects() -> None:
    with sprites.Client(setup=lambda c: c.set_choose_list(lambda lists: lists[-1])) as c:
        a, b = TodoList.new(c), TodoList.new(c)
        assert c.ask_host_to_choose([a, b]) == b
        assert c.ask_host_to_choose([b, a]) == a


def test_structs_hold_objects(client: sprites.Client) -> None:
    inner = TodoList.from_items(client, ["inner"])
    outer = TodoList.new(client)
    entry = Entry(name="root", list=outer, more=[Entry(name="leaf", list=inner, more=[])])
    everything = client.file_entry(entry)
    assert everything == [entry]
    assert everything[0].more[0].list == inner


def test_closing_the_client_lets_its_objects_go() -> None:
    before = sprites.total_dtor_count()
    c = sprites.Client()
    lists = [TodoList.new(c) for _ in range(3)]
    c.close()
    assert sprites.total_dtor_count() >= before + 3
    for lst in lists:
        with pytest.raises(sprites.ClosedError):
            lst.get_items()
        lst.close()  # a release after the client closed does nothing
