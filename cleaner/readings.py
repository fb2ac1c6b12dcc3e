"""The choice between a page's two readings: whether the page's article region, cleaned, reads
the article better than the extraction does, and why the reading kept was kept.

The readings are compared by their words and their lines (``compare``, ``line_key``). The region
replaces the extraction where it holds it and much more, or holds it with the parts the
extractor skipped put back (``region_replaces``), or is a forum thread of which the extraction
is the first post (``thread_region_replaces``); where it puts back less, its lines from the
extraction's first to its last may (``span_replaces``, ``span``). ``Result.reading_reason``
gives the numbers they were compared by (``comparison_summary``) and, where the extraction
stands, the clause that failed with the threshold it missed (``extraction_stands_because``, kept
beside the clauses so that the two change together). Apart from how either reading is made: the
choice reads their texts alone, and its thresholds (``Config``) are what the benchmark's pages
tune.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from cleaner.config import Config
from cleaner.features import ends_as_sentence, is_body, line_features
from cleaner.stoplist import get_stoplist
from cleaner.wordcount import WORD, word_count


@dataclass(frozen=True, slots=True)
class Comparison:
    """How the page's article region compares with the extractor's text, in words (``\\w+``)."""

    found: int  # the extraction's words
    whole: int  # the region's words
    held: int  # the extraction's words that the region holds too
    added_inside: int  # words of region lines the extraction lacks, between its first and last lines
    added_outside: int  # the other added words: before its first line or after its last
    extracted_lines: int  # the extraction's lines: one line (a lead) has no "between"
    sentences: int = 0  # the region's lines that read as a sentence: words, then a sentence end
    # The extraction's words in lines that read as body paragraphs (``features.is_body``), counted
    # where the region does not hold it, the one case that reads them; 0 elsewhere.
    prose: int = 0
    marked: bool = False  # the page marks one article and it holds the extraction (``discussion.in_marked_article``)

    def read_elsewhere(self, config: Config) -> bool:
        """True when the region holds less than ``html_region_min_overlap`` of the extraction's
        words: the two readings read different parts of the page."""
        return _holds_less(self.held, self.found, config)

    @property
    def inside_share(self) -> float:
        """The share of the added words that lie between the extraction's lines."""
        added = self.added_inside + self.added_outside
        return self.added_inside / added if added else 0.0


def _holds_less(held: int, found: int, config: Config) -> bool:
    """``held`` is less than ``html_region_min_overlap`` of ``found``, in exact arithmetic (the
    share as written: 0.14 of 100 is 14, where the product of floats is 14.000000000000002)."""
    return held < Fraction(repr(config.html_region_min_overlap)) * found


def compare(extracted: str, region: str, config: Config | None = None) -> Comparison:
    """Word counts of both readings, what they share, and where the region's additions lie.

    Lines are matched by their lower-cased, single-spaced text without list or table markup; the
    region's lines keep the page's order, so an addition between two of the extraction's lines
    is a part it skipped.
    """
    config = config or Config()
    mine, theirs = _bag(extracted), _bag(region)
    extracted_keys = {key for key in map(line_key, extracted.splitlines()) if key}
    region_lines = [(key, line) for line in region.splitlines() if (key := line_key(line))]
    shared = [i for i, (key, _) in enumerate(region_lines) if key in extracted_keys]
    first, last = (shared[0], shared[-1]) if shared else (0, -1)
    inside = outside = 0
    for i, (key, line) in enumerate(region_lines):
        if key not in extracted_keys:
            if first < i < last:
                inside += word_count(line)
            else:
                outside += word_count(line)
    sentences = sum(1 for _, line in region_lines if _reads_as_sentence(line))
    found, held = sum(mine.values()), sum((mine & theirs).values())
    prose = prose_words(extracted, config) if _holds_less(held, found, config) else 0
    return Comparison(found, sum(theirs.values()), held, inside, outside, len(extracted_keys), sentences, prose)


def prose_words(text: str, config: Config) -> int:
    """The words of the text's lines that read as body paragraphs, as the scorers count an
    article's prose before a comment thread (``features.is_body``)."""
    stoplist = get_stoplist(config.language)
    features = (line_features(line, stoplist) for line in text.splitlines())
    return sum(f.words for f in features if is_body(f, config.body_min_words, config.body_min_stopword_density))


