"""The one place where marks become verdicts.

Precedence, highest first:

0. ``cut`` rules run first and cut their spans out of a line; everything below judges what
   is left (a line left with no letter or digit is dropped by the cut rule);
1. a ``drop`` / ``drop-block`` rule drops the line (the first rule matching the line itself
   gives the reason, else the heading whose block took it);
2. a ``keep`` rule protects its line from the scorers and the neighbour pass;
3. a scorer whose score reaches ``Config.drop_threshold`` drops the line (highest score wins);
4. a line a cut rule cut is kept with the cut text;
5. the neighbour pass (after jusText's context revision): a short line that is neither a
   sentence nor a heading, whose nearest non-blank neighbours were both dropped, is dropped
   too. Lines dropped by ``inline`` rules (ad labels) are looked through, not counted: an ad
   slot says nothing about the text around it. Lines a keep rule or a scorer's keep mark
   vouches for (page-frame's headline) are not judged;
6. every other line is kept as content.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Mapping, Sequence

from cleaner.config import Config
from cleaner.model import Action, Block, Decision, Features, Mark, Verdict, built_whole
from cleaner.ruleset import RuleSet

NEIGHBOUR_PASS = "neighbours"  # the pass's name in decisions and for --disable


def decide(
    blocks: Sequence[Block],
    features: Sequence[Features],
    rule_marks: Sequence[Mark],
    scorer_marks: Sequence[Mark],
    cut_texts: Mapping[int, str],
    ruleset: RuleSet,
    config: Config,
    neighbour_pass: bool = True,
) -> list[Decision]:
    """One Decision per non-blank line, in input order.

    ``blocks`` are the input lines as read; ``cut_texts`` what cut rules left of some of them
    (rules other than cuts, and scorers, judged that text).
    """
    inline_rules = ruleset.inline_ids
    kept_by_rule: dict[int, Mark] = {}
    dropped_by_rule: dict[int, Mark] = {}
    cuts: dict[int, list[Mark]] = {}
    for m in rule_marks:
        if m.action is Action.KEEP:
            kept_by_rule.setdefault(m.index, m)
        elif m.action is Action.CUT:
            cuts.setdefault(m.index, []).append(m)
        elif m.index not in dropped_by_rule or (dropped_by_rule[m.index].heading is not None and m.heading is None):
            dropped_by_rule[m.index] = m  # a line's own match names it better than a heading above it
    best_score: dict[int, Mark] = {}
    vouched: set[int] = set()  # lines a scorer says are content: the neighbour pass leaves them
    for m in scorer_marks:
        if m.action is Action.KEEP:
            vouched.add(m.index)
        elif m.score >= config.drop_threshold and (m.index not in best_score or m.score > best_score[m.index].score):
            best_score[m.index] = m

    marked = kept_by_rule.keys() | dropped_by_rule.keys() | cuts.keys() | best_score.keys()
    keep = Verdict.KEEP
    verdicts: dict[int, Decision] = {}  # in line order
    for block in blocks:
        if block.is_blank:
            continue
        i = block.index
        if i in marked:
            verdicts[i] = _verdict(block, kept_by_rule.get(i), dropped_by_rule.get(i), cuts.get(i),
                                   cut_texts.get(i), best_score.get(i))
        else:  # most lines: no rule or scorer said anything (made as a tuple in C, as in segment)
            verdicts[i] = built_whole(Decision, (block.line_no, block.text, keep, "content", 0.0, block.text, ""))

    if neighbour_pass:
        _neighbour_pass(features, verdicts, set(kept_by_rule) | vouched, inline_rules, config)
    return list(verdicts.values())


def _verdict(block: Block, keep: Mark | None, drop: Mark | None, cut: list[Mark] | None,
             remainder: str | None, scored: Mark | None) -> Decision:
    text = block.text
    if drop is not None:
        return Decision(block.line_no, text, Verdict.DROP, drop.reason, detail=drop.detail)
    if scored is not None and keep is None:
        return Decision(block.line_no, text, Verdict.DROP, scored.reason, scored.score, detail=scored.detail)
    if cut and remainder is not None:
        reason = ",".join(dict.fromkeys(m.reason for m in cut))
        detail = " | ".join(m.detail for m in cut)
        return Decision(block.line_no, text, Verdict.CUT, reason, output=remainder, detail=detail)
    if keep is not None:
        return Decision(block.line_no, text, Verdict.KEEP, keep.reason, output=text)
    return Decision(block.line_no, text, Verdict.KEEP, "content", 0.0, output=text)


def _neighbour_pass(features: Sequence[Features], verdicts: dict[int, Decision], protected: set[int],
                    inline_rules: frozenset[str], config: Config) -> None:
    drop = Verdict.DROP
    evidence = [i for i, d in verdicts.items() if d.verdict is not drop or d.reason not in inline_rules]
    changes = {}
    for k in _between_drops(evidence, verdicts):
        i = evidence[k]
        d = verdicts[i]
        f = features[i]
        if d.verdict is not Verdict.KEEP or i in protected or f.words > config.neighbour_max_words:
            continue
        if f.terminal_punct and f.words >= 2:
            continue  # a short sentence is content in its own right
        if f.words >= config.headline_min_words and f.title_case_ratio >= config.headline_min_title_case:
            continue  # a heading: headline runs and the footer zone judge those
        before, after = verdicts[evidence[k - 1]], verdicts[evidence[k + 1]]
        changes[i] = Decision(d.line_no, d.text, Verdict.DROP, NEIGHBOUR_PASS, 0.5,
                              detail=f"between {before.reason} and {after.reason}")
    verdicts.update(changes)


def _between_drops(evidence: Sequence[int], verdicts: Mapping[int, Decision]) -> Iterator[int]:
    """The places in ``evidence`` whose neighbours there are both dropped: the only lines the
    neighbour pass may take, found in C (most lines of a page are kept, and so are their neighbours)."""
    gone = [verdicts[i].verdict is Verdict.DROP for i in evidence]
    return itertools.compress(range(1, len(gone) - 1), map(operator.and_, gone, gone[2:]))
