"""One document, cleaned as its kind asks: the step shared by files, JSONL records and workers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cleaner.api import Cleaner
from cleaner.htmlinput import ANY_TAG, ExtractionTimeout, HtmlOptions, looks_like_html
from cleaner.model import Result

INPUT_KINDS = ("auto", "text", "page", "html")
DEFAULT_HTML_TIMEOUT = 30.0  # seconds to read one HTML page before it is given up as unusable


@dataclass(frozen=True, slots=True)
class DocumentOptions:
    """How to read a document: ``input`` is auto (markup is HTML, the rest text), text (an
    extractor's output), page (a whole page's text; the Cleaner needs ``Config(whole_page=True)``)
    or html; the HTML options and time limit apply to pages read as HTML."""

    input: str = "auto"
    html: HtmlOptions = field(default_factory=HtmlOptions)
    timeout: float | None = DEFAULT_HTML_TIMEOUT


def clean_document(cleaner: Cleaner, text: str, options: DocumentOptions) -> Result:
    """Clean ``text`` as ``options.input`` says.

    Raises ``htmlinput.ExtractionTimeout`` when a page takes longer than the time limit; a result
    whose ``reading`` is "none" means no text was found in a page. A forced ``input`` that does
    not fit the text (a page read as text, plain text read as HTML) is said in the warnings.
    """
    if options.input == "html" or (options.input == "auto" and looks_like_html(text)):
        result = cleaner.clean_html(text, options.html, options.timeout)
        if options.input == "html" and ANY_TAG.search(text) is None:
            return _warned(result, "the input has no markup but was read as HTML (--input html), which joins "
                                   "its lines; --input text reads it line by line")
        return result
    return cleaner.clean(text)  # which says so in its warnings when the text is markup


def _warned(result: Result, warning: str) -> Result:
    return replace(result, warnings=(*result.warnings, warning))


class Unusable(Exception):
    """A document that cannot be cleaned: a page past its time limit, or with no text at all.
    ``cause`` is the short name runs count it by."""

    def __init__(self, cause: str, message: str) -> None:
        super().__init__(message)
        self.cause = cause


def clean_usable(cleaner: Cleaner, text: str, options: DocumentOptions) -> Result:
    """``clean_document``, with the two ways a page can be unusable raised as ``Unusable``."""
    try:
        result = clean_document(cleaner, text, options)
    except ExtractionTimeout as exc:
        raise Unusable("timeout", f"{exc}; the page was not cleaned") from None
    if result.reading == "none":
        causes = f" ({'; '.join(result.warnings)})" if result.warnings else ""
        raise Unusable("no text in HTML", f"no text found in the HTML page{causes}")
    return result
