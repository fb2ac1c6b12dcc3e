"""JSONL input: the lines of files or stdin (gzip-compressed or not, UTF-8, or UTF-16 or UTF-32
with a byte-order mark), as UTF-8, in batches for workers."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, NamedTuple

from cleaner.textio import BOMS, InputError, open_binary

GZIP_MAGIC = b"\x1f\x8b"
HEAD = 4  # bytes read ahead of an input: gzip's magic, or the longest byte-order mark (UTF-32's)
PIECE = 1 << 16  # bytes of UTF-16 or UTF-32 transcoded at a time, so that a line's limit bounds memory
BATCH_RECORDS = 64  # records per batch sent to a worker
BATCH_BYTES = 4 << 20  # and no more bytes than this, unless one record is larger
HEAD_BYTES = 1 << 16  # of a line too long to be read, the opening kept for the record's first fields


class Unread(NamedTuple):
    """A line longer than a document may be, in place of the line: its size in bytes, and its
    opening ``HEAD_BYTES``, where a record's first fields (its id) can still be read."""

    size: int
    head: bytes


Numbered = tuple[str, int, "bytes | Unread"]  # an input's name, a line number there, the line (numbered_records)
MAX_DEPTH = 200  # JSON arrays and objects nested deeper than this are refused
# A whole string (to the end of the line when it is not closed, so that a truncated record costs
# one pass, not one per quote), or a bracket.
_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.S)


def nested_too_deeply(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when the JSON text nests arrays and objects more than ``limit`` deep: one pass over
    its brackets, strings skipped whole. Python's parser fails on deep nesting at a depth that
    depends on how deep its caller's stack already is, so it must not be the one to find out."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKETS.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        elif bracket in "]}":
            depth -= 1
    return False


def _readable(raw: BinaryIO, name: str = "-", on_note: Callable[[str], None] | None = None) -> BinaryIO:
    """The stream as UTF-8 bytes to read lines from: decompressed when it is gzip, and transcoded
    when a byte-order mark names UTF-16 or UTF-32 (said to ``on_note``), so that its lines are
    told apart and each is read as other lines are. Both are told by the first bytes, not the
    name: stdin has none. Those bytes are read whole, as a pipe may deliver one byte first, and
    put back in front of the rest. A UTF-8 byte-order mark stays: each line is read past one."""
    stream = raw
    head = _head(stream)
    if head.startswith(GZIP_MAGIC):
        compressed = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)
        stream = gzip.GzipFile(fileobj=compressed)  # type: ignore[assignment]
        head = _head(stream)
    for bom, encoding, label in BOMS:
        if label and head.startswith(bom):
            text = _Prefixed(head[len(bom):], stream)
            transcoded = _Transcoded(text, encoding, f"{name}: not valid {label}", on_note)
            if on_note is not None:
                on_note(f"{name}: read as {label} (byte-order mark)")
            return io.BufferedReader(transcoded, buffer_size=1 << 16)
    return io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)


def _head(stream: BinaryIO) -> bytes:
    """The first ``HEAD`` bytes of ``stream`` (fewer only when it ends sooner)."""
    head = b""
    while len(head) < HEAD:
        more = stream.read(HEAD - len(head))
        if not more:
            break
        head += more
    return head


class _Prefixed(io.RawIOBase):
    """``prefix``, then the rest of ``stream``: bytes read ahead, given back."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix = prefix
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._stream.read1(len(buffer)) if hasattr(self._stream, "read1") else self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_REPLACED = [0]  # undecodable sequences replaced by _replaced_counted, in this process
_COUNTED_REPLACE = "cleaner-replace-counted"


def _replaced_counted(exc: UnicodeError) -> tuple[str, int]:
    """The ``replace`` error handler, counting: the built-in one does not say that it met one."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _REPLACED[0] += 1
    return "\ufffd", exc.end


codecs.register_error(_COUNTED_REPLACE, _replaced_counted)


class _Transcoded(io.RawIOBase):
    """The UTF-8 bytes of ``stream``, text in ``encoding``, made a piece at a time as they are
    read. An undecodable byte sequence becomes U+FFFD; at the end, how many did is said to
    ``on_note`` after ``what``."""

    def __init__(self, stream: io.RawIOBase, encoding: str, what: str, on_note: Callable[[str], None] | None
                 ) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=_COUNTED_REPLACE)
        self._what = what
        self._on_note = on_note
        self._pending = memoryview(b"")
        self._ended = False
        self._replaced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._ended:
            data = self._stream.read(PIECE) or b""
            self._ended = not data
            self._pending = memoryview(self._decoded(data, final=self._ended).encode("utf-8"))
            if self._ended and self._replaced and self._on_note is not None:
                self._on_note(f"{self._what}: {self._replaced} undecodable byte sequence(s) replaced with U+FFFD")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _decoded(self, data: bytes, final: bool) -> str:
        """``data`` decoded after what the decoder holds, each undecodable sequence replaced and
        counted (``_replaced_counted``), in one pass however many there are."""
        before = _REPLACED[0]
        text = self._decoder.decode(data, final)
        self._replaced += _REPLACED[0] - before
        return text


def numbered_records(names: Iterable[str], limit: int | None = None, on_error: Callable[[str], None] | None = None,
                     on_note: Callable[[str], None] | None = None) -> Iterator[Numbered]:
    """Every non-blank line of every input (``-`` is stdin), in order, each with its input's name
    and its line number there, for messages; a blank line is no record.

    A line longer than ``limit`` bytes (its line end aside) is skipped as it is read, never held
    whole, and an ``Unread`` is yielded in its place, so that it can still be counted and
    answered. An input in UTF-16 or UTF-32 (a byte-order mark says which) is read as UTF-8, so
    ``limit`` counts its bytes in UTF-8; that it was, and how many undecodable byte sequences in
    it became U+FFFD, is said to ``on_note``. An input that cannot be opened, or whose compressed
    data is damaged, is passed to ``on_error`` with a message (the records read before the damage
    have been yielded) and the next input is read; without ``on_error`` it raises InputError.
    """
    for name in names:
        try:
            raw = open_binary(name)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(str(exc))
            continue
        try:
            yield from _numbered_lines(name, _readable(raw, name, on_note), limit)
        except (EOFError, OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            message = f"{name}: damaged compressed data ({exc}); the records before it were read"
            if on_error is None:
                raise InputError(message) from None
            on_error(message)
        finally:
            if name != "-":
                raw.close()


def _numbered_lines(name: str, stream: BinaryIO, limit: int | None) -> Iterator[Numbered]:
    line_no = 0
    while True:
        line = stream.readline() if limit is None else stream.readline(limit + 2)  # room for CRLF
        if not line:
            return
        line_no += 1
        if limit is not None and len(line.rstrip(b"\r\n")) > limit:
            size, head = len(line), line[:HEAD_BYTES]
            while not line.endswith(b"\n"):  # the rest of the line, a piece at a time
                line = stream.readline(1 << 20)
                if not line:
                    break
                size += len(line)
            yield name, line_no, Unread(size, head)
        elif line.strip():
            yield name, line_no, line


def batches(numbered: Iterable[Numbered], max_records: int = BATCH_RECORDS, max_bytes: int = BATCH_BYTES
            ) -> Iterator[list[Numbered]]:
    """Consecutive numbered records grouped into batches of at most ``max_records`` records and
    ``max_bytes`` of lines."""
    batch: list[Numbered] = []
    size = 0
    for item in numbered:
        line = item[2]
        length = len(line) if isinstance(line, bytes) else 0
        if batch and (len(batch) >= max_records or size + length > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += length
    if batch:
        yield batch
