"""word_count gives what its plain definition, the number of ``\\w+`` matches, gives on any text.

Its byte-level count takes four paths (ASCII text, text whose only non-ASCII characters are
typographic punctuation, other text with its ASCII lines apart where most lines are ASCII, and by
the pattern where they are not); each is checked against the pattern.
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.wordcount import TYPOGRAPHIC, WORD, word_count

PLAIN = re.compile(r"\w+")

# Characters where the paths differ: ASCII word and non-word characters, the typographic
# punctuation replaced by spaces, letters and digits outside ASCII, and line ends.
_MIXED = st.text(
    alphabet=st.sampled_from([*"ab_Z09 .,'-(\t", "\n", *TYPOGRAPHIC, "é", "ß", "İ", "٣", "²", "€", "\u2028", "😀"]),
    max_size=80,
)


def plain_count(text: str) -> int:
    return len(PLAIN.findall(text))


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_MIXED, st.text(max_size=80)))
@example("don\u2019t stop \u2014 now")
@example("caf\u00e9 na\u00efve\nplain line\n\u201cquoted\u201d")
@example("x_y 3.14 a-b")
@example("\ud800 lone surrogate")
def test_the_count_is_the_patterns_on_any_text(text: str) -> None:
    assert word_count(text) == plain_count(text)
    # long enough to be searched before it is counted, mostly ASCII lines or mostly not
    for long in ("\n".join([text] * 4 + ["an ascii line of some length"] * 10), (text + "\n") * 40):
        assert word_count(long) == plain_count(long)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   ", 0),
        ("one", 1),
        (" one two ", 2),
        ("don\u2019t", 2),  # the apostrophe parts two \w runs, as the pattern does
        ("\u201cquoted\u201d\u00a0text", 2),
        ("caf\u00e9 au lait", 3),
        ("snake_case and 42", 3),
        ("line one\nline two\u2026", 4),
    ],
)
def test_words_are_counted_as_runs_of_word_characters(text: str, words: int) -> None:
    assert word_count(text) == words


def test_the_typographic_characters_are_no_word_characters() -> None:
    """Each is replaced by a space before counting: a word character among them would split words."""
    assert all(WORD.search(character) is None for character in TYPOGRAPHIC)
    assert all(not character.isascii() for character in TYPOGRAPHIC)


@pytest.mark.parametrize("character", [chr(c) for c in range(sys.maxunicode + 1) if 0x80 <= c < 0x3000
                                       and (c % 97 == 0 or chr(c) in TYPOGRAPHIC)])
def test_a_non_ascii_character_between_words_counts_as_the_pattern_counts_it(character: str) -> None:
    ascii_lines = "\nan ascii line of some length" * 12  # most lines ASCII, and long: counted apart
    for text in (f"a{character}b", f"a {character} b\nc", f"{character}a",
                 f"a{character}b{ascii_lines}", f"{character}{ascii_lines}\n\nx{character}y{ascii_lines}"):
        assert word_count(text) == plain_count(text)


@given(st.lists(st.one_of(_MIXED, st.text(max_size=120)), min_size=1, max_size=6))
@settings(max_examples=500, deadline=None)
def test_text_with_ascii_lines_among_others_is_counted_as_the_pattern_counts_it(lines: list[str]) -> None:
    padded = "\n".join([*lines, *["an ascii line of some length"] * 50])  # most lines ASCII: counted apart
    assert word_count(padded) == plain_count(padded)
    assert word_count("\n".join(lines)) == plain_count("\n".join(lines))
