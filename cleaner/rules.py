"""Apply a RuleSet to a document's lines and return the rules' marks.

Phrase rules are a set lookup on the normalised line. Regex rules first check their
``requires`` words, then run; a time limit stops a catastrophic pattern with an error naming
the rule instead of hanging a pipeline (see ``match_line`` for when the limit applies).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Collection, Sequence
from typing import NamedTuple

import regex

from cleaner.config import Config
from cleaner.features import LIST_MARKER, heading_shaped, is_body, prose_lines
from cleaner.index import RuleIndex
from cleaner.markdown import has_links, raw_span, visible_spans, visible_text
from cleaner.model import Action, Block, Features, Mark, Span
from cleaner.ruleset import Rule

# Shipped rules run without a time limit on lines up to this long; the hostile-line test in
# tests/test_rule_examples.py checks them on lines longer than this.
VETTED_MAX_CHARS = 2000


class RuleTimeoutError(RuntimeError):
    """A rule's regex ran past its time limit on one line, or the document's user rules past theirs."""

    def __init__(self, rule_id: str, line_no: int, document: bool = False) -> None:
        what = "the document's time limit for rules from your folders" if document else "its time limit"
        super().__init__(f"rule '{rule_id}' ran past {what} on line {line_no}")
        self.rule_id = rule_id
        self.line_no = line_no


class RuleBudget:
    """The time the user's (not vetted) rules have left on one document, in seconds: what they
    spend is counted, not the time the document takes (the shipped rules, the scorers)."""

    __slots__ = ("left",)

    def __init__(self, seconds: float) -> None:
        self.left = seconds


def match_line(rule: Rule, block: Block, key: str, timeout: float, budget: RuleBudget | None = None) -> list[Span]:
    """The spans of ``block`` the rule matches (the whole line for line and phrase rules).

    ``key`` is the line's normalised text (for phrase rules). The ``requires`` pre-check has
    been made by the RuleIndex. Shipped rules, vetted against hostile lines by the test suite,
    run without the time limit on lines up to ``VETTED_MAX_CHARS`` long, since the limit costs
    more than a typical match; longer lines and every other rule run with it. Other rules also
    draw on the document's ``budget``: a pattern slow on every line, though under the limit on
    each, must not hold a document for minutes.
    """
    text = block.text
    if rule.match_kind == "phrases":
        return [Span(0, len(text))] if key in rule.phrases else []
    pattern = rule.compiled or rule.pattern  # the attribute first: it is there after the first use
    assert pattern is not None
    if budget is not None and not rule.vetted:
        return _match_on_budget(rule, pattern, block, timeout, budget)
    try:  # no timeout argument where none applies: it costs too
        return _spans(rule, pattern, text, None if runs_unlimited(rule, text) else timeout)
    except TimeoutError:
        raise RuleTimeoutError(rule.id, block.line_no) from None


def reaches_line_end(rule: Rule, text: str, timeout: float) -> bool:
    """Whether the rule's match on the line as read runs to its end (a phrase rule's always does):
    a rule that names a whole line ("Are you excited ...? Share what you think with us"), not one
    that names how a line opens ("(Also Read: ...)" before the article's sentence). A match that
    runs past ``timeout`` reaches nothing."""
    if rule.match_kind != "line":
        return True
    pattern = rule.compiled or rule.pattern
    assert pattern is not None
    try:
        found = _line_match(pattern, text, None if runs_unlimited(rule, text) else timeout)
    except TimeoutError:
        return False
    return found is not None and found.end() == len(found.string)


def _line_match(pattern: regex.Pattern[str], text: str, timeout: float | None) -> regex.Match[str] | None:
    """A line rule's match on the line as read (``read_line``); ``timeout`` None for no limit (the
    argument costs even when it is never reached)."""
    line = read_line(text)
    return pattern.search(line) if timeout is None else pattern.search(line, timeout=timeout)


def runs_unlimited(rule: Rule, text: str) -> bool:
    """Whether the rule runs on ``text`` without a time limit: a shipped rule on a line of up to
    ``VETTED_MAX_CHARS`` (see ``match_line``)."""
    return rule.vetted and len(text) <= VETTED_MAX_CHARS


def _match_on_budget(rule: Rule, pattern: regex.Pattern[str], block: Block, timeout: float,
                     budget: RuleBudget) -> list[Span]:
    """``match_line`` for a rule that draws on the document's budget: within the shorter of its
    limit per line and the budget's time left, which the call's own time is taken from."""
    if budget.left <= 0:
        raise RuleTimeoutError(rule.id, block.line_no, document=True)
    document = budget.left < timeout  # the budget's end comes first
    start = time.monotonic()
    try:
        return _spans(rule, pattern, block.text, min(timeout, budget.left))
    except TimeoutError:
        raise RuleTimeoutError(rule.id, block.line_no, document) from None
    finally:
        budget.left -= time.monotonic() - start


def _spans(rule: Rule, pattern: regex.Pattern[str], text: str, timeout: float | None) -> list[Span]:
    """The rule's spans on ``text``: the whole line for a line rule; ``timeout`` None for none."""
    if rule.match_kind == "line":
        return [Span(0, len(text))] if _line_match(pattern, text, timeout) else []
    if has_links(text):  # matched on what a reader sees, cut on the line: see markdown.raw_span
        visible, links = visible_spans(text)
        matches = pattern.finditer(visible) if timeout is None else pattern.finditer(visible, timeout=timeout)
        return [Span(*raw_span(links, m.start(), m.end())) for m in matches if m.end() > m.start()]
    matches = pattern.finditer(text) if timeout is None else pattern.finditer(text, timeout=timeout)
    return [Span(m.start(), m.end()) for m in matches if m.end() > m.start()]


