"""Ordered parallel map over worker processes, with a bounded number of batches in flight.

Each worker receives the shared context (a loaded Cleaner and its options) once, when it starts,
so rules are loaded once per worker, not once per batch. Results come back in input order, and
at most ``window`` batches are read ahead of the writer, so memory stays flat however long the
input (``Executor.map`` would read the whole input first).
"""

from __future__ import annotations

import contextlib
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

_context: Any = None  # this process's shared context, set once per worker by ``_install``


class WorkerDied(RuntimeError):
    """A worker process ended without finishing its batch: killed, or out of memory."""


def _install(context: object, in_worker: bool) -> None:
    """Keep the shared context for every task of this process. A worker ignores Ctrl-C, which
    a terminal sends to the whole process group: the parent alone answers it, by stopping the
    workers. SIGINT was blocked when the worker was started (``_starting_workers``), so one
    that came while it started up is discarded here, not raised in the middle of its imports."""
    global _context
    _context = context
    if in_worker:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _call(fn: Callable[[Any, T], R], item: T) -> R:
    """A worker's task: ``fn`` with the context the worker was given when it started."""
    return fn(_context, item)


@contextlib.contextmanager
def _starting_workers() -> Iterator[None]:
    """SIGINT blocked while worker processes may be started: a started process inherits the
    blocked signal and unblocks it only once it ignores it. In this process a Ctrl-C that
    comes meanwhile waits, and is raised as soon as the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ordered_map(fn: Callable[[Any, T], R], context: object, items: Iterable[T], jobs: int = 1,
                window: int | None = None) -> Iterator[R]:
    """``fn(context, item)`` for each item, in order, in ``jobs`` worker processes (in this process
    when ``jobs`` is 1). ``fn`` must be a module-level function and ``context`` must pickle.

    Raises ``WorkerDied`` when a worker dies; on any exception, including an interrupt, the
    workers are stopped at once. The process machinery is imported only when ``jobs`` > 1: it
    is a tenth of the plain filter's start-up.
    """
    if jobs <= 1:
        _install(context, in_worker=False)
        for item in items:
            yield fn(context, item)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    window = window or 2 * jobs
    # "spawn": a worker starts from a clean interpreter, whatever threads this process runs.
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_install, initargs=(context, True))
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            with _starting_workers():  # a submit may start a worker
                pending.append(pool.submit(_call, fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool as exc:
        _stop_workers(pool)
        raise WorkerDied(str(exc)) from None
    except BaseException:
        for future in pending:
            future.cancel()
        _stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's processes: a worker in the middle of a long page would otherwise
    keep the run alive after an interrupt. The executor has no public way to do this before
    Python 3.14 (``terminate_workers``)."""
    terminate = getattr(pool, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()
