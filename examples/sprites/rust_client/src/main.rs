//! The sprites library from Rust: each object type is a struct whose values
//! are references. Dropping one releases it, cloning takes another, and
//! references to one object are equal.
use sprites::{Client, Failure, Point, Sprite, TodoError, TodoList, Vector};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new()?;

    let sprite =
        Sprite::new_relative_to(&client, &Point { x: 1.0, y: 2.0 }, &Vector { dx: 10.0, dy: 20.0 })?;
    sprite.move_by(&Vector { dx: 10.0, dy: 20.0 })?;
    let at = sprite.get_position()?;
    println!("sprite at ({}, {})", at.x, at.y);

    let list = TodoList::new(&client)?;
    list.add_item("buy milk")?;
    client.set_default_list(&list)?;
    let fallback = client.get_default_list()?.expect("a default list");
    println!("the default list is the same object: {}", fallback == list);
    println!("its last item: {}", fallback.get_last()?);

    if let Err(Failure::Raised(e @ TodoError::EmptyTodoList)) = TodoList::from_items(&client, &[]) {
        println!("from_items([]) raised {e}");
    }
    Ok(())
}
