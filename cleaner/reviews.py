"""A shop page's customer reviews, found by the page's markup and taken out of its reading.

On a page that sells something (``html.sells_something``) the extractor's text often carries
the product's reviews after its description: readers' comments on the product, which the page
prints under every product and which trafilatura's comment filter does not catch (it looks for
comment sections). In the text alone a review reads as any short paragraph does; in the markup
the shop's software names each one (``class="review"``, ``data-hook="review"``,
``itemprop="review"``, ``class="customer-review js-review"``), the same name on every review.

Found as the page's elements whose class, id, ``itemprop`` or test hook names a review (not a
"preview") and that share that name with another element: the outermost such elements, none
holding the page's ``<h1>``, are the reviews. A line of the reading is a review's when every
line of the page with its text lies inside a review (a product name that a review quotes is
still the description's). Only on a shop's page: elsewhere the same markup wraps an editor's
review of a product, a roundup's entries or a service's testimonials, which are the article.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from cleaner.config import Config
from cleaner.html import layout, line_key
from cleaner.model import Result, Verdict
from cleaner.render import removed_ratio, render

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.html import HtmlElement

REVIEWS = "customer-reviews"  # the step's name in decisions and for --disable
_ATTRIBUTES = ("class", "id", "itemprop", "data-hook", "data-testid")
_NAMES_A_REVIEW = re.compile(r"(?<!p)review", re.I)  # "okeReviews", "customer-review"; not "preview"
_TOKEN = re.compile(r"\w+")


@functools.cache
def _candidates() -> Callable[[HtmlElement], list[HtmlElement]]:
    """An XPath selecting the elements with "eview" in one of ``_ATTRIBUTES`` (compiled once, on
    the first page: lxml stays off the plain-text path)."""
    from lxml import etree

    test = " or ".join(f"contains(@{name}, 'eview')" for name in _ATTRIBUTES)
    xpath: Callable[[HtmlElement], list[HtmlElement]] = etree.XPath(f".//*[{test}]")
    return xpath


def review_items(tree: HtmlElement) -> list[HtmlElement]:
    """The page's reviews: the outermost elements named as a review by a name another element
    shares, none holding an ``<h1>``."""
    named: list[tuple[HtmlElement, tuple[str, str]]] = []
    for element in _candidates()(tree):
        for attribute in _ATTRIBUTES:
            value = element.get(attribute)
            if value and _NAMES_A_REVIEW.search(value):
                named.append((element, (attribute, value)))
                break
    counts = Counter(name for _, name in named)
    repeated = {element for element, name in named if counts[name] >= 2}
    return [element for element in repeated
            if not any(ancestor in repeated for ancestor in element.iterancestors())
            and element.find(".//h1") is None]


def review_lines(tree: HtmlElement, page_text: str) -> frozenset[str]:
    """The keys (``html.line_key``) of the lines that the page shows only inside its reviews.

    ``page_text`` is the page's text as ``html.layout`` writes it from ``tree``; a line's key
    that occurs there more often than inside the reviews is a line of the page outside them too.
    """
    items = review_items(tree)
    if not items:
        return frozenset()
    inside = Counter(key for item in items for line in layout(item).splitlines() if (key := line_key(line)))
    everywhere = Counter(key for line in page_text.splitlines() if (key := line_key(line)) in inside)
    return frozenset(key for key, count in inside.items() if everywhere[key] <= count)


def without_reviews(result: Result, keys: frozenset[str], config: Config) -> Result:
    """``result`` with its kept lines that are a review's (``keys``) dropped, each for
    ``REVIEWS``; unchanged when fewer than ``config.html_reviews_min_words_left`` words would be
    left (a page that is all reviews is a page of reviews, and its text is what it holds)."""
    if not keys:
        return result
    decisions = list(result.decisions)
    for k, d in enumerate(decisions):
        if d.verdict is not Verdict.DROP and line_key(d.output) in keys:
            decisions[k] = d._replace(verdict=Verdict.DROP, reason=REVIEWS, score=1.0, output="",
                                      detail="a customer review in the page's markup")
    text = render(decisions)
    if text == result.text or len(_TOKEN.findall(text)) < config.html_reviews_min_words_left:
        return result
    ratio = removed_ratio(decisions)
    return replace(result, text=text, decisions=tuple(decisions), removed_ratio=ratio,
                   removed_too_much=ratio > config.max_removed_ratio)


__all__ = ["REVIEWS", "review_items", "review_lines", "without_reviews"]
