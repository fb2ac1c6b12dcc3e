"""HTML input: the page is read twice, by an extractor and as a whole page of text; the cleaner
cleans both readings and keeps the extraction unless the page's article region reads the article
better (``region_replaces``) on a page that is not a shop's (``sells_something``); see
api.Cleaner.clean_html.

trafilatura extracts the article (comments off, unless the caller asks for them or, in
``clean_html``, the page declares itself a discussion: ``declared_discussion``; headings, lists
and tables kept) with the page's metadata; where it finds nothing, jusText's paragraph
classifier is the fallback, as in trafilatura's own chain. html-text's layout gives the whole
page as a browser shows it, for the page-frame scorer, without its navigation, sidebars and
footers and with its code samples a line per line (``read_page``). All three load with this
module, which only a page read as HTML imports, so plain-text cleaning never loads them or lxml; and
``clean_html`` imports it before it sets the page's time limit, which is for reading the page, not
for loading code (``timelimit``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import justext
import trafilatura
import trafilatura.utils
from lxml import etree

from cleaner.config import Config

# What is known of HTML input before a page is read lives in htmlinput (plain-text cleaning loads
# only that); the names stay importable from here, where they were first defined.
from cleaner.htmlinput import ANY_TAG as ANY_TAG
from cleaner.htmlinput import ExtractionTimeout as ExtractionTimeout
from cleaner.htmlinput import HtmlOptions as HtmlOptions
from cleaner.htmlinput import looks_like_html as looks_like_html
from cleaner.htmlinput import markup_read_as_text as markup_read_as_text
from cleaner.model import Decision, Metadata, Verdict
from cleaner.pagetext import layout
from cleaner.readings import line_key
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
    read by both the extractor (which works on its own copy) and ``read_page``."""
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
    may have read the tree with ``read_page``, which changes it.

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


# The rules that take a forum member card's lines (a poster's join date, post count, rank): the
# template prints one beside every post of a thread, and no article's text has them.
MEMBER_CARD_RULES = frozenset({"member-card", "member-card-label"})
# A thread's first post starts a few lines under its poster's card (name, rank, counts, post
# number, date): a card whose last line is this many lines above the first kept line is its poster's.
_CARD_REACH = 8
# A line of more words than this between two card lines is a post's text: the cards are two posts'.
_CARD_LINE_MAX_WORDS = 6
_CARD_LABEL_END = re.compile(r"[:\d]")


def reads_as_thread(decisions: Sequence[Decision]) -> bool:
    """True when a region, cleaned as an article with its comments, has the shape of a forum
    thread: the first post it kept stands right under its poster's member card, and at least two
    posts after its last kept line (the replies, which its cleaning took for an article's comment
    thread) show a card of the same labels. Forum software prints one card beside every post; an
    article's writer shows no commenter's card over it (an author box that gives a post count
    is one label, and a card needs two). ``decisions``: the cleaned region's."""
    kept = [i for i, d in enumerate(decisions) if d.verdict is not Verdict.DROP]
    if not kept:
        return False
    first, last = kept[0], kept[-1]
    cards = _member_cards(decisions)
    over_first = [labels for start, end, labels in cards if end < first <= end + _CARD_REACH]
    if not over_first or len(over_first[-1]) < 2:
        return False
    return sum(1 for start, _, labels in cards if start > last and labels == over_first[-1]) >= 2


def _member_cards(decisions: Sequence[Decision]) -> list[tuple[int, int, frozenset[str]]]:
    """The member cards among a cleaned region's lines: each card's first and last line and its
    labels ("posts", "joined"). A card's lines are those ``MEMBER_CARD_RULES`` took with no kept
    line and no line of more than ``_CARD_LINE_MAX_WORDS`` words between (a post's text)."""
    cards: list[tuple[int, int, frozenset[str]]] = []
    start = end = -1
    labels: set[str] = set()
    for i, d in enumerate(decisions):
        if d.reason in MEMBER_CARD_RULES:
            if start < 0:
                start = i
            end = i
            labels.add(_CARD_LABEL_END.split(d.text, maxsplit=1)[0].strip(" \t-–—•·*|").lower())
        elif start >= 0 and (d.verdict is not Verdict.DROP or len(d.text.split()) > _CARD_LINE_MAX_WORDS):
            cards.append((start, end, frozenset(labels)))
            start, labels = -1, set()
    if start >= 0:
        cards.append((start, end, frozenset(labels)))
    return cards


