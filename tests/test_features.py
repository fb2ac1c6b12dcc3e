"""The fast per-line paths give what their plain definitions give, on any text.

features.py counts tokens, stopwords and title case per word from a table, derives the key
from the folded text, and index.py keeps rule sets as bit masks. Each is checked here against
the straightforward computation it replaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

import pytest
from conftest import RULES_DIR, read_seed, seed_names
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.features import (
    TITLE_CASE_MAX_WORDS,
    WORD_TOKENS,
    _word_table,
    compute_features,
    is_body,
    line_features,
    normalise,
    prose_lines,
)
from cleaner.index import RuleIndex, guard_holds
from cleaner.model import Features
from cleaner.ruleset import Guard, Rule
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist

STOPLIST = get_stoplist("English")
MINOR = frozenset("a an the and but or nor for so yet as at by in of off on per to up via vs with from into onto "
                  "over than that is are was be".split())
RULES = Cleaner.load(RULES_DIR).ruleset.rules
LIST_MARKER = re.compile(r"\s*(?:[-*•·◦▪‣–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))")


def plain_title_case_ratio(words: Sequence[str]) -> float:
    counted = capital = 0
    for word in words:
        word = word.lstrip("\"'“‘([")
        if not word or not word[0].isalpha() or word.lower() in MINOR:
            continue
        counted += 1
        capital += word[0].isupper()
    return capital / counted if counted else 0.0


def plain_features(text: str) -> Features:
    """Every feature by its definition, one line at a time."""
    stripped = text.strip()
    words = stripped.split()
    tokens = WORD_TOKENS.findall(stripped.lower())
    return Features(
        key=normalise(stripped) if stripped else "",
        words=len(words),
        stopword_density=sum(t in STOPLIST for t in tokens) / len(tokens) if tokens else 0.0,
        terminal_punct=stripped.rstrip("\"'”’»)]")[-1:] in frozenset(".!?…") if stripped else False,
        title_case_ratio=plain_title_case_ratio(words) if len(words) <= TITLE_CASE_MAX_WORDS else 0.0,
        list_marker=len(words) > 1 and bool(LIST_MARKER.match(text)),
        table_row=stripped.startswith("|") and stripped.count("|") >= 2,
        folded=" ".join(text.casefold().split()),
    )


# Text that reaches the hard cases: case mappings that change length or depend on context
# (final sigma, dotted I, sharp s), NFKC changes (ligatures, full-width letters, U+203E that
# becomes a space and a mark), curly quotes, Unicode spaces, digits of other scripts.
TRICKY = "ΣΑΣ σας İstanbul Straße ﬁne ＡＢＣ ‾x “Quoted” ‘it’s’ a\u00a0b\u2003c \u2028 ٣٤ ǅ ß ﬀ Ⅻ (The [of ' -"
lines = st.one_of(
    st.text(max_size=80),
    st.text(st.sampled_from(TRICKY), max_size=40),
    st.lists(st.sampled_from([*TRICKY.split(), "The", "of", "And", "x", "'s", "(A", "“In"]), max_size=50).map(" ".join),
)


@settings(max_examples=500, deadline=None)
@given(lines)
@example("Straße ΣΑΣ İstanbul ﬁne ‾x “Quoted”")
@example("Said, U.S. 'tis 2024, e-mail (The “Quoted” don't ... $4.2 x_y __ K")
@example(" ".join(["Word"] * TITLE_CASE_MAX_WORDS))
@example(" ".join(["Word"] * (TITLE_CASE_MAX_WORDS + 1)))
def test_line_features_match_their_definitions(text: str) -> None:
    assert line_features(text, STOPLIST) == plain_features(text)


words = st.text(max_size=12).map(lambda w: "".join(w.split())).filter(bool)
TRICKY_WORDS = ["Said,", "U.S.", "'tis", "2024,", "e-mail", "(The", "“Quoted”", "don't", "...", "$4.2", "x_y", "K",
                "ΣΑΣ"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(words, st.sampled_from(TRICKY_WORDS)))
def test_a_new_word_is_counted_by_the_definitions(word: str) -> None:
    """Each word is counted once, when the table first meets it; here the table is new."""
    from cleaner.features import _features, _WordTable

    text = f"{word} {word} and {word}"
    assert _features(text, _WordTable(STOPLIST)) == plain_features(text)


def test_line_features_match_on_every_seed_line() -> None:
    for name in seed_names():
        for line in read_seed(name).splitlines():
            assert line_features(line, STOPLIST) == plain_features(line), line


def test_lines_too_long_for_the_packed_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.features as features

    monkeypatch.setattr(features, "LONG_LINE", 10)
    for text in ("The Quick brown fox. “Quoted” ΣΑΣ", "short", " ".join(["Word"] * 50) + "."):
        assert line_features(text, STOPLIST) == plain_features(text)


def test_the_word_table_stays_bounded() -> None:
    import cleaner.features as features

    table = _word_table(STOPLIST)
    assert len(table) <= features.WORD_TABLE_SIZE
    line_features(" ".join(f"w{n}" for n in range(features.WORD_TABLE_SIZE + 10)), STOPLIST)
    assert len(table) <= features.WORD_TABLE_SIZE


def plain_candidates(rules: Sequence[Rule], f: Features) -> list[Rule]:
    """The rules a line may match, by the definition: phrase, required word or neither; guard."""
    if not f.folded:
        return []
    def named(r: Rule) -> bool:
        if r.match_kind == "phrases":
            return f.key in r.phrases
        return not r.requires or any(w in f.folded for w in r.requires)

    return [r for r in rules if named(r) and guard_holds(r, f)]


@settings(max_examples=300, deadline=None)
@given(st.one_of(lines, st.sampled_from([e for r in RULES for e in (*r.examples_match, *r.examples_no_match)])))
@example("\ud800 Advertisement")  # a lone surrogate cannot be written in UTF-8, which the automaton reads
@example("Sponsored by Acme \udfff")
def test_index_candidates_match_their_definition(text: str) -> None:
    index = RuleIndex(RULES)
    f = line_features(text, STOPLIST)
    assert index.for_line(f) == plain_candidates(RULES, f)


_RULE_TEXTS = st.sampled_from([e for r in RULES for e in (*r.examples_match, *r.examples_no_match)])


@settings(max_examples=200, deadline=None)
@given(st.lists(_RULE_TEXTS, min_size=4, max_size=16).map(" ".join))
@example(" ".join(["Copyright 2024 Acme. All rights reserved. Read more about our cookies on app x."] * 4))
def test_paragraph_long_lines_find_the_candidates_of_their_definition(text: str) -> None:
    # From a length on, lines are searched for the words of the rules that allow them only.
    index = RuleIndex(RULES)
    long_from = index._long_from()
    assert long_from is not None and index._finders[-1] is not index._finder
    f = line_features(text, STOPLIST)
    assert index.for_line(f) == plain_candidates(RULES, f)


def test_some_lines_are_long_enough_for_the_paragraph_finder() -> None:
    long_from = RuleIndex(RULES)._long_from()
    assert long_from is not None
    text = " ".join(["Copyright 2024 Acme. All rights reserved."] * 8)
    assert line_features(text, STOPLIST).words >= long_from


@settings(max_examples=200, deadline=None)
@given(st.one_of(lines, _RULE_TEXTS, st.lists(_RULE_TEXTS, min_size=2, max_size=6).map(" ".join)),
       st.integers(1, 40))
def test_a_long_lines_words_are_found_a_piece_at_a_time(text: str, size: int) -> None:
    # Pieces of any size find the words that one search finds, one across two pieces too; on a
    # line as long as LONG_LINE the index searches so.
    import cleaner.index

    finder = RuleIndex(RULES)._finder
    assert finder is not None
    folded = line_features(text, STOPLIST).folded
    assert {hit[0] for hit in finder.hits_in_pieces(folded, size)} == {hit[0] for hit in finder.hits(folded)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cleaner.index, "LONG_LINE", 1)
        f = line_features(text, STOPLIST)
        assert RuleIndex(RULES).for_line(f) == plain_candidates(RULES, f)


def test_each_rule_word_is_found_across_a_pieces_end_at_every_offset() -> None:
    finder = RuleIndex(RULES)._finder
    assert finder is not None
    size = 16
    for index, word in enumerate(finder.words):
        for offset in range(size + 1):
            text = "#" * offset + word + "#" * size
            assert index in {hit[0] for hit in finder.hits_in_pieces(text, size)}, (word, offset)


def test_title_case_guards_are_checked() -> None:
    base = next(r for r in RULES if r.match_kind == "phrases")
    headline = replace(base, id="titled", guard=Guard(min_title_case=0.6))
    index = RuleIndex((base, headline))
    phrase = sorted(base.phrases)[0]
    for text in (phrase, phrase.title()):
        f = line_features(text, STOPLIST)
        assert index.for_line(f) == plain_candidates((base, headline), f)
        assert (headline in index.for_line(f)) == (f.title_case_ratio >= 0.6)


def test_nfkc_sensitive_keys() -> None:
    assert line_features("ﬁne print", STOPLIST).key == "fine print"
    assert unicodedata.normalize("NFKC", "‾") != "‾"


def _prose(*lines: str) -> list[bool]:
    blocks = split_lines("\n".join(lines) + "\n")
    features = compute_features(blocks, get_stoplist("English"))
    bodies = [is_body(f, 12, 0.2) for f in features]
    return prose_lines(blocks, features, bodies, 12, 0.2)[:len(lines)]


def test_the_lines_of_a_wrapped_paragraph_are_prose_together() -> None:
    assert _prose("The plan comes as the company seeks to diversify its revenue",
                  "streams away from the smartphone business, which carries",
                  "razor-thin profit margins.") == [True, True, True]


def test_lines_are_joined_only_where_a_sentence_runs_on_in_lower_case() -> None:
    # A headline over its first paragraph, a lead-in over its list, a paragraph after a sentence
    # end: each stays a line of its own, and the short ones are no prose.
    assert _prose("Council Approves the New Budget for Schools and Roads",
                  "The council voted on Tuesday to approve the new budget for schools and roads.") == [False, True]
    assert _prose("What the plan includes for the schools in the district and the roads:",
                  "new classrooms and two bridges.") == [False, False]
    assert _prose("Shares of the company fell on Monday morning.", "analysts had expected a rise.") == [False, False]


def test_wrapped_lines_that_end_no_sentence_are_no_prose() -> None:
    assert _prose("Home News Sport Business Technology Science Health Education",
                  "weather travel culture opinion podcasts newsletters and more") == [False, False]