def region_replaces(c: Comparison, config: Config) -> bool:
    """True when the page's article region is a better reading of the article than the extraction.

    An extractor picks one subtree of the page; when the article is split across several (a
    lead above a gallery, sections in separate containers) it returns a fragment, or it skips a
    part in the middle (a section after an embed). The region replaces it when it holds at least
    ``html_region_min_overlap`` of the extraction's words and either

    - has ``html_region_min_ratio`` times its words, and adds at least
      ``html_region_inside_min_share`` of them between the extraction's lines, or the extraction
      is one line (a lead: nothing is between), or the region is so much bigger
      (``html_region_around_min_ratio``) that the extraction was a stub. A region that adds almost
      only around several lines of the extraction is most often the article with the comments
      below it and the teasers above it; or
    - has ``html_region_gap_min_ratio`` times its words, ``html_region_gap_min_share`` of the added
      words lying between the extraction's lines: the parts it skipped put back.

    Where it skipped less, the region's span over the extraction may put it back (``span``).

    A region that does not hold the extraction read another part of the page. The extraction
    stands, unless the region has ``html_region_around_min_ratio`` times its words and the
    extraction has less than ``article_min_words`` of body prose, outside the one article the
    page marks (``Comparison.marked``): then the extractor took a stub of the page's furniture
    for the article (a menu, a "hot comments" box, a notice that a search found nothing) and
    missed the page's text. An extraction with an article's prose, or in the page's marked
    article (a poem, a table of results), stands against any region elsewhere on the page: that
    is most often its comments.

    trafilatura compares its result with its fallbacks' in the same spirit. A region of fewer
    than ``frame_min_region_words`` words (a page of menus, a bare title) never wins, unless the
    extraction is empty and the region holds a sentence (a fragment, a page of one short
    paragraph: its text, not "no text found"); any other region beats an empty extraction.
    """
    if c.whole < config.frame_min_region_words:
        return not c.found and c.sentences > 0
    if not c.found:
        return True
    ratio = c.whole / c.found
    if c.read_elsewhere(config):
        return ratio >= config.html_region_around_min_ratio and c.prose < config.article_min_words and not c.marked
    if ratio >= config.html_region_min_ratio and (
            ratio >= config.html_region_around_min_ratio or c.extracted_lines < 2
            or c.inside_share >= config.html_region_inside_min_share):
        return True
    return ratio >= config.html_region_gap_min_ratio and c.added_inside > 0 and \
        c.inside_share >= config.html_region_gap_min_share


def thread_region_replaces(c: Comparison, member_cards: int, config: Config) -> bool:
    """True when the page's region is a forum thread of which the extractor took the first post.

    A thread's replies follow its first post where an article's comments would follow the
    article, so ``region_replaces`` reads them as comments around the extraction and lets the
    extraction stand; on a thread the replies are the page's content. The posters' member cards
    say that the page is a thread: the cleaned region shows at least ``thread_min_member_cards``
    of their lines (``member_cards``, the lines ``discussion.MEMBER_CARD_RULES`` took). An
    extraction in the one article the page marks (``Comparison.marked``) is an article, and cards
    under it are its commenters'. The region replaces the first post when it holds it
    (``html_region_min_overlap``), has ``html_region_min_ratio`` times its words and at least
    ``frame_min_region_words``.
    """
    return (member_cards >= config.thread_min_member_cards and c.found > 0 and not c.marked
            and c.whole >= config.frame_min_region_words and not c.read_elsewhere(config)
            and c.whole >= config.html_region_min_ratio * c.found)


def extraction_stands_because(c: Comparison, config: Config) -> str:
    """Why the extraction stands against a region it was compared with, for
    ``Result.reading_reason``: the clause of ``region_replaces`` that failed, in its order, with
    the threshold it missed (beside it, so that the two change together). A region too short for
    an article; one that reads another part of the page (and, where it is big enough to have
    replaced a stub, what made the extraction no stub); one that has too few words more, or adds
    too few between the extraction's lines. Asked only where ``region_replaces`` is false."""
    numbers = comparison_summary(c)
    if c.whole < config.frame_min_region_words:
        return (f"the page's article region, with fewer than {_words(config.frame_min_region_words)}, is too "
                f"short to be an article: {numbers}")
    if not c.found:
        raise ValueError("a region of an article's size replaces an empty extraction (region_replaces)")
    ratio = c.whole / c.found
    if c.read_elsewhere(config):
        why = (f"the page's article region reads another part of the page, holding less than "
               f"{_percent(config.html_region_min_overlap)} of the extraction's words")
        if ratio >= config.html_region_around_min_ratio:  # big enough to replace a stub
            why += (", and the extraction is in the one article the page marks" if c.marked else
                    f", and the extraction is no stub, with {_words(c.prose)} of body paragraphs "
                    f"({config.article_min_words} make an article)")
        return f"{why}: {numbers}"
    clauses = ((config.html_region_min_ratio, config.html_region_inside_min_share),
               (config.html_region_gap_min_ratio, config.html_region_gap_min_share))
    # A clause whose ratio the region misses fails on it; one whose ratio it reaches fails on
    # where the words it adds lie, and the lowest such share would have done.
    short = [least for least, _ in clauses if ratio < least]
    shares = [share for least, share in clauses if ratio >= least]
    having = [f"fewer than {_times(min(short))} times the extraction's words"] if short else []
    if shares:
        need = min(shares)
        added = c.added_inside + c.added_outside  # the share cut, not rounded, in exact arithmetic
        has = "none" if not c.added_inside else f"{math.floor(Fraction(1000 * c.added_inside, added)) / 10:g}%"
        would = "some" if not need else _percent(need)
        having.append(f"{has} of the words it adds between the extraction's lines, where {would} would do")
    return f"the page's article region is no better reading, having {' and '.join(having)}: {numbers}"


