"""Hard-wrapped text: its paragraphs, judged whole, and their verdicts given back to their lines.

A plain-text e-mail, a man page or a hard-wrapped Markdown file breaks each paragraph into lines
no wider than some width. The rules and scorers are written for one paragraph per line, as
extractors write it; on wrapped text they would judge a piece of a sentence as a line of its
own: "95 comments" ending a line is a comment count, "get started." a button, "by Jane Doe. In
this course, you'll" a byline. So in a wrapped document the cleaner joins each paragraph's lines,
judges the joined text, and gives its verdict to every line of it. The output keeps the input's
lines: a kept paragraph is written as it was wrapped, and a cut takes its span out of the lines
it falls on.

Two lines are one paragraph when the first breaks off a sentence and the second goes on with it
(in lower case, or after a comma, a word such as "the" or an open bracket); or when the
second's first word would not have fit on the first (that is why a wrapping program broke the
line there) and neither is a line a rule drops on its own: a credit, a pointer or a copyright
line written right under a paragraph stays apart. A label inside a sentence (an ad label) is
never joined; the sentence joins across it.
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
# The evidence that a text is wrapped: lines broken in mid-sentence where the next word would not
# have fit, whose next line goes on with the sentence, this many at least, and this share of the
# non-blank lines or this many.
MID_SENTENCE_MIN_BREAKS, MID_SENTENCE_MIN_SHARE, MID_SENTENCE_ENOUGH = 3, 0.05, 10
_TEXT, _LINE_NO = operator.attrgetter("text"), operator.attrgetter("line_no")
# Words a sentence does not end with: a line that ends in one breaks off a sentence.
_NO_SENTENCE_ENDS_WITH = frozenset(
    "a an the of to in on at by for from with into onto and or but nor as than that which who whose whom "
    "is are was were be been has have had its their our your my his her".split())
# A next line that opens a list item, a table row, a heading, a quote or a fence starts a block of its own.
_OPENS_A_BLOCK = re.compile(r"\s*(?:[-*+•·◦▪‣–—]\s|\(?\d{1,3}[.)]\s|\||#|>|```)")


def wrap_width(blocks: Sequence[Block], code: Collection[int] = ()) -> int | None:
    """The width a text looks wrapped at, or None for text that does not: the longest line that
    breaks off a sentence the next line goes on with (``_goes_on``), where enough lines do so and
    few lines are wider than wrapped text is. Cheap: it runs on every document. Lines of
    ``code`` are no evidence: a sample's comments are wrapped, the text around it need not be."""
    lengths = list(map(len, map(_TEXT, blocks)))  # C-level loops
    if not _narrow(lengths):
        return None
    heads = [n for i, n in enumerate(lengths[:-1]) if WRAP_MIN_WIDTH <= n <= WRAP_MAX_WIDTH
             and _goes_on(blocks[i].text, blocks[i + 1].text) and not (code and (i in code or i + 1 in code))]
    if len(heads) < MID_SENTENCE_MIN_BREAKS:
        return None
    return max(heads)


def may_be_wrapped(lines: Sequence[str]) -> bool:
    """Whether ``lines`` (an output's, each without its line end) are narrow enough for
    ``wrap_width`` to find a width: a quick test before they are joined and split into blocks."""
    return len(lines) >= MID_SENTENCE_MIN_BREAKS and _narrow(list(map(len, lines)))


def _narrow(lengths: Sequence[int]) -> bool:
    """Enough non-blank lines, few of them wider than wrapped text is (a blank line has length 0)."""
    lines = len(lengths) - lengths.count(0)
    return lines > MID_SENTENCE_MIN_BREAKS and sum(map(WRAP_MAX_WIDTH.__lt__, lengths)) <= WIDE_LINES_MAX_SHARE * lines


def paragraphs(blocks: Sequence[Block], width: int, apart: Collection[int] = (),
               alone: Collection[int] = ()) -> list[list[int]] | None:
    """The document's paragraphs as lists of line indexes, in the order of their first lines (a
    line inside a sentence comes before its paragraph), when it is wrapped at ``width`` (a blank
    line is a paragraph of its own); None when too few of its lines show it.

    ``apart``: lines never joined (code). ``alone``: lines a rule drops on their own. One that
    stands inside a sentence (an ad label or a share prompt between two lines of it) is never
    joined, and the sentence joins across it; another joins a line only where a sentence runs
    into or out of it, or as the rest of a paragraph it starts.
    """
    interrupting = _interruptions(blocks, width, alone)
    found: list[list[int]] = []
    last: list[int] | None = None  # the paragraph the next line may join
    last_at = 0  # its place in found
    evidence = 0
    for i, block in enumerate(blocks):
        if block.is_blank or i in apart:
            found.append([i])
            last = None
        elif i in interrupting and last is not None:
            # Judged before the paragraph it interrupts, as the rest of that paragraph follows it.
            found.insert(last_at, [i])
            last_at += 1
        else:
            prev = last[-1] if last is not None else -1
            join = last is not None and _joins(blocks[prev].text, block.text, width, prev in alone, i in alone,
                                               prev in alone and _ends_paragraph(blocks, i, width, alone))
            if join and last is not None:
                last.append(i)
                if _goes_on(blocks[prev].text, block.text) and _did_not_fit(blocks[prev].text, block.text, width) \
                        and prev not in alone and i not in alone:
                    evidence += 1
            else:
                last = [i]
                last_at = len(found)
                found.append(last)
    lines = sum(1 for b in blocks if not b.is_blank)
    if evidence < MID_SENTENCE_MIN_BREAKS or (
            evidence < MID_SENTENCE_MIN_SHARE * lines and evidence < MID_SENTENCE_ENOUGH):
        return None
    return found