def read_line(text: str) -> str:
    """The line as line rules read it: what a reader sees (a Markdown link as its text), stripped."""
    return (visible_text(text) if has_links(text) else text).strip()


def apply_rules(
    blocks: Sequence[Block], features: Sequence[Features], rules: RuleIndex, config: Config,
    candidates: Sequence[int] | None = None, select: int = -1, budget: RuleBudget | None = None,
    joined: Collection[int] = (), subheadings: bool = True, apart: Collection[int] = (),
    heads: dict[int, list[Mark]] | None = None,
) -> list[Mark]:
    """Every mark of every rule on every non-blank line, in line order then rule order.

    ``candidates`` are the lines' masks from ``rules.candidates`` when the caller has them
    already; only the rules of ``select`` (a mask of the index's rules) are applied.
    ``budget``: the time rules that are not vetted have left on the document (``match_line``).
    ``joined``: lines that are a hard-wrapped paragraph's input lines joined (``block_extent``).
    ``subheadings``: a ``stays_over_prose`` rule's match right above a body paragraph that no
    rule drops is that paragraph's subheading and is not marked (False: every match is marked,
    for the lines of wrapped text before they are joined, where a line is a piece of a sentence).
    ``apart``: lines that head nothing (a label taken out of the wrapped sentence it interrupted).
    ``heads``: filled with each match so kept, by line, with the marks it would have made
    (``orphaned_subheadings`` finds those whose paragraph does not stay).
    """
    if candidates is None:
        candidates = [rules.candidates(f) for f in features]
    marks: list[Mark] = []
    over_prose: list[tuple[int, int, list[Mark]]] = []  # (place in marks, line, its marks)
    timeout = config.regex_timeout
    page: PageProse | None = None  # found for the first drop-block heading, read by all
    rest_taken_from = len(blocks)  # a block running to the end took every line after this one
    for i in [i for i, mask in enumerate(candidates) if mask & select]:
        block = blocks[i]
        index = block.index
        text = block.text
        line: str | None = None  # the line as line rules read it, made once for all of them
        vetted_length = len(text) <= VETTED_MAX_CHARS  # runs_unlimited, inlined with match_line below
        for rule in rules.rules_of(candidates[i] & select):
            if rule.match_kind == "line" and rule.vetted and vetted_length:  # match_line inlined: the common case
                if line is None:
                    line = read_line(text)
                pattern = rule.compiled or rule.pattern
                assert pattern is not None
                spans = [Span(0, len(text))] if pattern.search(line) else []
            else:
                spans = match_line(rule, block, features[i].key, timeout, budget)
            if not spans:
                continue
            if rule.action is Action.CUT:
                marks.extend(Mark(index, Action.CUT, rule.id, span=s, detail=block.text[s.start:s.end])
                             for s in spans)
                continue
            if rule.action is Action.DROP_BLOCK and _item_of_a_led_list(blocks, features, i):
                continue  # "- More blog posts" under "They basically need:" is the article's list item
            found = [Mark(index, rule.action, rule.id)]
            below = _next_body(features, i, config) if subheadings and rule.stays_over_prose \
                and index not in apart else None
            if rule.action is Action.DROP_BLOCK and not (rule.extent == "rest" and i > rest_taken_from):
                if page is None:
                    page = PageProse.of(blocks, features, config, joined)
                taken = block_extent(blocks, features, index, rule, config, joined, page)
                found += [Mark(j, Action.DROP, rule.id, detail=f"under line {block.line_no}", heading=index)
                          for j in taken]
                if rule.extent == "rest" and taken and below is None:  # its marks stand, and a later
                    rest_taken_from = min(rest_taken_from, i)  # heading's block to the end adds none
            if below is not None:
                over_prose.append((len(marks), blocks[below].index, found))
            else:
                marks += found
    if over_prose:  # a label over prose that a rule drops (a cookie notice) heads nothing
        dropped = {m.index for m in marks if m.action in (Action.DROP, Action.DROP_BLOCK)}
        for place, below, found in reversed(over_prose):
            if below in dropped:
                marks[place:place] = found
            elif heads is not None:
                heads[found[0].index] = found
    return marks


