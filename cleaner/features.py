"""Per-line features, computed once and read by both rules' guards and scorers.

Cleaning time is mostly spent here, on every line of every document, so the per-word work
(tokens, stopwords, title case) is looked up in a bounded table of words already seen: words
repeat far more than lines do. ``tests/test_features.py`` checks the result against the plain
definitions below on arbitrary text.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator, Sequence

from cleaner.markdown import MARKER, visible_text
from cleaner.model import Block, Features, built_whole

# The cleaner's own simple patterns use the standard library's re, which starts faster per
# call than the regex package; user rules use regex for its time limits.
WORD_TOKENS = re.compile(r"[\w']+")
LIST_MARKER = re.compile(r"\s*(?:[-*•·◦▪‣–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))")
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
_KEY_EDGES = " \t-–—•·*|:;,.!?()[]{}<>\"'"
_TITLE_OPENERS = "\"'“‘(["
# Words kept in a table per stoplist before it starts afresh: memory stays flat on any input
# (the process grows by about 11 MB over the 1,478 benchmark pages, then no more), and nine in ten
# words of a large batch of pages are found (a new word costs as much as ten look-ups).
WORD_TABLE_SIZE = 50_000


def normalise(text: str) -> str:
    """Lower-case text with unified quotes and single spaces, ends stripped of punctuation.

    Two lines that a reader would call the same line normalise to the same string; this is
    the key for phrase rules and repeat counting.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = " ".join(text.split()) if len(text) < LONG_LINE else _single_spaced(text).strip()
    return text.strip(_KEY_EDGES)


def title_case_ratio(words: Sequence[str]) -> float:
    """Share of capitalised words among words that start with a letter, minor words aside."""
    counted = capital = 0
    for word in words:
        word = word.lstrip(_TITLE_OPENERS)
        if not word or not word[0].isalpha():
            continue
        if word.lower() in _MINOR_WORDS:
            continue
        counted += 1
        if word[0].isupper():
            capital += 1
    return capital / counted if counted else 0.0


# A word's four counts share one int, so that a line's counts are one C-level sum of its words'
# ints: tokens and stopword tokens in 25 bits each, then title-case and capitalised words in 6 bits
# each. Each field's sum is exact on lines shorter than LONG_LINE characters (longer ones are
# counted one token at a time), and the title-case fields, read only up to TITLE_CASE_MAX_WORDS
# words, too. Up to then the sum also fits a machine word, which keeps sum() on its fast path.
_COUNT_BITS, _TITLE_BITS = 25, 6
_MASK = (1 << _COUNT_BITS) - 1
_TITLE_MASK = (1 << _TITLE_BITS) - 1
_STOPS, _COUNTED, _CAPITAL = _COUNT_BITS, 2 * _COUNT_BITS, 2 * _COUNT_BITS + _TITLE_BITS
# Lines this long (no article paragraph is) are counted without word lists: see _long_line_features.
LONG_LINE = 1 << 20
assert LONG_LINE <= _MASK
_SPACE_RUN = re.compile(r"\s+")
_RUN_START = re.compile(r"(?<=\S)\s")


class _WordTable(dict[str, int]):
    """Each word's counts, packed: tokens, stopword tokens, title-case words, capitalised words.

    A whitespace-separated word's tokens (``[\\w']+`` of its lower-case form) are the line's
    tokens inside that word: lower-casing neither makes nor removes whitespace, and a token
    never spans it. So a line's counts are the sums of its words' counts, and a word needs
    counting once. The table empties itself when full.
    """

    def __init__(self, stoplist: frozenset[str]) -> None:
        super().__init__()
        self.stoplist = stoplist

    def __missing__(self, word: str) -> int:
        lowered = word.lower()
        if word.isascii() and word.isalpha():  # most new words: one token, nothing to strip
            counted = lowered not in _MINOR_WORDS
            capital = counted and word[0].isupper()
            packed = 1 | (lowered in self.stoplist) << _STOPS | counted << _COUNTED | capital << _CAPITAL
        else:
            tokens = WORD_TOKENS.findall(lowered)
            stops = sum(map(self.stoplist.__contains__, tokens))
            title = word.lstrip(_TITLE_OPENERS)
            counted = bool(title) and title[0].isalpha() and title.lower() not in _MINOR_WORDS
            capital = counted and title[0].isupper()
            packed = len(tokens) | stops << _STOPS | counted << _COUNTED | capital << _CAPITAL
        if len(self) >= WORD_TABLE_SIZE:
            self.clear()
        self[word] = packed
        return packed


