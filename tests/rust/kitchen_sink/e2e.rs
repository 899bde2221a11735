//! End-to-end tests of the generated kitchen_sink crate over the real
//! libkitchen_sink.so: every proc blocking and async, every type both
//! ways, events, host functions, statics, errors, threads and Drop.
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

use kitchen_sink::*;

/// A minimal executor: polls on this thread, parks until woken.
fn block_on<F: Future>(fut: F) -> F::Output {
    struct Unpark(thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
        thread::park();
    }
}

fn client() -> Client {
    Client::new(&SinkConfig { fail: false }).expect("client")
}

fn inner(label: &str) -> Inner {
    Inner { label: label.into(), data: vec![0, 1, 255], score: Some(0.25), status: Status::Retry }
}

fn outer() -> Outer {
    let middle = Middle {
        inner: inner("first"),
        inners: vec![
            inner("a"),
            Inner { label: "b".into(), status: Status::Unknown, ..Default::default() },
        ],
        maybe_inner: Some(inner("maybe")),
        by_name: BTreeMap::from([("x".to_string(), inner("x")), (String::new(), inner(""))]),
    };
    Outer {
        middle: middle.clone(),
        middles: vec![middle, Middle::default()],
        groups: BTreeMap::from([
            ("primes".to_string(), vec![2, 3, 5]),
            ("none".to_string(), vec![]),
        ]),
        codes: BTreeMap::from([(0, "zero".to_string()), (u32::MAX, "max".to_string())]),
        matrix: vec![vec![1.0, 2.0], vec![], vec![f64::NEG_INFINITY]],
        colors: vec![Color::Red, Color::Blue],
        maybe_text: Some("snow \u{2603}".into()),
        maybe_bytes: Some(vec![9]),
        maybe_list: Some(vec!["p".into(), "q".into()]),
        blobs: vec![vec![1], vec![2, 3]],
    }
}

#[test]
fn scalars_round_trip_at_the_limits() {
    let c = client();
    for s in [
        Scalars::default(),
        Scalars {
            b: true,
            i_8: i8::MIN,
            i_16: i16::MIN,
            i_32: i32::MIN,
            i_64: i64::MIN,
            u_8: u8::MAX,
            u_16: u16::MAX,
            u_32: u32::MAX,
            u_64: u64::MAX,
            f_32: f32::MAX,
            f_64: -f64::MIN_POSITIVE,
            color: Color::Blue,
        },
    ] {
        assert_eq!(c.echo_scalars(&s), Ok(s.clone()));
        assert_eq!(block_on(c.echo_scalars_async(&s)), Ok(s));
    }
}

#[test]
fn nested_structures_round_trip() {
    let c = client();
    let o = outer();
    assert_eq!(c.echo_outer(&o), Ok(o.clone()));
    assert_eq!(block_on(c.echo_outer_async(&o)), Ok(o));
    assert_eq!(c.echo_outer(&Outer::default()), Ok(Outer::default()));
}

#[test]
fn deep_tree() {
    let c = client();
    let mut tree = TreeNode { name: "leaf".into(), children: vec![] };
    for i in 0..50 {
        tree = TreeNode { name: "n".repeat(i), children: vec![tree.clone(), TreeNode::default()] };
    }
    assert_eq!(c.echo_tree(&tree), Ok(tree));
}

#[test]
fn top_level_values() {
    let c = client();
    assert_eq!(c.echo_string("héllo").as_deref(), Ok("héllo"));
    assert_eq!(c.echo_string("").as_deref(), Ok(""));
    let big: Vec<u8> = (0..1 << 20).map(|i: u32| (i * 7) as u8).collect();
    assert_eq!(c.echo_bytes(&big), Ok(big));
    assert_eq!(c.echo_bytes(&[]), Ok(vec![]));
    assert_eq!(c.echo_list(&[i64::MIN, 0, i64::MAX]), Ok(vec![i64::MIN, 0, i64::MAX]));
    let m = BTreeMap::from([("a".to_string(), vec!["1".to_string()]), ("b".to_string(), vec![])]);
    assert_eq!(c.echo_map(&m), Ok(m));
    assert_eq!(c.echo_optional(None), Ok(None));
    assert_eq!(c.echo_optional(Some(&inner("o"))), Ok(Some(inner("o"))));
    assert_eq!(c.echo_enum(Status::Failed), Ok(Status::Failed));
    assert_eq!(Status::Failed.name(), "failed");
    assert_eq!(Status::from_c(99), None);
}

