//! End-to-end tests of the generated echo crate over libecho.so.
use std::sync::Arc;
use std::thread;

use echo::*;

#[test]
fn say_reverse_count() {
    let c = Client::new(&EchoConfig { prefix: "> ".into() }).unwrap();
    assert_eq!(c.say("hi").as_deref(), Ok("> hi"));
    assert_eq!(c.reverse(&[1, 2, 3]), Ok(vec![3, 2, 1]));
    assert_eq!(c.count(), Ok(3)); // count counts itself
}

#[test]
fn constructor_error() {
    let e = Client::new(&EchoConfig { prefix: "x".repeat(65) }).err().unwrap();
    assert!(matches!(&e, Error::Library(m) if m.contains("longer than 64")), "{e}");
}

#[test]
fn static_shout() {
    assert_eq!(shout("quiet").as_deref(), Ok("QUIET"));
}

#[test]
fn two_clients_keep_their_own_state() {
    let a = Arc::new(Client::new(&EchoConfig { prefix: "a:".into() }).unwrap());
    let b = Arc::new(Client::new(&EchoConfig { prefix: "b:".into() }).unwrap());
    let threads: Vec<_> = (0..8)
        .flat_map(|_| [Arc::clone(&a), Arc::clone(&b)])
        .map(|c| thread::spawn(move || c.say("x").unwrap()))
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!((a.count(), b.count()), (Ok(9), Ok(9)));
    assert_eq!(b.say("z").as_deref(), Ok("b:z"));
}

/// Every wait-spin setting answers blocking calls from several threads; a
/// setting below -1 is refused with the library's reason.
#[test]
fn wait_spin_settings() {
    let c = Arc::new(Client::new(&EchoConfig { prefix: String::new() }).unwrap());
    for spin in [SPIN_OFF, 1, 100_000, SPIN_AUTO] {
        c.set_wait_spin(spin).unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let c = Arc::clone(&c);
                thread::spawn(move || (0..100).all(|_| c.say("x").as_deref() == Ok("x")))
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap(), "spin {spin}");
        }
    }
    let e = c.set_wait_spin(-5).unwrap_err();
    assert!(matches!(&e, Error::Library(m) if m.contains("-5 is not a spin setting")), "{e}");
}
