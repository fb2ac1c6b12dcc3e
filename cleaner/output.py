"""Where the output goes: stdout, or a file written whole or not at all.

A file given with ``-o`` is written to a temporary file beside it and renamed over it only when
the run has succeeded, so that a reader never sees half a result and an interrupted or failed
run leaves the old file (or none) in place. A symbolic link is followed (the file it names is
replaced; the link stays). What is not a file is written to directly, as a shell's ``>`` does,
and so is not whole-or-nothing: a device or a named pipe (renaming over it would replace the
device or the pipe), and a path naming one of the process's open descriptors (``/dev/stdout``,
``/dev/fd/N``, ``/proc/self/fd/N``), whose file is written through the descriptor so that a file
the shell opened for appending keeps what it held. SIGTERM is turned into an interrupt, as
Ctrl-C is, so that the same cleanup runs.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


class OutputError(OSError):
    """The output file cannot be written; the message names it."""


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop as an interrupt does."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def interrupt_on_sigterm() -> None:
    """Make SIGTERM raise ``Terminated`` in the main thread (no-op elsewhere)."""
    with contextlib.suppress(ValueError):  # not the main thread: leave the default
        signal.signal(signal.SIGTERM, _on_sigterm)


# A path that names an open file descriptor of this process (Linux, the BSDs, macOS), once its
# folder is resolved: /dev/fd is /proc/self/fd, and /proc/self is /proc/<pid>, on Linux.
_DESCRIPTOR_PATH = re.compile(
    r"/dev/fd/(\d{1,9})|/proc/(self|thread-self|\d+)(?:/task/\d+)?/fd/(\d{1,9})|/dev/std(out|err)")
_SYMLINK_HOPS = 40  # as the kernel's limit: a longer chain is a loop


def writes_whole(path: str) -> bool:
    """True when ``output_stream(path)`` replaces a file whole (temporary file, then rename)."""
    if path == "-" or descriptor_named(path) is not None:
        return False
    try:
        mode = _mode(Path(path))
    except OutputError:
        return False
    return mode is None or stat.S_ISREG(mode)


@contextlib.contextmanager
def output_stream(path: str | None) -> Iterator[BinaryIO]:
    """stdout's bytes for None or ``-``; a path naming an open descriptor, a device or a pipe
    written to directly; else a temporary file renamed to the file ``path`` names when the block
    ends without an exception, and removed when it raises (an interrupt included). The file is
    created on entry, so a path that cannot be written fails before any work is done
    (``OutputError``, naming the path)."""
    if path is None or path == "-":
        if sys.stdout is None:  # started with stdout closed (>&-)
            raise OutputError("cannot write the output: standard output is closed")
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    descriptor = descriptor_named(path)
    if descriptor is not None:  # /dev/stdout and the like: the file behind it is not replaced
        yield from _written_to_descriptor(descriptor, path)
        return
    import tempfile  # only when writing a file: it is slow to import

    existing = _mode(Path(path))  # through symbolic links
    if existing is not None and stat.S_ISDIR(existing):
        raise OutputError(f"cannot write {path}: it is a folder")
    if existing is not None and not stat.S_ISREG(existing):  # a device, a pipe: nothing to replace
        yield from _written_directly(path)
        return
    target = Path(os.path.realpath(path))  # the file a symbolic link names is replaced; the link stays
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    out = _NamedFile(os.fdopen(fd, "wb", buffering=0), path)
    try:
        if path.endswith(GZIP_SUFFIX):
            with _gzip_writer(out) as packed:
                yield packed
        else:
            yield out  # an error of the block's own (stdout's, an input's) passes as it is
        try:
            out.flush()
            os.fsync(out.fileno())
            out.close()
            os.chmod(tmp, stat.S_IMODE(existing) if existing is not None else 0o666 & ~_umask())
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        out.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _mode(path: Path) -> int | None:
    """The mode of the file ``path`` names (through symbolic links), None when there is none; a
    path that cannot be looked at (a loop of links, a folder that cannot be searched) is an
    ``OutputError``, as a shell's ``>`` fails on it."""
    try:
        return path.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def descriptor_named(path: str) -> int | None:
    """The open file descriptor of this process that ``path`` names, directly or through symbolic
    links (of the path or of its folders), if any."""
    current = os.path.abspath(path)
    for _ in range(_SYMLINK_HOPS):
        folder, name = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), name)
        match = _DESCRIPTOR_PATH.fullmatch(current)
        if match is not None:
            number, process, proc_number, std = match.groups()
            if std is not None:
                return 1 if std == "out" else 2
            if process is not None and process not in ("self", "thread-self", str(os.getpid())):
                return None  # another process's descriptor: its file is written as any file is
            return int(number or proc_number)
        try:
            link = os.readlink(current)
        except OSError:  # not a link (or not there): the path names no descriptor
            return None
        current = os.path.normpath(os.path.join(folder, link))
    return None


def _written_to_descriptor(descriptor: int, path: str) -> Iterator[BinaryIO]:
    if descriptor in (1, 2):  # through Python's own streams, so that what they hold comes first
        stream = sys.stdout if descriptor == 1 else sys.stderr
        if stream is None:  # the descriptor was closed when the process started
            raise OutputError(f"cannot write {path}: it is closed")
        stream.flush()
        yield stream.buffer
        stream.buffer.flush()
        return
    yield from _written_directly(path, lambda: io.FileIO(os.dup(descriptor), "wb"))


def _written_directly(path: str, opener: Callable[[], io.RawIOBase] | None = None) -> Iterator[BinaryIO]:
    """The file ``path`` (or what ``opener`` opens for it) written to as it is, with no temporary file."""
    try:
        raw = opener() if opener is not None else io.FileIO(path, "wb")
    except (OSError, OverflowError) as exc:  # OverflowError: a descriptor number past any C int
        raise OutputError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None
    out = _NamedFile(raw, path)
    try:
        yield out
        try:
            out.flush()
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            out.close()


GZIP_SUFFIX = ".gz"  # a file named so is written gzip-compressed, as its readers expect


def _gzip_writer(out: BinaryIO) -> BinaryIO:
    """A gzip stream into ``out`` that is the same bytes for the same data: no file name and no
    time in its header. Closing it writes the trailer and leaves ``out`` open. gzip is imported
    here: the plain filter's start-up does without it."""
    import gzip

    return gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0)  # type: ignore[return-value]


class _NamedFile(io.BufferedWriter):
    """A file being written whose write errors (a full disk) say which file it is."""

    def __init__(self, raw: io.RawIOBase, path: str) -> None:
        super().__init__(raw)
        self.path = path

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            return super().write(data)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from None


def write_all(out: BinaryIO, data: bytes) -> None:
    """Write all of ``data``. A buffered stream may write part of a large block and return its
    count when the reader of a pipe goes away (``| head``); writing the rest raises the error
    (BrokenPipeError) instead of losing it."""
    done = out.write(data)
    while done is None or done < len(data):
        if done is None:  # a non-blocking stream that took nothing: no place to wait for it here
            raise BlockingIOError("the output cannot take more now")
        data = data[done:]
        done = out.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
