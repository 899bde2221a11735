"""The todo library from Python: a call that raises raises the error's
variant (a subclass of the error's class), unions are dataclasses under a
common base, host functions are plain functions, and every call has an
`_async` form for asyncio."""

import asyncio
from typing import Optional

import todo
from todo import ArithmeticError, Shape, ShapeCircle, ShapeRect, TodoError


def lookup(key: str) -> str:
    if key == "nothing":
        raise todo.LookupError.NotFound(key)
    return key.upper()


def describe(shape: Optional[Shape]) -> str:
    match shape:
        case ShapeCircle(radius=r):
            return f"a circle of radius {r}"
        case ShapeRect(w=w, h=h):
            return f"a {w} x {h} rectangle"
    return "nothing"


def main() -> None:
    with todo.Client(setup=lambda c: c.set_lookup(lookup)) as items:
        try:
            items.last()
        except TodoError.EmptyTodoList:
            print("last() on an empty list -> the list is empty")
        items.add("milk")
        try:
            items.add("milk")
        except TodoError.DuplicateTodo as e:
            print(f'add("milk") twice -> already listed: {e.todo}')
        try:
            items.broken()
        except todo.LibraryError as e:
            print(f"broken() -> error: {e}")
        print(f'add_from_host("bread") -> {items.add_from_host("bread")}')
        try:
            items.add_from_host("nothing")
        except TodoError.TodoDoesNotExist as e:
            print(f'add_from_host("nothing") -> {e}')
        try:
            todo.add_u64(2**64 - 1, 1)
        except ArithmeticError.IntegerOverflow as e:
            print(f"add_u64(2**64 - 1, 1) -> overflow: {e.a} + {e.b}")
        print(f"area(rect 2 x 3.5) = {items.area(Shape.Rect(w=2.0, h=3.5))}")
        print(f"largest: {describe(items.largest([ShapeCircle(1.0), ShapeRect(3.0, 4.0)]))}")

        async def areas() -> list[float]:
            shapes = [ShapeCircle(float(r)) for r in range(1, 4)]
            return await asyncio.gather(*(items.area_async(s) for s in shapes))

        print("areas, awaited together:", [round(a, 2) for a in asyncio.run(areas())])
        print("items:", items.items())


if __name__ == "__main__":
    main()
