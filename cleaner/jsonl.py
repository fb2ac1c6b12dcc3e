"""JSONL input: the lines of files or stdin (gzip-compressed or not), in batches for workers."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from cleaner.textio import InputError, open_binary

GZIP_MAGIC = b"\x1f\x8b"
BATCH_RECORDS = 64  # records per batch sent to a worker
BATCH_BYTES = 4 << 20  # and no more bytes than this, unless one record is larger


def _decompressed(raw: BinaryIO) -> BinaryIO:
    """The stream itself, or its decompressed data when it is gzip (told by its first bytes, not
    its name: stdin has none)."""
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered)  # type: ignore[return-value]
    return buffered


def records(names: Iterable[str]) -> Iterator[bytes]:
    """Every non-blank line of every input (``-`` is stdin), in order; a blank line is no record.

    Raises InputError when an input cannot be opened or its compressed data is damaged (the
    records before the damage have been yielded).
    """
    return (line for _, _, line in numbered_records(names))


def numbered_records(names: Iterable[str]) -> Iterator[tuple[str, int, bytes]]:
    """``records``, each with its input's name and its line number there, for messages."""
    for name in names:
        raw = open_binary(name)
        try:
            for line_no, line in enumerate(_decompressed(raw), 1):
                if line.strip():
                    yield name, line_no, line
        except (EOFError, OSError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            raise InputError(f"{name}: damaged compressed data ({exc}); the records before it were read") from None
        finally:
            if name != "-":
                raw.close()


def batches(lines: Iterable[bytes], max_records: int = BATCH_RECORDS, max_bytes: int = BATCH_BYTES
            ) -> Iterator[list[bytes]]:
    """Consecutive lines grouped into batches of at most ``max_records`` lines and ``max_bytes``."""
    batch: list[bytes] = []
    size = 0
    for line in lines:
        if batch and (len(batch) >= max_records or size + len(line) > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(line)
        size += len(line)
    if batch:
        yield batch
