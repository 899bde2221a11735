//! The calc library from Rust: a library without a ctor is a set of functions.
use calc::{Error, Ratio};

fn main() -> Result<(), Error> {
    println!("add(40, 2) = {}", calc::add(40, 2)?);
    match calc::add(i64::MAX, 1) {
        Err(e) => println!("add(i64::MAX, 1) failed: {e}"),
        Ok(_) => panic!("overflow not reported"),
    }
    let r = calc::reduce(&Ratio { num: 6, den: -4 })?;
    println!("reduce(6/-4) = {}/{}", r.num, r.den);
    Ok(())
}
