"""JSONL records: clean one field of each record, keep every other field and the order.

A record that cannot be cleaned is never dropped: it is written out unchanged with an error
field, so that a stream has as many records out as in. A line that is not a JSON object cannot
carry a field, so it is wrapped: ``{"cleaner_error": ..., "cleaner_raw": the line}``, which goes
out unchanged when it is cleaned again, its cause counted again; a line too long to be read
(``--max-bytes``) becomes ``{"cleaner_error": ...}``, after the fields that lie whole in its
opening bytes (``leading_fields``). The fields that say how the run went (error, flag,
warnings) are removed from any other record before it is cleaned again; those that
say what was taken out of the document or read from its page (bylines, reading, the page's
metadata) are kept, as the cleaned text no longer holds them.

Records are strict JSON (RFC 8259), so that what goes out can be read by any JSON reader:
``NaN``, ``Infinity``, numbers whose exponent overflows a double and integers of more than
4,300 digits are refused, objects nested deeper than
``MAX_DEPTH`` too (Python's parser would fail at a depth that depends on its caller's stack, so
the outcome would depend on ``-j``), and a repeated key is reported, its last value kept.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections import Counter

from cleaner.api import Cleaner
from cleaner.document import DocumentOptions, Unusable, clean_usable
from cleaner.htmlinput import looks_like_html
from cleaner.jsonl import MAX_DEPTH, Repaired, Unread, nested_too_deeply
from cleaner.model import PAGE_FIELDS, Result
from cleaner.stats import RunStats
from cleaner.textio import decode_utf8, repaired_text, undecodable_note

ERROR_FIELD = "cleaner_error"  # why the record was not cleaned
FLAG_FIELD = "cleaner_flag"  # the safety net's flag: empty, removed_too_much or passed_through
WARNINGS_FIELD = "cleaner_warnings"  # what the reader should know: bytes replaced, a rule timed out
RAW_FIELD = "cleaner_raw"  # a line that is not a JSON object, as it was read
NOT_JSON = "not JSON"  # the causes of a line that is no record: its error field begins with one
NOT_OBJECT = "not a JSON object"
TOO_LARGE = "too large"  # a line over --max-bytes, answered by its first fields and the error:
_TOO_LARGE_START, _TOO_LARGE_MARK = "a record of ", "more than one document may hold"
_SPACE = re.compile(r"[ \t\n\r]+")  # JSON's whitespace
_MEMBER_START = re.compile(r'[ \t\n\r]*"')
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
OWN_FIELDS = (ERROR_FIELD, FLAG_FIELD, WARNINGS_FIELD)  # said of this run: an earlier run's are dropped
# What the cleaner took out of the document or read from its page, so that nothing a reader needs
# is lost with the text it removed. Said of the document, not the run: a record cleaned again
# keeps an earlier run's, as its text no longer holds the bylines nor is a page.
BYLINES_FIELD = "cleaner_bylines"  # byline and dateline lines the rules removed, in text order
READING_FIELD = "cleaner_reading"  # a page read as HTML: which reading the text is (Result.reading)
REASON_FIELD = "cleaner_reading_reason"  # and why that reading was kept
# Every field the cleaner writes: none of them can be the field cleaned (--field).
CLEANER_FIELDS = (*OWN_FIELDS, RAW_FIELD, BYLINES_FIELD, READING_FIELD, REASON_FIELD,
                  *(f"cleaner_{name}" for name in PAGE_FIELDS))


@dataclasses.dataclass(frozen=True, slots=True)
class RecordOptions:
    """Which field holds the text, and how that text is read."""

    field: str = "text"
    document: DocumentOptions = dataclasses.field(default_factory=DocumentOptions)
    max_bytes: int | None = None  # a longer line was not read; its size came instead (jsonl.records)
    metadata_asked: bool = False  # --metadata: a record whose field is read as text is told it has none


class _Unclean(Exception):
    """The record cannot be cleaned: ``cause`` counts it, the message goes in its error field."""

    def __init__(self, cause: str, message: str) -> None:
        super().__init__(message)
        self.cause = cause


def clean_record(line: bytes | Unread, cleaner: Cleaner, options: RecordOptions, stats: RunStats) -> bytes:
    """One JSON line in, one JSON line out (with its line end); counts it in ``stats``.

    ``line`` is an ``Unread`` in place of a line too long to be read.
    """
    return clean_record_told(line, cleaner, options, stats)[0]


def clean_record_told(line: bytes | Unread, cleaner: Cleaner, options: RecordOptions, stats: RunStats
                      ) -> tuple[bytes, str | None]:
    """``clean_record``, and the error the record went out with (None when it was cleaned), for a
    message that says where in the input it was."""
    if isinstance(line, Unread):
        stats.add_failure(TOO_LARGE, line.size)
        error = (f"{_TOO_LARGE_START}{line.size:,} bytes, {_TOO_LARGE_MARK} "
                 f"({options.max_bytes or 0:,} bytes, --max-bytes); it was not read")
        warnings: list[str] = []
        fields = leading_fields(line.head, warnings)
        for own in OWN_FIELDS:
            fields.pop(own, None)
        if fields:
            error += f" past its first fields ({', '.join(fields)}), which go out as they came"
        return _dump({**fields, ERROR_FIELD: error, **({WARNINGS_FIELD: warnings} if warnings else {})}), error
    text, replaced = decode_utf8(line)
    text = text.rstrip("\r\n")
    warnings = _undecodable(line, replaced)
    try:
        record = _parse(text, warnings)
    except _Unclean as exc:
        stats.add_failure(exc.cause, len(line))
        return _dump({ERROR_FIELD: str(exc), RAW_FIELD: text, **({WARNINGS_FIELD: warnings} if warnings else {})}), \
            str(exc)
    cause = _earlier_error(record, options.field)
    if cause is not None:  # an earlier run's answer to a line that was no record: it stands as it was
        stats.add_failure(cause, len(line))
        if warnings:  # this run's, of a line the cleaner did not write so: after the earlier ones
            listed = record.get(WARNINGS_FIELD, [])
            record[WARNINGS_FIELD] = [*(listed if isinstance(listed, list) else [listed]), *warnings]
        return _dump(record), str(record[ERROR_FIELD])
    for own in OWN_FIELDS:
        record.pop(own, None)
    changed: list[str] = []  # what was done to the field's text: said only when that text goes out
    try:
        value = _field(record, options.field)
        value = repaired_text(value, changed)  # as in files
        result = _clean(cleaner, value, options)
    except _Unclean as exc:  # the record goes out as it came, its field untouched
        stats.add_failure(exc.cause, len(line))
        record[ERROR_FIELD] = str(exc)
        if warnings:
            record[WARNINGS_FIELD] = warnings
        return _dump(record), str(exc)
    warnings += changed
    stats.add_result(result, len(line))
    flag = result.flag
    # The text file's final line end is not the field's: a value without one gets none back.
    record[options.field] = result.text if value.endswith("\n") else result.text.removesuffix("\n")
    _add_document_fields(record, result, value, warnings)
    if flag:
        record[FLAG_FIELD] = flag
    warnings += result.warnings
    warnings += _no_metadata(record, result, options)
    if warnings:
        record[WARNINGS_FIELD] = warnings
    return _dump(record), None


def _no_metadata(record: dict[str, object], result: Result, options: RecordOptions) -> list[str]:
    """A warning for a record whose page metadata was asked for (``--metadata``) and whose field
    was read as text, not as a page: without it, the metadata fields would be missing unexplained.
    A record that carries an earlier reading of its page has that page's metadata already."""
    if not options.metadata_asked or result.reading != "text" or READING_FIELD in record:
        return []
    return [f"field '{options.field}' was read as text, not as an HTML page (--input {options.document.input}), "
            f"so it has no page metadata"]


