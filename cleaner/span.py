"""The page's text from the extraction's first line to its last: the article with the parts the
extractor skipped between them put back, and without what it left out above and below.

An extractor that skips a part in the middle of an article (a section after an embed, a list it
took for navigation, a table) still finds its first and last paragraphs. Between the lines the
page's region reading shares with the extraction lies the article with that part; above and
below them lies what the extractor left out on purpose (teasers, comments, the site's footer).
The span is the region reading's result with the lines outside it dropped, so every line of it
keeps the verdict the cleaner gave it.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.html import line_key
from cleaner.model import Result, Verdict
from cleaner.render import output_lines, removed_ratio, render

OUTSIDE = "outside-extraction"  # the reason of a region line above or below the extraction's span


def extraction_span(region: Result, extracted: str, max_removed_ratio: float) -> Result | None:
    """``region`` with its kept lines above the first and below the last line that ``extracted``
    holds too dropped, each for ``OUTSIDE``; None when the two share no line."""
    keys = {key for key in map(line_key, extracted.splitlines()) if key}
    origin = [k for k in output_lines(region.decisions) if k is not None]
    shared = [k for k in origin if line_key(region.decisions[k].output) in keys]
    if not shared:
        return None
    first, last = shared[0], shared[-1]
    decisions = list(region.decisions)
    for k in origin:
        if k < first or k > last:
            where = "above the extraction's first line" if k < first else "below the extraction's last line"
            decisions[k] = decisions[k]._replace(verdict=Verdict.DROP, reason=OUTSIDE, score=1.0, output="",
                                                 detail=where)
    ratio = removed_ratio(decisions)
    return replace(region, text=render(decisions), decisions=tuple(decisions), removed_ratio=ratio,
                   removed_too_much=ratio > max_removed_ratio)


__all__ = ["OUTSIDE", "extraction_span"]
