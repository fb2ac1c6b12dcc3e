"""The page as a browser shows it, as text: the second reading of every HTML page, beside the
extraction (``html``), in which the page-frame scorer seeks the article's region (see
api.Cleaner.clean_html).

html-text's layout, a block per line, menus and footers included (``page_text``), and the
reading the region is sought in: the page without its navigation, sidebars and footers, and its
code samples a line per line (``read_page``). The layout is html-text's, written by one loop of
this module's (``_write``) after its cleaning is done by lxml in C, for speed; the tests hold it
to html-text's own text. It reads the tree trafilatura parsed for the extraction wherever that
tree holds what html-text's own parse would (``_shown_tree``). Apart from the extraction, as
what changes here is how a page is laid out as text, not how its article is found.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import html_text
from lxml import etree

from cleaner.wordcount import WORD, word_count

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# What html-text's cleaner removes before it writes a page's text: elements a browser does not
# show as text, removed with their content (their tail text stays), and embedding elements whose
# fallback content it shows, removed without it. The same removals as its lxml Cleaner settings,
# done by lxml in C and without the Cleaner's copy of the tree: the page's text, byte for byte the
# same, in three quarters of the time.
_HIDDEN_ELEMENTS = ("script", "style", "link", "meta", "applet", "frame", "frameset", "noframes")
_EMBEDDING_TAGS = ("iframe", "embed", "layer", "object", "param")


# Characters trafilatura's parse deletes before libxml2 sees them (html-text's keeps them, and
# some are whitespace to it: "Tab\x0bbed" is two words there and one in trafilatura's tree).
_DELETED_BY_TRAFILATURA = (*map(chr, (*range(0x01, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20))), "\ufffe", "\uffff")


def _has_characters_trafilatura_deletes(html: str) -> bool:
    """Whether the page holds a character trafilatura deletes (``_DELETED_BY_TRAFILATURA``),
    asked of every HTML page: a search for each character alone runs in C at memory speed, five
    times faster than a pattern with their character class."""
    return any(character in html for character in _DELETED_BY_TRAFILATURA)


def _repaired_by_trafilatura(html: str) -> bool:
    """True when trafilatura edits the page's markup before parsing it: it takes a line among the
    first four that holds ``<html`` and ends in ``/>`` for a self-closing root and removes the
    first ``/>`` after ``<html``, which may close a script or a title instead."""
    return any("<html" in line and line.endswith("/>") for line in html[:4096].splitlines()[:4])


def page_text(html: str, tree: HtmlElement | None = None) -> str:
    """The whole page as text, a block per line, menus and footers included (html-text's layout).

    ``tree`` is the page's ``html.parse``, when the caller has it; its hidden elements are removed in
    place, so it is the tree's last reading. It is read only where it holds what html-text's own
    parse would: the whole document (not a fragment's body, as lxml returns for a page without
    ``<html>`` or a doctype) of a page without characters trafilatura deletes or markup it
    repairs. Elsewhere the page is parsed again.
    """
    try:
        return layout(_shown_tree(html, tree))
    except Exception:  # any parser failure on a broken page means no text, never a crash
        return ""


# The page's landmarks that hold no article: its navigation, its sidebars (HTML's "tangentially
# related" content) and its footers, where the site's links, teasers and small print sit.
_LANDMARKS = ("nav", "aside", "footer")


@dataclass(frozen=True, slots=True)
class PageText:
    """A page read as text for the region reading: its text without the landmarks that hold no
    article (``_LANDMARKS``), and those landmarks' own text, each laid out as the page's is."""

    body: str
    landmarks: str
    # The body's lines (0-based) that a <pre> element holds, written as the page shows them:
    # code, which no rule judges and which counts as nothing when the article's region is sought.
    code: frozenset[int] = frozenset()
    # The page's elements as the body was written from them (the landmarks emptied), for what
    # the page's markup tells and its text does not (``reviews``); None for a page not read.
    tree: HtmlElement | None = field(default=None, compare=False, repr=False)

    @property
    def visible_words(self) -> int:
        """The words the whole page shows, its landmarks' included."""
        return word_count(self.body) + word_count(self.landmarks)

    @property
    def words_at_most(self) -> int:
        """A bound on ``visible_words`` read from the texts' lengths alone: a word and the
        character after it take two."""
        return (len(self.body) + 1) // 2 + (len(self.landmarks) + 1) // 2

    @property
    def whole(self) -> str:
        """All the page's text, the landmarks' after the rest (for ``shop.sells_something``, as
        a shop's cart button may sit in a sidebar)."""
        return f"{self.body}\n{self.landmarks}" if self.landmarks else self.body


def read_page(html: str, tree: HtmlElement | None = None) -> PageText:
    """The page's text without its navigation, sidebars and footers, and theirs apart (``PageText``).

    The region reading looks for the article's run of prose in the first: a footer's links or a
    sidebar's teasers there made a region's edges and shifted the word counts it is compared by.
    Each landmark is emptied, not removed, so that the text on either side of it stays apart as
    the page shows it. A ``<pre>``'s text is written as the page shows it (``PageText.code``). A
    page with no text outside its landmarks (a fragment that is all footer) is read whole.
    ``tree`` as for ``page_text``; its landmarks are emptied in place too.
    """
    try:
        shown = _shown_tree(html, tree)
        outermost = [e for e in shown.iter(*_LANDMARKS)
                     if not any(a.tag in _LANDMARKS for a in e.iterancestors())]
        landmarks = "\n".join(text for e in outermost if (text := layout(e)))
        for element in outermost:
            element.clear(keep_tail=True)
        body, code = _layout_preformatted(shown)
        if WORD.search(body) or not landmarks:
            return PageText(body, landmarks, code, shown)
        return PageText(landmarks, "")
    except Exception:  # as page_text: a page the parser cannot read has no text
        return PageText("", "")


def _shown_tree(html: str, tree: HtmlElement | None) -> HtmlElement:
    """The page's tree with what a browser does not show as text removed (html-text's cleaning)."""
    if (tree is None or tree.getparent() is not None or _has_characters_trafilatura_deletes(html)
            or _repaired_by_trafilatura(html)):
        tree = html_text.parse_html(html)
    etree.strip_elements(tree, etree.Comment, etree.ProcessingInstruction, *_HIDDEN_ELEMENTS, with_tail=False)
    etree.strip_tags(tree, *_EMBEDDING_TAGS)
    return tree


_NEWLINE, _BLANK_LINE = 1, 2
_PUNCT_AFTER = re.compile(r'^[,:;.!?")]')  # no space before these
_ENDS_IN_SPACE = re.compile(r"\s$")


@functools.cache
def _layout_kinds() -> dict[str, int]:
    """Which tags html-text writes on a line of their own, and which after a blank line."""
    return {**dict.fromkeys(html_text.NEWLINE_TAGS, _NEWLINE),
            **dict.fromkeys(html_text.DOUBLE_NEWLINE_TAGS, _BLANK_LINE)}


def layout(tree: HtmlElement) -> str:
    """``html_text.etree_to_text(tree)`` with its default layout (``_write``)."""
    return "".join(_write(tree, [], preformatted=False)).strip()


def _layout_preformatted(tree: HtmlElement) -> tuple[str, frozenset[int]]:
    """``layout``, but the text of each ``<pre>`` written as the page shows it, a line per line
    with its indentation (html-text puts a code sample on one line, its spaces folded), and the
    lines (0-based) that text is on."""
    pre_chunks: list[int] = []
    chunks = _write(tree, pre_chunks, preformatted=True)
    text = "".join(chunks)
    if not pre_chunks:
        return text.strip(), frozenset()
    # The body starts at the line of its first shown character, so that a <pre> opening the page
    # keeps its first line's indentation (only a <pre>'s text can start a line with spaces).
    lead = text.rfind("\n", 0, len(text) - len(text.lstrip())) + 1
    body = text[lead:].rstrip()
    offsets = [0, *itertools.accumulate(map(len, chunks))]
    line_ends = [0, *itertools.accumulate(chunk.count("\n") for chunk in chunks)]  # before each chunk
    lead_ends = text.count("\n", 0, lead)
    code: set[int] = set()
    for k in pre_chunks:
        start, end = max(offsets[k], lead), min(offsets[k + 1], lead + len(body))  # offsets in text
        if start < end and not text[start:end].isspace():
            first = line_ends[k] - lead_ends if offsets[k] >= lead else 0
            code.update(range(first, first + text.count("\n", start, end) + 1))
    lines = body.split("\n")
    return body, frozenset(line for line in code if lines[line].strip())


def _write(tree: HtmlElement, pre_chunks: list[int], preformatted: bool) -> list[str]:
    """The pieces of ``html_text.etree_to_text(tree)`` with its default layout, written as one loop;
    with ``preformatted``, a ``<pre>``'s text as it is, the index of each such piece in ``pre_chunks``.

    The page's text is written on every HTML page, and html-text's walk calls two closures per
    element; this loop makes the same decisions inline, in a third less time. The tests compare
    page_text with html-text's extract_text, on both parses, on generated pages and on pages with
    every kind of element html-text treats apart.
    """
    chunks: list[str] = []
    append = chunks.append
    kind_of = _layout_kinds().get
    prev: int | str = _BLANK_LINE  # a line end just written, or the raw text of the last chunk
    inside_pre = 0  # how many <pre> elements hold the text being written, when ``preformatted``
    for event, element in etree.iterwalk(tree, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            raise TypeError(f"not an element: {tag!r}")  # as html-text's assertion fails
        if preformatted and tag == "pre":
            inside_pre += 1 if event == "start" else -1
        kind = kind_of(tag)
        if kind is not None and prev != _BLANK_LINE:
            if kind == _BLANK_LINE:
                append("\n" if prev == _NEWLINE else "\n\n")
                prev = _BLANK_LINE
            else:
                if prev != _NEWLINE:
                    append("\n")
                prev = _NEWLINE
        raw = element.text if event == "start" else None if element is tree else element.tail
        if raw and inside_pre:
            if "\r" in raw:  # one line end, as the cleaner splits lines
                raw = raw.replace("\r\n", "\n").replace("\r", "\n")
            if tag == "pre" and event == "start" and raw[0] == "\n":
                raw = raw[1:]  # a browser does not show the line break that opens a <pre>
            pre_chunks.append(len(chunks))
            append(raw)
            prev = raw
        elif raw:
            text = " ".join(raw.split())
            if text:
                if isinstance(prev, str) and (_ENDS_IN_SPACE.search(prev) or (
                        not _PUNCT_AFTER.match(text) and not prev.endswith("("))):
                    append(" ")
                append(text)
                prev = raw
    return chunks
