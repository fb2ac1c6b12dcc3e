"""Read an input file or stdin into text, with a clear error for what cannot be text."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import BinaryIO

# A lone surrogate: JSON's "\ud83d" escape without its pair (the parser joins the pairs). No
# UTF-8 writer takes one, so neither an output line nor a rule file can hold it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
BINARY_SHARE = 0.1  # this share of NUL/control bytes in the first 8 KiB means "not text"
_BINARY_MIN_BAD = 8  # fewer undecodable sequences are damage, however short the text
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))
_CONTROL_CHARS = dict.fromkeys(_CONTROL)  # str.translate table deleting the same characters
_ASCII = bytes(range(128))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DETECTION_SAMPLE = 1 << 20
_LATIN_HIGH_SHARE = 0.4  # at most this share of a Latin script's letters are outside ASCII
# Signs that cp1252 is the wrong reading: a symbol between two letters ("Za¿ó³æ" is Polish in
# cp1250, "lu»ou" Czech in ISO-8859-2), or three accented letters in a row ("Êîìàíäà" is Russian in
# cp1251); Western languages have neither. Š, Ž, Ÿ and ƒ inside a word count as symbols: cp1250's
# letters at their bytes are Central European. Œ and œ count only before a consonant: French
# writes "cœur", "sœur" and "vœu", Polish "ś" (their byte in cp1250) comes before no vowel
# ("wiadomości").
_IMPLAUSIBLE_CP1252 = re.compile(
    "[^\\W\\d_][\u00a1-\u00bf\u00d7\u00f7\u0160\u0161\u017d\u017e\u0178\u0192][^\\W\\d_]"
    "|[^\\W\\d_][\u0152\u0153][^\\W\\d_aeiouyAEIOUY\u00e0-\u00e5\u00e8-\u00ef\u00f2-\u00f6\u00f9-\u00fc]"
    "|[\u00c0-\u00ff]{3}")
_META_SNIFF = 4096
_UNDETECTED = "UTF-8 with undecodable bytes replaced with U+FFFD"  # no other encoding reads the bytes
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
# Byte-order marks, longest first (UTF-32's little-endian mark begins with UTF-16's), the codec
# that reads the rest, and the name said on stderr (none for UTF-8, the expected encoding).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", ""),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


# Files whose first bytes say what they are, none of them text: compressed data (a forgotten
# --jsonl on crawl.jsonl.gz) and PDF, whose first kilobytes can pass for text with control bytes.
_CONTAINERS = (
    (re.compile(rb"\x1f\x8b"), "gzip-compressed data"),
    (re.compile(rb"BZh[1-9]1AY&SY"), "bzip2-compressed data"),
    (re.compile(rb"\xfd7zXZ\x00"), "xz-compressed data"),
    (re.compile(rb"\x28\xb5\x2f\xfd"), "zstd-compressed data"),
    (re.compile(rb"PK\x03\x04"), "a zip archive"),
    (re.compile(rb"%PDF-"), "a PDF document"),
)


class InputError(ValueError):
    """The input cannot be cleaned: missing, unreadable, empty or binary."""


def open_binary(name: str) -> BinaryIO:
    """File ``name`` opened for reading bytes, or stdin's bytes for ``-``."""
    if name == "-":
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise InputError("cannot read the input: standard input is closed")
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


