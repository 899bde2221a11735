"""The todo library from Python: typed errors, unions, host functions,
events, asyncio, and the hostile cases every binding is held to."""

import asyncio
import gc
import threading
from typing import Iterator, List

import pytest
from ffidl_testing import run_threads
import todo
from todo import (
    ArithmeticError,
    Drawing,
    LayerGroup,
    LayerSingle,
    Shape,
    ShapeCircle,
    ShapeEmpty,
    ShapeRect,
    TodoError,
)


def lookup(key: str) -> str:
    if key == "busy":
        raise todo.LookupError.Busy()
    if key == "missing":
        raise todo.LookupError.NotFound(key)
    if key == "boom":
        raise RuntimeError("the host blew up")
    return key.upper()


@pytest.fixture
def client() -> Iterator[todo.Client]:
    def setup(c: todo.Client) -> None:
        c.set_lookup(lookup)
        c.set_pick(lambda shapes: shapes[-1])

    with todo.Client(setup=setup) as c:
        yield c


def test_typed_errors_are_subclasses_per_variant(client: todo.Client) -> None:
    with pytest.raises(TodoError.EmptyTodoList):
        client.last()
    client.add("milk")
    with pytest.raises(TodoError.DuplicateTodo) as raised:
        client.add("milk")
    assert raised.value.todo == "milk"
    assert str(raised.value) == 'duplicate_todo(todo: "milk")'
    assert raised.value == TodoError.DuplicateTodo("milk")
    assert isinstance(raised.value, TodoError) and isinstance(raised.value, todo.Error)
    with pytest.raises(TodoError.TodoDoesNotExist) as gone:
        client.remove("eggs")
    assert gone.value.todo == "eggs"
    client.remove("milk")
    assert client.items() == []


def test_an_untyped_failure_is_a_library_error(client: todo.Client) -> None:
    with pytest.raises(todo.LibraryError, match="the list is broken"):
        client.broken()


def test_static_procs_are_module_functions() -> None:
    assert todo.add_u64(2, 3) == 5
    assert todo.div_u64(7, 2) == 3
    with pytest.raises(ArithmeticError.IntegerOverflow) as raised:
        todo.add_u64(2**64 - 1, 1)
    assert (raised.value.a, raised.value.b) == (2**64 - 1, 1)
    assert str(raised.value) == "integer_overflow(a: 18446744073709551615, b: 1)"
    with pytest.raises(ArithmeticError.DivisionByZero):
        todo.div_u64(1, 0)


def test_unions_round_trip_in_every_position(client: todo.Client) -> None:
    assert client.area(Shape.Rect(w=2.0, h=3.5)) == 7.0
    assert client.area(ShapeEmpty()) == 0.0
    for s in (ShapeCircle(1.5), ShapeRect(1.0, 2.0), ShapeEmpty()):
        assert client.echo_shape(s) == s
    assert client.maybe_shape(None) is None
    assert client.maybe_shape(ShapeCircle(2.0)) == ShapeCircle(2.0)
    assert client.largest([]) is None
    assert client.largest([ShapeCircle(1.0), ShapeRect(3.0, 4.0)]) == ShapeRect(3.0, 4.0)
    leaf = LayerSingle(ShapeCircle(0.5))
    drawing = Drawing(
        name="scene",
        shapes=[ShapeCircle(1.0), ShapeEmpty()],
        background=ShapeRect(10.0, 20.0),
        by_name={"sun": ShapeCircle(3.0), "none": ShapeEmpty()},
        layers=[leaf, LayerGroup("g", [leaf, LayerGroup("inner", [], {}, None)], {"k": "v"}, "n")],
    )
    assert client.echo_drawing(drawing) == drawing
    empty = Drawing(name="", shapes=[], background=None, by_name={}, layers=[])
    assert client.echo_drawing(empty) == empty


def test_match_narrows_on_the_variant_classes(client: todo.Client) -> None:
    match client.echo_shape(ShapeRect(2.0, 3.0)):
        case ShapeRect(w=w, h=h):
            assert (w, h) == (2.0, 3.0)
        case _:
            pytest.fail("not a rect")


def test_host_functions_answer_values_typed_and_untyped_errors(client: todo.Client) -> None:
    assert client.add_from_host("bread") == "BREAD"
    assert client.items() == ["BREAD"]
    with pytest.raises(TodoError.TodoDoesNotExist) as raised:
        client.add_from_host("missing")
    assert raised.value.todo == "missing"
    with pytest.raises(todo.LibraryError):
        client.add_from_host("busy")
    with pytest.raises(todo.LibraryError, match="the host blew up"):
        client.add_from_host("boom")
    assert client.ask_host_to_pick([ShapeCircle(1.0), ShapeEmpty()]) == ShapeEmpty()


def test_host_functions_never_run_on_library_threads(client: todo.Client) -> None:
    names: List[str] = []
    client.set_lookup(lambda key: names.append(threading.current_thread().name) or key)
    client.add_from_host("x")
    assert names and names[0].startswith("todo-host")