@functools.lru_cache(maxsize=8)
def _word_table(stoplist: frozenset[str]) -> _WordTable:
    return _WordTable(stoplist)


_BLANK = Features(key="", words=0, stopword_density=0.0, terminal_punct=False, title_case_ratio=0.0,
                  list_marker=False, table_row=False, folded="")


def line_features(text: str, stoplist: frozenset[str]) -> Features:
    """The Features of one line of text."""
    return _features(text, _word_table(stoplist))


def _features(text: str, table: _WordTable) -> Features:
    stripped = text.strip()
    if not stripped:
        return _BLANK
    if len(stripped) >= LONG_LINE:
        return _long_line_features(text, stripped, table.stoplist)
    if MARKER in stripped:  # has_links, inlined: Markdown links count as their text
        stripped = visible_text(stripped).strip()
        if not stripped:
            return _BLANK
    words = stripped.split()
    n_words = len(words)
    if stripped.isascii():  # _key(stripped, folded), inlined for the common case
        folded = " ".join(words).lower()
        key = folded.strip(_KEY_EDGES)
    else:
        folded = " ".join(words).casefold()
        key = _key(stripped, folded)
    title = 0.0
    counts = sum(map(table.__getitem__, words))
    tokens, stops = counts & _MASK, counts >> _STOPS & _MASK
    if n_words <= TITLE_CASE_MAX_WORDS:
        counted = counts >> _COUNTED & _TITLE_MASK
        title = (counts >> _CAPITAL) / counted if counted else 0.0
    # ends_as_sentence, _list_marker and _table_row, inlined: this runs once per line.
    terminal = stripped.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS
    list_marker = n_words > 1 and LIST_MARKER.match(text) is not None
    table_row = stripped[0] == "|" and stripped.count("|") >= 2
    density = stops / tokens if tokens else 0.0
    # Made as a tuple in C: Features' own __new__ is a Python function, a call more per line.
    return built_whole(Features, (key, n_words, density, terminal, title, list_marker, table_row, folded))


def _long_line_features(text: str, stripped: str, stoplist: frozenset[str]) -> Features:
    """The Features of a line too long for the packed counts, counted a piece at a time without
    a list of all its words, so that a line of 100 MB costs a few copies of itself, not twenty."""
    spaced = _single_spaced(stripped)
    folded = spaced.casefold()
    lowered = folded if spaced.isascii() else spaced.lower()
    n_words = spaced.count(" ") + 1
    tokens = stops = 0
    for piece in _pieces(lowered):
        found = WORD_TOKENS.findall(piece)
        tokens += len(found)
        stops += sum(map(stoplist.__contains__, found))
    density = stops / tokens if tokens else 0.0
    title = title_case_ratio(stripped.split()) if n_words <= TITLE_CASE_MAX_WORDS else 0.0
    return Features(_key(stripped, folded), n_words, density, ends_as_sentence(stripped), title,
                    _list_marker(text, n_words), _table_row(stripped), folded)


def _single_spaced(text: str) -> str:
    """Every whitespace run made one space, as ``" ".join(text.split())`` does inside the text,
    a piece at a time: ``re.sub`` and ``split`` on the whole of a long line hold a string per word."""
    return "".join(_SPACE_RUN.sub(" ", piece) for piece in _pieces(text))


