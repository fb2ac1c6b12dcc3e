"""Turn decisions back into text: kept lines in input order, blank lines collapsed."""

from __future__ import annotations

import operator
from collections.abc import Sequence

from cleaner.model import Block, Decision, Verdict

_TEXT = operator.attrgetter("text")


def render(blocks: Sequence[Block], decisions: Sequence[Decision]) -> str:
    """The clean text: one blank line where the input had any between two kept lines.

    The output ends with exactly one newline, or is empty when nothing was kept.
    """
    kept = {d.line_no: d.output for d in decisions if d.verdict is not Verdict.DROP}
    lines: list[str] = []
    gap = False
    for block in blocks:
        if block.is_blank:
            gap = True
            continue
        if block.line_no not in kept:
            continue
        if gap and lines:
            lines.append("")
        lines.append(kept[block.line_no])
        gap = False
    return "\n".join(lines) + "\n" if lines else ""


def removed_ratio(decisions: Sequence[Decision]) -> float:
    """Share of the input's non-blank characters that the output does not hold."""
    total = sum(map(len, map(str.strip, map(_TEXT, decisions))))
    if not total:
        return 0.0
    kept = sum(len(d.output.strip()) for d in decisions if d.verdict is not Verdict.DROP)
    return 1.0 - kept / total
