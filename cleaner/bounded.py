"""A piece of work run in a child process that is killed at its deadline.

The page's time limit (``timelimit.time_limit``) is an alarm, which Python answers between two of
its own steps; a single call into lxml on a page of tens of megabytes (one XPath query over its
paragraphs) runs for minutes without one, and the limit, an interrupt or a termination waits for
it. Run in a forked child, the same work is stopped when its time is up: the parent waits on a
pipe, which an alarm or a signal does interrupt, and kills the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ChildDied(RuntimeError):
    """The child process ended without a word: killed, or out of memory."""


class NoChildProcess(RuntimeError):
    """No child process could be forked (a limit on processes, no memory); the work did not run."""


_CHUNK = 1 << 20
_PR_SET_PDEATHSIG = 1
# The child's own deadline comes this long after its parent's, which kills it first and says why.
_CHILD_OWN_MARGIN = 5.0


def can_fork() -> bool:
    """Whether work can run in a forked child here: a Unix process whose only thread is this one
    (a child forked from a process with other threads may inherit a lock one of them held)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def run_in_child(work: Callable[[], T], seconds: float, expired: Callable[[], BaseException]) -> T:
    """``work()``'s result, computed in a forked child process and sent back pickled; what it
    raised, raised here. After ``seconds`` the child is killed and ``expired()`` is raised; an
    interrupt or termination of this process kills it too, and where this process is killed
    (a worker its parent stopped), the child dies with it (Linux) or at its own deadline.
    Raises ``NoChildProcess``, the work not done, where no child can be forked."""
    try:
        read, write = os.pipe()
    except OSError as exc:  # no descriptors to be had (too many files open)
        raise NoChildProcess(f"cannot start a process to read the page: {exc.strerror or exc}") from exc
    try:
        pid = os.fork()
    except OSError as exc:  # no process to be had (a limit on processes, no memory): nothing left open
        os.close(read)
        os.close(write)
        raise NoChildProcess(f"cannot start a process to read the page: {exc.strerror or exc}") from exc
    if pid == 0:  # the child: no return from this branch
        _child(work, read, write, seconds + _CHILD_OWN_MARGIN)
    os.close(write)
    try:
        data = _read_until(read, time.monotonic() + seconds, expired)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read)
    with contextlib.suppress(ChildProcessError):  # reaped already where SIGCHLD is ignored
        os.waitpid(pid, 0)
    if not data:  # the child died without a word (killed, or out of memory)
        raise ChildDied("the process reading the page died (killed, or out of memory)")
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _child(work: Callable[[], T], read: int, write: int, seconds: float) -> None:
    """Run ``work`` and write its pickled outcome to ``write``; never returns. An interrupt is the
    parent's to answer: it kills this process. The process ends itself after ``seconds`` (an
    alarm left to its default action ends it even inside a C call), and on Linux when its
    parent dies."""
    code = 0
    try:
        os.close(read)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _die_with_parent()
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as exc:
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.loads(data)  # an exception whose class takes other arguments fails here, not in the parent
        except Exception:  # an lxml error, say: its name and message go instead
            value = outcome[1]
            data = pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value}")))
        view = memoryview(data)
        while view:
            view = view[os.write(write, view[:_CHUNK]):]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux's PR_SET_PDEATHSIG); elsewhere
    its own alarm ends it."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _read_until(fd: int, deadline: float, expired: Callable[[], BaseException]) -> bytes:
    """Everything written to the pipe ``fd`` until its end; ``expired()`` raised at ``deadline``."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise expired()
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    """Kill the child and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