def decode(data: bytes, name: str, repairs: list[str] | None = None) -> tuple[str, list[str]]:
    """The text of ``data`` and notes for stderr on how it was read.

    Compressed data, archives and PDF documents, told by their first bytes, are refused with
    what they are. A byte-order mark names the encoding (UTF-8, UTF-16 or UTF-32). Without one, UTF-8 is
    expected: a few undecodable bytes among valid UTF-8 are damage, replaced with U+FFFD and
    counted; bytes that are not UTF-8 at all (no valid multi-byte sequence) are a legacy
    encoding, which is detected (charset_normalizer) and named. NUL characters are removed
    (``repaired_text``). What was done to the text (U+FFFD for damaged bytes, NULs removed) is said
    in ``repairs`` when given, else in the notes: a result's warnings carry it, as a JSONL
    record's do; how the bytes were read stays a note.
    """
    for magic, kind in _CONTAINERS:
        if magic.match(data):
            hint = "; decompress it first" if kind.endswith("compressed data") else ""
            hint += " (--jsonl reads gzip itself)" if kind.startswith("gzip") else ""
            raise InputError(f"{name}: {kind}, not text{hint}")
    notes: list[str] = []
    done = notes if repairs is None else repairs  # what was done to the text, as repaired_text says
    for bom, encoding, label in BOMS:
        if data.startswith(bom):
            text, bad = _decoded(data[len(bom):], encoding)
            notes += [f"read as {label} (byte-order mark)"] if label else []
            if bad:
                done.append(undecodable_note(label or "UTF-8", bad))
            if _looks_binary(text[:8192]) or _mostly_undecodable(text, bad):
                raise InputError(f"{name}: looks like binary data, not text")
            break
    else:
        head = data[:8192]
        if sum(head.count(b) for b in _CONTROL) > BINARY_SHARE * len(head):
            raise InputError(f"{name}: {_binary_kind(head)}")
        text, bad = decode_utf8(data)
        legacy = bool(bad) and _legacy_encoding(text, bad)
        detected = _detected(data, text) if legacy or _many_undecodable(text, bad) else (text, "utf-8", _UNDETECTED)
        if detected[2] == _UNDETECTED and _mostly_undecodable(text, bad):  # random bytes: no encoding reads them
            raise InputError(f"{name}: looks like binary data, not text ({bad} undecodable byte sequences)")
        if legacy or detected[2] != _UNDETECTED:
            text, codec, encoding = detected
            notes.append(f"not UTF-8: read as {encoding}")
            if replaced := _replaced(text, data, codec):
                done.append(f"{replaced} byte(s) that {codec} leaves undefined replaced with U+FFFD")
        elif bad:
            done.append(undecodable_note("UTF-8", bad))
    text = repaired_text(text, done)
    if not text.strip():
        raise InputError(f"{name}: empty input, nothing to clean")
    return text, notes


def undecodable_note(encoding: str, count: int) -> str:
    """What is said of ``count`` undecodable byte sequences replaced with U+FFFD in text read as
    ``encoding``: one wording for files, JSONL inputs and records."""
    return f"not valid {encoding}: {count} undecodable byte sequence(s) replaced with U+FFFD"