def _undecodable(line: bytes, replaced: int) -> list[str]:
    """A warning for the undecodable byte sequences replaced with U+FFFD in the line: ``replaced``
    of UTF-8, or those of UTF-16 or UTF-32 that its input's transcoding replaced (``Repaired``)."""
    encoding = "UTF-8"
    if isinstance(line, Repaired):  # transcoded into valid UTF-8: ``replaced`` is 0
        encoding, replaced = line.encoding, line.replaced
    return [undecodable_note(encoding, replaced)] if replaced else []


def _add_document_fields(record: dict[str, object], result: Result, value: str, warnings: list[str]) -> None:
    """The bylines the result removed that the record does not list yet, after those it lists;
    for a page read as HTML, its reading, the reason for it and the page's metadata read. A
    reading an earlier run recorded stands unless the field is a page (``looks_like_html``, as
    ``--input auto`` tells one): ``--input html`` on text the cleaner wrote reads no page."""
    removed = dict.fromkeys(result.metadata.bylines)
    if removed:
        listed = record.get(BYLINES_FIELD, [])
        if not isinstance(listed, list):
            warnings.append(f"{BYLINES_FIELD} held {_kind(listed)}, not a list: it is now a list of that value, "
                            f"then the bylines removed")
            listed = [listed]
        record[BYLINES_FIELD] = [*listed, *(line for line in removed if line not in listed)]
    if result.reading != "text" and (READING_FIELD not in record or looks_like_html(value)):
        record[READING_FIELD] = result.reading
        record[REASON_FIELD] = result.reading_reason
        for name in PAGE_FIELDS:  # an earlier reading's metadata is of another reading of the page
            record.pop(f"cleaner_{name}", None)
            page_value = getattr(result.metadata, name)
            if page_value is not None:
                record[f"cleaner_{name}"] = page_value


