"""Hard-wrapped text: its paragraphs, judged whole, and their verdicts given back to their lines.

A plain-text e-mail, a man page or a hard-wrapped Markdown file breaks each paragraph into lines
no wider than some width. The rules and scorers are written for one paragraph per line, as
extractors write it; on wrapped text they would judge a piece of a sentence as a line of its
own: "95 comments" ending a line is a comment count, "get started." a button, "by Jane Doe. In
this course, you'll" a byline. So in a wrapped document the cleaner joins each paragraph's lines,
judges the joined text, and gives its verdict to every line of it. The output keeps the input's
lines: a kept paragraph is written as it was wrapped, and a cut takes its span out of the lines
it falls on.

A line runs on into the next when the next line's first word would not have fit on it: that is
why a wrapping program broke the line there. The width is the longest line's; a document is
taken for wrapped only when many of its lines break so, and no paragraph runs past the width.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Collection, Mapping, Sequence

from cleaner.features import ends_as_sentence
from cleaner.model import Block, Decision, Span, Verdict
from cleaner.rules import cut_spans

# Wrapped text is at most this wide (e-mail and man pages wrap at 72 to 80 columns, Markdown
# sources at 80 to 100) and at least this wide; an extractor's paragraph lines are most often longer.
WRAP_MAX_WIDTH, WRAP_MIN_WIDTH = 120, 40
# Lines wider than that, over all non-blank lines, that a wrapped document may hold (a long
# address, a table row); an extractor's text has far more.
WIDE_LINES_MAX_SHARE = 0.05
# The evidence that a text is wrapped: lines broken in mid-sentence, whose next line goes on in
# lower case, this many at least, and this share of the non-blank lines or this many.
MID_SENTENCE_MIN_BREAKS, MID_SENTENCE_MIN_SHARE, MID_SENTENCE_ENOUGH = 3, 0.05, 10
_TEXT = operator.attrgetter("text")
# A next line that opens a list item, a table row, a heading, a quote or a fence starts a block of its own.
_OPENS_A_BLOCK = re.compile(r"\s*(?:[-*+•·◦▪‣–—]\s|\(?\d{1,3}[.)]\s|\||#|>|```)")


def paragraphs(blocks: Sequence[Block], apart: Collection[int] = ()) -> list[list[int]] | None:
    """The document's paragraphs as lists of line indexes, in order, when it is hard-wrapped (a
    blank line is a paragraph of its own); None for any other text. Lines in ``apart`` (code)
    are never joined.

    A text is wrapped when its lines are no wider than a wrapping program makes them and
    enough of them break in mid-sentence where the next word would not have fit. Across a
    sentence's end, the break says less (a list of short sentences fills its lines too); once the
    text is known to be wrapped, any such break joins two lines.
    """
    lengths = list(map(len, map(_TEXT, blocks)))  # C-level loops: this runs on every document
    lines = len(lengths) - lengths.count(0)  # the non-blank ones: a line is blank only when empty
    if lines <= MID_SENTENCE_MIN_BREAKS or sum(map(WRAP_MAX_WIDTH.__lt__, lengths)) > WIDE_LINES_MAX_SHARE * lines:
        return None
    width = max(n for n in lengths if n <= WRAP_MAX_WIDTH)
    if width < WRAP_MIN_WIDTH:
        return None
    runs_on = [i not in apart and i + 1 not in apart and _runs_on(blocks[i], blocks[i + 1], width)
               for i in range(len(blocks) - 1)]
    mid_sentence = sum(1 for i, joined in enumerate(runs_on) if joined and blocks[i + 1].text.lstrip()[:1].islower()
                       and not ends_as_sentence(blocks[i].text.strip()))
    if mid_sentence < MID_SENTENCE_MIN_BREAKS or (
            mid_sentence < MID_SENTENCE_MIN_SHARE * lines and mid_sentence < MID_SENTENCE_ENOUGH):
        return None
    found: list[list[int]] = []
    for i in range(len(blocks)):
        if i and runs_on[i - 1]:
            found[-1].append(i)
        else:
            found.append([i])
    return found


def _runs_on(line: Block, following: Block, width: int) -> bool:
    """Whether ``line`` was broken because the first word of ``following`` did not fit on it."""
    if line.is_blank or following.is_blank or len(line.text) > width or _OPENS_A_BLOCK.match(following.text):
        return False
    if line.text.lstrip().startswith("|"):
        return False
    first_word = following.text.split(maxsplit=1)[0]
    return len(line.text) + 1 + len(first_word) > width


def joined_blocks(blocks: Sequence[Block], found: Sequence[Sequence[int]]) -> list[Block]:
    """One block per paragraph: its lines' text, stripped and joined (``_joined``), numbered as
    its first line is (so reasons that name a line name the input's)."""
    return [Block(k, blocks[lines[0]].line_no, _joined([blocks[i].text.strip() for i in lines]),
                  blocks[lines[0]].is_blank) if len(lines) > 1 else blocks[lines[0]]._replace(index=k)
            for k, lines in enumerate(found)]


def _joined(pieces: Sequence[str]) -> str:
    """The pieces with a space between two, none after a word broken at its hyphen ("opt-" "out")."""
    out = pieces[0]
    for piece in pieces[1:]:
        out += piece if _hyphen_broken(out) else " " + piece
    return out


def _hyphen_broken(text: str) -> bool:
    """Whether ``text`` ends in a hyphen right after a letter: a word broken across two lines."""
    return text.endswith("-") and text[-2:-1].isalpha()


def line_decisions(decisions: Sequence[Decision], cut_spans_of: Mapping[int, Sequence[Span]],
                   blocks: Sequence[Block], found: Sequence[Sequence[int]]) -> list[Decision]:
    """One decision per non-blank input line from the paragraphs' decisions.

    A kept or dropped paragraph's lines are kept or dropped with its reason. A cut paragraph's
    spans (``cut_spans_of``, by paragraph index, in the joined text) are taken out of the lines
    they fall on; a line they leave without a letter or digit is dropped, one they miss is kept.
    """
    paragraph_of = {blocks[lines[0]].line_no: k for k, lines in enumerate(found)}
    out: list[Decision] = []
    for d in decisions:
        k = paragraph_of[d.line_no]
        lines = found[k]
        if len(lines) == 1:
            out.append(d)
            continue
        if d.verdict is not Verdict.CUT:
            out.extend(d._replace(line_no=blocks[i].line_no, text=blocks[i].text,
                                  output="" if d.verdict is Verdict.DROP else blocks[i].text) for i in lines)
            continue
        out.extend(_cut_lines(d, cut_spans_of.get(k, ()), [blocks[i] for i in lines]))
    return out


def _cut_lines(d: Decision, spans: Sequence[Span], lines: Sequence[Block]) -> list[Decision]:
    """The decisions of a cut paragraph's lines: each line loses the parts of the spans on it."""
    out = []
    start = 0  # where the line's stripped text starts in the joined text
    for line in lines:
        stripped = line.text.strip()
        lead = len(line.text) - len(line.text.lstrip())
        end = start + len(stripped)
        mine = [Span(max(s.start, start) - start + lead, min(s.end, end) - start + lead)
                for s in spans if s.start < end and s.end > start]
        if not mine:
            out.append(Decision(line.line_no, line.text, Verdict.KEEP, "content", 0.0, line.text))
        else:
            left = cut_spans(line.text, mine)
            if any(ch.isalnum() for ch in left):
                out.append(d._replace(line_no=line.line_no, text=line.text, output=left))
            else:
                out.append(d._replace(line_no=line.line_no, text=line.text, verdict=Verdict.DROP, output=""))
        start = end + (0 if _hyphen_broken(stripped) else 1)  # the joining space, if any
    return out
