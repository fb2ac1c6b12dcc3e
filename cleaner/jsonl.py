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

from cleaner.textio import BOMS, InputError, open_binary, undecodable_note, without_mark

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


class Repaired(bytes):
    """A line of an input read in UTF-16 or UTF-32 in which ``replaced`` undecodable byte
    sequences became U+FFFD, so that its record can say so, as a record of UTF-8 input does; it
    is the line's bytes, which every reader of lines reads as they are."""

    replaced: int
    encoding: str  # UTF-16 or UTF-32

    def __new__(cls, line: bytes, replaced: int, encoding: str) -> Repaired:
        made = super().__new__(cls, line)
        made.replaced, made.encoding = replaced, encoding
        return made

    def __reduce__(self) -> tuple[type[Repaired], tuple[bytes, int, str]]:  # for workers: bytes' own loses both
        return Repaired, (bytes(self), self.replaced, self.encoding)


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
    put back in front of the rest. A UTF-8 byte-order mark stays: each line is read past one.
    UTF-16 or UTF-32 without its mark is refused (InputError), as a file of text is."""
    stream = raw
    head = _head(stream)
    if head.startswith(GZIP_MAGIC):
        compressed = io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)
        stream = gzip.GzipFile(fileobj=compressed)  # type: ignore[assignment]
        head = _head(stream)
    for bom, encoding, label in BOMS:
        if label and head.startswith(bom):
            text = _Prefixed(head[len(bom):], stream)
            transcoded = _Transcoded(text, encoding, label, name, on_note)
            if on_note is not None:
                on_note(f"{name}: read as {label} (byte-order mark)")
            return io.BufferedReader(transcoded, buffer_size=1 << 16)
    unmarked = _unmarked_encoding(head)
    if unmarked is not None:
        raise InputError(f"{name}: {without_mark(*unmarked)}")
    return io.BufferedReader(_Prefixed(head, stream), buffer_size=1 << 16)


def _unmarked_encoding(head: bytes) -> tuple[str, str] | None:
    """The encoding (UTF-32, UTF-16) and byte order (big, little) of an input without a byte-order
    mark, told by its first four bytes: ASCII, as a JSON line opens with "{" or a space, is one
    byte and three NULs in UTF-32, and two bytes, a NUL and a byte below 128, per character in
    UTF-16; no line of JSON in UTF-8 holds a NUL. None for any other opening."""
    first = head[:4]
    if len(first) == 4:
        for order, nuls, char in (("little", first[1:], first[0]), ("big", first[:3], first[3])):
            if nuls == b"\0\0\0" and 0 < char < 0x80:
                return "UTF-32", order
    for order, nuls, chars in (("little", first[1::2], first[0::2]), ("big", first[0::2], first[1::2])):
        if nuls == b"\0\0" and len(chars) == 2 and all(0 < char < 0x80 for char in chars):
            return "UTF-16", order
    return None


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


# An undecodable byte sequence of UTF-16 or UTF-32 is marked with a lone surrogate, which neither
# decoder yields for text, and so in the UTF-8 made of it (surrogates passed) with bytes that
# nothing else there holds: each line's are counted and made U+FFFD as the line is read
# (_unmarked), so that its record can say how many it had.
_MARK = "\udfff"
_MARK_BYTES = _MARK.encode("utf-8", "surrogatepass")
_REPLACEMENT_BYTES = "\ufffd".encode()  # as long as the mark: a line's size in UTF-8 is the same
_MARKED = "cleaner-mark-undecodable"


def _marked(exc: UnicodeError) -> tuple[str, int]:
    """The ``replace`` error handler, with the mark for U+FFFD: the built-in one's U+FFFD cannot
    be told from one the text holds, so neither counted nor found in a line."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return _MARK, exc.end


codecs.register_error(_MARKED, _marked)


