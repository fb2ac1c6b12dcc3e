"""A shop page's customer reviews, found by the page's markup and taken out of its reading.

On a page with a cart button (``shop.has_cart_button``) the extractor's text often carries the
product's reviews after its description: readers' comments on the product, which trafilatura's
comment filter does not catch (it looks for comment sections). In the text alone a review reads
as any short paragraph does; in the markup the shop's software names each one
(``class="review"``, ``data-hook="review"``, ``itemprop="review"``, ``class="customer-review
js-review"``), with a name every review shares.

Found as the page's elements with a class (one of its words), ``itemprop`` or test hook that
names a review (not a "preview") and that another element shares: the outermost such elements,
none holding an ``<h1>``, the product's ``itemprop="description"`` or a table, are the reviews.
A line of the reading is a review's when the page, its reviews left out, does not show that
line (a product name that a review quotes, a feature a review's tag repeats, is still the
description's). The kept line right above them goes with them when it is a short heading that
names them ("Customer reviews"), not a count ("46971 Reviews").

Only on a shop's page, and one with a cart: elsewhere the same markup wraps an editor's review of
a product, a roundup's entries or a service's testimonials, which are the article, and an
editor's page prints "Buy now" and "In stock" in its price widgets.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from cleaner.config import Config
from cleaner.features import ends_as_sentence
from cleaner.htmlinput import REVIEWS
from cleaner.model import Result, Verdict
from cleaner.pagetext import layout
from cleaner.readings import line_key
from cleaner.render import removed_ratio, render

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_ATTRIBUTES = ("class", "itemprop", "data-hook", "data-testid")  # an id is one element's alone
_NAMES_A_REVIEW = re.compile(r"(?<!p)review", re.I)  # "okeReviews", "customer-review"; not "preview"
_TOKEN = re.compile(r"\w+")
_REVIEW_WORD = re.compile(r"reviews?", re.I)
_REVIEW_COUNT = re.compile(r"\d\s*(?:reviews?|ratings?)\b", re.I)
_HEADING_MAX_WORDS = 6


@functools.cache
def _candidates() -> Callable[[HtmlElement], list[HtmlElement]]:
    """An XPath selecting, in document order, the elements with "eview" or "EVIEW" in one of
    ``_ATTRIBUTES`` (compiled once, on the first page: lxml stays off the plain-text path)."""
    from lxml import etree

    test = " or ".join(f"contains(@{name}, '{part}')" for name in _ATTRIBUTES for part in ("eview", "EVIEW"))
    xpath: Callable[[HtmlElement], list[HtmlElement]] = etree.XPath(f".//*[{test}]")
    return xpath


def _names(element: HtmlElement) -> Iterator[tuple[str, str]]:
    """The names an element gives itself that name a review: each word of its class, the whole
    value of its other attributes."""
    for attribute in _ATTRIBUTES:
        value = element.get(attribute)
        if value and _NAMES_A_REVIEW.search(value):
            words = value.split() if attribute == "class" else [value]
            yield from ((attribute, word) for word in words if _NAMES_A_REVIEW.search(word))


def review_items(tree: HtmlElement) -> list[HtmlElement]:
    """The page's reviews, in document order: the outermost elements named as a review by a name
    another element shares, none holding the product's own text (``_holds_the_products_own``)."""
    named = [(element, set(_names(element))) for element in _candidates()(tree)]
    seen: set[tuple[str, str]] = set()
    shared: set[tuple[str, str]] = set()
    for _, names in named:
        shared |= names & seen
        seen |= names
    repeated = [element for element, names in named if names & shared]
    members = set(repeated)
    return [element for element in repeated
            if not any(ancestor in members for ancestor in element.iterancestors())
            and not _holds_the_products_own(element)]


def _holds_the_products_own(element: HtmlElement) -> bool:
    """Whether an element holds what a review never does: the page's headline (``<h1>``), the
    product's ``itemprop="description"`` or a table (the product's specifications)."""
    return any(element.find(path) is not None for path in (".//h1", ".//*[@itemprop='description']", ".//table"))


def review_lines(tree: HtmlElement) -> frozenset[str]:
    """The keys (``readings.line_key``) of the lines the page shows inside its reviews and nowhere
    else: the page is laid out again without them (on a copy), as ``pagetext.layout`` writes it."""
    if not review_items(tree):  # found once more on the copy: most shop pages have no reviews to copy for
        return frozenset()
    page = copy.deepcopy(tree)
    items = review_items(page)
    inside = {key for item in items for line in layout(item).splitlines() if (key := line_key(line))}
    for item in items:
        item.drop_tree()  # its tail stays: the text after it is the page's
    outside = {line_key(line) for line in layout(page).splitlines()}
    return frozenset(inside - outside)


def without_reviews(result: Result, keys: frozenset[str], config: Config) -> Result:
    """``result`` with its kept lines that are a review's (``keys``) dropped, each for
    ``REVIEWS``; unchanged when fewer than ``config.html_reviews_min_words_left`` words would be
    left (a page that is all reviews is a page of reviews, and its text is what it holds), and
    when the text was passed through uncleaned (a rule ran out of time)."""
    if not keys or result.passed_through:
        return result
    decisions = list(result.decisions)
    heading = None  # the last kept line, while it may head the reviews
    for k, d in enumerate(decisions):
        if line_key(d.output) in keys:  # a dropped line's output is "", no key: its reason stands
            decisions[k] = d.dropped(REVIEWS, "a customer review in the page's markup")
            if heading is not None:
                decisions[heading] = decisions[heading].dropped(REVIEWS, "the heading of the reviews")
        elif d.verdict is not Verdict.DROP:
            heading = k if _heads_reviews(d.output) else None
    text = render(decisions)
    if text == result.text or len(_TOKEN.findall(text)) < config.html_reviews_min_words_left:
        return result
    ratio = removed_ratio(decisions)
    return replace(result, text=text, decisions=tuple(decisions), removed_ratio=ratio,
                   removed_too_much=ratio > config.max_removed_ratio)


def _heads_reviews(line: str) -> bool:
    """A short line that names the reviews ("Customer reviews", "Reviews for this item (76)"),
    not a count of them ("46971 Reviews", which shops print beside the product's name)."""
    words = _TOKEN.findall(line)
    return (0 < len(words) <= _HEADING_MAX_WORDS and not ends_as_sentence(line.strip())
            and any(_REVIEW_WORD.fullmatch(word) for word in words) and not _REVIEW_COUNT.search(line))


__all__ = ["REVIEWS", "review_items", "review_lines", "without_reviews"]
