//! The static procs of a library with no ctor (no Client at all), blocking
//! and async, from several threads.
use std::thread;

use calc::*;

#[test]
fn static_procs_need_no_client() {
    assert_eq!(add(40, 2).unwrap(), 42);
    assert_eq!(reduce(&Ratio { num: 6, den: -4 }).unwrap(), Ratio { num: -3, den: 2 });
    assert_eq!(add_async(1, 2).wait().unwrap(), 3);
}

#[test]
fn a_handlers_failure_is_an_error() {
    assert_eq!(add(i64::MAX, 1), Err(Error::Library("integer overflow".to_string())));
    assert!(reduce(&Ratio { num: 1, den: 0 }).is_err());
}

#[test]
fn static_procs_from_many_threads() {
    let threads: Vec<_> = (0..8i64)
        .map(|t| {
            thread::spawn(move || {
                for i in 0..200 {
                    assert_eq!(add(t, i).unwrap(), t + i);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
