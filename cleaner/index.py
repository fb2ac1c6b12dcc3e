"""Which rules can match a line: the per-line look-up, built once per rule set."""

from __future__ import annotations

import bisect
import functools
import operator
from collections.abc import Callable, Iterable, Sequence

import ahocorasick

from cleaner.model import Features
from cleaner.ruleset import Rule

_VALUE = operator.itemgetter(1)  # of an Aho-Corasick hit (end, value)


def guard_holds(rule: Rule, f: Features) -> bool:
    """True when the line's features are inside the rule's guard."""
    g = rule.guard
    return (
        g.min_words <= f.words <= g.max_words
        and (g.terminal_punct is None or g.terminal_punct == f.terminal_punct)
        and g.min_title_case <= f.title_case_ratio <= g.max_title_case
    )


def _automaton(words: Iterable[tuple[str, object]]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton that finds each word and reports its value."""
    automaton = ahocorasick.Automaton()
    for word, value in sorted(words):
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


class RuleIndex:
    """The rules of a set, indexed for the per-line loop; built once per rule set.

    A line can only match the phrase rules whose phrase it is, and the regex rules whose
    ``requires`` words it holds; the index finds both at once, a dictionary look-up for the
    phrase and one Aho-Corasick pass over the line for the rules' words, so each line is
    tested against a handful of rules instead of all of them. Regex rules without
    ``requires`` words are tried on every line.

    Sets of rules are bit masks (bit ``i`` is rule ``i``), so a line's candidates are a few
    integer operations. The guards' word limits and sentence-end condition are masks too,
    one per range of word counts; a rule that limits title case is checked on its own. The
    pass looks only for the words of rules whose guard the line's length allows: short words
    such as "ad" or "x" that only short-line rules need are not reported for every paragraph.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        by_phrase: dict[str, int] = {}
        self._always = self._worded = self._title_guarded = 0
        for i, rule in enumerate(self.rules):
            bit = 1 << i
            if rule.match_kind == "phrases":
                for phrase in rule.phrases:
                    by_phrase[phrase] = by_phrase.get(phrase, 0) | bit
            elif rule.requires:
                self._worded |= bit
            else:
                self._always |= bit
            if not (rule.guard.min_title_case <= 0.0 and rule.guard.max_title_case >= 1.0):
                self._title_guarded |= bit  # every ratio is in 0..1: only narrower limits filter
        self._by_phrase = by_phrase
        # Word counts at which some guard starts or stops holding; between two of them, the
        # same rules' word limits hold. Per range: [mask without a sentence end, mask with one].
        self._bounds = sorted({n for r in self.rules for n in (r.guard.min_words, r.guard.max_words + 1)})
        self._guard_masks = [self._guard_mask(n) for n in (0, *self._bounds)]
        # Per range and sentence end: the allowed rules and the automaton for their words.
        self._shapes: list[list[tuple[int, ahocorasick.Automaton | None] | None]] = [
            [None, None] for _ in self._guard_masks
        ]
        self._automata: dict[int, ahocorasick.Automaton] = {}  # by the mask of rules whose words it finds

    def _guard_mask(self, words: int) -> tuple[int, int]:
        masks = [0, 0]
        for i, rule in enumerate(self.rules):
            g = rule.guard
            if g.min_words <= words <= g.max_words:
                for terminal in (False, True):
                    if g.terminal_punct is None or g.terminal_punct == terminal:
                        masks[terminal] |= 1 << i
        return masks[0], masks[1]

    def _shape(self, at: int, terminal: bool) -> tuple[int, ahocorasick.Automaton | None]:
        allowed = self._guard_masks[at][terminal]
        worded = allowed & self._worded
        shape = allowed, self._automaton(worded) if worded else None
        self._shapes[at][terminal] = shape
        return shape

    def _automaton(self, worded: int) -> ahocorasick.Automaton:
        """An automaton for the ``requires`` words of the rules in ``worded``, each word's value
        the mask of those of them that require it; built on first use."""
        automaton = self._automata.get(worded)
        if automaton is None:
            automaton = _automaton(self._word_masks(worded).items())
            self._automata[worded] = automaton
        return automaton

    def _word_masks(self, worded: int) -> dict[str, int]:
        masks: dict[str, int] = {}
        for i, rule in enumerate(self.rules):
            if worded >> i & 1:
                for word in rule.requires:
                    masks[word] = masks.get(word, 0) | 1 << i
        return masks

    def words_in(self, lowered: str) -> frozenset[str]:
        """The ``requires`` words that occur in ``lowered`` (case-folded, single-spaced text).

        For checks of the rules; it builds its automaton on every call, so the per-line loop
        uses ``candidates``."""
        if not self._worded:
            return frozenset()
        words = _automaton((word, word) for word in self._word_masks(self._worded))
        return frozenset(map(_VALUE, words.iter(lowered)))

    def select(self, keep: Callable[[Rule], bool]) -> int:
        """The mask of the rules for which ``keep`` is true."""
        return sum(1 << i for i, rule in enumerate(self.rules) if keep(rule))

    def candidates(self, f: Features) -> int:
        """The mask of the rules that may match a line: its phrase or required words present,
        guard holding. The required words are sought in ``f.folded``; a blank line has none."""
        if not f.folded:
            return 0
        at = bisect.bisect_right(self._bounds, f.words)
        shape = self._shapes[at][f.terminal_punct] or self._shape(at, f.terminal_punct)
        allowed, automaton = shape
        found = self._always | self._by_phrase.get(f.key, 0)
        if automaton is not None:
            found = functools.reduce(operator.or_, map(_VALUE, automaton.iter(f.folded)), found)
        found &= allowed
        if found & self._title_guarded:
            found = self._title_checked(found, f)
        return found

    def _title_checked(self, found: int, f: Features) -> int:
        for i, rule in enumerate(self.rules):
            if found >> i & 1 and self._title_guarded >> i & 1 and not guard_holds(rule, f):
                found &= ~(1 << i)
        return found

    def rules_in(self, mask: int) -> list[Rule]:
        """The rules of a mask, in rule order."""
        rules: list[Rule] = []
        while mask:
            low = mask & -mask
            rules.append(self.rules[low.bit_length() - 1])
            mask ^= low
        return rules

    def for_line(self, f: Features) -> list[Rule]:
        """The rules that may match a line (``candidates``), in rule order."""
        return self.rules_in(self.candidates(f))
