//! The my_timer library from Rust: events, async calls and a static parser.
use std::sync::mpsc;
use std::sync::Mutex;

use my_timer::{Client, EchoRequest, Error, Level, TimerConfig};

fn main() -> Result<(), Error> {
    let timer = Client::new(&TimerConfig { name: "rust-timer".into(), tick_ms: 10 })?;

    let (tx, rx) = mpsc::channel();
    let tx = Mutex::new(tx);
    let _subscription = timer.on_echo_fired(move |ev| {
        let _ = tx.lock().unwrap().send(ev.clone());
    });

    let req = EchoRequest {
        message: "tick".into(),
        delay_ms: 20,
        level: Level::High,
        ..Default::default()
    };
    let resp = timer.echo(&req)?;
    println!("echo {:?} from {} after {} ms", resp.message, resp.timer_name, resp.elapsed_ms);
    if let Ok(ev) = rx.recv() {
        println!("event echo_fired: {:?} (#{})", ev.message, ev.count);
    }

    // Several calls in flight at once; any executor could .await these instead.
    let calls: Vec<_> = ["a", "b", "c"]
        .into_iter()
        .map(|m| {
            timer.echo_async(&EchoRequest { message: m.into(), delay_ms: 10, ..Default::default() })
        })
        .collect();
    for call in calls {
        println!("async echo -> {}", call.wait()?.message);
    }

    println!("parse -> {:?}", my_timer::parse("parsed;5")?);
    Ok(())
}
