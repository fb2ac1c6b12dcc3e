"""Whether a page is a discussion, whose replies are its content, or an article with its
comments: what the page declares itself, and the shape of a forum thread that declares nothing.

A page may declare itself a discussion in schema.org's vocabulary, a question and its answers or
a forum thread, in a JSON-LD script or in its microdata (``declared_discussion``): the extractor
is then asked for its comments, and its replies are not read as an article's comments. A page
that declares an article (``declared_article``), or marks the one article the extractor read
(``in_marked_article``), is an article, and its comments are comments whatever their shape. A
thread that declares nothing shows its posters' member cards in the cleaned region
(``reads_as_thread``). Apart from the extraction and the choice between the readings, which ask
it: what changes here is how pages say what they are.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from lxml import etree

from cleaner.config import Config
from cleaner.model import Decision, Verdict
from cleaner.pagetext import layout
from cleaner.readings import line_key
from cleaner.wordcount import word_count

if TYPE_CHECKING:
    from lxml.html import HtmlElement


# A page that declares itself a discussion in schema.org's vocabulary: a question and its answers
# (QAPage) or a forum thread (DiscussionForumPosting). Its replies are the content a reader came
# for, where an article's comments are not: an article declares itself an Article, its comments
# as Comment.
DISCUSSIONS = {"QAPage": "a question and its answers", "DiscussionForumPosting": "a forum thread"}
_DISCUSSION_TYPE = re.compile(rf"(?:^|[/:#])({'|'.join(DISCUSSIONS)})$")  # with any vocabulary prefix
# The article types (schema.org's Article and the kinds of it pages declare): a page that declares
# one beside a discussion is an article with its comments.
_ARTICLE_TYPE = re.compile(r"(?:^|[/:#])(?:\w*Article|BlogPosting|Report)$")
# A JSON-LD script, found in the page's markup: ``declared_article`` is asked once the page's text
# is read (``pagetext.read_page``), which takes the scripts out of the parsed tree. A script's
# opening tag is read up to 2,000 characters, and each closing tag is sought once: the markup is
# read in one pass, however many tags are left open. The type's "+" may be written as a character
# reference ("ld&#x2B;json"), as the parser reads it.
_SCRIPT_OPEN = re.compile(r"<script\b[^<>]{0,2000}>", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</script\s*>", re.IGNORECASE)
_JSON_LD_TYPE = re.compile(r"ld(?:\+|&#x0*2b;?|&#0*43;?|&plus;)json", re.IGNORECASE)
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
    declares nothing. The JSON-LD is read from ``html`` (``_declared_types``), the microdata from
    ``tree``.
    """
    if tree is None or not any(name in html for name in DISCUSSIONS):  # most pages: no walk of the tree
        return None
    names = list(_declared_types(html))
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


def _declared_types(html: str) -> Iterator[str]:
    """The types the page's JSON-LD scripts declare (``_json_ld_types``), read from its markup."""
    return (name for script in _json_ld_scripts(html) for name in _json_ld_types(script))


def _json_ld_scripts(html: str) -> Iterator[str]:
    """The text of each JSON-LD script in the markup, in one pass over it."""
    at = 0
    while (opened := _SCRIPT_OPEN.search(html, at)) is not None:
        closed = _SCRIPT_CLOSE.search(html, opened.end())
        if closed is None:
            return  # no script after this one is closed either
        if _JSON_LD_TYPE.search(opened.group()):
            yield html[opened.end():closed.start()]
        at = closed.end()


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


def declared_article(html: str) -> bool:
    """True when the page declares itself an article (a JSON-LD type of ``_ARTICLE_TYPE``): its
    comments are an article's, whatever shape they have. Read from the page's markup, as the
    parsed tree has lost its scripts once the page's text is read."""
    return any(map(_ARTICLE_TYPE.search, _declared_types(html)))


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
