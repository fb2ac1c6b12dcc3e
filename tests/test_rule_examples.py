"""Every rule carries its own tests: examples it must match and examples it must leave alone."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import RULES_DIR

from cleaner import load_rules
from cleaner.examples import example_failures
from cleaner.ruleset import Rule

RULES = load_rules(RULES_DIR).rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_hold(rule: Rule) -> None:
    assert example_failures(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_examples_both_ways(rule: Rule) -> None:
    assert len(rule.examples_match) >= 1, f"{rule.source}: rule '{rule.id}' has no match example"
    assert len(rule.examples_no_match) >= 1, f"{rule.source}: rule '{rule.id}' has no no_match example"


def test_example_failures_reports_a_wrong_example() -> None:
    """The checker itself can fail: a rule whose examples are swapped gets one message per example."""
    rule = next(r for r in RULES if r.id == "ad-slot-label")
    swapped = dataclasses.replace(
        rule,
        examples_match=("Advertisement revenue fell 4 percent in the quarter.",),
        examples_no_match=("Advertisement",),
    )
    failures = example_failures(swapped)
    assert len(failures) == 2
    assert all("ad-slot-label" in f and "ads.yaml" in f for f in failures)
