"""Read a corpus of JSON lines, one page per record, as (site, text) pairs, streaming.

A corpus is what crawlers and web archives write: one JSON object per line, the page's text in
one field and its address in ``url``. Files may be gzip-compressed (recognised by their first
bytes, so a compressed stdin works too). Records are read one at a time, so a corpus of any size
is read in constant memory. A line that is not a JSON object, or lacks the text field, is an
error naming the file and the line: a silently skipped record would make every count wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from cleaner.jsonl import MAX_DEPTH, nested_too_deeply, numbered_records
from cleaner.textio import InputError


class CorpusError(InputError):
    """The corpus cannot be read; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Page:
    """One record: its site (None when its host is unknown) and its text."""

    site: str | None
    text: str


def host_of(url: str) -> str | None:
    """The lower-case host name of ``url`` without a leading ``www.``; None when it has none."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # a malformed address ("http://[::1") has no host to group by
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") and len(host) > 4 else host


def read_pages(names: list[str], field: str, by_host: bool, on_note: Callable[[str], None] | None = None
               ) -> Iterator[Page]:
    """The pages of each file in turn (``-`` for stdin); with ``by_host``, each with its host.
    How a file was read (UTF-16 or UTF-32, by its byte-order mark) is said to ``on_note``.

    Raises InputError for a file that cannot be opened, and CorpusError, one of them, for a line
    that is not a JSON object, a record without the text field or with a value of the wrong type.
    """
    for name, line_no, raw in numbered_records(names, on_note=on_note):
        assert isinstance(raw, bytes)  # lines are read whole: no size limit was given
        yield _page(raw, name, line_no, field, by_host)


def _page(raw: bytes, name: str, line_no: int, field: str, by_host: bool) -> Page:
    where = f"{'<stdin>' if name == '-' else name}:{line_no}"
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(f"{where}: not UTF-8") from None
    if nested_too_deeply(line):
        raise CorpusError(f"{where}: not JSON (nested more than {MAX_DEPTH} levels deep)")
    try:
        record = json.loads(line)
    except ValueError as exc:
        detail = f"{exc.msg}: column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise CorpusError(f"{where}: not JSON ({detail})") from None
    if not isinstance(record, dict):
        raise CorpusError(f"{where}: a record must be a JSON object, found {type(record).__name__}")
    if field not in record:
        raise CorpusError(f"{where}: the record has no field '{field}' (choose another with --field)")
    text = record[field]
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise CorpusError(f"{where}: field '{field}' must be text, found {type(text).__name__}")
    site = None
    if by_host:
        url = record.get("url")
        if url is not None and not isinstance(url, str):
            raise CorpusError(f"{where}: field 'url' must be text, found {type(url).__name__}")
        site = host_of(url) if url else None
    return Page(site, text)
