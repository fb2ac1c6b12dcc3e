"""Per-line features, computed once and read by both rules' guards and scorers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from cleaner.model import Block, Features

# The cleaner's own simple patterns use the standard library's re, which starts faster per
# call than the regex package; user rules use regex for its time limits.
WORD_TOKENS = re.compile(r"[\w']+")
_LIST_MARKER = re.compile(r"\s*(?:[-*•·◦▪‣–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))")
# A sentence ends in . ! ? or an ellipsis, possibly followed by closing quotes/brackets.
_SENTENCE_ENDS = frozenset(".!?…")
_CLOSERS = "\"'”’»)]"
# Lines longer than this are never headlines; their title-case ratio is not computed.
TITLE_CASE_MAX_WORDS = 40
# Short words that title case leaves lower-case ("Plan to Launch an EV in India").
_MINOR_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs with from into "
    "onto over than that is are was be".split()
)


def normalise(text: str) -> str:
    """Lower-case text with unified quotes and single spaces, ends stripped of punctuation.

    Two lines that a reader would call the same line normalise to the same string; this is
    the key for phrase rules and repeat counting.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.split())
    return text.strip(" \t-–—•·*|:;,.!?()[]{}<>\"'")


def title_case_ratio(words: Sequence[str]) -> float:
    """Share of capitalised words among words that start with a letter, minor words aside."""
    counted = capital = 0
    for word in words:
        word = word.lstrip("\"'“‘([")
        if not word or not word[0].isalpha():
            continue
        if word.lower() in _MINOR_WORDS:
            continue
        counted += 1
        if word[0].isupper():
            capital += 1
    return capital / counted if counted else 0.0


def compute_features(blocks: Sequence[Block], stoplist: frozenset[str]) -> list[Features]:
    """Return the Features of every block, in order."""
    result = []
    for block in blocks:
        text = block.text
        stripped = text.strip()
        words = stripped.split()
        n_words = len(words)
        tokens = WORD_TOKENS.findall(stripped.lower())
        result.append(
            Features(
                key=normalise(stripped) if stripped else "",
                words=n_words,
                stopword_density=sum(map(stoplist.__contains__, tokens)) / len(tokens) if tokens else 0.0,
                terminal_punct=stripped.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS if stripped else False,
                title_case_ratio=title_case_ratio(words) if n_words <= TITLE_CASE_MAX_WORDS else 0.0,
                list_marker=n_words > 1 and bool(_LIST_MARKER.match(text)),
                table_row=stripped.startswith("|") and stripped.count("|") >= 2,
            )
        )
    return result


def is_body(features: Features, min_words: int, min_stopword_density: float) -> bool:
    """A body paragraph: long enough, ends like a sentence, reads like prose."""
    return (
        features.words >= min_words
        and features.terminal_punct
        and features.stopword_density >= min_stopword_density
    )


def body_words_before(features: Sequence[Features], end: int, min_words: int, min_stopword_density: float) -> int:
    """How many words of body paragraphs come before line ``end``: how much article precedes it."""
    return sum(f.words for f in features[:end] if is_body(f, min_words, min_stopword_density))
