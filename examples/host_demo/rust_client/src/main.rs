//! The host_demo library from Rust: the library calls back into closures
//! the Rust program provides.
use std::collections::HashMap;

use host_demo::{Client, Error, LookupRequest, UserInfo};

fn main() -> Result<(), Error> {
    let client = Client::new()?;

    let users = HashMap::from([(7u64, "ada".to_string())]);
    client.set_lookup_user(move |args| match users.get(&args.req.user_id) {
        Some(name) => Ok(UserInfo { name: name.clone(), roles: vec!["admin".into()], quota: None }),
        None => Err("no such user".into()),
    })?;
    client.set_fetch_token(|args| Ok(format!("token-for-{}", args.key)))?;
    let _subscription =
        client.on_host_failed(|ev| println!("event host_failed: {}: {}", ev.name, ev.error));

    let greeting = client.greet(&LookupRequest { user_id: 7, with_token: true })?;
    println!(
        "{} (roles {}, token {})",
        greeting.text,
        greeting.user.roles.join(","),
        greeting.token.unwrap_or_default()
    );

    match client.greet(&LookupRequest { user_id: 99, with_token: false }) {
        Ok(_) => println!("unexpected greeting"),
        Err(e) => println!("greet unknown user -> {e}"),
    }
    Ok(())
}
