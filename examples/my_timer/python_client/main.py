"""The my_timer library from Python: an event delivered to a listener (on a
Python thread of the client's), and calls in flight together with asyncio."""

import asyncio
import queue
from typing import Tuple

import my_timer
from my_timer import EchoRequest, Level, TimerConfig


def main() -> None:
    with my_timer.Client(TimerConfig(name="python-timer", tick_ms=10)) as timer:
        fired: "queue.Queue[Tuple[str, int]]" = queue.Queue()
        with timer.on_echo_fired(lambda message, count: fired.put((message, count))):
            resp = timer.echo(EchoRequest(message="tick", delay_ms=20, level=Level.HIGH))
            print(f"echo {resp.message!r} from {resp.timer_name} after {resp.elapsed_ms} ms")
            message, count = fired.get(timeout=10)
            print(f"event echo_fired: {message!r} (#{count})")

        async def together() -> None:
            calls = [timer.echo_async(EchoRequest(message=m, delay_ms=10)) for m in "abc"]
            for resp in await asyncio.gather(*calls):
                print(f"async echo -> {resp.message}")

        asyncio.run(together())
    print(f"parse -> {my_timer.parse('parsed;5')}")


if __name__ == "__main__":
    main()
