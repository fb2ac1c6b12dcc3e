"""What the command line and the API know of HTML input before a page is read: whether a text
is a web page (``looks_like_html``) or holds markup (``markup_read_as_text``), the options of the
HTML reading (``HtmlOptions``) and its time limit's exception. Plain-text cleaning imports only
this; the reading itself (``html``, ``pagetext``, ``readings``, ``discussion``, ``shop``,
``timelimit``) loads with the first page.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# A document is taken for a web page when, past a BOM, white space and comments, it opens with a
# tag or a doctype (or a line further on opens with ``<html`` or its doctype: a server's notice
# printed above the page), and names one of the tags only a whole page has. A fragment that merely
# opens with a tag (a README's ``<p align="center">``), or Markdown under a comment that writes of
# ``<head>`` and ``<body>``, is text; ``--input html`` reads it as HTML.
_OPENS_WITH_MARKUP = re.compile(r"\A\ufeff?\s*<(?:!doctype\s+html|!--|\?xml|[a-zA-Z][\w:-]*[\s>/])", re.I)
_LEADING_COMMENTS = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->[\s\ufeff]*)+", re.S)
_PAGE_OPENS_A_LINE = re.compile(r"^\s*<(?:!doctype\s+html|html)[\s>]", re.I | re.M)  # past a server's notice
_PAGE_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]", re.I)
_SNIFF_CHARS = 4096
# An HTML element's tag: a doctype over lines of plain text is no page (read as one, its lines
# would join), nor is it one when the text names a key or a type in angle brackets ("<Enter>").
_ELEMENT = re.compile(r"</?(?:html|head|body|title|meta|link|script|style|noscript|div|span|p|a|br|hr|img|"
                      r"h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|section|article|main|nav|header|"
                      r"footer|aside|form|input|button|label|select|pre|code|blockquote|em|strong|b|i|u|small|"
                      r"figure|figcaption|picture|source|iframe|svg|center|font)[\s>/]", re.I)


def looks_like_html(text: str) -> bool:
    """True when the text is a web page: it opens with markup, has a page's own tags and an
    element (not a doctype alone)."""
    head = text[:_SNIFF_CHARS]
    comments = _LEADING_COMMENTS.match(head)
    opening = head[comments.end():] if comments else head
    if comments and opening and not opening.startswith("<") and not _PAGE_OPENS_A_LINE.search(opening):
        return False  # text under a comment
    return bool(_OPENS_WITH_MARKUP.match(head)) and bool(_PAGE_TAG.search(head)) and _ELEMENT.search(text) is not None


# Some markup: a tag (<p>, <br/>, </div>, <a href=...>), a comment or a doctype. "<jane@example.com>"
# and "a<b" are not tags.
ANY_TAG = re.compile(r"<(?:[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|/[A-Za-z][\w:-]*\s*>|!--|!doctype)", re.I)
# Text that opens with a tag and holds this many in its opening is an HTML fragment (a corpus's
# body_html); a README's logo line has fewer, and extracted text (a tutorial's, with its code
# samples) opens with words.
_MARKUP_MIN_TAGS, _MARKUP_SNIFF_CHARS = 8, 1 << 16
# A short fragment has fewer: with every line opening with a tag, a few are enough (a README's
# logo line is followed by its Markdown).
_MARKUP_FEW_TAGS = 4
_CLOSING_TAG = re.compile(r"</[A-Za-z][\w:-]*\s*>")


def _all_lines_open_with_tags(head: str) -> bool:
    """Markup line by line, with no line of text or Markdown among them, and an element closed (a
    chat log's ``<alice> hi`` and a generic type's ``<T>`` open none)."""
    return _CLOSING_TAG.search(head) is not None and \
        all(line.lstrip().startswith("<") for line in head.splitlines() if line.strip())


def markup_read_as_text(text: str) -> str | None:
    """What to tell a caller who had ``text`` cleaned as text when it is an HTML page or a
    fragment of one (its tags stay in the output); None for text."""
    if looks_like_html(text):
        kind = "an HTML page"
    else:
        head = text[:_MARKUP_SNIFF_CHARS]
        if head.count("<") < _MARKUP_FEW_TAGS or not _OPENS_WITH_MARKUP.match(head):
            return None  # most texts: no pass of the tag pattern at all
        tags = sum(1 for _ in itertools.islice(ANY_TAG.finditer(head), _MARKUP_MIN_TAGS))
        if tags < _MARKUP_FEW_TAGS or (tags < _MARKUP_MIN_TAGS and not _all_lines_open_with_tags(head)):
            return None
        kind = "an HTML fragment"
    return f"the text looks like {kind} but was read as text, so its tags stay; read it as HTML " \
           f"(clean_html, --input html)"


# The name of the HTML reading's step that drops a shop page's customer reviews (``reviews``), in
# decisions and for --disable: the command line knows it before any page is read.
REVIEWS = "customer-reviews"


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    """What the extractor keeps; the defaults suit articles (the command line exposes each)."""

    # Reader comments are not the article: None reads them only on a page that declares itself a
    # discussion (a question and its answers, a forum thread), whose replies are its content;
    # True reads them on every page, False on none.
    include_comments: bool | None = None
    include_tables: bool = True
    favor_precision: bool = False  # trafilatura: drop more of what may be boilerplate
    favor_recall: bool = False  # trafilatura: keep more of what may be content
    url: str | None = None  # the page's address, when known: it helps the metadata
    metadata: bool = True  # read title, author, date and site name (the date search is most of the cost)


class ExtractionTimeout(BaseException):
    """Reading a page took longer than its time limit.

    A BaseException, as KeyboardInterrupt is: the extractors catch ``Exception`` in many places
    and would swallow the one moment the alarm fires, leaving the page unbounded.
    """
