//! End-to-end tests of the generated my_timer crate over libmy_timer.so.
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

use my_timer::*;

#[test]
fn echo_event_and_version() {
    let t = Client::new(&TimerConfig { name: "t1".into(), tick_ms: 10 }).unwrap();
    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let _sub = t.on_echo_fired(move |ev| tx.lock().unwrap().send(ev.clone()).unwrap());
    let req = EchoRequest {
        message: "ping".into(),
        delay_ms: 5,
        tags: vec!["a".into()],
        payload: vec![1],
        level: Level::High,
        ..Default::default()
    };
    let resp = t.echo(&req).unwrap();
    assert_eq!((resp.message.as_str(), resp.timer_name.as_str()), ("ping", "t1"));
    assert!(resp.elapsed_ms >= 4);
    let ev = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(ev, EchoFiredEvent { message: "ping".into(), count: 1 });
    assert_eq!(t.version().as_deref(), Ok(LIBRARY_VERSION));
    assert_eq!(t.sleep(1), Ok(()));
    assert_eq!((Level::High as i32, MAX_PEERS, GREETING), (5, 42, "hello"));
}

#[test]
fn constructor_error() {
    assert!(matches!(Client::new(&TimerConfig::default()), Err(Error::Library(_))));
}

#[test]
fn static_parse() {
    let want = EchoRequest { message: "hello".into(), delay_ms: 250, ..Default::default() };
    assert_eq!(parse("hello;250"), Ok(want));
    assert!(parse("no separator").is_err());
}

#[test]
fn async_calls_overlap() {
    let t = Client::new(&TimerConfig { name: "slow".into(), tick_ms: 1 }).unwrap();
    let req = EchoRequest { delay_ms: 100, ..Default::default() };
    // Five calls in flight at once from one thread; each answers.
    let calls: Vec<_> = (0..5).map(|_| t.echo_async(&req)).collect();
    for call in calls {
        assert!(call.wait().unwrap().elapsed_ms >= 99);
    }
}

#[test]
fn dropping_the_last_client_inside_its_own_listener_destroys_it() {
    // On a library thread destroy would wait for itself: the client finishes
    // the teardown on a helper thread instead of leaking the context. The
    // proof: a 30 s handler in flight is failed by destroy's drain bound
    // (5 s) instead of running to the end.
    let t = Client::new(&TimerConfig { name: "drop".into(), tick_ms: 10 }).unwrap();
    let slow = t.sleep_async(30_000);
    let holder = std::sync::Arc::new(Mutex::new(None::<Client>));
    let in_listener = holder.clone();
    let _sub = t.on_echo_fired(move |_| {
        in_listener.lock().unwrap().take(); // the last Client, dropped here
    });
    *holder.lock().unwrap() = Some(t);
    let req = EchoRequest { message: "bye".into(), ..Default::default() };
    let fire = holder.lock().unwrap().as_ref().unwrap().echo_async(&req);
    let _ = fire.wait();
    let started = std::time::Instant::now();
    assert!(slow.wait().is_err(), "the context was not destroyed");
    assert!(started.elapsed() < Duration::from_secs(25));
}
