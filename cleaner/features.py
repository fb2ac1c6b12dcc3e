"""Per-line features, computed once and read by both rules' guards and scorers."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

import regex

from cleaner.model import Block, Features

_WORD_CHARS = regex.compile(r"[\w']+")
_DIGIT = regex.compile(r"\d")
_URL = regex.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_LIST_MARKER = regex.compile(r"^\s*(?:[-*•·◦▪‣–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s*")
# A sentence ends in . ! ? or an ellipsis, possibly followed by closing quotes/brackets.
_TERMINAL = regex.compile(r"[.!?…][\"'”’»)\]]*$")
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
    text = unicodedata.normalize("NFKC", text).casefold()
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
    keys = [normalise(b.text) if not b.is_blank else "" for b in blocks]
    repeats = Counter(k for k in keys if k)
    content = [b.index for b in blocks if not b.is_blank]
    first, last = (content[0], content[-1]) if content else (0, 0)
    span = max(last - first, 1)
    result = []
    for block, key in zip(blocks, keys, strict=True):
        text = block.text
        stripped = text.strip()
        words = stripped.split()
        n_words = len(words)
        tokens = _WORD_CHARS.findall(stripped.lower())
        stop = sum(map(stoplist.__contains__, tokens))
        non_space = len(stripped) - stripped.count(" ")
        digits = len(_DIGIT.findall(stripped))
        url_chars = sum(len(m) for m in _URL.findall(stripped))
        i = block.index
        result.append(
            Features(
                key=key,
                words=n_words,
                chars=len(stripped),
                stopword_density=stop / len(tokens) if tokens else 0.0,
                terminal_punct=bool(_TERMINAL.search(stripped)),
                title_case_ratio=title_case_ratio(words) if n_words <= TITLE_CASE_MAX_WORDS else 0.0,
                digit_ratio=digits / non_space if non_space else 0.0,
                link_ratio=url_chars / len(stripped) if stripped else 0.0,
                list_marker=bool(_LIST_MARKER.match(text)) and n_words > 1,
                indented=text[:1].isspace(),
                table_row=stripped.startswith("|") and stripped.count("|") >= 2,
                repeats=repeats[key] - 1 if key else 0,
                position=(i - first) / span if content else 0.0,
                blank_before=i == 0 or blocks[i - 1].is_blank,
                blank_after=i == len(blocks) - 1 or blocks[i + 1].is_blank,
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
