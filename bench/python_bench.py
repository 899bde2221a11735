"""The Python binding's costs (./dev bench runs this; bench/README.md).

Measures calls/s of the generated package's blocking and asyncio calls
against a baseline in the same run: a ctypes call of a trivial function of
the same library (`bench_dropped_events`, which reads one counter), i.e. what
any ctypes binding pays to cross into C at all. The ratio is the binding's
own cost: the request's conversion, the answer through the library's thread
and the callback's GIL hand-off back to the waiting thread.

Usage: python_bench.py [--seconds S] [--csv FILE]   (bench-py on PYTHONPATH)
"""

import argparse
import asyncio
import csv
import time
from typing import Callable, List, Tuple

import bench
from bench import Item, Request


def rate(seconds: float, batch: int, step: Callable[[], None]) -> float:
    """Calls per second of `step` (which makes `batch` calls), over ~seconds."""
    step()  # warm up
    n = 0
    start = time.perf_counter()
    while True:
        step()
        n += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--csv", default="")
    args = parser.parse_args()
    s = args.seconds

    decide: Callable[[int, int, float], bool] = lambda a, b, x: ((a + b + int(x)) & 1) == 0
    client = bench.Client(setup=lambda c: c.set_decide(decide))
    raw = client._raw
    dropped = bench._ffi.bench_dropped_events
    req = Request(a=1, b=2, x=0.5, label="label",
                  items=[Item(name=f"item{i}", note=None, weight=1.5, count=i) for i in range(16)])
    data = bytes(4096)

    def loop(call: Callable[[], object], n: int = 100) -> Callable[[], None]:
        def step() -> None:
            for _ in range(n):
                call()
        return step

    def gathered(window: int) -> Callable[[], None]:
        async def many() -> None:
            await asyncio.gather(*(client.scalar_async(1, 2, 0.5) for _ in range(window)))
        runner = asyncio.new_event_loop()
        return lambda: runner.run_until_complete(many())

    rows: List[Tuple[str, float]] = []
    base = rate(s, 100, loop(lambda: dropped(raw)))
    rows.append(("ctypes call of a trivial C function (baseline)", base))
    rows.append(("blocking scalar", rate(s, 100, loop(lambda: client.scalar(1, 2, 0.5)))))
    rows.append(("blocking bytes 4096", rate(s, 100, loop(lambda: client.payload(data)))))
    structured = loop(lambda: client.structured(req), 20)
    rows.append(("blocking struct (16 items)", rate(s, 20, structured)))
    rows.append(("blocking host call", rate(s, 20, loop(lambda: client.via_host(1, 2, 0.5), 20))))
    rows.append(("asyncio scalar, 64 in flight", rate(s, 64, gathered(64))))
    rows.append(("object method call", rate(s, 100, loop(
        (lambda counter: lambda: counter.scalar(1, 2, 0.5))(bench.Counter.new(client))))))
    client.close()

    print(f"{'lane':<48} {'calls/s':>12} {'us/call':>9} {'x baseline':>11}")
    for name, r in rows:
        print(f"{name:<48} {r:>12,.0f} {1e6 / r:>9.2f} {base / r:>11.1f}")
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["lane", "calls_per_s", "us_per_call", "ratio_to_baseline"])
            for name, r in rows:
                w.writerow([name, f"{r:.0f}", f"{1e6 / r:.3f}", f"{base / r:.2f}"])


if __name__ == "__main__":
    main()
