//! End-to-end tests of the generated sprites crate over libsprites.so:
//! objects as references (Drop releases, Clone takes another, equality by
//! identity), named ctors, the live default list, lists and maps of
//! objects, references outliving their client, and many threads creating
//! objects with nothing leaked.
use std::collections::BTreeMap;
use std::thread;
use std::time::Duration;

use sprites::{Client, Error, Failure, Point, Sprite, TodoError, TodoList, Vector};

fn wait_dtors(c: &Client, n: u64) {
    for _ in 0..6000 {
        if c.dtor_count().unwrap() >= n {
            return;
        }
        thread::sleep(Duration::from_millis(10));
    }
    panic!("dtor count = {}, want {n}", c.dtor_count().unwrap());
}

#[test]
fn named_ctors_and_methods() {
    let c = Client::new().unwrap();
    let a = Sprite::new(&c, None).unwrap();
    let b = Sprite::new_relative_to(&c, &Point { x: 1.0, y: 2.0 }, &Vector { dx: 10.0, dy: 20.0 })
        .unwrap();
    assert_ne!(a, b);
    a.move_by(&Vector { dx: 0.5, dy: -1.0 }).unwrap();
    assert_eq!(a.get_position().unwrap(), Point { x: 0.5, y: -1.0 });
    assert_eq!(b.get_position_async().wait().unwrap(), Point { x: 11.0, y: 22.0 });
    match TodoList::from_items(&c, &[]) {
        Err(Failure::Raised(TodoError::EmptyTodoList)) => {}
        other => panic!("from_items([]) = {other:?}"),
    }
    let l = TodoList::from_items(&c, &["a".to_string(), "b".to_string()]).unwrap();
    assert_eq!(l.get_items().unwrap(), vec!["a", "b"]);
}

#[test]
fn what_a_release_lets_go_of_is_gone_before_the_next_call() {
    // a keeps b; dropping b, then a: the next call already sees both deleted.
    let c = Client::new().unwrap();
    for round in 0..20 {
        let a = TodoList::new(&c).unwrap();
        let b = TodoList::new(&c).unwrap();
        a.keep(Some(&b)).unwrap();
        drop(b);
        assert_eq!(c.objects_alive().unwrap(), 2);
        drop(a);
        assert_eq!(c.objects_alive().unwrap(), 0, "round {round}");
    }
    // An optional object argument: None lets go.
    let a = TodoList::new(&c).unwrap();
    a.keep(Some(&TodoList::new(&c).unwrap())).unwrap();
    assert_eq!(c.objects_alive().unwrap(), 2);
    a.keep(None).unwrap();
    wait_dtors(&c, 41);
    assert_eq!(c.objects_alive().unwrap(), 1);
}

#[test]
fn cycles_are_deleted_when_the_client_goes() {
    let before = sprites::total_dtor_count().unwrap();
    {
        let c = Client::new().unwrap();
        let me = TodoList::new(&c).unwrap();
        let (a, b) = (TodoList::new(&c).unwrap(), TodoList::new(&c).unwrap());
        me.keep(Some(&me)).unwrap();
        a.keep(Some(&b)).unwrap();
        b.keep(Some(&a)).unwrap();
    }
    // Other tests in this process run their own clients meanwhile: at least
    // these three hooks ran.
    assert!(sprites::total_dtor_count().unwrap() >= before + 3);
}

#[test]
fn clones_are_references_and_the_default_list_is_live() {
    let c = Client::new().unwrap();
    let l = TodoList::new(&c).unwrap();
    let other = l.clone();
    assert_eq!(other, l);
    c.set_default_list(&l).unwrap();
    other.add_item("milk").unwrap();
    let got = c.get_default_list().unwrap().expect("a default list");
    assert_eq!(got, l);
    assert_eq!(got.get_last().unwrap(), "milk");
    assert_eq!(l.itself().unwrap(), l);
    let copy = l.copy().unwrap();
    assert_ne!(copy, l);
    drop((l, other, got, copy));
    // The copy is gone (its dtor hook runs); the library still holds the
    // default list.
    wait_dtors(&c, 1);
    assert_eq!(c.objects_alive().unwrap(), 1);
    c.clear_default_list().unwrap();
    wait_dtors(&c, 2);
    assert_eq!(c.objects_alive().unwrap(), 0);
}

