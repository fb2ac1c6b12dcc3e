"""Learn each site's template lines from its pages: lines that recur outside the article.

The cleaning policy calls boilerplate what "would appear, unchanged, on many other pages of the
same site". With many pages of one site at hand that can be counted instead of guessed: a
line on most of a site's pages is the site's template. But a site also repeats its own
content headings ("Ingredients", "Specifications") and, on near-copies of one page, whole
passages, so a line is learned only with evidence that it sits around the article, not in it:

* it is short and not prose (a body paragraph is never template, whatever its count);
* on the pages that hold it, it sits outside the article, before the first body paragraph or
  after the last, not between them (a site's content headings sit between its paragraphs);
* it is on no page of its site the line just above the first body paragraph, where an article's
  headline is: a menu link that names one of the site's pages is that page's headline there;
* it is part of a recurring block: the line and one of its neighbours recur *together*, as a
  pair of adjacent lines, on as many pages (a template comes in blocks, menus, footers, promo
  boxes; a content heading is followed by the page's own text, which differs on every page);
* the rules already loaded neither drop nor keep it (a keep rule says the policy protects it).

Counts are per page: a line counts once per page however often it appears there. Memory is
bounded: each site keeps at most ``max_lines_per_site`` lines and as many pairs (a full table
forgets its half seen on the fewest pages), and all sites together ``max_lines_total`` (past it,
the half seen on the smallest shares of their sites' pages is forgotten). Forgetting only lowers
counts, so it can make learning miss a line, never invent one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from cleaner.features import compute_features, is_body
from cleaner.learnoptions import LearnOptions as LearnOptions  # the learner's settings, here too
from cleaner.model import Features
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist
from cleaner.textio import LONE_SURROGATE

_LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word of two letters or more
_K = TypeVar("_K", str, tuple[str, str])
_V = TypeVar("_V")
SAMPLE_MAX_CHARS = 300  # a body paragraph longer than this is not kept as the rule's no_match example


@dataclass(slots=True)
class LineCount:
    """What is known of one normalised line of one site."""

    pages: int = 0  # pages holding it
    inside: int = 0  # of those, pages where it sat between body paragraphs
    headline: int = 0  # pages where it was the line just above the first body paragraph
    example: str = ""  # its text as written on a page (the smallest form seen, so order does not matter)


@dataclass(slots=True)
class SiteCounts:
    """One site's counts: its pages, its lines and its pairs of adjacent lines."""

    pages: int = 0
    lines: dict[str, LineCount] = field(default_factory=dict)
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    sample_body: str = ""  # one body paragraph of the site, for the rule's no_match example

    @property
    def tracked(self) -> int:
        return len(self.lines) + len(self.pairs)


@dataclass(frozen=True, slots=True)
class LearnedLine:
    """A template line with its evidence."""

    key: str  # the normalised line, as rules match it
    text: str  # the line as a page wrote it
    pages: int  # pages of its site where it sat outside the article


@dataclass(frozen=True, slots=True)
class LearnedSite:
    """A site's template lines, most widespread first."""

    site: str
    pages: int
    needed: int  # pages a line had to be seen on
    lines: tuple[LearnedLine, ...]
    sample_body: str