def orphaned_subheadings(heads: Collection[int], kept: Sequence[int], features: Sequence[Features],
                         config: Config) -> list[int]:
    """The subheadings among ``heads`` (``apply_rules``) that no body paragraph follows in the
    output, whose lines ``kept`` lists in order: a scorer took their paragraph (a repeated one),
    so cleaning the output again would take them. They go now, and the output stands."""
    orphans = []
    for place, i in enumerate(kept):
        if i in heads:
            below = kept[place + 1] if place + 1 < len(kept) else None
            if below is None or not is_body(features[below], config.body_min_words, config.body_min_stopword_density):
                orphans.append(i)
    return orphans


def _next_body(features: Sequence[Features], i: int, config: Config) -> int | None:
    """The next non-blank line after line ``i`` if it is a body paragraph, else None: a label
    right above one ("Search", "Create an account") is its subheading, not a menu's link."""
    for j in range(i + 1, len(features)):
        if features[j].words:
            return j if is_body(features[j], config.body_min_words, config.body_min_stopword_density) else None
    return None


def cut_spans(text: str, spans: Sequence[Span]) -> str:
    """``text`` with the spans removed.

    Where whitespace stood at either edge of a cut, the two sides meet with one space;
    where none did, they meet directly, so no character is ever added.
    """
    pieces: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.end <= pos:
            continue
        pieces.append(text[pos:max(pos, span.start)])
        pos = span.end
    pieces.append(text[pos:])
    out: list[str] = [pieces[0]] if pieces[0] else []  # joined once at the end: a line may hold many cuts
    for piece in pieces[1:]:
        spaced = (bool(out) and out[-1][-1:].isspace()) or piece[:1].isspace()
        while out and not out[-1].strip():
            out.pop()
        if out:
            out[-1] = out[-1].rstrip()
        right = piece.lstrip()
        if spaced and out and right:
            out.append(" ")
        if right:
            out.append(right)
    return "".join(out).rstrip()


def apply_cuts(blocks: Sequence[Block], cut_marks: Sequence[Mark]) -> tuple[list[Block], dict[int, str]]:
    """The blocks with cut spans removed, and the cut text of every line that was cut.

    A line left without a letter or digit keeps its text here: the caller drops it whole.
    """
    spans: dict[int, list[Span]] = {}
    for m in cut_marks:
        if m.span is not None:
            spans.setdefault(m.index, []).append(m.span)
    cut_texts = {i: cut_spans(blocks[i].text, s) for i, s in spans.items()}
    out = [
        Block.of(b.index, b.line_no, cut_texts[b.index])
        if b.index in cut_texts and any(ch.isalnum() for ch in cut_texts[b.index]) else b
        for b in blocks
    ]
    return out, cut_texts


def _teaser_title(f: Features, text: str, config: Config) -> bool:
    """A headline-like line: short, and not ending as a statement does."""
    return 0 < f.words <= config.headline_max_words and (not f.terminal_punct or text.rstrip().endswith("?"))


def _item_of_a_led_list(blocks: Sequence[Block], features: Sequence[Features], i: int) -> bool:
    """Whether line ``i`` is an item of the article's own list, though its words may read as a
    heading: a line ending in ':' leads into the list, and the item opens with the same word as an
    item next to it, as a list's parallel items do ("They basically need:", "- More public code
    examples", "- More blog posts"). A menu's items ("- Hurricane", "- Popular Topics") and a
    related box after the article's list ("- Most Popular" over headlines) share no opening word
    with theirs."""
    if not features[i].list_marker:
        return False
    j = i - 1
    while j >= 0 and (blocks[j].is_blank or features[j].list_marker):
        j -= 1
    if j < 0 or not blocks[j].text.rstrip().endswith(":"):
        return False
    opening = _opening_word(blocks[i].text)
    return any(opening == _opening_word(blocks[k].text) for k in (_next_item(blocks, features, i, -1),
                                                                   _next_item(blocks, features, i, 1))
               if k is not None)


def _opening_word(item: str) -> str:
    """The first word of a list item's text, after its marker, case-folded."""
    marker = LIST_MARKER.match(item)
    words = item[marker.end() if marker else 0:].split(maxsplit=1)
    return words[0].casefold() if words else ""


def _next_item(blocks: Sequence[Block], features: Sequence[Features], i: int, step: int) -> int | None:
    """The list item next to line ``i`` (blank lines between them allowed), or None."""
    j = i + step
    while 0 <= j < len(blocks) and blocks[j].is_blank:
        j += step
    return j if 0 <= j < len(blocks) and features[j].list_marker else None


