"""The host_demo library from Python: host functions are plain functions,
run on the client's own threads; an exception fails the library's call."""

import threading

import host_demo
from host_demo import LookupRequest, UserInfo

USERS = {7: "ada"}


def lookup_user(req: LookupRequest) -> UserInfo:
    if req.user_id not in USERS:
        raise KeyError("no such user")
    return UserInfo(name=USERS[req.user_id], roles=["admin"], quota=None)


def setup(client: host_demo.Client) -> None:
    # Set before the ctor runs: the ctor asks fetch_token for its salutation.
    client.set_fetch_token(lambda key: "welcome" if key == "salutation" else f"token-for-{key}")
    client.set_lookup_user(lookup_user)


def main() -> None:
    failed = threading.Event()

    def on_failed(name: str, error: str) -> None:
        print(f"event host_failed: {name}: {error}")
        failed.set()

    with host_demo.Client(setup=setup) as client:
        client.on_host_failed(on_failed)
        greeting = client.greet(LookupRequest(user_id=7, with_token=True))
        print(f"{greeting.text} (roles {','.join(greeting.user.roles)}, token {greeting.token})")
        try:
            client.greet(LookupRequest(user_id=99, with_token=False))
        except host_demo.LibraryError as e:
            print(f"greet unknown user -> {e}")
        failed.wait(10)


if __name__ == "__main__":
    main()