def _percent(share: float) -> str:
    """A threshold share as a percentage (0.125 is 12.5%, 1/3 is 33.4%: ``_rounded_up``)."""
    return f"{_rounded_up(Fraction(repr(share)) * 100, 1):g}%"


def _times(ratio: float) -> str:
    """A threshold ratio (4/3 is 1.34: ``_rounded_up``)."""
    return f"{_rounded_up(Fraction(repr(ratio)), 2):g}"


def _rounded_up(exact: Fraction, places: int) -> float:
    """``exact`` as written where ``places`` decimals write it, else rounded up to them, so that a
    value said to fall short of the threshold does and one said to reach it would."""
    scaled = exact * 10**places
    return float(exact) if scaled == int(scaled) else math.ceil(scaled) / 10**places


def _words(count: int) -> str:
    return f"{count} word{'' if count == 1 else 's'}"


def span_replaces(c: Comparison, config: Config) -> bool:
    """True when the region's lines from the extraction's first to its last (``span``) may
    replace the extraction: the region holds ``html_region_min_overlap`` of its words and adds
    some between its lines (``span.extraction_span`` tells whether they are enough). What the
    region adds above and below the extraction is left out, as the extractor left it out: most
    often teasers, comments and the site's footer. The words it adds between the extraction's
    lines must come to ``html_span_min_ratio`` - 1 of the extraction's own: a region that only
    shows the extraction's lines twice (a headline, a pull quote) skipped nothing."""
    return c.added_inside > 0 and c.added_inside >= (config.html_span_min_ratio - 1) * c.found \
        and not c.read_elsewhere(config)


def comparison_summary(c: Comparison) -> str:
    """The numbers the two readings were compared by, as ``cleaner explain`` and
    ``Result.reading_reason`` give them: the words of each, those of the extraction the region
    holds (by words, in any order), and the words on the region's lines the extraction lacks,
    between its lines and around them (by lines: a paragraph the two readings break differently
    is such a line in both places). The ratio is cut, not rounded, to two decimals, so that a
    ratio shown at a threshold has reached it."""
    if not c.found:
        return f"the extraction has no words; the region has {c.whole} word{'' if c.whole == 1 else 's'}"
    ratio = math.floor(c.whole * 100 / c.found) / 100
    marked = "; the page marks one article, and it holds most of the extraction" if c.marked else ""
    return (f"the region has {c.whole} words, {ratio:.2f} times the extraction's {c.found}, and holds "
            f"{c.held} of them; lines the extraction lacks hold {c.added_inside} of its words between the "
            f"extraction's lines and {c.added_outside} around them{marked}")


# A list item's marker or a table row's bars: the two readings write them differently.
_LINE_MARKUP = re.compile(r"^\s*(?:[-*•·◦▪‣–—]|\d{1,3}[.)])\s+|\|")
_MARKER_FIRST = frozenset("-*•·◦▪‣–—")  # the first characters of _LINE_MARKUP's list markers


def _reads_as_sentence(line: str) -> bool:
    """Four words at least, ending as a sentence does (``features.ends_as_sentence``)."""
    stripped = line.strip()
    return ends_as_sentence(stripped) and len(stripped.split(maxsplit=3)) == 4


def line_key(line: str) -> str:
    """A line as both readings write it: lower-cased, single-spaced, without list or table markup."""
    stripped = line.lstrip()
    first = stripped[:1]
    if "|" in stripped or first in _MARKER_FIRST or first.isdecimal():  # most lines have no markup
        stripped = _LINE_MARKUP.sub(" ", stripped)
    return " ".join(stripped.lower().split())


def _bag(text: str) -> Counter[str]:
    """The text's words, lower-cased one by one: as many as ``word_count`` finds (lower-casing
    the whole text first can split a word, as "İ" becomes "i" and a combining dot)."""
    return Counter(map(str.lower, WORD.findall(text)))
