"""The sprites library from Python: objects are classes whose constructors
are classmethods; a reference is released by close(), a `with` block, or
when it is collected; equal references are the same object."""

import sprites
from sprites import Point, Sprite, TodoError, TodoList, Vector


def main() -> None:
    with sprites.Client() as client:
        with Sprite.new_relative_to(client, Point(1.0, 2.0), Vector(10.0, 20.0)) as sprite:
            sprite.move_by(Vector(10.0, 20.0))
            at = sprite.get_position()
            print(f"sprite at ({at.x}, {at.y})")

        todo_list = TodoList.new(client)
        todo_list.add_item("buy milk")
        client.set_default_list(todo_list)
        fallback = client.get_default_list()
        assert fallback is not None
        print(f"the default list is the same object: {fallback == todo_list}")
        print(f"its last item: {fallback.get_last()}")
        try:
            TodoList.from_items(client, [])
        except TodoError.EmptyTodoList as e:
            print(f"from_items([]) raised {e}")
        print(f"objects alive: {client.objects_alive()}")


if __name__ == "__main__":
    main()