_JSON_LD_SCRIPT = re.compile(r"<script\b[^>]*ld\+json[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)


def declared_article(html: str) -> bool:
    """True when the page declares itself an article (a JSON-LD type of ``_ARTICLE_TYPE``): its
    comments are an article's, whatever shape they have. Read from the page's markup, as the
    parsed tree has lost its scripts once the page's text is read."""
    return any(_ARTICLE_TYPE.search(name) for script in _JSON_LD_SCRIPT.findall(html)
               for name in _json_ld_types(script))


# A page that declares itself a discussion in schema.org's vocabulary: a question and its answers
# (QAPage) or a forum thread (DiscussionForumPosting). Its replies are the content a reader came
# for, where an article's comments are not: an article declares itself an Article, its comments
# as Comment.
DISCUSSIONS = {"QAPage": "a question and its answers", "DiscussionForumPosting": "a forum thread"}
_DISCUSSION_TYPE = re.compile(rf"(?:^|[/:#])({'|'.join(DISCUSSIONS)})$")  # with any vocabulary prefix
# The article types (schema.org's Article and the kinds of it pages declare): a page that declares
# one beside a discussion is an article with its comments.
_ARTICLE_TYPE = re.compile(r"(?:^|[/:#])(?:\w*Article|BlogPosting|Report)$")
_JSON_LD = "//script[contains(translate(@type, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), " \
           "'ld+json')]/text()"
_JSON_LD_MAX_CHARS = 1 << 20  # a larger script is no page's description
# Microdata items inside no other item, a page's own (WebPage) wrapper aside; and what a reader
# sees of an element's text (a <noscript>'s too: forum software writes its thread there for
# readers without scripts).
_OUTERMOST_ITEMS = "//*[@itemscope and @itemtype][not(ancestor::*[@itemscope and @itemtype" \
                   " and not(contains(@itemtype, 'WebPage'))])]"
_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::template)]"


def declared_discussion(html: str, tree: HtmlElement | None) -> str | None:
    """The schema.org type by which the page (``html``, parsed as ``tree``) declares itself a
    discussion; None for any other page.

    Only the page's own type counts: a JSON-LD script's item, an item of its ``@graph`` or the
    ``mainEntity`` of either, not one nested elsewhere in it (a news article's ``subjectOf``); or
    a microdata item that is inside no other item (but the page's ``WebPage``) and holds a
    quarter of the page's visible text at least, not a sidebar's teaser or a product's
    questions. A page that writes of these types in its text (a guide to structured data)
    declares nothing.
    """
    if tree is None or not any(name in html for name in DISCUSSIONS):  # most pages: no walk of the tree
        return None
    names = [name for script in tree.xpath(_JSON_LD) for name in _json_ld_types(script)]
    if any(map(_ARTICLE_TYPE.search, names)):
        return None  # an article that describes its comments as a discussion: the article is the page
    declared = next((found.group(1) for found in map(_DISCUSSION_TYPE.search, names) if found), None)
    if declared is not None:
        return declared
    page_text: int | None = None
    for item in tree.xpath(_OUTERMOST_ITEMS):
        typed = next(filter(None, map(_DISCUSSION_TYPE.search, item.get("itemtype", "").split())), None)
        if typed is None:
            continue
        if page_text is None:
            page_text = _visible_chars(tree)
        if 4 * _visible_chars(item) >= page_text:
            return typed.group(1)
    return None


def _visible_chars(element: HtmlElement) -> int:
    """The characters of the element's text, its scripts, styles and templates left out, each
    piece's ends stripped."""
    return sum(len(text.strip()) for text in _compiled(_VISIBLE_TEXT)(element))


@functools.cache
def _compiled(path: str) -> Callable[[HtmlElement], list[str]]:
    """An XPath expression compiled once, for one called per element."""
    return etree.XPath(path)  # type: ignore[no-any-return]


def _json_ld_types(script: str) -> list[str]:
    """The types of a JSON-LD script's items (its own, its ``@graph``'s and either's
    ``mainEntity``), none where it is no JSON. Read as browsers and search engines read it:
    control characters inside its strings pass."""
    if len(script) > _JSON_LD_MAX_CHARS:
        return []
    script = script.strip()
    if script.startswith("<!--") and script.endswith("-->"):  # hidden from browsers of old, as some pages still do
        script = script[4:-3]
    try:
        data = json.loads(script, strict=False)
    except (ValueError, RecursionError):
        return []
    items = _json_objects(data)
    items += [node for item in items for node in _json_objects(item.get("@graph"))]
    items += [entity for item in items for entity in _json_objects(item.get("mainEntity"))]
    return [name for item in items for name in _types(item) if isinstance(name, str)]


def _types(item: dict[str, object]) -> list[object]:
    """A JSON-LD item's types: its ``@type``, one or a list."""
    types = item.get("@type")
    return types if isinstance(types, list) else [types]


def _json_objects(value: object) -> list[dict[str, object]]:
    """The JSON objects of a value that is one object or a list of them (JSON-LD writes either)."""
    return [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, dict)]


def in_marked_article(tree: HtmlElement | None, extracted: str, config: Config) -> bool:
    """True when the page marks one article (one outermost ``<article>`` or ``itemprop="articleBody"``)
    and it holds ``html_region_min_overlap`` of the extraction's words, by its lines: the page says
    where its article is, and the extractor read it. A page of teasers marks many articles."""
    if tree is None:
        return False
    marked = tree.xpath("//article | //*[@itemprop='articleBody']")
    within = set(marked)  # a set: a page of teasers may mark thousands
    outermost = [e for e in marked if not any(a in within for a in e.iterancestors())]
    if len(outermost) != 1:
        return False
    article = {line_key(line) for line in layout(outermost[0]).splitlines()}
    words = [(word_count(line), line_key(line) in article) for line in extracted.splitlines()]
    total = sum(n for n, _ in words)
    return total > 0 and sum(n for n, inside in words if inside) >= config.html_region_min_overlap * total
