"""Read an input file or stdin into text, with a clear error for what cannot be text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

BINARY_SHARE = 0.1  # this share of NUL/control bytes in the first 8 KiB means "not text"
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


class InputError(ValueError):
    """The input cannot be cleaned: missing, unreadable, empty or binary."""


def read_bytes(name: str) -> bytes:
    """The bytes of file ``name``, or of stdin for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    with open_binary(name) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def open_binary(name: str) -> BinaryIO:
    """File ``name`` opened for reading bytes, or an InputError that says why it cannot be."""
    try:
        return Path(name).open("rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """Decode UTF-8 (with or without BOM); bytes that are not UTF-8 are replaced and reported."""
    if not data.strip():
        raise InputError(f"{name}: empty input, nothing to clean")
    head = data[:8192]
    if sum(head.count(b) for b in _CONTROL) > BINARY_SHARE * len(head):
        raise InputError(f"{name}: looks like binary data, not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd") - data.count("\ufffd".encode())  # U+FFFD already in the input aside
        return text, [f"not valid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD"]


def read_text(name: str) -> tuple[str, list[str]]:
    """Text of ``name`` and notes for stderr."""
    return decode(read_bytes(name), name)
