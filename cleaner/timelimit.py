"""The page's time limit: an alarm that stops the reading of a page after so many seconds.

Apart from the reading it bounds, as it knows nothing of pages, only of Python: an alarm must
not stop a module half-way through its import, and one raised in a finalizer is lost
(``time_limit``). ``clean_html`` sets it once the HTML reading's modules are loaded, as the
limit is for reading the page, not for loading the code that reads it; a page too large for an
alarm to bound is read in a child process instead (``bounded``).
"""

from __future__ import annotations

import contextlib
import importlib.machinery
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from cleaner.htmlinput import ExtractionTimeout

# The import system's own code: a frame of it on the stack means a module is being loaded.
_IMPORT_SYSTEM = frozenset({importlib.machinery.ModuleSpec.__init__.__code__.co_filename,
                            importlib.machinery.SourceFileLoader.get_code.__code__.co_filename})
_ALARM_RECHECK = 0.01  # seconds between looks at whether the code a time limit waits for is done


def _not_to_be_stopped(frame: FrameType | None, outside: frozenset[int] = frozenset()) -> bool:
    """Whether ``frame`` runs inside an import (a module stopped half-way stays broken in
    ``sys.modules``) or a finalizer (Python ignores what a ``__del__`` raises: the time limit would
    be lost). The frames ``outside`` (their ids: the caller's, which entered the time limit) are
    not looked at: a program may read pages while it is itself being imported."""
    for inner in _stack(frame):
        if id(inner) in outside:
            return False
        if inner.f_code.co_filename in _IMPORT_SYSTEM or inner.f_code.co_name == "__del__":
            return True
    return False


def _stack(frame: FrameType | None) -> Iterator[FrameType]:
    """``frame`` and the frames that called it, innermost first."""
    while frame is not None:
        yield frame
        frame = frame.f_back


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ExtractionTimeout in the block after ``seconds`` of wall time.

    Uses SIGALRM, so it applies in the main thread of a Unix process only; elsewhere the block
    runs unbounded (the extractors have no time limit of their own). An alarm the caller has
    already set is left alone and bounds the block instead. An alarm that comes while a module
    is being loaded (an extractor imports some of its parts on the first page that needs them)
    waits until the import is done: stopped half-way, the module would stay in ``sys.modules``
    half-initialised, and every later page would fail on it. One that comes in a finalizer
    (``__del__``), where Python ignores what is raised, waits until it returns.
    """
    usable = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if not seconds or not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    # The caller's frames (2: past contextlib's __enter__), alive while the block runs: ids, not
    # the frames, so that no cycle holds the caller's page.
    outside = frozenset(map(id, _stack(sys._getframe(2))))

    def expire(signum: int, frame: FrameType | None) -> None:
        if _not_to_be_stopped(frame, outside):
            signal.setitimer(signal.ITIMER_REAL, _ALARM_RECHECK)
            return
        raise ExtractionTimeout(f"reading the page took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
