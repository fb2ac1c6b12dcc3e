"""Every rule carries its own tests: examples it must match and examples it must leave alone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import RULES_DIR

from cleaner import load_rules
from cleaner.examples import HOSTILE_LINES, example_failures, finishes
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


@pytest.mark.parametrize("rule", [r for r in RULES if r.pattern is not None], ids=lambda r: r.id)
def test_shipped_regex_is_safe_on_hostile_lines(rule: Rule) -> None:
    """Shipped rules run without the per-call time limit, so each must finish on hostile input.

    The 5-second limit here only turns a runaway pattern into a failure instead of a hang; a safe
    pattern takes microseconds.
    """
    for line in HOSTILE_LINES:
        if not finishes(rule, line, seconds=5.0):
            pytest.fail(f"{rule.source}: rule '{rule.id}' ran away on a hostile line of {len(line)} characters")


@pytest.mark.parametrize("rule", [r for r in RULES if r.pattern is not None and r.examples_match], ids=lambda r: r.id)
def test_shipped_regex_is_safe_with_a_long_run_inside_a_match(rule: Rule) -> None:
    """A long run of spaces, dots, underscores or short words pasted after the first words of a
    line the rule matches, followed by the rest of the line or by words that make it fail: a
    pattern whose neighbouring parts can both take the run backtracks over every way of splitting
    it (quadratic time), which the fixed hostile lines above cannot provoke. A safe pattern takes
    milliseconds on these 20,000-character lines and a quadratic one seconds; the limit of two
    seconds is far above the first."""
    for example in rule.examples_match[:3]:
        words = example.split(" ")
        for run in (" " * 20_000, "." * 20_000, "_" * 20_000, "a " * 10_000):
            for cut in range(1, min(len(words), 5) + 1):
                for rest in (" ".join(words[cut:]), " zq", "!y"):
                    if not finishes(rule, " ".join(words[:cut]) + run + rest, seconds=2.0):
                        pytest.fail(f"{rule.source}: rule '{rule.id}' ran away with a run inside {example!r}")


def test_shipped_rules_are_vetted_and_other_folders_are_not(tmp_path: Path) -> None:
    from cleaner.ruleset import default_rules_dir

    assert all(r.vetted for r in load_rules(default_rules_dir()).rules)
    copy = tmp_path / "rules"
    copy.mkdir()
    (copy / "ads.yaml").write_text((RULES_DIR / "ads.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert not any(r.vetted for r in load_rules(copy).rules)


def test_shipped_regexes_pass_the_load_checks_they_skip() -> None:
    """Shipped regexes are compiled on first use, not at load: here each must compile and must
    not match empty text, as a rule folder's regexes must to load at all."""
    from cleaner.ruleset import compile_pattern, default_rules_dir, matches_empty_text

    assert all(r.compiled is None for r in load_rules(default_rules_dir()).rules)
    regex_rules = [r for r in RULES if r.match_kind != "phrases"]
    assert regex_rules
    for rule in regex_rules:
        assert not matches_empty_text(compile_pattern(rule.pattern_text)), f"{rule.source}: rule '{rule.id}'"


def test_other_folders_compile_their_regexes_at_load(tmp_path: Path) -> None:
    copy = tmp_path / "rules"
    copy.mkdir()
    (copy / "ads.yaml").write_text((RULES_DIR / "ads.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    loaded = [r for r in load_rules(copy).rules if r.match_kind != "phrases"]
    assert loaded and all(r.compiled is not None for r in loaded)


def test_hostile_lines_reach_past_the_vetted_length() -> None:
    """The hostile lines must be longer than the lines vetted rules run on without a limit."""
    from cleaner.rules import VETTED_MAX_CHARS

    assert max(len(line) for line in HOSTILE_LINES) > 2 * VETTED_MAX_CHARS


def _probe_lines() -> list[str]:
    """Lines to check ``requires`` against: every example, the seeds, hostile lines, and each
    of them with its spaces turned into no-break spaces, tabs and double spaces."""
    from conftest import read_seed, seed_names

    lines = [line for r in RULES for text in (*r.examples_match, *r.examples_no_match) for line in text.splitlines()]
    lines += [line for name in seed_names() for line in read_seed(name).splitlines()]
    lines += [line[:3000] for line in HOSTILE_LINES]
    lines += [  # lines each of which a regex once matched while its requires words were missing
        "From the Web",
        "View full page",
        "This story has been corrected to fix a name.",
        "By continuing to use this site you accept our use of data.",
        "For details, see our editorial policy.",
        "(See\u00a0also: Markets fall)",
        "Shares rose (See  also: Markets fall) on Friday.",
        "X | X | X",
    ]
    variants = [line.replace(" ", sep) for line in lines for sep in ("\u00a0", "\t", "  ")]
    return [line for line in lines + variants if line.strip()]


PROBES = _probe_lines()


@pytest.mark.parametrize("rule", [r for r in RULES if r.requires], ids=lambda r: r.id)
def test_requires_words_are_a_necessary_condition(rule: Rule) -> None:
    """Wherever the regex matches, the pre-check must let the line through, or it hides matches."""
    from cleaner.index import RuleIndex

    assert rule.pattern is not None
    index = RuleIndex((rule,))
    for line in PROBES:
        if rule.pattern.search(line.strip()):
            lowered = " ".join(line.casefold().split())
            found = index.words_in(lowered)
            assert not found.isdisjoint(rule.requires), f"{rule.id}: requires hides a match on {line!r}"


def _as_read(example: str) -> list[str]:
    """An example as it is, indented with trailing space, and as a Markdown link's text."""
    lines = [example, f"  {example}  "]
    if "[" not in example and "]" not in example:
        lines.append(f"[{example}](https://example.com/page)")
    return lines


@pytest.mark.parametrize("rule", [r for r in RULES if r.match_kind == "line"], ids=lambda r: r.id)
def test_apply_rules_finds_what_match_line_finds(rule: Rule) -> None:
    """apply_rules searches a shipped line rule's pattern itself on lines of ordinary length; it
    must mark exactly the lines match_line matches, on the line as a reader sees it."""
    from cleaner.config import Config
    from cleaner.features import compute_features
    from cleaner.index import RuleIndex
    from cleaner.rules import apply_rules, match_line
    from cleaner.segment import split_lines
    from cleaner.stoplist import get_stoplist

    assert rule.vetted
    index, config = RuleIndex((rule,)), Config()
    for example in (*rule.examples_match, *rule.examples_no_match):
        for line in _as_read(example):
            blocks = split_lines(line)
            features = compute_features(blocks, get_stoplist("English"))
            candidates = [1 for _ in blocks]  # the one rule tried on every line, whatever its words
            marked = {m.index for m in apply_rules(blocks, features, index, config, candidates, subheadings=False)
                      if m.reason == rule.id and m.heading is None}  # not the lines a heading takes
            matched = {b.index for b, f in zip(blocks, features, strict=True)
                       if not b.is_blank and match_line(rule, b, f.key, config.regex_timeout)}
            assert marked == matched, f"{rule.id}: {line!r}"
