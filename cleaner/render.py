"""Turn decisions back into text: kept lines in input order, blank lines collapsed."""

from __future__ import annotations

import operator
from collections.abc import Sequence

from cleaner.model import Decision, Verdict

_TEXT = operator.attrgetter("text")


def render(decisions: Sequence[Decision]) -> str:
    """The clean text: one blank line where the input had any between two kept lines.

    ``decisions`` are one per non-blank input line, in order, so a jump in their line numbers
    is where the input had blank lines. The output ends with exactly one newline, or is empty
    when nothing was kept.
    """
    lines: list[str] = []
    gap = False
    previous = 0  # the line number of the decision before
    for d in decisions:
        line_no = d.line_no
        if line_no > previous + 1:
            gap = True
        previous = line_no
        if d.verdict is Verdict.DROP:
            continue
        if gap and lines:
            lines.append("")
        lines.append(d.output)
        gap = False
    return "\n".join(lines) + "\n" if lines else ""


def removed_ratio(decisions: Sequence[Decision]) -> float:
    """Share of the input's non-blank characters that the output does not hold."""
    total = sum(map(len, map(str.strip, map(_TEXT, decisions))))
    if not total:
        return 0.0
    kept = sum(len(d.output.strip()) for d in decisions if d.verdict is not Verdict.DROP)
    return 1.0 - kept / total