#[test]
fn every_proc_async() {
    let c = client();
    c.set_transform(|args| Ok(args.value)).unwrap();
    let tree = TreeNode { name: "t".into(), children: vec![TreeNode::default()] };
    let m = BTreeMap::from([("k".to_string(), vec!["v".to_string()])]);
    assert_eq!(block_on(c.echo_tree_async(&tree)), Ok(tree));
    assert_eq!(block_on(c.echo_string_async("s")).as_deref(), Ok("s"));
    assert_eq!(block_on(c.echo_bytes_async(&[1, 2])), Ok(vec![1, 2]));
    assert_eq!(block_on(c.echo_list_async(&[7])), Ok(vec![7]));
    assert_eq!(block_on(c.echo_map_async(&m)), Ok(m));
    assert_eq!(block_on(c.echo_optional_async(Some(&inner("i")))), Ok(Some(inner("i"))));
    assert_eq!(block_on(c.echo_enum_async(Status::Ok)), Ok(Status::Ok));
    assert_eq!(block_on(c.fail_async("no")), Err(Error::Library("no".into())));
    assert_eq!(block_on(c.nothing_async()), Ok(()));
    assert_eq!(block_on(c.native_only_async(1)), Ok(2));
    assert_eq!(block_on(c.transform_outer_async(&outer())), Ok(outer()));
}

#[test]
fn several_parameters() {
    let c = client();
    let m = c.combine(7, Some("b"), &[Color::Green, Color::Red], &inner("d")).unwrap();
    assert_eq!(m.inner.label, "d:7:b:2");
    assert_eq!(m.inners.len(), 2);
    assert_eq!(m.by_name["b"].label, "d");
    let m = block_on(c.combine_async(1, None, &[], &Inner::default())).unwrap();
    assert_eq!(m.inner.label, ":1:-:0");
}

#[test]
fn errors_are_typed() {
    let c = client();
    assert_eq!(c.fail("on purpose"), Err(Error::Library("on purpose".into())));
    assert_eq!(c.nothing(), Ok(()));
    assert_eq!(c.native_only(41), Ok(42));
    match Client::new(&SinkConfig { fail: true }) {
        Err(Error::Library(msg)) => assert!(msg.ends_with("asked to fail"), "{msg}"),
        Err(e) => panic!("wrong error {e:?}"),
        Ok(_) => panic!("the ctor should fail"),
    }
    let e = c.echo_string("nul \0 inside").unwrap_err();
    assert!(matches!(e, Error::Binding(_)), "{e}");
    let dyn_err: Box<dyn std::error::Error> = Box::new(Error::Closed);
    assert!(dyn_err.to_string().contains("closed"));
}

#[test]
fn statics_and_constants() {
    assert_eq!(add(40, 2), Ok(42));
    assert_eq!(block_on(add_async(i64::MAX, 0)), Ok(i64::MAX));
    assert_eq!((HUGE, BIG, BANNER, FLAG), (i64::MIN, u64::MAX, "kitchen\t\"sink\" \u{2603}", true));
    assert_eq!(LIBRARY_VERSION, "2.0.0");
}

#[test]
fn events_in_order_and_unsubscribe_on_drop() {
    let c = client();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let sub = c.on_scalars_seen(move |ev| sink.lock().unwrap().push(ev.count));
    assert!(sub.is_active());
    for i in 0..100 {
        c.echo_scalars(&Scalars { i_32: i, ..Default::default() }).unwrap();
    }
    // Calls answer after their events are emitted; delivery is on the event thread.
    wait_for(|| seen.lock().unwrap().len() == 100);
    assert_eq!(*seen.lock().unwrap(), (1..=100).collect::<Vec<u64>>());
    drop(sub);
    c.echo_scalars(&Scalars::default()).unwrap();
    thread::sleep(Duration::from_millis(50));
    assert_eq!(seen.lock().unwrap().len(), 100);
}

#[test]
fn blocking_from_a_listener_is_an_error_not_a_deadlock() {
    let c = Arc::new(client());
    let (tx, rx) = mpsc::channel();
    let inner_client = Arc::clone(&c);
    let tx = Mutex::new(tx);
    let _sub = c.on_scalars_seen(move |_| {
        let blocking = inner_client.echo_string("x");
        let async_form = inner_client.echo_string_async("y");
        tx.lock().unwrap().send((blocking, async_form)).unwrap();
    });
    c.echo_scalars(&Scalars::default()).unwrap();
    let (blocking, async_form) = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(blocking, Err(Error::WouldDeadlock));
    assert_eq!(async_form.wait().as_deref(), Ok("y"));
}