class PageProse(NamedTuple):
    """Where a document's prose lies, found once for all the drop-block headings of a document
    (each heading's block reads it: found per heading, a page of thousands of headings took
    time in the square of its length)."""

    prose: list[bool]  # body prose (``prose_lines``)
    wrapped: list[bool]  # a line of a hard-wrapped paragraph, or such a paragraph joined
    words_before: list[int]  # words of prose above each line, and in the whole document last

    @classmethod
    def of(cls, blocks: Sequence[Block], features: Sequence[Features], config: Config,
           joined: Collection[int] = ()) -> PageProse:
        """The lines of a hard-wrapped paragraph are article prose together, though none is a
        body paragraph on its own: none is a teaser title or blurb, and their words are article
        words. So is a paragraph joined from a wrapped text's lines (``joined``)."""
        bodies = [is_body(f, config.body_min_words, config.body_min_stopword_density) for f in features]
        prose = prose_lines(blocks, features, bodies, config.body_min_words, config.body_min_stopword_density)
        wrapped = [(p and not b) or j in joined for j, (p, b) in enumerate(zip(prose, bodies, strict=True))]
        words = itertools.accumulate((f.words if p else 0 for f, p in zip(features, prose, strict=True)), initial=0)
        return cls(prose, wrapped, list(words))


def block_extent(
    blocks: Sequence[Block], features: Sequence[Features], start: int, rule: Rule, config: Config,
    joined: Collection[int] = (), page: PageProse | None = None,
) -> list[int]:
    """The lines a drop-block rule's heading takes with it.

    ``lines``: the next ``max_lines`` non-blank lines; above the article (less than
    ``article_min_words`` of body text before the heading), only those before the first body
    paragraph, so that a box at the top never takes the article's opening for a bio (a bio of
    a full sentence there is kept: it reads as the article's first paragraph does).
    ``rest``: everything to the end, when an article comes before the heading.
    ``table``: the rows of the table the heading is the header of (the lines right below it that
    are table rows, up to a blank line or another line), so that a table the template prints (a
    consent plugin's list of cookies) goes with its header, whatever its rows say.
    ``teasers``: headline-shaped lines and, directly under a headline, one blurb paragraph
    (the title + blurb pairs of "Recent stories" boxes). A line that leads into what follows (it
    ends with ':') is no teaser, and a title right above it was the article's subheading: the
    block ends before them. Above the article, a block that runs into its first paragraph
    gives back the title right above it, that paragraph's heading (the headline, "At a glance").
    Items of one list look alike: if the first carries a list marker, so must the rest, and
    marked items take no blurbs. The block ends at the first line of another shape, so the
    article's next subheading and paragraph are not taken. ``page``: ``PageProse.of`` the same
    arguments, when the caller has it.
    """
    if page is None:
        page = PageProse.of(blocks, features, config, joined)
    prose, wrapped = page.prose, page.wrapped
    above_article = page.words_before[start] < config.article_min_words
    if rule.extent == "rest" and above_article:
        return []  # no article before it: the rest of the page is its content (a forum thread)
    taken: list[int] = []
    titles: set[int] = set()
    after_title = False
    listed: bool | None = None  # whether the block's items carry list markers, set by the first
    for j in range(start + 1, len(blocks)):
        if blocks[j].is_blank:
            if rule.extent == "table":
                break
            after_title = False
            continue
        if rule.extent != "rest" and len(taken) >= rule.max_lines:
            break
        f = features[j]
        if rule.extent == "table":
            if not f.table_row:
                break
            taken.append(j)
            continue
        if rule.extent == "lines" and above_article and prose[j]:
            break
        if rule.extent in ("lines", "rest"):
            taken.append(j)
        elif blocks[j].text.rstrip().endswith(":"):  # it leads into what follows: no teaser
            if taken and taken[-1] in titles:  # the title above it was the article's subheading
                taken.pop()
            break
        elif not wrapped[j] and _teaser_title(f, blocks[j].text, config) and listed in (None, f.list_marker):
            taken.append(j)
            titles.add(j)
            after_title = True
            listed = f.list_marker if listed is None else listed
        elif not wrapped[j] and after_title and not listed and f.words <= config.blurb_max_words \
                and not f.list_marker:
            taken.append(j)
            after_title = False
        else:
            if above_article and prose[j] and taken and taken[-1] in titles \
                    and heading_shaped(blocks[taken[-1]].text, features[taken[-1]]):
                taken.pop()  # the title right above the article's first paragraph is its heading
            break
    return taken


__all__ = ["RuleBudget", "RuleTimeoutError", "apply_cuts", "apply_rules", "block_extent", "cut_spans", "match_line",
           "reaches_line_end"]
