"""Read an input file or stdin into text, with a clear error for what cannot be text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

BINARY_SHARE = 0.1  # this share of NUL/control bytes in the first 8 KiB means "not text"
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


class InputError(ValueError):
    """The input cannot be cleaned: missing, unreadable, empty or binary."""


def open_binary(name: str) -> BinaryIO:
    """File ``name`` opened for reading bytes, or stdin's bytes for ``-``."""
    if name == "-":
        return sys.stdin.buffer
    try:
        return Path(name).open("rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def read_bytes(name: str) -> bytes:
    """The bytes of file ``name``, or of stdin for ``-``."""
    stream = open_binary(name)
    try:
        return stream.read()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    finally:
        if name != "-":
            stream.close()


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode UTF-8 (with or without BOM); bytes that are not UTF-8 are replaced and reported."""
    if not data.strip():
        raise InputError(f"{name}: empty input, nothing to clean")
    head = data[:8192]
    if sum(head.count(b) for b in _CONTROL) > BINARY_SHARE * len(head):
        raise InputError(f"{name}: looks like binary data, not text")
    text, bad = decode_utf8(data)
    return text, [f"not valid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD"] if bad else []


def decode_utf8(data: bytes) -> tuple[str, int]:
    """UTF-8 text (a BOM dropped) and how many undecodable byte sequences became U+FFFD."""
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        return text, text.count("\ufffd") - data.count("\ufffd".encode())  # U+FFFD already in the input aside


def read_text(name: str) -> tuple[str, list[str]]:
    """Text of ``name`` and notes for stderr."""
    return decode(read_bytes(name), name)
