//! End-to-end tests of the generated host_demo crate over libhost_demo.so:
//! procs that await host functions implemented in Rust.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Duration;

use host_demo::*;

#[test]
fn greet_asks_the_host() {
    let c = Client::new().unwrap();
    c.set_lookup_user(|_| {
        Ok(UserInfo { name: "ada".into(), roles: vec!["admin".into()], quota: None })
    })
    .unwrap();
    c.set_fetch_token(|args| Ok(format!("tok-{}", args.key))).unwrap();
    let g = c.greet(&LookupRequest { user_id: 7, with_token: true }).unwrap();
    assert_eq!((g.text.as_str(), g.token.as_deref()), ("hello, ada", Some("tok-ada")));
    assert_eq!(c.token_length("abc"), Ok(7));
}

#[test]
fn host_errors_become_events_and_errors() {
    let c = Client::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let _sub = c.on_host_failed(move |ev| tx.lock().unwrap().send(ev.clone()).unwrap());
    c.set_lookup_user(|_| Err("no such user".into())).unwrap();
    let e = c.greet(&LookupRequest { user_id: 1, with_token: false }).unwrap_err();
    assert!(e.to_string().contains("no such user"), "{e}");
    let ev = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(ev.name, "lookup_user");
    assert!(ev.error.contains("no such user"));
}

#[test]
fn unset_host_function_fails() {
    let c = Client::new().unwrap();
    assert!(c.token_length("k").is_err());
}

#[test]
fn void_host_function_from_many_threads() {
    let c = Arc::new(Client::new().unwrap());
    let acks = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&acks);
    c.set_acknowledge(move |args| {
        if args.level != 1 {
            return Err("bad level".into());
        }
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(())
    })
    .unwrap();
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let c = Arc::clone(&c);
            thread::spawn(move || (0..50).for_each(|_| c.notify("hi").unwrap()))
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(acks.load(Ordering::Relaxed), 400);
}

#[test]
fn host_answers_after_drop() {
    let c = Client::new().unwrap();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let release_rx = Mutex::new(release_rx);
    let (done_tx, done_rx) = mpsc::channel();
    let done_tx = Mutex::new(done_tx);
    c.set_fetch_token(move |_| {
        release_rx.lock().unwrap().recv().ok();
        done_tx.lock().unwrap().send(()).ok();
        Ok("late".into())
    })
    .unwrap();
    let pending = c.token_length_async("k");
    thread::sleep(Duration::from_millis(20));
    drop(c); // fails the pending call; the host answers into a gone context
    assert!(pending.wait().is_err());
    release_tx.send(()).unwrap();
    done_rx.recv_timeout(Duration::from_secs(10)).unwrap();
}

#[test]
fn new_with_sets_host_functions_before_the_constructor() {
    let c = Client::new_with(|c| {
        c.set_lookup_user(|_| Ok(UserInfo { name: "early".into(), ..Default::default() }))?;
        // The constructor asks for this one (its salutation) before it finishes.
        c.set_fetch_token(|args| Ok(format!("hey-{}", args.key)))
    })
    .unwrap();
    let g = c.greet(&LookupRequest { user_id: 1, with_token: false }).unwrap();
    assert_eq!(g.text, "hey-salutation, early");
    // An error from setup is returned (and the client dropped).
    assert_eq!(
        Client::new_with(|_| Err(Error::Library("setup refused".into()))).err(),
        Some(Error::Library("setup refused".into()))
    );
}
