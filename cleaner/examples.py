"""Check a rule against its own examples: what it must match and what it must leave alone.

Used by the test suite (every example of every rule) and by ``cleaner rules --check`` so
that a user's rule folder can be checked the same way.
"""

from __future__ import annotations

from cleaner.config import Config
from cleaner.features import compute_features
from cleaner.model import Action
from cleaner.rules import apply_rules
from cleaner.ruleset import Rule
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist


def example_failures(rule: Rule, config: Config | None = None) -> list[str]:
    """One message per example the rule gets wrong; empty when all hold.

    A ``match`` example must be matched on some line; for ``drop-block``, every line after
    the first match must be taken too (lines before it give context, such as the article a
    comment section follows). A ``no_match`` example must not be matched anywhere.
    """
    config = config or Config()
    only = (rule,)
    stoplist = get_stoplist(config.language)
    failures = []
    for text in rule.examples_match:
        blocks = split_lines(text)
        marks = apply_rules(blocks, compute_features(blocks, stoplist), only, config)
        marked = {m.index for m in marks}
        first = min(marked, default=None)
        if first is None:
            failures.append(f"{rule.source}: rule '{rule.id}' does not match its example {text!r}")
        elif rule.action is Action.DROP_BLOCK:
            missed = [b.text for b in blocks[first:] if not b.is_blank and b.index not in marked]
            if missed:
                failures.append(f"{rule.source}: rule '{rule.id}' leaves {missed[0]!r} of its example {text!r}")
    for text in rule.examples_no_match:
        blocks = split_lines(text)
        if apply_rules(blocks, compute_features(blocks, stoplist), only, config):
            failures.append(f"{rule.source}: rule '{rule.id}' matches its no_match example {text!r}")
    return failures