def _binary_kind(head: bytes) -> str:
    """What bytes with too many control bytes look like: UTF-32 or UTF-16 without its byte-order
    mark (a NUL in three bytes of every four, or in every other byte, on the same side: text in a
    Latin script), or binary data."""
    quarter = len(head) // 4
    nuls = [head[i::4].count(0) for i in range(4)]
    for order, zeros, chars in (("little", nuls[1:], nuls[0]), ("big", nuls[:3], nuls[3])):
        if quarter and min(zeros) >= 0.8 * quarter and chars < 0.1 * quarter:
            return without_mark("UTF-32", order)
    evens, odds = head[0::2].count(0), head[1::2].count(0)
    if max(evens, odds) >= 0.8 * (len(head) // 2) and min(evens, odds) < 0.1 * (len(head) // 2):
        return without_mark("UTF-16", "big" if evens > odds else "little")
    return "looks like binary data, not text"


def without_mark(encoding: str, order: str) -> str:
    """What is said of an input in UTF-16 or UTF-32 (``encoding``) of byte ``order`` (big, little)
    without its byte-order mark: it is refused, not read, as a few bytes do not prove an encoding
    (the byte order alone decides between English and a page of CJK ideographs)."""
    return f"looks like {encoding} ({order}-endian) without a byte-order mark; convert it to UTF-8, or add the mark"


def _looks_binary(text: str) -> bool:
    """Control characters (line ends and tabs aside) are more than BINARY_SHARE of ``text``."""
    controls = len(text) - len(text.translate(_CONTROL_CHARS))
    return controls > BINARY_SHARE * len(text)


def _many_undecodable(text: str, bad: int) -> bool:
    """Undecodable sequences (``bad`` of them, each now U+FFFD) are more than BINARY_SHARE of the
    text, and at least ``_BINARY_MIN_BAD``: text in another encoding, or no text. Damaged UTF-8
    has a few."""
    return bad >= _BINARY_MIN_BAD and bad > BINARY_SHARE * len(text)


def _mostly_undecodable(text: str, bad: int) -> bool:
    """``_many_undecodable``, and they outnumber the text's valid multi-byte characters four to
    one: random bytes, or text in another encoding whose bytes make a UTF-8 pair by chance (UTF-8
    with a footer in another encoding has many valid ones)."""
    if not _many_undecodable(text, bad):
        return False
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad
    return 4 * valid < bad


def _legacy_encoding(text: str, bad: int) -> bool:
    """True when UTF-8 decoding found undecodable bytes (``bad`` of them, each now U+FFFD) and
    no valid multi-byte character: the bytes are another encoding, not damaged UTF-8."""
    return len(text) - len(text.encode("ascii", "ignore")) == bad


def _detected(data: bytes, fallback: str) -> tuple[str, str, str]:
    """The text in the legacy encoding it is most likely in, that encoding's codec, and its name
    with how it was found.

    A web page's own ``<meta charset>`` is believed first, unless it names UTF-8, which the bytes
    were just found not to be; bytes its charset leaves undefined are counted. Text whose letters are mostly ASCII,
    with an accented letter or a typographic quote here and there, and that reads plausibly so,
    is a Western script: it is read as cp1252 (the web's default for such pages), as detectors
    misname short samples of it. Otherwise charset_normalizer names the encoding from the first
    megabyte.
    """
    declared = _declared_charset(data[:_META_SNIFF])
    declared = _BROWSERS_READ_AS.get(declared, declared) if declared is not None else None
    if declared is not None and declared != "utf-8":
        return data.decode(declared, errors="replace"), declared, f"{declared} (declared by the page)"
    sample = data[:_DETECTION_SAMPLE]
    high = len(sample.translate(None, _ASCII))
    letters = len(sample) - len(sample.translate(None, _ASCII_LETTERS)) + high
    if high <= _LATIN_HIGH_SHARE * letters:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = ""
        if text and _IMPLAUSIBLE_CP1252.search(text[:_DETECTION_SAMPLE]) is None:
            return text, "cp1252", "cp1252 (detected)"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return fallback, "utf-8", _UNDETECTED
    return data.decode(best.encoding, errors="replace"), best.encoding, f"{best.encoding} (detected)"


# Declared charsets that browsers read as another (the WHATWG Encoding Standard): ASCII and
# Latin-1 labels as windows-1252; a UTF-16 or UTF-32 label, found in ASCII bytes, cannot be true,
# and is read as UTF-8 (which the bytes were found not to be: the encoding is detected).
_BROWSERS_READ_AS = {"ascii": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252",
                     **dict.fromkeys(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"), "utf-8")}


def _replaced(text: str, data: bytes, codec: str) -> int:
    """How many U+FFFD reading ``data`` with ``codec`` put in ``text``: those of bytes the codec
    leaves undefined, not one the bytes themselves spell."""
    try:
        mark = "\ufffd".encode(codec, errors="ignore")
    except LookupError:
        mark = b""
    return max(text.count("\ufffd") - (data.count(mark) if mark else 0), 0)


def _declared_charset(head: bytes) -> str | None:
    """The encoding a page's ``<meta charset>`` (or http-equiv) names, when Python knows it."""
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_utf8(data: bytes) -> tuple[str, int]:
    """UTF-8 text (a BOM dropped) and how many undecodable byte sequences became U+FFFD."""
    return _decoded(data, "utf-8-sig")


def _decoded(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` in ``encoding``, and how many undecodable byte sequences became U+FFFD (those
    already in the input aside)."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, text.count("\ufffd") - data.count("\ufffd".encode(encoding.removesuffix("-sig")))


def repaired_text(text: str, warnings: list[str]) -> str:
    """The text with its NUL characters removed (a NUL is no text) and its lone surrogates replaced
    (``_without_lone_surrogates``), each change counted in ``warnings``: what is done to every
    document before it is cleaned, whether it comes from a file, a JSONL record or the API."""
    if "\x00" in text:
        warnings.append(f"{text.count(chr(0))} NUL character(s) removed")
        text = text.replace("\x00", "")
    return _without_lone_surrogates(text, warnings)


def _encodes(text: str) -> bool:
    """Whether ``text`` holds no lone surrogate: the encoder checks in C, several times faster
    than a pattern's search, and only a surrogate stops it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _without_lone_surrogates(text: str, warnings: list[str]) -> str:
    """The text with each lone surrogate (an escape such as ``"\\ud83d"`` without its pair: JSON's
    parser joins the pairs; or a str a program built from one) replaced with U+FFFD, as an
    undecodable byte in a file is, and the count in ``warnings``: no UTF-8 writer, and so no
    reader of the output, takes one, and the HTML parser stops reading the page at it. A pair
    written as two (``"\ud83d\ude00"`` in a str) is the one character it stands for."""
    if text.isascii() or _encodes(text):
        return text
    joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if _encodes(joined):
        return joined
    text, count = LONE_SURROGATE.subn("\ufffd", joined)
    warnings.append(f"{count} lone surrogate(s) replaced with U+FFFD")
    return text
