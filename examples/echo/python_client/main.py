"""The echo library from Python: a ctor taking a struct, and a static proc."""

import echo
from echo import EchoConfig


def main() -> None:
    with echo.Client(EchoConfig(prefix="echo: ")) as client:
        print(client.say("hello from Python"))
        print(f"reverse(stressed) -> {client.reverse(b'stressed').decode()}")
        print(f"calls so far: {client.count()}")
    print(echo.shout("static procs need no client"))


if __name__ == "__main__":
    main()
