"""Turn decisions back into text: kept lines in input order, blank lines collapsed."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import replace

from cleaner.model import Decision, Result, Verdict

_TEXT, _OUTPUT = operator.attrgetter("text"), operator.attrgetter("output")


def render(decisions: Sequence[Decision]) -> str:
    """The clean text: one blank line where the input had any between two kept lines
    (``output_lines``). The output ends with exactly one newline, or is empty when nothing was
    kept."""
    return text_of_lines(output_texts(decisions))


def output_texts(decisions: Sequence[Decision]) -> list[str]:
    """The lines of ``render(decisions)``, a blank line as "": for a caller that reads them
    before they are joined, rather than splitting the text again."""
    return ["" if k is None else decisions[k].output for k in output_lines(decisions)]


def text_of_lines(lines: Sequence[str]) -> str:
    """``render``'s text of its lines (``output_texts``)."""
    return "\n".join(lines) + "\n" if lines else ""


def removed_ratio(decisions: Sequence[Decision]) -> float:
    """Share of the input's non-blank characters that the output does not hold."""
    total = sum(map(len, map(str.strip, map(_TEXT, decisions))))
    if not total:
        return 0.0
    kept = sum(map(len, map(str.strip, map(_OUTPUT, decisions))))  # a dropped line's output is ""
    return 1.0 - kept / total


def output_lines(decisions: Sequence[Decision]) -> list[int | None]:
    """For each line of ``render(decisions)``, the index of the decision it comes from (None for
    a blank line). ``decisions`` are one per non-blank input line, in order, so a jump in their
    line numbers is where the input had blank lines."""
    lines: list[int | None] = []
    gap = False
    previous = 0
    for k, d in enumerate(decisions):
        if d.line_no > previous + 1:
            gap = True
        previous = d.line_no
        if d.verdict is Verdict.DROP:
            continue
        if gap and lines:
            lines.append(None)
        lines.append(k)
        gap = False
    return lines


def output_code_lines(decisions: Sequence[Decision], code: frozenset[int]) -> frozenset[int]:
    """The lines (0-based) of ``render(decisions)`` that come from the input lines ``code`` (0-based)."""
    if not code:
        return frozenset()
    return frozenset(j for j, k in enumerate(output_lines(decisions))
                     if k is not None and decisions[k].line_no - 1 in code)


def followed_by(first: Result, second: Result) -> Result:
    """The result of cleaning a text, then cleaning ``first``'s output into ``second``: each input
    line's decision is the first pass's, unless the second dropped or cut what it left."""
    decisions = list(first.decisions)
    origin = output_lines(first.decisions)
    for d in second.decisions:
        k = origin[d.line_no - 1]
        if k is None or d.verdict is Verdict.KEEP:
            continue
        before = decisions[k]
        if d.verdict is Verdict.DROP:
            decisions[k] = before.dropped(d.reason, d.detail, d.score)
        else:
            reason = d.reason if before.verdict is not Verdict.CUT else f"{before.reason},{d.reason}"
            decisions[k] = before._replace(verdict=Verdict.CUT, reason=reason, output=d.output, detail=d.detail)
    ratio = removed_ratio(decisions)
    bylines = tuple(dict.fromkeys((*first.metadata.bylines, *second.metadata.bylines)))
    return replace(second, decisions=tuple(decisions), removed_ratio=ratio,
                   removed_too_much=first.removed_too_much or second.removed_too_much,
                   metadata=replace(second.metadata, bylines=bylines),
                   warnings=tuple(dict.fromkeys((*first.warnings, *second.warnings))))