def _earlier_error(record: dict[str, object], field: str) -> str | None:
    """The cause of the error record an earlier run wrote for a line it could not read: one that
    was no record (the line in ``RAW_FIELD``, no field to clean, an error that names the cause),
    or one too long (its first fields, perhaps the field itself, and the error naming the
    limit); None for any other record. Its error is the line's, not this run's: cleaned again, it
    would be "no field", or its first fields taken for the whole record."""
    error = record.get(ERROR_FIELD)
    if not isinstance(error, str):
        return None
    if error.startswith(_TOO_LARGE_START) and _TOO_LARGE_MARK in error:
        return TOO_LARGE
    if field in record or not isinstance(record.get(RAW_FIELD), str):
        return None
    return next((cause for cause in (NOT_OBJECT, NOT_JSON) if error.startswith(cause)), None)


def leading_fields(head: bytes, warnings: list[str] | None = None) -> dict[str, object]:
    """The members of a JSON object that lie whole in ``head``, the opening bytes of a record too
    long to be read, up to the first that does not (or is not strict JSON): a record's id and
    other short fields usually come before its text, and let the error record be joined back.
    A repeated key keeps its last value, as in a record read whole, and is added to ``warnings``."""
    said = [] if warnings is None else warnings
    return _record_of(_leading_members(head, said), said)


def _leading_members(head: bytes, warnings: list[str]) -> list[tuple[str, object]]:
    """The key and value of each member that lies whole in ``head`` (``leading_fields``), in
    order; a key repeated inside one of their values is added to ``warnings``."""
    text = decode_utf8(head)[0]
    if nested_too_deeply(text):
        return []
    inside: list[str] = []  # of the value being read: said only when its member is kept
    decoder = json.JSONDecoder(object_pairs_hook=lambda items: _record_of(items, inside),
                               parse_constant=_refuse_constant, parse_float=_finite)
    members: list[tuple[str, object]] = []
    pos = _after_space(text, 0)
    if text[pos:pos + 1] != "{":
        return []
    while True:
        inside.clear()
        member = _MEMBER_START.match(text, pos + 1)  # after "{" or ",": whitespace, the key's quote
        if member is None:
            return members
        try:
            key, pos = decoder.raw_decode(text, member.end() - 1)
            colon = _COLON.match(text, pos)
            if colon is None:
                return members
            value, pos = decoder.raw_decode(text, colon.end())
        except (ValueError, RecursionError):  # cut off by the head's end, or not strict JSON
            return members
        pos = _after_space(text, pos)
        if text[pos:pos + 1] not in (",", "}"):  # a number the head's end may have cut short
            return members
        members.append((key, value))
        warnings += inside
        if text[pos] == "}":
            return members


