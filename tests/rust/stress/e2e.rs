//! Round trips of every type in every position through the generated
//! crate and the real libstress.so (echo handlers), including the names at
//! the length cap, absent optionals, events and a host function.
use std::collections::BTreeMap;
use std::sync::mpsc;
use std::time::Duration;

use stress::*;

type Long = VeryLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongRecord;

fn keeper(s: &str) -> Keeper {
    Keeper { sync: s.to_string() }
}

fn sample_long() -> Long {
    Long {
        an_extremely_long_field_name_an_extremely_long_field_name_an_extremely_long_field_name_an_extremely_long_field_name_an_extremely: vec![
            None,
            Some(BTreeMap::from([("a".to_string(), vec![keeper("x")]), ("empty".to_string(), vec![])])),
        ],
        mode: Mode::Gone,
    }
}

fn sample_everything() -> Everything {
    Everything {
        flag: true,
        tiny: i8::MIN,
        short_int: i16::MIN,
        whole: -7,
        long_int: i64::MIN,
        byte: u8::MAX,
        ushort: u16::MAX,
        uint: 1 << 31,
        ulong: u64::MAX,
        single: 0.5,
        wide_float: -2.25,
        text: "héllo".to_string(),
        blob: vec![0, 1, 255],
        mode: Mode::Busy,
        keeper: keeper("kept"),
        maybe_flag: Some(false),
        maybe_text: Some(String::new()),
        maybe_blob: Some(vec![9]),
        maybe_mode: Some(Mode::Gone),
        maybe_keeper: Some(keeper("maybe")),
        maybe_list: Some(vec![1, 2]),
        maybe_map: Some(BTreeMap::from([(1, "one".to_string())])),
        flags: vec![true, false],
        texts: vec!["a".to_string(), String::new()],
        blobs: vec![vec![1], vec![]],
        modes: vec![Mode::Idle, Mode::Gone],
        keepers: vec![keeper("k1"), keeper("k2")],
        maybe_keepers: vec![None, Some(keeper("k3")), None],
        lists: vec![vec!["x".to_string()], vec![]],
        maps: vec![BTreeMap::from([("b".to_string(), vec![7])]), BTreeMap::new()],
        by_int: BTreeMap::from([(-1, keeper("neg"))]),
        by_name: BTreeMap::from([("none".to_string(), None), ("some".to_string(), Some(keeper("s")))]),
        nested: BTreeMap::from([(
            "deep".to_string(),
            vec![BTreeMap::from([(0, vec![None, Some("leaf".to_string())])]), BTreeMap::new()],
        )]),
        long_one: sample_long(),
    }
}

#[test]
fn every_type_as_a_field_round_trips() {
    let c = Client::new().unwrap();
    let want = sample_everything();
    assert_eq!(c.echo_everything(&want).unwrap(), want);
    assert_eq!(c.echo_everything(&Everything::default()).unwrap(), Everything::default());
}

#[test]
fn every_parameter_kind_including_absent_optionals() {
    let c = Client::new().unwrap();
    let keepers = vec![None, Some(keeper("x"))];
    let by_name = BTreeMap::from([("n".to_string(), None)]);
    let got = c
        .echo_params(true, 42, "t", &[1], Mode::Busy, &keeper("k"), None, None, &keepers, &by_name)
        .unwrap();
    assert_eq!(got.maybe_keeper, None, "an absent optional struct arrived present");
    assert_eq!(got.maybe_text, None);
    assert_eq!((got.whole, got.keeper.sync.as_str()), (42, "k"));
    assert_eq!(got.maybe_keepers, keepers);
    assert_eq!(got.by_name, by_name);
    let p = keeper("p");
    let got = c.echo_params(false, 0, "", &[], Mode::Idle, &Keeper::default(), Some(&p), Some("m"), &[], &BTreeMap::new()).unwrap();
    assert_eq!(got.maybe_keeper, Some(p));
    assert_eq!(got.maybe_text.as_deref(), Some("m"));
}

#[test]
fn results_of_every_shape() {
    let c = Client::new().unwrap();
    let keepers = vec![None, Some(keeper("a"))];
    assert_eq!(c.echo_keepers(&keepers).unwrap(), keepers);
    assert_eq!(c.echo_maybe_keeper(None).unwrap(), None);
    assert_eq!(c.echo_maybe_keeper(Some(&keeper("p"))).unwrap(), Some(keeper("p")));
    let nested = sample_everything().nested;
    assert_eq!(c.echo_nested(&nested).unwrap(), nested);
    assert_eq!(c.echo_mode(Mode::Gone).unwrap(), Mode::Gone);
    assert_eq!(c.echo_blob(&[0]).unwrap(), vec![0]);
    assert_eq!(c.echo_text("ü").unwrap(), "ü");
    assert_eq!(c.echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_proced(&sample_long()).unwrap(), sample_long());
    assert_eq!(sum(&[1, 2, 3]).unwrap(), 6);
}

#[test]
fn a_recursive_tree_round_trips() {
    let c = Client::new().unwrap();
    let mut tree = Node { label: "leaf".to_string(), ..Default::default() };
    for _ in 0..40 {
        let named = BTreeMap::from([("leaf".to_string(), Node { label: "named".to_string(), ..Default::default() })]);
        tree = Node { label: "child".to_string(), children: vec![tree], named };
    }
    assert_eq!(c.echo_node(&tree).unwrap(), tree);
}

#[test]
fn events_and_a_host_function_carry_every_shape() {
    let c = Client::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let _seen = c.on_everything_seen(move |e| tx.send(e.clone()).unwrap());
    let (ntx, nrx) = mpsc::channel();
    let _nothing = c.on_nothing_seen(move || ntx.send(()).unwrap());
    let want = sample_everything();
    c.fire(&want).unwrap();
    let e = rx.recv_timeout(Duration::from_secs(10)).expect("everything_seen");
    assert_eq!((e.value, e.count), (want, 1));
    nrx.recv_timeout(Duration::from_secs(10)).expect("nothing_seen");
    c.set_transform(|a| {
        let mut out = a.value;
        out.push(a.hint);
        Ok(out)
    })
    .unwrap();
    let got = c.ask_host(&[Some(keeper("v")), None], None).unwrap();
    assert_eq!(got, vec![Some(keeper("v")), None, None]);
    let got = c.ask_host(&[], Some(&keeper("h"))).unwrap();
    assert_eq!(got, vec![Some(keeper("h"))]);
}
