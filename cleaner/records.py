"""JSONL records: clean one field of each record, keep every other field and the order.

A record that cannot be cleaned is never dropped: it is written out unchanged with an error
field, so that a stream has as many records out as in. A line that is not a JSON object cannot
carry a field, so it is wrapped: ``{"cleaner_error": ..., "cleaner_raw": the line}``. The
fields the cleaner adds are its own: they are removed from a record before it is cleaned again.
"""

from __future__ import annotations

import dataclasses
import json

from cleaner.api import Cleaner
from cleaner.document import DocumentOptions, clean_document
from cleaner.html import ExtractionTimeout
from cleaner.model import Result
from cleaner.stats import RunStats
from cleaner.textio import decode_utf8

ERROR_FIELD = "cleaner_error"  # why the record was passed on unchanged
FLAG_FIELD = "cleaner_flag"  # the safety net's flag: empty, removed_too_much or passed_through
WARNINGS_FIELD = "cleaner_warnings"  # what the reader should know: bytes replaced, a rule timed out
RAW_FIELD = "cleaner_raw"  # a line that is not a JSON object, as it was read
OWN_FIELDS = (ERROR_FIELD, FLAG_FIELD, WARNINGS_FIELD)


@dataclasses.dataclass(frozen=True, slots=True)
class RecordOptions:
    """Which field holds the text, and how that text is read."""

    field: str = "text"
    document: DocumentOptions = dataclasses.field(default_factory=DocumentOptions)
    max_chars: int | None = None  # a longer field is not cleaned (the record goes out with an error)


class _Unclean(Exception):
    """The record cannot be cleaned: ``cause`` counts it, the message goes in its error field."""

    def __init__(self, cause: str, message: str) -> None:
        super().__init__(message)
        self.cause = cause


def clean_record(line: bytes, cleaner: Cleaner, options: RecordOptions, stats: RunStats) -> bytes:
    """One JSON line in, one JSON line out (with its line end); counts it in ``stats``."""
    text, replaced = decode_utf8(line)
    text = text.rstrip("\r\n")
    warnings = [f"not valid UTF-8: {replaced} undecodable byte sequence(s) replaced with U+FFFD"] if replaced else []
    try:
        record = _parse(text)
    except _Unclean as exc:
        stats.add_failure(exc.cause, len(line))
        return _dump({ERROR_FIELD: str(exc), RAW_FIELD: text})
    for own in OWN_FIELDS:
        record.pop(own, None)
    try:
        value = _field(record, options.field, options.max_chars)
        result = _clean(cleaner, value, options)
    except _Unclean as exc:
        stats.add_failure(exc.cause, len(line))
        record[ERROR_FIELD] = str(exc)
        if warnings:
            record[WARNINGS_FIELD] = warnings
        return _dump(record)
    stats.add_result(result, len(line))
    flag = result.flag
    # The text file's final line end is not the field's: a value without one gets none back.
    record[options.field] = result.text if value.endswith("\n") else result.text.removesuffix("\n")
    if flag:
        record[FLAG_FIELD] = flag
    warnings += result.warnings
    if warnings:
        record[WARNINGS_FIELD] = warnings
    return _dump(record)


def _parse(text: str) -> dict[str, object]:
    try:
        record = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise _Unclean("not JSON", f"not JSON: {detail}") from None
    if not isinstance(record, dict):
        raise _Unclean("not a JSON object", f"not a JSON object but {_kind(record)}")
    return record


def _field(record: dict[str, object], name: str, max_chars: int | None) -> str:
    value = record.get(name)
    if name not in record:
        raise _Unclean("field missing", f"no field '{name}'")
    if not isinstance(value, str):
        raise _Unclean("field not a string", f"field '{name}' is {_kind(value)}, not a string")
    if max_chars is not None and len(value) > max_chars:
        raise _Unclean("too large", f"field '{name}' holds more than {max_chars:,} characters, the most one "
                                    f"document may hold (--max-bytes)")
    return value


def _clean(cleaner: Cleaner, value: str, options: RecordOptions) -> Result:
    try:
        result = clean_document(cleaner, value, options.document)
    except ExtractionTimeout as exc:
        raise _Unclean("timeout", f"{exc}; the page was not cleaned") from None
    except Exception as exc:  # a fault of the cleaner's must not lose the record or stop the stream
        raise _Unclean("internal error", f"internal error: {type(exc).__name__}: {exc}") from None
    if result.reading == "none":
        causes = f" ({'; '.join(result.warnings)})" if result.warnings else ""
        raise _Unclean("no text in HTML", f"no text found in the HTML page{causes}")
    return result


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
