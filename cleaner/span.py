"""The page's text from the extraction's first line to its last: the article with the parts the
extractor skipped between them put back, and without what it left out above and below.

An extractor that skips a part in the middle of an article (a list it took for navigation, a
table, a section after an embed) still finds its first and last paragraphs. Between the lines the
page's region reading shares with the extraction lies the article with that part; above and
below them lies what the extractor left out on purpose (teasers, comments, the site's footer).
The span is the region reading's result with the lines outside it dropped, so every line of it
keeps the verdict the cleaner gave it.

A span's ends are lines the region shows once, and the lines the extraction holds right next to
them: a headline that the page's ``<title>`` repeats at the top of its text, or a "Share" button
above and below the article, would otherwise stretch it over a promo strip. A span replaces the
extraction only where it has ``html_span_min_ratio`` times its words and keeps
``html_span_min_kept_share`` of them, its first line among them where the region shows it: the
region's own cleaning may drop a paragraph the extraction kept (a rule taking the text under a
box's heading), a headline shown twice may be left above the span, and a span that loses the
article's own lines is no better reading of it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from cleaner.config import Config
from cleaner.model import OUTSIDE, Result
from cleaner.readings import line_key
from cleaner.render import output_lines, removed_ratio, render
from cleaner.wordcount import word_count


def extraction_span(region: Result, extracted: str, config: Config) -> Result | None:
    """``region`` with its kept lines above its first and below its last line that ``extracted``
    holds too (each shown once in the region) dropped, each for ``OUTSIDE``; None when there is
    no such line, or when the span is no fuller reading of the extraction (see the module)."""
    words_of: Counter[str] = Counter()
    for line in extracted.splitlines():
        if key := line_key(line):
            words_of[key] += word_count(line)
    origin = [k for k in output_lines(region.decisions) if k is not None]
    keys = [line_key(region.decisions[k].output) for k in origin]
    shown = Counter(keys)
    anchors = [n for n, key in enumerate(keys) if key in words_of and shown[key] == 1]
    if not anchors:
        return None
    start, end = anchors[0], anchors[-1]
    # a line shown twice belongs to the span where it touches it (the headline right above the
    # first paragraph; its copy at the top of the page, above the promo strip, does not)
    while start > 0 and keys[start - 1] in words_of:
        start -= 1
    while end < len(keys) - 1 and keys[end + 1] in words_of:
        end += 1
    first, last = origin[start], origin[end]
    inside = {key for k, key in zip(origin, keys, strict=True) if first <= k <= last}
    found = sum(words_of.values())
    opening = next(iter(words_of))  # the extraction's first line: most often its headline
    if opening in shown and opening not in inside:
        return None  # the region shows it, above the span (a standfirst between it and the text)
    if sum(words for key, words in words_of.items() if key in inside) < config.html_span_min_kept_share * found:
        return None
    decisions = list(region.decisions)
    for k in origin:
        if k < first or k > last:
            where = "above the extraction's first line" if k < first else "below the extraction's last line"
            decisions[k] = decisions[k].dropped(OUTSIDE, where)
    text = render(decisions)
    if word_count(text) < config.html_span_min_ratio * found:
        return None
    # What the cleaner removed from the span itself: the lines outside it were never read as the
    # article, as the extractor never read them.
    ratio = removed_ratio(decisions[first:last + 1])
    return replace(region, text=text, decisions=tuple(decisions), removed_ratio=ratio,
                   removed_too_much=ratio > config.max_removed_ratio)


__all__ = ["OUTSIDE", "extraction_span"]
