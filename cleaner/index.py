"""Which rules can match a line: the per-line look-up, built once per rule set."""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from cleaner.model import Features
from cleaner.ruleset import Rule


def guard_holds(rule: Rule, f: Features) -> bool:
    """True when the line's features are inside the rule's guard."""
    g = rule.guard
    return (
        g.min_words <= f.words <= g.max_words
        and (g.terminal_punct is None or g.terminal_punct == f.terminal_punct)
        and g.min_title_case <= f.title_case_ratio <= g.max_title_case
    )


class RuleIndex:
    """The rules of a set, indexed for the per-line loop; built once per rule set.

    A line can only match the phrase rules whose phrase it is, and the regex rules whose
    ``requires`` words it holds; the index finds both at once, a dictionary look-up for the
    phrase and one Aho-Corasick pass over the line for every rule's words, so each line is
    tested against a handful of rules instead of all of them. Regex rules without
    ``requires`` words are tried on every line.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        by_phrase: dict[str, list[int]] = {}
        by_word: dict[str, list[int]] = {}
        always: list[int] = []
        for i, rule in enumerate(self.rules):
            if rule.match_kind == "phrases":
                for phrase in rule.phrases:
                    by_phrase.setdefault(phrase, []).append(i)
            elif rule.requires:
                for word in rule.requires:
                    by_word.setdefault(word, []).append(i)
            else:
                always.append(i)
        self._by_phrase = {k: tuple(v) for k, v in by_phrase.items()}
        self._by_word = {k: tuple(v) for k, v in by_word.items()}
        self._always = tuple(always)
        self._automaton = ahocorasick.Automaton()
        for word in sorted(by_word):
            self._automaton.add_word(word, word)
        if by_word:
            self._automaton.make_automaton()

    def words_in(self, lowered: str) -> frozenset[str]:
        """The ``requires`` words that occur in ``lowered`` (case-folded, single-spaced text)."""
        if not self._by_word:
            return frozenset()
        return frozenset(word for _, word in self._automaton.iter(lowered))

    def for_line(self, f: Features) -> list[Rule]:
        """The rules that may match a line: its phrase or required words present, guard holding.

        The required words are sought in ``f.folded``. The rules come in rule order.
        """
        candidates = set(self._always)
        candidates.update(self._by_phrase.get(f.key, ()))
        for word in self.words_in(f.folded):
            candidates.update(self._by_word[word])
        return [self.rules[i] for i in sorted(candidates) if guard_holds(self.rules[i], f)]
