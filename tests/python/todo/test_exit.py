"""Process exit with calls in flight, listeners subscribed and host
functions set: the interpreter exits cleanly (the binding closes every open
client at exit, so no library thread calls into a finalizing interpreter)."""

import os
import subprocess
import sys

SCRIPT = r"""
import asyncio, os, threading, todo

def lookup(key):
    threading.Event().wait(0.01)
    return key

c = todo.Client(setup=lambda c: c.set_lookup(lookup))
c.on_shape_drawn(lambda s: None)
started = threading.Barrier(9)

def caller(n):
    started.wait()
    while True:
        try:
            c.add_from_host(f"{n}-{os.urandom(4).hex()}")
            c.largest([todo.ShapeCircle(1.0)])
        except todo.Error:
            return

for n in range(8):
    threading.Thread(target=caller, args=(n,), daemon=True).start()
started.wait()

async def pending():
    return await asyncio.gather(*(c.add_from_host_async(str(i)) for i in range(50)))

loop = asyncio.new_event_loop()
tasks = [loop.create_task(pending())]
loop.run_until_complete(asyncio.sleep(0.05))
print("exiting", flush=True)
"""


def run(extra: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT + extra],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_exit_with_calls_in_flight() -> None:
    for _ in range(3):
        done = run()
        assert done.returncode == 0, done.stderr
        assert "exiting" in done.stdout


def test_exit_through_sys_exit_from_a_thread_while_calls_run() -> None:
    done = run("import sys; sys.exit(3)\n")
    assert done.returncode == 3, done.stderr


STATIC = r"""
import threading, time, todo

def caller():
    while True:
        try:
            todo.add_u64(1, 2)
        except todo.ClosedError:
            return  # the interpreter is exiting

for n in range(8):
    threading.Thread(target=caller, daemon=True).start()
time.sleep(0.05)
print("exiting", flush=True)
"""


def test_exit_with_static_calls_in_flight() -> None:
    # Static procs have no client to close: the exit waits for their answers.
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-c", STATIC], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert "exiting" in done.stdout