#[test]
fn host_functions_errors_and_panics() {
    let c = client();
    c.set_transform(|args| {
        let mut out = args.value;
        out.maybe_text = Some("from the host".into());
        Ok(out)
    })
    .unwrap();
    let got = c.transform_outer(&outer()).unwrap();
    assert_eq!(got.maybe_text.as_deref(), Some("from the host"));
    assert_eq!(got.middle, outer().middle);
    c.set_transform(|_| Err("host says no".into())).unwrap();
    let e = c.transform_outer(&Outer::default()).unwrap_err();
    assert!(e.to_string().contains("host says no"), "{e}");
    c.set_transform(|_| panic!("boom")).unwrap();
    let e = c.transform_outer(&Outer::default()).unwrap_err();
    assert!(e.to_string().contains("boom"), "{e}");
}

#[test]
fn many_threads_one_client() {
    let c = Arc::new(client());
    c.set_transform(|args| Ok(args.value)).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let (c, calls) = (Arc::clone(&c), Arc::clone(&calls));
            thread::spawn(move || {
                for i in 0..200 {
                    let s = format!("{t}-{i}");
                    assert_eq!(c.echo_string(&s), Ok(s));
                    let o =
                        Outer { codes: BTreeMap::from([(i, "x".into())]), ..Default::default() };
                    assert_eq!(c.transform_outer(&o), Ok(o));
                    calls.fetch_add(2, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(calls.load(Ordering::Relaxed), 3200);
}

#[test]
fn drop_with_calls_in_flight() {
    let c = client();
    let release = Arc::new(Mutex::new(()));
    let gate = release.lock().unwrap();
    let held = Arc::clone(&release);
    c.set_transform(move |args| {
        drop(held.lock().unwrap());
        Ok(args.value)
    })
    .unwrap();
    let pending: Vec<_> = (0..20).map(|_| c.transform_outer_async(&Outer::default())).collect();
    thread::sleep(Duration::from_millis(20));
    drop(c); // destroys the context: every pending call completes with an error
    for call in pending {
        assert!(call.wait().is_err());
    }
    drop(gate);
}

#[test]
fn clients_come_and_go() {
    for _ in 0..50 {
        let c = client();
        let _sub = c.on_scalars_seen(|_| {});
        c.set_transform(|args| Ok(args.value)).unwrap();
        c.echo_scalars(&Scalars::default()).unwrap();
    }
}

fn wait_for(cond: impl Fn() -> bool) {
    for _ in 0..10_000 {
        if cond() {
            return;
        }
        thread::sleep(Duration::from_millis(1));
    }
    panic!("condition not reached in 10 s");
}

#[test]
fn dropped_events_are_readable() {
    let c = client();
    assert_eq!(c.dropped_events(), 0);
}

#[test]
fn refused_arguments_say_why() {
    let c = client();
    // A NUL byte cannot cross as a C string: an error, never a cut-short string.
    assert!(c.echo_string("abc\0def").is_err());
}

#[test]
fn unsubscribe_and_drop_racing_on_other_threads() {
    // Subscription dropped on one thread, Client on another, events flowing:
    // no listener call after its Subscription is gone, no crash, no hang.
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    for _ in 0..20 {
        let c = client();
        let gone = Arc::new(AtomicBool::new(false));
        let late = Arc::new(AtomicUsize::new(0));
        let (g, l) = (gone.clone(), late.clone());
        let sub = c.on_scalars_seen(move |_| {
            if g.load(Ordering::SeqCst) {
                l.fetch_add(1, Ordering::SeqCst);
            }
        });
        let calls: Vec<_> = (0..50).map(|_| c.echo_scalars_async(&Scalars::default())).collect();
        let dropper = std::thread::spawn(move || {
            drop(sub);
            gone.store(true, Ordering::SeqCst);
        });
        let closer = std::thread::spawn(move || drop(c));
        dropper.join().unwrap();
        closer.join().unwrap();
        drop(calls);
        assert_eq!(late.load(Ordering::SeqCst), 0);
    }
}

/// docs/evolution.md: a C value a binding does not know never becomes an
/// enum (a Rust enum cannot hold an unknown discriminant): `from_c`, the only
/// way from a C value to an enum, answers None, which the conversions turn
/// into Error::Binding naming the enum and the value.
#[test]
fn an_unknown_enum_value_is_never_an_enumerator() {
    assert_eq!(Status::from_c(10), Some(Status::Retry));
    assert_eq!(Status::from_c(11), Some(Status::Failed));
    for v in [-2, 1, 9, 12, i32::MAX, i32::MIN] {
        assert_eq!(Status::from_c(v), None, "{v}");
    }
}
