//! The greeter from Rust.
use greeter::{Client, Error, GreeterConfig};

fn main() -> Result<(), Error> {
    let client = Client::new(&GreeterConfig { salutation: "Hello".into() })?;
    println!("{}", client.greet("Rust")?);
    Ok(())
}
