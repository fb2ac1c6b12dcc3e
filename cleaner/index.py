"""Which rules can match a line: the per-line look-up, built once per rule set."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence

import ahocorasick_rs

from cleaner.features import LONG_LINE
from cleaner.model import Features
from cleaner.ruleset import Rule

PIECE = 1 << 16  # characters of a long line searched at a time (``hits_in_pieces``)
MASKS_KEPT = 4096  # masks whose rules ``rules_of`` keeps


def guard_holds(rule: Rule, f: Features) -> bool:
    """True when the line's features are inside the rule's guard."""
    g = rule.guard
    return (
        g.min_words <= f.words <= g.max_words
        and (g.terminal_punct is None or g.terminal_punct == f.terminal_punct)
        and g.min_title_case <= f.title_case_ratio <= g.max_title_case
    )


class _WordFinder:
    """Finds which of a set of words occur in a text; each word carries a value (a mask of rules).

    An Aho-Corasick DFA (the Rust ``aho-corasick`` crate) reads the text once, however many
    words there are; words inside other words and overlapping ones are all reported. ``search``
    gives ``(word's position in words, start, end)`` per occurrence. The automaton reads UTF-8,
    which a lone surrogate cannot be written in: such a text is searched by ``search_slowly``.
    """

    __slots__ = ("longest", "search", "values", "words")

    def __init__(self, values: Mapping[str, int]) -> None:
        self.words = sorted(values)
        self.values = [values[word] for word in self.words]
        self.longest = max(map(len, self.words), default=0)
        automaton = ahocorasick_rs.AhoCorasick(self.words, implementation=ahocorasick_rs.Implementation.DFA)
        self.search: Callable[[str, bool], list[tuple[int, int, int]]] = automaton.find_matches_as_indexes

    def search_slowly(self, text: str) -> list[tuple[int, int, int]]:
        """``search``'s answer for any text, one hit per word found (positions left out)."""
        return [(i, 0, 0) for i, word in enumerate(self.words) if word in text]

    def hits(self, text: str) -> list[tuple[int, int, int]]:
        """``search`` with overlapping matches, on any text."""
        try:
            return self.search(text, True)
        except UnicodeEncodeError:
            return self.search_slowly(text)

    def hits_in_pieces(self, text: str, size: int = PIECE) -> list[tuple[int, int, int]]:
        """One hit per word found, for a text of any length: ``hits`` holds a tuple per occurrence,
        hundreds of megabytes on a long line of prose. Each piece is read with the longest word's
        length more, so a word across two pieces is found."""
        found: dict[int, tuple[int, int, int]] = {}
        for start in range(0, len(text), size):
            for hit in self.hits(text[start:start + size + self.longest]):
                found.setdefault(hit[0], hit)
        return list(found.values())


class RuleIndex:
    """The rules of a set, indexed for the per-line loop; built once per rule set.

    A line can only match the phrase rules whose phrase it is, and the regex rules whose
    ``requires`` words it holds; the index finds both at once, a dictionary look-up for the
    phrase and one Aho-Corasick pass over the line for the rules' words, so each line is
    tested against a handful of rules instead of all of them. Regex rules without
    ``requires`` words are tried on every line.

    Sets of rules are bit masks (bit ``i`` is rule ``i``), so a line's candidates are a few
    integer operations. The guards' word limits and sentence-end condition are masks too,
    one per range of word counts; a rule that limits title case is checked on its own. One
    automaton holds every rule's words: a word found for a rule whose guard the line's length
    rules out is masked away, which costs less than an automaton per range of lengths (those
    took more time to build than they saved, and more memory). A line that no worded rule's
    guard allows is not searched. Paragraphs are the exception (``_long_from``): few rules
    allow lines that long, and a second automaton with only their words reports far fewer
    hits there (a digit, "ad" in "read"), each of which costs a tuple.
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
        self._rules_of: dict[int, tuple[Rule, ...]] = {}  # see rules_of
        # Word counts at which some guard starts or stops holding; between two of them, the
        # same rules' word limits hold. Per range: [mask without a sentence end, mask with one].
        self._bounds = sorted({n for r in self.rules for n in (r.guard.min_words, r.guard.max_words + 1)})
        self._guard_masks = [self._guard_mask(n) for n in (0, *self._bounds)]
        # Every regex rule's required words, each word's value the mask of the rules requiring it.
        self._finder = _WordFinder(self._word_masks(self._worded)) if self._worded else None
        # The finder per range of word counts: from ``_long_from`` words on, one that holds only
        # the words of the rules whose guards allow lines that long.
        self._finders = [self._finder] * len(self._guard_masks)
        long_from = self._long_from()
        if long_from is not None:
            k = self._bounds.index(long_from) + 1  # the first range that starts there
            fewer = self._worded & ~self._shorter_than(long_from)
            finder = _WordFinder(self._word_masks(fewer)) if fewer else None
            self._finders[k:] = [finder] * (len(self._finders) - k)

    def _guard_mask(self, words: int) -> tuple[int, int]:
        masks = [0, 0]
        for i, rule in enumerate(self.rules):
            g = rule.guard
            if g.min_words <= words <= g.max_words:
                for terminal in (False, True):
                    if g.terminal_punct is None or g.terminal_punct == terminal:
                        masks[terminal] |= 1 << i
        return masks[0], masks[1]

    def _shorter_than(self, words: int) -> int:
        """The mask of the rules whose guards allow no line of ``words`` words or more."""
        return sum(1 << i for i, rule in enumerate(self.rules) if rule.guard.max_words < words)

    def _long_from(self) -> int | None:
        """The shortest line length (a guard's bound) from which the worded rules whose guards
        allow it require at most half of all required words: lines that long are searched for
        those words only. None when no length leaves so few."""
        if self._finder is None:
            return None
        worded = [(rule.guard.max_words, rule.requires) for i, rule in enumerate(self.rules) if self._worded >> i & 1]
        for bound in self._bounds:
            words: set[str] = set()
            for longest, required in worded:
                if longest >= bound:
                    words.update(required)
            if 2 * len(words) <= len(self._finder.words):
                return bound
        return None

    def _word_masks(self, worded: int) -> dict[str, int]:
        masks: dict[str, int] = {}
        for i, rule in enumerate(self.rules):
            if worded >> i & 1:
                for word in rule.requires:
                    masks[word] = masks.get(word, 0) | 1 << i
        return masks

    def words_in(self, lowered: str) -> frozenset[str]:
        """The ``requires`` words that occur in ``lowered`` (case-folded, single-spaced text).

        For checks of the rules; the per-line loop uses ``candidates``."""
        finder = self._finder
        if finder is None:
            return frozenset()
        return frozenset(finder.words[hit[0]] for hit in finder.hits(lowered))

    def select(self, keep: Callable[[Rule], bool]) -> int:
        """The mask of the rules for which ``keep`` is true."""
        return sum(1 << i for i, rule in enumerate(self.rules) if keep(rule))

    def candidates(self, f: Features) -> int:
        """The mask of the rules that may match a line: its phrase or required words present,
        guard holding. The required words are sought in ``f.folded``; a blank line has none."""
        if not f.folded:
            return 0
        k = bisect.bisect_right(self._bounds, f.words)
        allowed = self._guard_masks[k][f.terminal_punct]
        found = self._always | self._by_phrase.get(f.key, 0)
        finder = self._finders[k]
        if finder is not None and allowed & self._worded:
            values = finder.values
            if len(f.folded) >= LONG_LINE:
                hits = finder.hits_in_pieces(f.folded)
            else:
                try:  # finder.hits, inlined: this runs once per line
                    hits = finder.search(f.folded, True)
                except UnicodeEncodeError:
                    hits = finder.search_slowly(f.folded)
            for hit in hits:
                found |= values[hit[0]]
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

    def rules_of(self, mask: int) -> tuple[Rule, ...]:
        """``rules_in``, remembered: most lines of a document share a few masks. The table
        empties itself when full, so it stays small on any input."""
        rules = self._rules_of.get(mask)
        if rules is None:
            if len(self._rules_of) >= MASKS_KEPT:
                self._rules_of.clear()
            rules = self._rules_of[mask] = tuple(self.rules_in(mask))
        return rules

    def for_line(self, f: Features) -> list[Rule]:
        """The rules that may match a line (``candidates``), in rule order."""
        return self.rules_in(self.candidates(f))
