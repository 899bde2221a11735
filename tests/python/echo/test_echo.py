"""The echo library: a ctor with a struct argument, strings and bytes."""

import asyncio
from typing import Iterator, List

import echo
import pytest
from ffidl_testing import run_threads
from echo import EchoConfig


@pytest.fixture
def client() -> Iterator[echo.Client]:
    with echo.Client(EchoConfig(prefix="> ")) as c:
        yield c


def test_strings_and_bytes(client: echo.Client) -> None:
    assert client.say("hi") == "> hi"
    assert client.say("") == "> "
    assert client.say("ünï ☃") == "> ünï ☃"
    assert client.reverse(b"\x00\x01\xff") == b"\xff\x01\x00"
    assert client.reverse(b"") == b""
    big = bytes(range(256)) * 4096
    assert client.reverse(big) == big[::-1]
    assert client.count() == 7  # every call counts, this one too
    assert echo.shout("hey") == "HEY"


def test_async_calls_gathered(client: echo.Client) -> None:
    async def main() -> List[str]:
        return await asyncio.gather(*(client.say_async(str(i)) for i in range(100)))

    assert asyncio.run(main()) == [f"> {i}" for i in range(100)]


def test_hostile_strings(client: echo.Client) -> None:
    with pytest.raises(echo.BindingError):
        client.say("nul\0inside")
    with pytest.raises(echo.BindingError):
        client.say("\udc80")  # a lone surrogate is not UTF-8
    with pytest.raises(echo.BindingError):
        client.say(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(echo.BindingError):
        echo.Client(EchoConfig(prefix="\0"))
    with pytest.raises(echo.LibraryError, match="longer than 64"):
        echo.Client(EchoConfig(prefix="x" * 65))


def test_threads_and_close(client: echo.Client) -> None:
    def worker(n: int) -> None:
        for i in range(300):
            assert client.say(f"{n}.{i}") == f"> {n}.{i}"

    assert run_threads(8, worker) == []
    client.close()
    with pytest.raises(echo.ClosedError):
        client.count()
