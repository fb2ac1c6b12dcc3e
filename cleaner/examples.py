"""Check a rule against its own examples (what it must match and what it must leave alone) and
against hostile lines (what must not make its regex run away).

Used by the test suite (every example of every rule) and by ``cleaner rules --check`` so
that a user's rule folder can be checked the same way.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.config import Config
from cleaner.features import compute_features
from cleaner.index import RuleIndex
from cleaner.model import Action
from cleaner.rules import apply_rules
from cleaner.ruleset import Rule
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist


def example_failures(rule: Rule, config: Config | None = None) -> list[str]:
    """One message per example the rule gets wrong; empty when all hold.

    Each example is tested as a document, after the rule's ``context`` text if it has one.
    A ``match`` example must be matched on its first line (for ``drop-block``, every later
    line of the example must be taken too). A ``no_match`` example must not be matched on
    any of its lines.
    """
    # Examples are read with the default stoplist, as they are written (their prose is English, or
    # a line that needs no prose around it), whatever language the caller cleans.
    config = replace(config or Config(), language=Config().language)
    failures = []
    for text in rule.examples_match:
        lines, marked = _run(rule, text, config)
        if not lines or lines[0][0] not in marked:
            failures.append(f"{rule.source}: rule '{rule.id}' does not match its example {text!r}")
        elif rule.action is Action.DROP_BLOCK:
            missed = [line for index, line in lines if index not in marked]
            if missed:
                failures.append(f"{rule.source}: rule '{rule.id}' leaves {missed[0]!r} of its example {text!r}")
    for text in rule.examples_no_match:
        lines, marked = _run(rule, text, config)
        if any(index in marked for index, _ in lines):
            failures.append(f"{rule.source}: rule '{rule.id}' matches its no_match example {text!r}")
    return failures


def _run(rule: Rule, text: str, config: Config) -> tuple[list[tuple[int, str]], set[int]]:
    """The example's non-blank lines (index, text) and the indexes the rule marked."""
    context = f"{rule.examples_context}\n\n" if rule.examples_context else ""
    blocks = split_lines(context + text)
    start = len(split_lines(context))
    marks = apply_rules(blocks, compute_features(blocks, get_stoplist(config.language)), RuleIndex((rule,)), config)
    lines = [(b.index, b.text) for b in blocks[start:] if not b.is_blank]
    return lines, {m.index for m in marks}


# Lines built to make a backtracking regex blow up: long runs of one character, of words, of
# separators and of the words the rules look for, with and without a closing character, and
# before the words the rules look for.
HOSTILE_LINES = (
    "a" * 5000,
    "a" * 5000 + "!",
    "a " * 3000,
    "A" * 3000 + " says",
    "By " + "Aa " * 2000 + "|",
    "- " * 3000,
    "|" * 3000,
    "." * 3000 + "x",
    "© " + "2024 " * 1000,
    "share " * 1000 + "what you think " * 200,
    "Related: " + "Story, " * 1000,
    "Updated " + "1 " * 2000 + "ago",
    ("cookie privacy terms " * 300) + "?",
    "Photo by " + "Name " * 1000,
    "(Also Read: " + "x" * 3000,
    "1" * 4000 + " min read",
    # A long run of one word, or of spaces, before the words a rule looks for: a pattern with two
    # unbounded parts around them (".*") tries every split of the run, quadratic in its length.
    "please " * 2000 + "try again",
    "Jan 1, 2024" + " " * 8000 + "at",
    "Word " * 2000 + "is a writer",
)
RUNAWAY_SECONDS = 0.25  # a safe pattern takes microseconds on a hostile line


def finishes(rule: Rule, line: str, seconds: float) -> bool:
    """True when the rule's search and every match of it on the line end within ``seconds``."""
    pattern = rule.pattern
    if pattern is None:
        return True
    try:
        pattern.search(line, timeout=seconds)
        for _ in pattern.finditer(line, timeout=seconds):
            pass
    except TimeoutError:
        return False
    return True


def runaway_failure(rule: Rule, seconds: float = RUNAWAY_SECONDS) -> str | None:
    """A message when the rule's regex runs longer than ``seconds`` on a hostile line: on a
    corpus it would spend its time limit on every line so shaped (``(a+)+$`` on a run of a's)."""
    for line in HOSTILE_LINES:
        if not finishes(rule, line, seconds):
            return (f"{rule.source}: rule '{rule.id}' ran past {seconds:g}s on a hostile line of {len(line)} "
                    f"characters ({line[:12]!r}...): its regex backtracks without bound")
    return None