def _pieces(text: str, size: int = 1 << 16) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, each cut just before a whitespace run:
    no word, token or whitespace run spans two pieces."""
    start = 0
    while start < len(text):
        cut = _RUN_START.search(text, start + size)
        end = cut.start() if cut else len(text)
        yield text[start:end]
        start = end


def _key(stripped: str, folded: str) -> str:
    """normalise(stripped), from its folded form where NFKC leaves the line as it is (casefold
    and the quote replacements make and remove no whitespace, so they commute with the split)."""
    if stripped.isascii():
        return folded.strip(_KEY_EDGES)
    if unicodedata.is_normalized("NFKC", stripped):
        return folded.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').strip(_KEY_EDGES)
    return normalise(stripped)


def heading_shaped(text: str, f: Features) -> bool:
    """Words, not a list item or a count: what a heading over a paragraph looks like (the rules'
    title over a first paragraph, a copied section's heading). Three letters at least, sought only
    up to the third: a repeated paragraph asked so is not read to its end."""
    return not f.list_marker and len(list(itertools.islice(filter(str.isalpha, text), 3))) == 3


def ends_as_sentence(stripped: str) -> bool:
    """The line (stripped) ends in . ! ? or an ellipsis, perhaps inside closing quotes or brackets."""
    return stripped.rstrip(_CLOSERS)[-1:] in _SENTENCE_ENDS


def _list_marker(text: str, n_words: int) -> bool:
    return n_words > 1 and LIST_MARKER.match(text) is not None


def _table_row(stripped: str) -> bool:
    return stripped[0] == "|" and stripped.count("|") >= 2


def compute_features(blocks: Sequence[Block], stoplist: frozenset[str]) -> list[Features]:
    """Return the Features of every block, in order."""
    table = _word_table(stoplist)
    return [_features(block.text, table) for block in blocks]


def is_body(features: Features, min_words: int, min_stopword_density: float) -> bool:
    """A body paragraph: long enough, ends like a sentence, reads like prose."""
    return (
        features.words >= min_words
        and features.terminal_punct
        and features.stopword_density >= min_stopword_density
    )


def prose_lines(blocks: Sequence[Block], features: Sequence[Features], bodies: Sequence[bool], min_words: int,
                min_stopword_density: float, dropped: Collection[int] = ()) -> list[bool]:
    """Whether each line is body prose: a body paragraph of its own, or a line of a hard-wrapped
    paragraph (a man page, a plain-text e-mail) that is one as a whole.

    Wrapped text breaks its sentences across lines, so none of its lines reads as a paragraph,
    and the end of the article would be taken for its last one-line paragraph. A line that does
    not end a sentence or lead into a list (``:``), followed directly by a line that starts in
    lower case, runs on into it; the lines so joined are judged as one paragraph: their words
    added up, their function-word shares weighed by their words, the last line's ending. A next
    line that starts with a capital may as well start a paragraph, and a headline over its blurb
    must not read as prose (a width test, where the next line's first word would not have fit on
    this one, joined teaser titles to their blurbs on whole pages). Lines in ``dropped`` (an ad
    label in the middle of a sentence) are looked through, as they are absent from the output:
    cleaning the output again joins the same lines.
    """
    prose = list(bodies)  # is_body of each line
    lines = [i for i in range(len(features)) if i not in dropped] if dropped else range(len(features))
    runs_on = _running_on(blocks, features, lines)
    k = 0
    while k < len(runs_on):
        first = runs_on[k]
        while k + 1 < len(runs_on) and runs_on[k + 1] == runs_on[k] + 1:
            k += 1
        paragraph = lines[first:runs_on[k] + 2]  # up to the line the last one runs into
        k += 1
        joined = [features[i] for i in paragraph]
        words = sum(f.words for f in joined)
        if words >= min_words and joined[-1].terminal_punct and \
                sum(f.words * f.stopword_density for f in joined) >= min_stopword_density * words:
            for i in paragraph:
                prose[i] = True
    return prose


def _running_on(blocks: Sequence[Block], features: Sequence[Features], lines: Sequence[int]) -> list[int]:
    """The positions ``k`` in ``lines`` whose line runs on into line ``lines[k + 1]`` (see
    prose_lines). Most lines end a sentence, so the few that do not are found first."""
    if isinstance(lines, range):  # every line: the position is the line
        open_ended = [i for i, f in enumerate(features) if not f.terminal_punct and f.words]
        return [i for i in open_ended if i + 1 < len(blocks) and blocks[i + 1].text.lstrip()[:1].islower()
                and not blocks[i].text.endswith(":")]
    return [k for k, (i, following) in enumerate(itertools.pairwise(lines))
            if not features[i].terminal_punct and features[i].words
            and blocks[following].text.lstrip()[:1].islower() and not blocks[i].text.endswith(":")]