def test_events_reach_listeners_on_a_python_thread(client: todo.Client) -> None:
    got: List[Shape] = []
    threads: List[str] = []
    done = threading.Event()

    def listener(shape: Shape) -> None:
        got.append(shape)
        threads.append(threading.current_thread().name)
        done.set()

    with client.on_shape_drawn(listener):
        client.largest([ShapeCircle(2.0)])
        assert done.wait(10)
    assert got == [ShapeCircle(2.0)]
    assert threads == ["todo-listeners"]
    # Unsubscribed: no more deliveries.
    done.clear()
    client.largest([ShapeCircle(3.0)])
    client.items()  # the event, if any, was emitted before this answer
    assert not done.wait(0.2)


def test_a_listener_that_raises_does_not_stop_the_others(
    client: todo.Client, capsys: pytest.CaptureFixture[str]
) -> None:
    done = threading.Event()

    def bad(shape: Shape) -> None:
        raise ValueError("listener failure")

    client.on_shape_drawn(bad)
    client.on_shape_drawn(lambda s: done.set())
    client.largest([ShapeCircle(1.0)])
    assert done.wait(10)


def test_a_blocking_call_from_a_listener_works(client: todo.Client) -> None:
    answers: List[float] = []
    done = threading.Event()

    def listener(shape: Shape) -> None:
        answers.append(client.area(shape))
        done.set()

    client.on_shape_drawn(listener)
    client.largest([ShapeRect(2.0, 2.0)])
    assert done.wait(10)
    assert answers == [4.0]


def test_asyncio_forms(client: todo.Client) -> None:
    async def main() -> None:
        shapes = [ShapeRect(1.0, float(i)) for i in range(20)]
        areas = await asyncio.gather(*(client.area_async(s) for s in shapes))
        assert areas == [float(i) for i in range(20)]
        with pytest.raises(TodoError.EmptyTodoList):
            await client.last_async()
        assert await todo.add_u64_async(1, 2) == 3
        assert await client.add_from_host_async("a") == "A"
        task = asyncio.ensure_future(client.items_async())
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await client.items_async() == ["A"]

    asyncio.run(main())


def test_strings_with_nul_are_refused_before_the_call(client: todo.Client) -> None:
    with pytest.raises(todo.BindingError, match="NUL"):
        client.add("a\0b")
    assert client.items() == []
    client.add("ünïcödé ✓")
    assert client.items() == ["ünïcödé ✓"]


def test_out_of_range_integers_are_refused() -> None:
    with pytest.raises(todo.BindingError):
        todo.add_u64(-1, 1)
    with pytest.raises(todo.BindingError):
        todo.add_u64(2**64, 1)


def test_a_value_of_the_wrong_variant_type_is_refused(client: todo.Client) -> None:
    with pytest.raises(todo.BindingError):
        client.area(Shape())  # the base, not a variant


def test_a_closed_client_refuses_calls() -> None:
    c = todo.Client()
    c.close()
    c.close()  # closing again does nothing
    with pytest.raises(todo.ClosedError):
        c.items()
    with pytest.raises(todo.ClosedError):
        c.on_shape_drawn(lambda s: None)


def test_eight_threads_call_at_once(client: todo.Client) -> None:
    def worker(n: int) -> None:
        for i in range(200):
            assert client.area(ShapeRect(float(n), float(i))) == float(n * i)
            assert todo.add_u64(n, i) == n + i

    assert run_threads(8, worker) == []


def test_close_while_threads_call() -> None:
    c = todo.Client()
    outcomes: List[str] = []

    def worker() -> None:
        while True:
            try:
                c.area(ShapeCircle(1.0))
            except todo.ClosedError:
                outcomes.append("closed")
                return
            except todo.LibraryError:
                outcomes.append("failed")  # queued when the context went
                return

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    c.close()
    for t in threads:
        t.join(30)
        assert not t.is_alive()
    assert len(outcomes) == 8


def test_setup_failure_closes_the_context() -> None:
    def setup(c: todo.Client) -> None:
        raise RuntimeError("setup failed")

    with pytest.raises(RuntimeError, match="setup failed"):
        todo.Client(setup=setup)
    gc.collect()


def test_library_thread_states_are_let_go_when_their_threads_end() -> None:
    # A callback's thread state is kept for its library thread (a fresh one
    # per callback costs more than the call); closing the context ends the
    # thread, and the state is deleted with it.
    for _ in range(200):
        with todo.Client() as c:
            c.items()
    assert todo._support.kept_thread_states() < 20


def test_a_client_collected_without_close_is_destroyed() -> None:
    # Each context has its own loop thread: a context left open keeps one.
    import os

    def threads() -> int:
        return len(os.listdir("/proc/self/task"))

    before = threads()
    for _ in range(20):
        c = todo.Client()
        c.items()
        del c
        gc.collect()
    assert threads() <= before + 2


def test_events_queued_for_a_listener_are_dropped_once_it_unsubscribes(
    client: todo.Client,
) -> None:
    got: List[Shape] = []
    first = threading.Event()
    release = threading.Event()

    def listener(shape: Shape) -> None:
        got.append(shape)
        first.set()
        release.wait(10)  # holds the listener thread while more events queue

    subscription = client.on_shape_drawn(listener)
    for r in (1.0, 2.0, 3.0):
        client.largest([ShapeCircle(r)])
    assert first.wait(10)
    subscription.close()
    release.set()
    client.items()
    client.close()  # joins the listener thread: every queued event is handled or dropped
    assert got == [ShapeCircle(1.0)]
