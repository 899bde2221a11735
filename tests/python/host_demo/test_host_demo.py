"""Host functions: arguments and answers of every shape, a host function
that fails, one that is missing, and events about them."""

import threading
from typing import List, Tuple

import host_demo
import pytest
from ffidl_testing import run_threads
from host_demo import Greeting, LookupRequest, UserInfo


def users(req: LookupRequest) -> UserInfo:
    if req.user_id == 0:
        raise KeyError("no user 0")
    return UserInfo(name=f"user{req.user_id}", roles=["admin", "dev"], quota=None)


def test_hosts_answer_structs_and_strings() -> None:
    def setup(c: host_demo.Client) -> None:
        c.set_lookup_user(users)
        c.set_fetch_token(lambda key: "tok-" + key)
        c.set_acknowledge(lambda message, level: None)

    with host_demo.Client(setup=setup) as c:
        g = c.greet(LookupRequest(user_id=7, with_token=True))
        assert isinstance(g, Greeting)
        assert g.text == "tok-salutation, user7"  # the ctor asked the host too
        assert g.user == UserInfo("user7", ["admin", "dev"], None)
        assert g.token is not None and g.token.startswith("tok-")
        assert c.token_length("abc") == len("tok-abc")
        plain = c.greet(LookupRequest(user_id=8, with_token=False))
        assert plain.token is None


def test_a_failing_host_fails_the_call_and_fires_an_event() -> None:
    failed: List[Tuple[str, str]] = []
    seen = threading.Event()

    def on_failed(name: str, error: str) -> None:
        failed.append((name, error))
        seen.set()

    def setup(c: host_demo.Client) -> None:
        c.set_lookup_user(users)
        c.set_fetch_token(lambda key: "t")
        c.on_host_failed(on_failed)

    with host_demo.Client(setup=setup) as c:
        with pytest.raises(host_demo.LibraryError, match="no user 0"):
            c.greet(LookupRequest(user_id=0, with_token=False))
        assert seen.wait(10)
    assert failed[0][0] == "lookup_user" and "no user 0" in failed[0][1]


def test_a_host_that_was_never_set_fails_the_call() -> None:
    with host_demo.Client() as c:
        with pytest.raises(host_demo.LibraryError):
            c.token_length("x")
        c.set_lookup_user(users)
        assert c.greet(LookupRequest(user_id=3, with_token=False)).text == "hello, user3"


def test_host_calls_from_many_threads() -> None:
    acks: List[Tuple[str, int]] = []
    lock = threading.Lock()

    def ack(message: str, level: int) -> None:
        with lock:
            acks.append((message, level))

    with host_demo.Client(setup=lambda c: c.set_acknowledge(ack)) as c:
        c.set_fetch_token(lambda key: key * 2)

        def worker(n: int) -> None:
            for i in range(50):
                assert c.token_length(f"{n}-{i}") == 2 * len(f"{n}-{i}")
                c.notify(f"{n}-{i}")

        assert run_threads(8, worker) == []
