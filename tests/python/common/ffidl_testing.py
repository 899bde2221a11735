"""Helpers the Python suites share (tests/python/run.sh puts this folder on
PYTHONPATH)."""

import threading
import time
from typing import Callable, List


def run_threads(n: int, work: Callable[[int], None]) -> List[BaseException]:
    """Runs work(0) .. work(n - 1) on n threads at once; returns what they raised."""
    errors: List[BaseException] = []

    def run(i: int) -> None:
        try:
            work(i)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def eventually(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Polls `condition` until it holds or `seconds` pass: for what the
    library finishes on a thread of its own (an event's reference released
    once the event is handled), never for timing."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True