class Learner:
    """Counts lines per site over pages given one at a time; ``learned`` then picks the template."""

    def __init__(self, options: LearnOptions | None = None) -> None:
        self.options = options or LearnOptions()
        self.sites: dict[str, SiteCounts] = {}
        self.tracked = 0  # lines and pairs held over all sites
        self.pruned = 0  # times a table was cut down to its cap
        self._stoplist = get_stoplist(self.options.config.language)

    def add(self, site: str, text: str) -> None:
        """Count one page of ``site``."""
        counts = self.sites.setdefault(site, SiteCounts())
        counts.pages += 1
        before = counts.tracked
        seen, pairs, sample = self._page_lines(text)
        for key, (inside, headline, example) in seen.items():
            line = counts.lines.get(key)
            if line is None:
                line = counts.lines[key] = LineCount(example=example)
            line.pages += 1
            line.inside += inside
            line.headline += headline
            line.example = min(line.example, example)
        for pair in pairs:
            counts.pairs[pair] = counts.pairs.get(pair, 0) + 1
        if sample and (not counts.sample_body or (len(sample), sample) < (len(counts.sample_body), counts.sample_body)):
            counts.sample_body = sample
        cap = self.options.max_lines_per_site
        if len(counts.lines) > cap or len(counts.pairs) > cap:
            counts.lines = _top(counts.lines, lambda c: c.pages, cap // 2) if len(counts.lines) > cap else counts.lines
            counts.pairs = _top(counts.pairs, lambda n: n, cap // 2) if len(counts.pairs) > cap else counts.pairs
            self.pruned += 1
        self.tracked += counts.tracked - before
        if self.tracked > self.options.max_lines_total:
            self._prune_all()

    def _page_lines(self, text: str) -> tuple[dict[str, tuple[bool, bool, str]], set[tuple[str, str]], str]:
        """The page's learnable lines (whether each sat inside the article, whether in the
        headline's place, and its text), its pairs of adjacent lines, and its shortest body
        paragraph."""
        cfg = self.options.config
        blocks = [b for b in split_lines(text) if not b.is_blank]
        features = compute_features(blocks, self._stoplist)
        bodies = [is_body(f, cfg.body_min_words, cfg.body_min_stopword_density) for f in features]
        first = bodies.index(True) if True in bodies else len(bodies)
        last = len(bodies) - 1 - bodies[::-1].index(True) if True in bodies else -1
        keyed = [i for i, f in enumerate(features) if f.key]
        above = keyed.index(first) - 1 if first in keyed else -1
        headline = keyed[above] if above >= 0 else -1  # the line just above the first body paragraph
        seen: dict[str, tuple[bool, bool, str]] = {}
        pairs: set[tuple[str, str]] = set()
        sample = ""
        previous: tuple[str, bool] | None = None  # the last line with text, and whether it is learnable
        for i, (block, f) in enumerate(zip(blocks, features, strict=True)):
            if not f.key:
                continue  # a line of punctuation only: no rule can name it, and it parts nothing
            learnable = not bodies[i] and self._learnable(f)
            if learnable:
                inside, top, example = seen.get(f.key, (False, False, block.text.strip()))
                seen[f.key] = (inside or first < i < last, top or i == headline, min(example, block.text.strip()))
            elif bodies[i] and len(block.text) <= SAMPLE_MAX_CHARS:
                text_ = block.text.strip()
                sample = text_ if not sample or (len(text_), text_) < (len(sample), sample) else sample
            if previous is not None and previous[0] != f.key and (previous[1] or learnable):
                pairs.add((previous[0], f.key))
            previous = (f.key, learnable)
        return seen, pairs, sample

    def _learnable(self, f: Features) -> bool:
        """Short, not a table row, and holding a word: the shape of a template line. A line with
        a lone surrogate (an escape in the JSON, no character) cannot be written as a rule."""
        o = self.options
        return (o.min_words <= f.words <= o.max_words and not f.table_row and _LETTERS.search(f.key) is not None
                and LONE_SURROGATE.search(f.key) is None)

    def _prune_all(self) -> None:
        """Forget the lines and pairs seen on the smallest shares of their sites' pages, over all
        sites, until half the total cap is held (ties broken by site and text)."""
        ranked = sorted(
            (-(n / counts.pages), site, kind, key)
            for site, counts in self.sites.items()
            for kind, table in (("line", {k: c.pages for k, c in counts.lines.items()}), ("pair", counts.pairs))
            for key, n in table.items()
        )
        for _, site, kind, key in ranked[self.options.max_lines_total // 2:]:
            counts = self.sites[site]
            if kind == "line":
                del counts.lines[key]  # type: ignore[arg-type]
            else:
                del counts.pairs[key]  # type: ignore[arg-type]
        self.tracked = sum(c.tracked for c in self.sites.values())
        self.pruned += 1

    def learned(self, known: Callable[[str], bool] = lambda text: False) -> list[LearnedSite]:
        """Every site's template lines, sites in name order; ``known(text)`` is true for lines the
        loaded rules already decide, which are left out. Sites without a template are left out."""
        found = []
        for site in sorted(self.sites):
            counts = self.sites[site]
            if counts.pages < self.options.min_pages:
                continue
            needed = pages_needed(counts.pages, self.options.min_share, self.options.min_pages)
            in_blocks = {key for pair, n in counts.pairs.items() if n >= needed for key in pair}
            lines = [
                LearnedLine(key, c.example, c.pages - c.inside)
                for key, c in counts.lines.items()
                if c.pages - c.inside >= needed
                and c.inside <= self.options.max_inside_share * c.pages
                and not c.headline
                and key in in_blocks
                and not known(c.example)
            ]
            if lines:
                lines.sort(key=lambda line: (-line.pages, line.key))
                found.append(LearnedSite(site, counts.pages, needed, tuple(lines), counts.sample_body))
        return found


def pages_needed(pages: int, min_share: float, min_pages: int) -> int:
    """Pages a line must be seen on: ``min_share`` of the site's, and ``min_pages`` at least."""
    return max(min_pages, math.ceil(round(min_share * pages, 9)))


def _top(table: dict[_K, _V], count: Callable[[_V], int], keep: int) -> dict[_K, _V]:
    """The ``keep`` entries of ``table`` with the highest counts (ties by key, so the result
    does not depend on the order entries came in)."""
    ranked = sorted(table.items(), key=lambda item: (-count(item[1]), item[0]))
    return dict(ranked[:keep])


def learn(pages: Iterable[tuple[str, str]], options: LearnOptions | None = None,
          known: Callable[[str], bool] = lambda text: False) -> list[LearnedSite]:
    """The template lines of the (site, text) pages: ``Learner`` in one call."""
    learner = Learner(options)
    for site, text in pages:
        learner.add(site, text)
    return learner.learned(known)
