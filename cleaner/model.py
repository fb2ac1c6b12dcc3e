"""Every data type the cleaner passes between its steps.

Read this module first: the pipeline is ``text -> Block -> Features -> Mark -> Decision -> Result``
and each arrow is one module (segment, features, rules/scorers, decide, render).
All types are immutable and compare and pickle: frozen dataclasses, enums, and for the records
every document makes one of per line (Block, Features, Decision), named tuples, the cheapest such
records to build.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple

built_whole = tuple.__new__
"""``built_whole(Block, (fields...))``: a per-line record (Block, Features, Decision) made as a
tuple in C, without its class's ``__new__``, a Python function: a call less per line. Every field
must be given, defaults included: a field added to one of those classes is added at each call."""


class Verdict(enum.Enum):
    """What happens to one input line."""

    KEEP = "keep"
    DROP = "drop"
    CUT = "cut"  # kept, with a boilerplate span cut out of it


class Action(enum.Enum):
    """What a rule does when it matches."""

    DROP = "drop"  # the whole line
    DROP_BLOCK = "drop-block"  # the line (a heading) and the teasers that run on under it
    CUT = "cut"  # a span inside a kept line
    KEEP = "keep"  # protect the line from scorers


class Block(NamedTuple):
    """One input line with its place in the document.

    The cleaner works line by line because an extractor's output puts one paragraph,
    heading or list item on each line; blank lines only separate them.
    """

    index: int  # type: ignore[assignment]  # 0-based position among all lines (shadows tuple.index)
    line_no: int  # 1-based line number in the input
    text: str  # the line without its line end and trailing whitespace
    is_blank: bool  # only whitespace: a paragraph separator

    @classmethod
    def of(cls, index: int, line_no: int, text: str) -> Block:
        """The block of a line, its blankness read from its text."""
        return cls(index, line_no, text, not text.strip())


class Features(NamedTuple):
    """Numbers computed once per line; rules' guards and scorers both read them."""

    key: str  # the normalised text: phrase rules and repeat checks compare it
    words: int
    stopword_density: float  # share of word tokens in jusText's stoplist
    terminal_punct: bool  # ends like a sentence: . ! ? or a closing quote after one
    title_case_ratio: float  # share of capitalised words among words with letters (0 past headline length)
    list_marker: bool  # starts with a bullet or a number and a dot/parenthesis
    table_row: bool  # a table row as extractors write it: "| cell | cell |"
    folded: str  # case-folded, whitespace runs made single spaces: where rules' required words are sought


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` of a line."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mark:
    """A rule's or scorer's opinion on one line, before precedence is applied."""

    index: int
    action: Action
    reason: str  # the rule id or the scorer name
    score: float = 1.0
    span: Span | None = None
    detail: str = ""  # what in the line triggered it, for `cleaner explain`
    heading: int | None = None  # for lines taken by a drop-block rule: the heading's index


class Decision(NamedTuple):
    """The final verdict on one input line and why."""

    line_no: int
    text: str
    verdict: Verdict
    reason: str  # rule id, scorer name, or "content" for kept lines
    score: float = 1.0  # 1.0 for a rule's verdict, the scorer's score for a scorer's, 0.0 for content
    output: str = ""  # what the line becomes in the output ("" when dropped)
    detail: str = ""

    def dropped(self, reason: str, detail: str = "", score: float = 1.0) -> Decision:
        """This line's decision once a later step drops it: no output, the step's reason."""
        return self._replace(verdict=Verdict.DROP, reason=reason, score=score, output="", detail=detail)

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line_no,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "score": round(self.score, 3),
            "text": self.text,
            "output": self.output,
            "detail": self.detail,
        }


# The fields of Metadata that a page's metadata reading fills (url aside: the caller gives it), as
# a pipeline's record or document carries them (cleaner_title, ...).
PAGE_FIELDS = ("title", "author", "date", "sitename")
# The reason of a page line above or below the extraction's span (``span.extraction_span``): left
# out as the extractor left it out, not removed by the cleaner.
OUTSIDE = "outside-extraction"


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about its article (from HTML input), and the byline and dateline lines the
    rules removed from the text: nothing a reader needs is lost with them."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    bylines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "sitename": self.sitename,
            "url": self.url,
            "bylines": list(self.bylines),
        }


@dataclass(frozen=True, slots=True)
class Result:
    """The clean text and the decision on every non-blank line of the input."""

    text: str
    decisions: tuple[Decision, ...]
    removed_ratio: float  # share of input characters (non-blank lines) removed
    removed_too_much: bool = False  # more removed than an article page holds: the caller should look
    warnings: tuple[str, ...] = ()  # e.g. a rule that timed out, so the text passed through
    metadata: Metadata = Metadata()
    reading: str = "text"  # what the lines are: the input text, or which reading of an HTML page
    passed_through: bool = False  # a rule timed out, so the text is the input unchanged
    # Why that reading of an HTML page was kept, with the numbers the readings were compared by;
    # "" for text. Last, so that a Result pickled before it existed loads its other fields.
    reading_reason: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing of the input survived: callers must not pass it on silently."""
        return not self.text.strip()

    @property
    def flag(self) -> str | None:
        """The safety net's word on this result, for callers that pass texts on unattended:
        "passed_through" (not cleaned: a rule timed out), "empty" (nothing survived) or
        "removed_too_much" (more removed than an article page holds); None when all is well."""
        if self.passed_through:
            return "passed_through"
        if self.is_empty:
            return "empty"
        return "removed_too_much" if self.removed_too_much else None

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "removed_ratio": round(self.removed_ratio, 4),
            "empty": self.is_empty,
            "removed_too_much": self.removed_too_much,
            "passed_through": self.passed_through,
            "warnings": list(self.warnings),
            "reading": self.reading,
            "reading_reason": self.reading_reason,
            "metadata": self.metadata.to_dict(),
            "decisions": [d.to_dict() for d in self.decisions],
        }