def _interruptions(blocks: Sequence[Block], width: int, labels: Collection[int]) -> frozenset[int]:
    """The lines a rule drops that stand inside a sentence: the lines right above and below them
    go on with one sentence, they do not start in lower case (as the sentence's next words
    would), and the next line's first word would have fit on them (a wrapped line of that
    sentence would be full)."""
    found = set()
    for i in labels:
        if 0 < i < len(blocks) - 1 and not blocks[i - 1].is_blank and not blocks[i + 1].is_blank \
                and i - 1 not in labels and i + 1 not in labels \
                and _goes_on(blocks[i - 1].text, blocks[i + 1].text) \
                and not blocks[i].text.lstrip()[:1].islower() \
                and not _did_not_fit(blocks[i].text, blocks[i + 1].text, width):
            found.add(i)
    return frozenset(found)


def _goes_on(line: str, following: str) -> bool:
    """Whether ``following`` goes on with a sentence ``line`` broke off: it starts in lower case,
    or ``line`` ends in a comma or a semicolon, in a word no sentence ends with ("the", "of",
    "and") or inside brackets it opened (then a number, a name or a capital may follow)."""
    stripped = line.rstrip()
    if not stripped or ends_as_sentence(stripped) or stripped.endswith(":") or _OPENS_A_BLOCK.match(following):
        return False
    if following.lstrip()[:1].islower() or stripped[-1] in ",;":
        return True
    last = stripped.rsplit(maxsplit=1)[-1]
    return last in _NO_SENTENCE_ENDS_WITH or stripped.count("(") > stripped.count(")") or \
        stripped.count("[") > stripped.count("]")


def _did_not_fit(line: str, following: str, width: int) -> bool:
    """Whether ``line`` was broken because the first word of ``following`` did not fit on it."""
    words = following.split(maxsplit=1)
    return bool(words) and len(line) <= width < len(line) + 1 + len(words[0])


def _joins(line: str, following: str, width: int, line_alone: bool, following_alone: bool,
           following_ends: bool) -> bool:
    """Whether ``following`` is the next line of ``line``'s paragraph (see the module's docstring):
    it goes on with ``line``'s sentence, or its first word would not have fit on ``line``. A line
    a rule drops on its own is joined by the next only where that word would not have fit on
    it (a term over its definition, "SEE ALSO" over a list, stays apart); across a sentence's
    end, such a line stays apart, unless it is ``line``, and ``following``, the last line of a
    paragraph, is the rest of it ("... Terms of Use and Privacy" over "Policy."): ``following_ends``
    is read only then, and the caller may pass False otherwise."""
    fits = not _did_not_fit(line, following, width)
    if _goes_on(line, following):
        return not (line_alone and fits)
    if following_alone or fits or _OPENS_A_BLOCK.match(following) or line.lstrip().startswith("|"):
        return False
    return following_ends or not line_alone


def _ends_paragraph(blocks: Sequence[Block], i: int, width: int, alone: Collection[int]) -> bool:
    """Whether line ``i`` is the last line of its paragraph: the next line is blank, or starts a
    paragraph of its own (its first word would have fit, and no sentence runs on into it)."""
    if i + 1 >= len(blocks) or blocks[i + 1].is_blank:
        return True
    line, following = blocks[i].text, blocks[i + 1].text
    return not _goes_on(line, following) and (i + 1 in alone or not _did_not_fit(line, following, width))


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
    out.sort(key=_LINE_NO)  # a label inside a paragraph is judged before it and sits among its lines
    return out


def _cut_lines(d: Decision, spans: Sequence[Span], lines: Sequence[Block]) -> list[Decision]:
    """The decisions of a cut paragraph's lines: each line loses the parts of the spans on it.

    The spans are merged into disjoint runs first (a cut removes their union), so one pass over
    the lines and the runs together maps them, however many there are."""
    runs: list[list[int]] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if runs and span.start <= runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], span.end)
        elif span.end > span.start:
            runs.append([span.start, span.end])
    out = []
    k = 0
    start = 0  # where the line's stripped text starts in the joined text
    for line in lines:
        stripped = line.text.strip()
        lead = len(line.text) - len(line.text.lstrip())
        end = start + len(stripped)
        while k < len(runs) and runs[k][1] <= start:
            k += 1
        mine = []
        j = k
        while j < len(runs) and runs[j][0] < end:
            mine.append(Span(max(runs[j][0], start) - start + lead, min(runs[j][1], end) - start + lead))
            j += 1
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
