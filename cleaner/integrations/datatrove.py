"""A datatrove pipeline step that cleans each document's text with a ``Cleaner``.

It is a filter, as datatrove's C4 quality filter is: it rewrites ``Document.text`` and drops the
documents with nothing left, so the counts (``total``, ``forwarded``, ``dropped_<reason>``), the
timing and the optional exclusion writer are datatrove's own. Which rule or scorer removed how
many lines is recorded in the step's stats, and what the cleaner says about a document in its
metadata (keys starting with ``cleaner_``).

The step holds its settings only; the rules are loaded once per process, on construction (so a
bad rule folder fails where the pipeline is built) and on the first document in each worker,
so the step pickles as the executors need and no document waits for a load.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Literal, get_args

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
except ImportError as exc:  # pragma: no cover - the message is tested with datatrove hidden
    raise ImportError(
        "cleaner.integrations.datatrove needs datatrove: pip install 'datatrove>=0.10' orjson"
    ) from exc

from cleaner.api import Cleaner
from cleaner.config import Config
from cleaner.document import DocumentOptions, clean_document
from cleaner.htmlinput import ExtractionTimeout, HtmlOptions
from cleaner.model import PAGE_FIELDS, Result, Verdict
from cleaner.textio import repaired_text

InputKind = Literal["auto", "text", "page", "html"]
METADATA_PREFIX = "cleaner_"


@functools.lru_cache(maxsize=8)
def _load(rules_dir: str | None, disable: tuple[str, ...], config: Config, extra_rules: tuple[str, ...]) -> Cleaner:
    """One loaded Cleaner per process and setting: every step and task in a worker shares it."""
    return Cleaner.load(rules_dir, disable, config, extra_rules)


class CleanerFilter(BaseFilter):  # type: ignore[misc]  # datatrove ships no type information
    """Strips page boilerplate from each document's text; drops documents left empty.

    Args:
        rules_dir: a rule folder instead of the shipped rules.
        extra_rules: rule files or folders loaded besides (rules learned with ``cleaner learn``).
        disable: rule ids, rule categories or scorer names to switch off.
        config: the cleaner's thresholds (``cleaner.config.Config``).
        input_kind: what ``Document.text`` holds, as the command line's ``--input``: ``text``
            (an extractor's output, the default), ``page`` (a whole page as text), ``html`` (a web
            page, read with the document's ``url`` metadata) or ``auto`` (HTML when it is a page).
        html_options: what the HTML reading keeps; the page's title, author, date and site name
            are read (and stored in the metadata) only when ``metadata`` is set in them. Reader
            comments are read only on a page that declares itself a discussion, unless
            ``include_comments`` says True (every page) or False (none).
        html_timeout: seconds one HTML page may take; a slower page is dropped (``timeout``).
        drop_removed_too_much: also drop a document that lost more than
            ``config.max_removed_ratio`` of its text; by default it is kept and flagged.
        exclusion_writer: writes the dropped documents, with their original text, their
            ``filter_reason`` and the cleaner's metadata.
    """

    name = "🧹 cleaner"

    def __init__(
        self,
        rules_dir: str | Path | None = None,
        disable: Iterable[str] = (),
        config: Config | None = None,
        input_kind: InputKind = "text",
        html_options: HtmlOptions | None = None,
        html_timeout: float | None = 30.0,
        drop_removed_too_much: bool = False,
        exclusion_writer: DiskWriter | None = None,
        extra_rules: Iterable[str | Path] = (),
    ) -> None:
        super().__init__(exclusion_writer)
        if input_kind not in get_args(InputKind):
            raise ValueError(f"input_kind must be one of {', '.join(get_args(InputKind))}, not {input_kind!r}")
        config = config or Config()
        self.rules_dir = None if rules_dir is None else str(rules_dir)
        self.extra_rules = tuple(map(str, extra_rules))
        self.disable = tuple(sorted(set(disable)))
        self.config = replace(config, whole_page=True) if input_kind == "page" else config
        self.input_kind = input_kind
        self.html_options = html_options or HtmlOptions(metadata=False)
        self.html_timeout = html_timeout
        self.drop_removed_too_much = drop_removed_too_much
        _ = self.cleaner  # a bad rule folder or name fails here, not in every task

    @property
    def cleaner(self) -> Cleaner:
        """The loaded rules: once per process, however many tasks and documents it runs."""
        return _load(self.rules_dir, self.disable, self.config, self.extra_rules)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean ``doc.text`` in place; False (with the reason) when it is to be dropped.

        A dropped document keeps its original text, so the exclusion writer shows what was lost.
        """
        try:
            result = self._clean(doc)
        except ExtractionTimeout:
            self.stat_update("html-timeout")
            return _dropped(doc, "timeout")
        self._record(doc, result)
        if result.reading == "none":
            return _dropped(doc, "no_text")
        if result.is_empty:
            return _dropped(doc, "empty")
        if result.removed_too_much and self.drop_removed_too_much:
            return _dropped(doc, "removed_too_much")
        doc.text = result.text
        return True

    def _clean(self, doc: Document) -> Result:
        html = self.html_options
        url = doc.metadata.get("url")
        if html.url is None and isinstance(url, str):
            html = replace(html, url=url)
        return clean_document(self.cleaner, doc.text, DocumentOptions(self.input_kind, html, self.html_timeout))

    def _record(self, doc: Document, result: Result) -> None:
        """The result's line counts in the stats, and what it says about the document in its metadata."""
        lines: Counter[str] = Counter()
        for d in result.decisions:
            lines["line-total"] += 1
            lines["line-kept" if d.verdict is Verdict.KEEP else f"line-{d.verdict.value}-{d.reason}"] += 1
        for label, count in sorted(lines.items()):
            self.stat_update(label, value=count)
        self.stat_update("removed_ratio", value=result.removed_ratio)
        if result.removed_too_much:
            self.stat_update("removed_too_much")
        if result.warnings:
            self.stat_update("with_warnings")
        if result.reading != "text":
            self.stat_update(f"reading-{result.reading}")

        meta = doc.metadata
        meta[f"{METADATA_PREFIX}removed_ratio"] = round(result.removed_ratio, 4)
        meta[f"{METADATA_PREFIX}removed_too_much"] = result.removed_too_much
        meta[f"{METADATA_PREFIX}reading"] = result.reading
        if result.reading_reason:
            meta[f"{METADATA_PREFIX}reading_reason"] = result.reading_reason
        if result.flag:
            meta[f"{METADATA_PREFIX}flag"] = result.flag
        if result.warnings:
            meta[f"{METADATA_PREFIX}warnings"] = list(result.warnings)
        if result.metadata.bylines:
            meta[f"{METADATA_PREFIX}bylines"] = list(result.metadata.bylines)
        for name in PAGE_FIELDS:
            value = getattr(result.metadata, name)
            if value is not None:
                meta[f"{METADATA_PREFIX}{name}"] = value


def _dropped(doc: Document, reason: str) -> tuple[bool, str]:
    """The verdict on a dropped document, whose text stays as it came but for what no writer can
    write: its lone surrogates are replaced and its NULs removed, as the cleaner read it."""
    doc.text = repaired_text(doc.text, [])
    return False, reason
