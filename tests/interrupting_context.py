"""A worker context that interrupts the process that unpickles it: a worker, while it starts.

It lets a test reproduce, every time, a Ctrl-C that reaches a worker before the worker has set
itself to ignore it (see cleaner.parallel._starting_workers).
"""

from __future__ import annotations

import os
import signal


class InterruptsOnArrival:
    """Pickles to a call that sends SIGINT to the process that unpickles it."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return _arrive, ()


def _arrive() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def double(context: object, n: int) -> int:
    return 2 * n
