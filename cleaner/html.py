"""HTML input: the page is read twice, by an extractor (this module) and as a whole page of text
(``pagetext``); the cleaner cleans both readings and keeps the extraction unless the page's
article region reads the article better (``readings``) on a page that is not a shop's (``shop``);
see api.Cleaner.clean_html.

trafilatura extracts the article (comments off, unless the caller asks for them or, in
``clean_html``, the page declares itself a discussion: ``discussion.declared_discussion``;
headings, lists and tables kept) with the page's metadata; where it finds nothing, jusText's
paragraph classifier is the fallback, as in trafilatura's own chain. trafilatura and jusText
load with this module, and html-text with ``pagetext``: only a page read as HTML imports those,
so plain-text cleaning never loads them or lxml; and ``clean_html`` imports them before it sets
the page's time limit, which is for reading the page, not for loading code (``timelimit``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import justext
import trafilatura
import trafilatura.utils

# What is known of HTML input before a page is read lives in htmlinput (plain-text cleaning loads
# only that); the names stay importable from here, where they were first defined.
from cleaner.htmlinput import ANY_TAG as ANY_TAG
from cleaner.htmlinput import ExtractionTimeout as ExtractionTimeout
from cleaner.htmlinput import HtmlOptions as HtmlOptions
from cleaner.htmlinput import looks_like_html as looks_like_html
from cleaner.htmlinput import markup_read_as_text as markup_read_as_text
from cleaner.model import Metadata
from cleaner.wordcount import word_count

if TYPE_CHECKING:
    from lxml.html import HtmlElement


@dataclass(frozen=True, slots=True)
class Extraction:
    """The article text an extractor found, the page's metadata, and which extractor found it."""

    text: str
    metadata: Metadata
    extractor: str  # "trafilatura", "justext", or "none" when neither found any text
    failures: tuple[str, ...] = ()  # extractors that raised, with the exception's name: why "none"


def parse(html: str) -> HtmlElement | None:
    """The page's tree as trafilatura parses it, or None where it finds no page; parsed once and
    read by both the extractor (which works on its own copy) and ``pagetext.read_page``."""
    try:
        return trafilatura.load_html(html)
    except Exception:  # any parser failure on a broken page: each reading parses the text itself
        return None


TOO_DEEP = ("the page nests its elements more than 255 deep; the parser stopped there, and the text from "
            "that depth on, to the end of the page, was not read")


def parsed_too_deep() -> bool:
    """Whether the last ``parse`` met libxml2's nesting limit (255 levels without its "huge"
    option, which trafilatura's parser does not set): the text below that depth is then missing
    from both readings, and the result says so rather than lose it silently. Read from the
    parser's error log; False where trafilatura's parser is not found."""
    log = getattr(getattr(trafilatura.utils, "HTML_PARSER", None), "error_log", ())
    return any("Excessive depth" in entry.message for entry in log)


def extract(html: str, options: HtmlOptions | None = None, language: str = "English",
            again_when: Callable[[int], bool] | None = None, tree: HtmlElement | None = None) -> Extraction:
    """The article's text and the page's metadata; never raises on any input string.

    ``tree`` is the page's ``parse``, when the caller has it: trafilatura's first reading reads a
    copy of it instead of parsing the page again. The second parses the page, as ``again_when``
    may have read the tree with ``pagetext.read_page``, which changes it.

    With ``again_when``, trafilatura first runs without its fallback extractors (readability and
    jusText, which it otherwise runs on every page and which take a quarter of its time), and
    once more with them when ``again_when`` is true of the number of words it found: they
    rescue short extractions (forum threads, listings), and rarely change a long one.
    """
    options = options or HtmlOptions()
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are not the caller's
    document, failures = _trafilatura(html if tree is None else tree, options, fast=again_when is not None)
    text = _document_text(document)
    if again_when is not None and again_when(word_count(text)):
        # The metadata of the first reading stands; a second reading that fails leaves the first.
        full, full_failures = _trafilatura(html, dataclasses.replace(options, metadata=False), fast=False)
        full_text = _document_text(full)
        if full_text.strip() or not text.strip():
            text, failures = full_text, (*failures, *full_failures)
    metadata = Metadata(
        title=getattr(document, "title", None),
        author=getattr(document, "author", None),
        date=getattr(document, "date", None),
        sitename=getattr(document, "sitename", None),
        url=getattr(document, "url", None) or options.url,
    )
    if text.strip():
        return Extraction(text, metadata, "trafilatura")
    try:
        fallback = _justext_paragraphs(html, language)
    except Exception as exc:  # as above: a page jusText cannot parse has no text for it
        fallback, failures = "", (*failures, f"jusText: {type(exc).__name__}")
    return Extraction(fallback, metadata, "justext" if fallback.strip() else "none", failures)


def _document_text(document: object) -> str:
    """The text of trafilatura's document, its reader comments after the article as
    ``trafilatura.extract`` writes them: ``bare_extraction`` keeps the comments apart, and has
    them only when they were asked for (on a forum thread it may read them into the text)."""
    text = getattr(document, "text", None) or ""
    comments = getattr(document, "comments", None) or ""
    return f"{text}\n{comments}".strip() if comments.strip() else text


def _trafilatura(html: str | HtmlElement, options: HtmlOptions, fast: bool) -> tuple[object, tuple[str, ...]]:
    """trafilatura's document for the page (None when it found nothing), and its failure."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=options.url,
            fast=fast,
            include_comments=options.include_comments is True,  # None: resolved by the caller (clean_html)
            include_tables=options.include_tables,
            favor_precision=options.favor_precision,
            favor_recall=options.favor_recall,
            with_metadata=options.metadata,
        )
    except Exception as exc:  # any parser failure on a broken page means no extraction, never a crash
        return None, (f"trafilatura: {type(exc).__name__}",)
    return document, ()


def _justext_paragraphs(html: str, language: str) -> str:
    """jusText's good paragraphs, one per line; empty when it finds none."""
    paragraphs = justext.justext(html, justext.get_stoplist(language))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)
