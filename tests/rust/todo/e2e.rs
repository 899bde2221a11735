//! End-to-end tests of the generated todo crate over libtodo.so: typed
//! errors matched exhaustively, unions in every position, a host fn that
//! raises.
use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use todo::*;

#[test]
fn typed_errors_match_exhaustively() {
    let c = Client::new().unwrap();
    assert_eq!(c.last(), Err(Failure::Raised(TodoError::EmptyTodoList)));
    c.add("milk").unwrap();
    match c.add("milk") {
        Err(Failure::Raised(TodoError::DuplicateTodo { todo })) => assert_eq!(todo, "milk"),
        other => panic!("add twice = {other:?}"),
    }
    let e = c.remove("eggs").unwrap_err();
    let text = match &e {
        Failure::Raised(TodoError::TodoDoesNotExist { todo }) => format!("no such item: {todo}"),
        Failure::Raised(TodoError::EmptyTodoList) => "empty".to_string(),
        Failure::Raised(TodoError::DuplicateTodo { .. }) => "duplicate".to_string(),
        Failure::Call(e) => format!("call failed: {e}"),
    };
    assert_eq!(text, "no such item: eggs");
    // Display: the derived message, and as a std::error::Error with a source.
    assert_eq!(e.to_string(), r#"todo: todo_does_not_exist(todo: "eggs")"#);
    let source = std::error::Error::source(&e).unwrap().to_string();
    assert_eq!(source, r#"todo_does_not_exist(todo: "eggs")"#);
    assert_eq!(c.last(), Ok("milk".to_string()));
}

#[test]
fn untyped_errors_stay_distinguishable() {
    let c = Client::new().unwrap();
    match c.broken() {
        Err(Failure::Call(Error::Library(msg))) => {
            assert!(msg.contains("internal error: the handler threw an exception"), "{msg}")
        }
        other => panic!("broken = {other:?}"),
    }
}

#[test]
fn static_procs_raise() {
    assert_eq!(
        add_u64(u64::MAX, 1),
        Err(Failure::Raised(ArithmeticError::IntegerOverflow { a: u64::MAX, b: 1 }))
    );
    assert_eq!(
        ArithmeticError::IntegerOverflow { a: u64::MAX, b: 1 }.to_string(),
        "integer_overflow(a: 18446744073709551615, b: 1)"
    );
    assert_eq!(div_u64(1, 0), Err(Failure::Raised(ArithmeticError::DivisionByZero)));
    assert_eq!(div_u64(7, 2), Ok(3));
}

#[test]
fn async_calls_carry_typed_errors() {
    let c = Client::new().unwrap();
    let call = c.last_async();
    assert_eq!(call.wait(), Err(Failure::Raised(TodoError::EmptyTodoList)));
}

#[test]
fn unions_round_trip_in_every_position() {
    let c = Client::new().unwrap();
    for s in [Shape::Circle { radius: 1.5 }, Shape::Rect { w: 2.0, h: 3.0 }, Shape::Empty] {
        assert_eq!(c.echo_shape(&s), Ok(s.clone()));
    }
    assert_eq!(c.area(&Shape::Rect { w: 2.0, h: 3.5 }), Ok(7.0));
    let d = Drawing {
        name: "d".into(),
        shapes: vec![Shape::Empty, Shape::Rect { w: 1.0, h: 1.0 }],
        background: Some(Shape::Circle { radius: 2.0 }),
        by_name: BTreeMap::from([("c".to_string(), Shape::Circle { radius: 3.0 })]),
        layers: vec![
            Layer::Single { shape: Shape::Empty },
            Layer::Group {
                name: "g".into(),
                children: vec![Layer::Single { shape: Shape::Circle { radius: 4.0 } }],
                tags: BTreeMap::from([("k".to_string(), "v".to_string())]),
                note: Some("n".into()),
            },
        ],
    };
    assert_eq!(c.echo_drawing(&d), Ok(d.clone()));
    assert_eq!(c.maybe_shape(None), Ok(None));
    assert_eq!(c.maybe_shape(Some(&Shape::Empty)), Ok(Some(Shape::Empty)));
    assert_eq!(Shape::default(), Shape::Circle { radius: 0.0 });
}

#[test]
fn unions_in_events() {
    let c = Client::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let _sub = c.on_shape_drawn(move |ev| tx.lock().unwrap().send(ev.shape.clone()).unwrap());
    let big = Shape::Rect { w: 10.0, h: 10.0 };
    let shapes = [Shape::Circle { radius: 1.0 }, big.clone(), Shape::Empty];
    assert_eq!(c.largest(&shapes), Ok(Some(big.clone())));
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), big);
}

#[test]
fn host_raises_a_typed_error() {
    let c = Client::new().unwrap();
    c.set_lookup(|args| match args.key.as_str() {
        "busy" => Err(Failure::Raised(LookupError::Busy)),
        "missing" => Err(Failure::Raised(LookupError::NotFound { key: args.key })),
        "broken" => Err(Failure::Call(Error::Library("plain failure".into()))),
        _ => Ok(format!("item {}", args.key)),
    })
    .unwrap();
    assert_eq!(c.add_from_host("k"), Ok("item k".to_string()));
    assert_eq!(
        c.add_from_host("missing"),
        Err(Failure::Raised(TodoError::TodoDoesNotExist { todo: "missing".into() }))
    );
    match c.add_from_host("busy") {
        Err(Failure::Call(Error::Library(msg))) => assert!(msg.contains("the host is busy")),
        other => panic!("busy = {other:?}"),
    }
    match c.add_from_host("broken") {
        Err(Failure::Call(Error::Library(msg))) => assert!(msg.contains("plain failure"), "{msg}"),
        other => panic!("broken = {other:?}"),
    }
}

#[test]
fn unions_as_host_fn_arguments_and_answers() {
    let c = Client::new().unwrap();
    c.set_pick(|args| args.shapes.last().cloned().ok_or_else(|| "nothing to pick".to_string()))
        .unwrap();
    let rect = Shape::Rect { w: 4.0, h: 5.0 };
    assert_eq!(c.ask_host_to_pick(&[Shape::Circle { radius: 1.0 }, rect.clone()]), Ok(rect));
    match c.ask_host_to_pick(&[]) {
        Err(Error::Library(msg)) => assert!(msg.contains("nothing to pick"), "{msg}"),
        other => panic!("empty = {other:?}"),
    }
}
