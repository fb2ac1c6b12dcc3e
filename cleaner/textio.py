"""Read an input file or stdin into text, with a clear error for what cannot be text."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import BinaryIO

BINARY_SHARE = 0.1  # this share of NUL/control bytes in the first 8 KiB means "not text"
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))
_CONTROL_CHARS = dict.fromkeys(_CONTROL)  # str.translate table deleting the same characters
_ASCII = bytes(range(128))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DETECTION_SAMPLE = 1 << 20
_LATIN_HIGH_SHARE = 0.4  # at most this share of a Latin script's letters are outside ASCII
# Byte-order marks, longest first (UTF-32's little-endian mark begins with UTF-16's), the codec
# that reads the rest, and the name said on stderr (none for UTF-8, the expected encoding).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", ""),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


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


def read_bytes(name: str, limit: int | None = None) -> bytes:
    """The bytes of file ``name``, or of stdin for ``-``; more than ``limit`` bytes are an error,
    found by reading one byte past the limit, never the whole input."""
    stream = open_binary(name)
    try:
        data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise InputError(f"{name}: larger than {limit:,} bytes, the most one document may hold "
                             f"(--max-bytes)")
        return data
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    finally:
        if name != "-":
            stream.close()


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """The text of ``data`` and notes for stderr on how it was read.

    A byte-order mark names the encoding (UTF-8, UTF-16 or UTF-32). Without one, UTF-8 is
    expected: a few undecodable bytes among valid UTF-8 are damage, replaced with U+FFFD and
    counted; bytes that are not UTF-8 at all (no valid multi-byte sequence) are a legacy
    encoding, which is detected (charset_normalizer) and named. NUL characters are removed.
    """
    notes: list[str] = []
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            text, bad = _decoded(data[len(bom):], encoding)
            notes += [f"read as {label} (byte-order mark)"] if label else []
            if bad:
                notes.append(f"not valid {label or 'UTF-8'}: {bad} undecodable byte sequence(s) replaced with U+FFFD")
            if _looks_binary(text[:8192]):
                raise InputError(f"{name}: looks like binary data, not text")
            break
    else:
        head = data[:8192]
        if sum(head.count(b) for b in _CONTROL) > BINARY_SHARE * len(head):
            raise InputError(f"{name}: looks like binary data, not text")
        text, bad = decode_utf8(data)
        if bad and _legacy_encoding(text, bad):
            text, encoding = _detected(data, text)
            notes.append(f"not UTF-8: read as {encoding} (detected)")
        elif bad:
            notes.append(f"not valid UTF-8: {bad} undecodable byte sequence(s) replaced with U+FFFD")
    if "\x00" in text:
        notes.append(f"{text.count(chr(0))} NUL character(s) removed")
        text = text.replace("\x00", "")
    if not text.strip():
        raise InputError(f"{name}: empty input, nothing to clean")
    return text, notes


def _decoded(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` in ``encoding``, and how many undecodable byte sequences became U+FFFD."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, text.count("\ufffd") - data.count("\ufffd".encode(encoding))


def _looks_binary(text: str) -> bool:
    """Control characters (line ends and tabs aside) are more than BINARY_SHARE of ``text``."""
    controls = len(text) - len(text.translate(_CONTROL_CHARS))
    return controls > BINARY_SHARE * len(text)


def _legacy_encoding(text: str, bad: int) -> bool:
    """True when UTF-8 decoding found undecodable bytes (``bad`` of them, each now U+FFFD) and
    no valid multi-byte character: the bytes are another encoding, not damaged UTF-8."""
    return len(text) - len(text.encode("ascii", "ignore")) == bad


def _detected(data: bytes, fallback: str) -> tuple[str, str]:
    """The text in the legacy encoding it is most likely in, and that encoding's name.

    Text whose letters are mostly ASCII, with an accented letter or a typographic quote here and
    there, is a Latin script: it is read as cp1252 (the web's default for such pages) when every
    byte is defined there; detectors misname such short samples. Otherwise charset_normalizer
    names the encoding from the first megabyte.
    """
    sample = data[:_DETECTION_SAMPLE]
    high = len(sample.translate(None, _ASCII))
    letters = len(sample) - len(sample.translate(None, _ASCII_LETTERS)) + high
    if high <= _LATIN_HIGH_SHARE * letters:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return fallback, "UTF-8 with undecodable bytes replaced with U+FFFD"
    return data.decode(best.encoding, errors="replace"), best.encoding


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
