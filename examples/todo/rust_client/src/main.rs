//! The todo library from Rust: a call that raises returns
//! `Result<T, Failure<E>>`; match the typed error and the call's own
//! failure exhaustively. Unions are enums.
use todo::{add_u64, ArithmeticError, Client, Failure, Shape, TodoError};

fn describe<T>(result: Result<T, Failure<TodoError>>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(Failure::Raised(TodoError::TodoDoesNotExist { todo })) => format!("no such item: {todo}"),
        Err(Failure::Raised(TodoError::EmptyTodoList)) => "the list is empty".to_string(),
        Err(Failure::Raised(TodoError::DuplicateTodo { todo })) => format!("already listed: {todo}"),
        Err(Failure::Call(e)) => format!("error: {e}"),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let list = Client::new()?;
    println!("last() on an empty list -> {}", describe(list.last()));
    list.add("milk")?;
    println!("add(\"milk\") twice -> {}", describe(list.add("milk")));
    println!("remove(\"eggs\") -> {}", describe(list.remove("eggs")));
    println!("broken() -> {}", describe(list.broken()));
    if let Err(Failure::Raised(ArithmeticError::IntegerOverflow { a, b })) = add_u64(u64::MAX, 1) {
        println!("add_u64(u64::MAX, 1) -> overflow: {a} + {b}");
    }
    println!("area(rect 2 x 3.5) = {}", list.area(&Shape::Rect { w: 2.0, h: 3.5 })?);
    Ok(())
}