#[test]
fn lists_and_maps_of_objects() {
    let c = Client::new().unwrap();
    let small = TodoList::from_items(&c, &["one".to_string()]).unwrap();
    let big = TodoList::from_items(&c, &["one".to_string(), "two".to_string()]).unwrap();
    let both = vec![small.clone(), big.clone()];
    assert_eq!(c.longest(&both).unwrap(), Some(big.clone()));
    assert_eq!(c.longest(&[]).unwrap(), None);
    let by_last: BTreeMap<String, TodoList> = c.lists_by_last_item(&both).unwrap();
    assert_eq!(by_last.len(), 2);
    assert_eq!(by_last["one"], small);
    assert_eq!(by_last["two"], big);
}

#[test]
fn references_of_another_client_and_after_drop() {
    let c = Client::new().unwrap();
    let other = Client::new().unwrap();
    let l = TodoList::new(&c).unwrap();
    match other.set_default_list(&l) {
        Err(Error::Library(why)) => assert!(why.contains("of this context"), "{why}"),
        r => panic!("another client's list answered {r:?}"),
    }
    drop(c);
    assert!(l.get_items().is_err());
    drop(l); // harmless after the client is gone
}

#[test]
fn many_threads_leak_nothing() {
    let c = Client::new().unwrap();
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..250 {
                    let l = TodoList::new(&c).unwrap();
                    let again = l.clone();
                    again.add_item("x").unwrap();
                }
            });
        }
    });
    wait_dtors(&c, 1000);
    assert_eq!(c.objects_alive().unwrap(), 0);
}

#[test]
fn events_carry_the_object_itself() {
    let c = Client::new().unwrap();
    let l = TodoList::new(&c).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let _sub = c.on_list_changed(move |ev: &sprites::ListChangedEvent| {
        tx.lock().unwrap().send(ev.clone()).unwrap();
    });
    l.add_item("one").unwrap();
    l.add_item("two").unwrap();
    let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let second = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!((first.list == l, first.size), (true, 1));
    assert_eq!((second.list == l, second.size), (true, 2));
    drop(l);
    // The event's references are the listener's own: they outlive l.
    assert_eq!(second.list.get_last().unwrap(), "two");
}

#[test]
fn host_fns_take_and_answer_objects() {
    let c = Client::new().unwrap();
    let a = TodoList::new(&c).unwrap();
    let b = TodoList::new(&c).unwrap();
    c.set_choose_list(|args: sprites::ChooseListArgs| {
        args.lists.get(1).cloned().ok_or_else(|| "expected two lists".to_string())
    })
    .unwrap();
    let chosen = c.ask_host_to_choose(&[a.clone(), b.clone()]).unwrap();
    assert_eq!(chosen, b);
    assert_ne!(chosen, a);
}

#[test]
fn structs_hold_objects() {
    let c = Client::new().unwrap();
    let outer = TodoList::new(&c).unwrap();
    let inner = TodoList::new(&c).unwrap();
    let entry = sprites::Entry {
        name: "outer".into(),
        list: outer.clone(),
        more: vec![sprites::Entry { name: "inner".into(), list: inner.clone(), more: vec![] }],
    };
    let all = c.file_entry(&entry).unwrap();
    assert_eq!(all, vec![entry]);
    assert_eq!(all[0].more[0].list, inner);
}

#[test]
fn references_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<TodoList>();
    send_sync::<Sprite>();
    // And usable from another thread.
    let c = Client::new().unwrap();
    let l = TodoList::new(&c).unwrap();
    let moved = l.clone();
    std::thread::spawn(move || moved.add_item("from a thread").unwrap()).join().unwrap();
    assert_eq!(l.get_items().unwrap(), vec!["from a thread"]);
}
