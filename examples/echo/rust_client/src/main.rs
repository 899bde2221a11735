//! The echo library from Rust: a client, a few calls, a static function.
use echo::{Client, EchoConfig, Error};

fn main() -> Result<(), Error> {
    let client = Client::new(&EchoConfig { prefix: "echo: ".into() })?;
    println!("{}", client.say("hello from Rust")?);
    let reversed = client.reverse(b"stressed")?;
    println!("reverse(stressed) -> {}", String::from_utf8_lossy(&reversed));
    println!("calls so far: {}", client.count()?);
    println!("{}", echo::shout("static procs need no client")?);
    Ok(())
}