class _Transcoded(io.RawIOBase):
    """The UTF-8 bytes of ``stream``, text in ``encoding`` (``label`` names it for users), made a
    piece at a time as they are read. An undecodable byte sequence becomes the mark (``_MARK``),
    U+FFFD once its line is read; at the end, how many there were in input ``name`` is said to
    ``on_note``."""

    def __init__(self, stream: io.RawIOBase, encoding: str, label: str, name: str,
                 on_note: Callable[[str], None] | None) -> None:
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=_MARKED)
        self.label = label
        self._name = name
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
            self._pending = memoryview(self._decoded(data, final=self._ended).encode("utf-8", "surrogatepass"))
            if self._ended and self._replaced and self._on_note is not None:
                self._on_note(f"{self._name}: {undecodable_note(self.label, self._replaced)}")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def _decoded(self, data: bytes, final: bool) -> str:
        """``data`` decoded after what the decoder holds, each undecodable sequence marked
        (``_marked``) and counted, in one pass however many there are."""
        text = self._decoder.decode(data, final)
        self._replaced += text.count(_MARK)
        return text


def numbered_records(names: Iterable[str], limit: int | None = None, on_error: Callable[[str], None] | None = None,
                     on_note: Callable[[str], None] | None = None) -> Iterator[Numbered]:
    """Every non-blank line of every input (``-`` is stdin), in order, each with its input's name
    and its line number there, for messages; a blank line is no record.

    A line longer than ``limit`` bytes (its line end aside) is skipped as it is read, never held
    whole, and an ``Unread`` is yielded in its place, so that it can still be counted and
    answered. An input in UTF-16 or UTF-32 (a byte-order mark says which) is read as UTF-8, so
    ``limit`` counts its bytes in UTF-8; that it was, and how many undecodable byte sequences in
    it became U+FFFD, is said to ``on_note``, and a line that held some is a ``Repaired``. An
    input that cannot be opened, or whose compressed data is damaged, is passed to ``on_error``
    with a message (the records read before the damage have been yielded) and the next input is
    read; without ``on_error`` it raises InputError.
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
            stream = _readable(raw, name, on_note)
            yield from _numbered_lines(name, stream, limit, _transcoded_from(stream))
        except (EOFError, OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError, without an errno
            if isinstance(exc, OSError) and exc.errno is not None:  # the device or the file system failed
                message = f"{name}: cannot read: {exc.strerror}; the records before it were read"
            else:
                message = f"{name}: damaged compressed data ({exc}); the records before it were read"
            if on_error is None:
                raise InputError(message) from None
            on_error(message)
        except InputError as exc:  # an encoding it cannot be read in (_readable)
            if on_error is None:
                raise
            on_error(str(exc))
        finally:
            if name != "-":
                raw.close()


def _transcoded_from(stream: BinaryIO) -> str | None:
    """The encoding (UTF-16, UTF-32) that ``_readable`` transcoded ``stream`` from, if any."""
    raw = getattr(stream, "raw", None)
    return raw.label if isinstance(raw, _Transcoded) else None


def _unmarked(line: bytes, encoding: str | None) -> bytes:
    """A line of an input transcoded from ``encoding`` with its marks of undecodable sequences
    made U+FFFD, as a ``Repaired`` line that counts them when it held any."""
    if encoding is None or _MARK_BYTES not in line:
        return line
    return Repaired(line.replace(_MARK_BYTES, _REPLACEMENT_BYTES), line.count(_MARK_BYTES), encoding)


def _numbered_lines(name: str, stream: BinaryIO, limit: int | None, encoding: str | None) -> Iterator[Numbered]:
    """The lines of ``stream``, which ``_readable`` transcoded from ``encoding`` if not None."""
    line_no = 0
    while True:
        line = stream.readline() if limit is None else stream.readline(limit + 2)  # room for CRLF
        if not line:
            return
        line_no += 1
        if limit is not None and len(line.rstrip(b"\r\n")) > limit:
            size, head = len(line), bytes(_unmarked(line[:HEAD_BYTES], encoding))  # its fields only are read
            while not line.endswith(b"\n"):  # the rest of the line, a piece at a time
                line = stream.readline(1 << 20)
                if not line:
                    break
                size += len(line)
            yield name, line_no, Unread(size, head)
        elif line.strip():
            yield name, line_no, _unmarked(line, encoding)


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