def _after_space(text: str, pos: int) -> int:
    """The position of the first character at or after ``pos`` that is not JSON whitespace."""
    space = _SPACE.match(text, pos)
    return space.end() if space else pos


def _parse(text: str, warnings: list[str]) -> dict[str, object]:
    """The record, strict JSON; a repeated key is added to ``warnings``."""
    if nested_too_deeply(text):
        raise _Unclean(NOT_JSON, f"{NOT_JSON}: nested more than {MAX_DEPTH} levels deep")

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        return _record_of(items, warnings)

    try:
        record = json.loads(text, object_pairs_hook=pairs, parse_constant=_refuse_constant, parse_float=_finite)
    except ValueError as exc:  # JSONDecodeError, _NotStrict, an integer past Python's digit limit
        detail = f"{exc.msg}: column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        if isinstance(exc, json.JSONDecodeError) and "\r" in text:
            detail += " (lines must end with LF; this one holds a lone CR)"
        raise _Unclean(NOT_JSON, f"{NOT_JSON}: {detail}") from None
    if not isinstance(record, dict):
        raise _Unclean(NOT_OBJECT, f"{NOT_OBJECT} but {_kind(record)}")
    return record


def _record_of(items: list[tuple[str, object]], warnings: list[str]) -> dict[str, object]:
    """A JSON object's members as a dict: a repeated key keeps its last value, as ``json.loads``
    has it, and is added to ``warnings``, so that the values lost are not lost silently."""
    record = dict(items)
    if len(record) < len(items):
        repeated = sorted(key for key, n in Counter(key for key, _ in items).items() if n > 1)
        warnings.append(f"repeated key(s) {', '.join(map(repr, repeated))}: the last value kept")
    return record


class _NotStrict(ValueError):
    """A value JSON allows only in JavaScript's reading of it."""


def _refuse_constant(name: str) -> float:
    raise _NotStrict(f"{name} is not a JSON number")


def _finite(literal: str) -> float:
    value = float(literal)
    if math.isinf(value):
        raise _NotStrict(f"the number {literal[:40]} is too large for a double")
    return value


def _field(record: dict[str, object], name: str) -> str:
    value = record.get(name)
    if name not in record:
        raise _Unclean("field missing", f"no field '{name}'")
    if not isinstance(value, str):
        raise _Unclean("field not a string", f"field '{name}' is {_kind(value)}, not a string")
    return value


def _clean(cleaner: Cleaner, value: str, options: RecordOptions) -> Result:
    try:
        return clean_usable(cleaner, value, options.document)
    except Unusable as exc:
        raise _Unclean(exc.cause, str(exc)) from None
    except MemoryError:  # the next record may fit: this one is marked, and the stream goes on
        raise _Unclean("out of memory", f"out of memory cleaning this record's {len(value):,} characters") from None
    except Exception as exc:  # a fault of the cleaner's must not lose the record or stop the stream
        raise _Unclean("internal error", f"internal error: {type(exc).__name__}: {exc}") from None


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null",
             int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _dump(record: dict[str, object]) -> bytes:
    """The record as one UTF-8 JSON line. A string holding a lone surrogate (``"\\ud800"`` in the
    input) cannot be written as UTF-8, so such a record is written with ASCII escapes."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record) + "\n").encode("ascii")
