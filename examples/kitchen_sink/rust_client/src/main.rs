//! kitchen_sink from Rust: nested structs, maps, optionals and enums are
//! plain owned values that round-trip exactly.
use std::collections::BTreeMap;

use kitchen_sink::{Client, Color, Error, Inner, Middle, Outer, SinkConfig, Status};

fn main() -> Result<(), Error> {
    let sink = Client::new(&SinkConfig { fail: false })?;

    let inner =
        Inner { label: "first".into(), data: vec![0, 1, 2], score: Some(0.25), status: Status::Ok };
    let outer = Outer {
        middle: Middle {
            inner: inner.clone(),
            by_name: BTreeMap::from([("x".to_string(), inner)]),
            ..Default::default()
        },
        groups: BTreeMap::from([("primes".to_string(), vec![2, 3, 5])]),
        colors: vec![Color::Red, Color::Blue],
        maybe_text: Some("present".into()),
        ..Default::default()
    };
    println!("echo_outer -> identical: {}", sink.echo_outer(&outer)? == outer);

    sink.set_transform(|args| {
        let mut out = args.value;
        out.groups.insert("added by the host".into(), vec![42]);
        Ok(out)
    })?;
    println!("transform_outer -> {} groups", sink.transform_outer(&outer)?.groups.len());

    println!("add(40, 2) -> {}", kitchen_sink::add(40, 2)?);
    if let Err(e) = sink.fail("on purpose") {
        println!("fail(\"on purpose\") -> {e}");
    }
    Ok(())
}
