"""Strict loading of rule folders: every mistake is a RuleError naming the file, the line and the rule."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import regex
from conftest import read_seed, seed_names

from cleaner import Cleaner, RuleError, RuleSet, load_rules

# A valid rule file; the comments give each line's number (the file starts at line 1).
VALID = """\
rules:
  - id: test-rule
    summary: Drops a test line.
    why: Testing.
    action: drop
    match:
      phrases:
        - foo bar
    examples:
      match: ["foo bar"]
      no_match: ["baz qux"]
"""
RULE_LINE = 2  # "  - id: test-rule"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(folder: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    return str(info.value)


def assert_points_at(message: str, path: Path, line: int, rule_id: str | None = None) -> None:
    assert f"{path}:{line}:" in message, message
    if rule_id is not None:
        assert f"'{rule_id}'" in message, message


def test_valid_file_loads(tmp_path: Path) -> None:
    write(tmp_path, "cat.yaml", VALID)
    rules = load_rules(tmp_path).rules
    assert [(r.id, r.category, r.source) for r in rules] == [("test-rule", "cat", f"{tmp_path / 'cat.yaml'}:2")]


# Broken files made by one edit of VALID: (old, new, line the error names, rule id it names, word it says).
PHRASES = "      phrases:\n        - foo bar\n"
BROKEN = {
    "unknown-key": ("    why: Testing.\n", "    why: Testing.\n    colour: red\n", 5, "test-rule", "colour"),
    "unknown-key-with-block-value": ("    why: Testing.\n", "    why: Testing.\n    colour:\n      - red\n", 5,
                                     "test-rule", "colour"),
    "unknown-key-in-match": ("        - foo bar\n", "        - foo bar\n      regexp: x\n", 9, "test-rule", "regexp"),
    "unknown-key-in-guard": ("    action: drop\n",
                             "    action: drop\n    guard:\n      max_words: 3\n      maxwords: 4\n",
                             8, "test-rule", "maxwords"),
    "bad-regex": (PHRASES, "      line: '(foo'\n", 7, "test-rule", "regex"),
    "yaml11-boolean-in-phrases": ("        - foo bar\n", "        - foo bar\n        - No\n", 9, "test-rule",
                                  "boolean"),
    "yaml11-boolean-as-summary": ("summary: Drops a test line.", "summary: off", 3, "test-rule", "boolean"),
    "tag": ("summary: Drops a test line.", "summary: !!python/object:os.system x", 3, None, "tag"),
    "examples-need-both-ways": ('      no_match: ["baz qux"]\n', "", 10, "test-rule", "no_match"),
    "span-match-with-a-non-cut-action": (PHRASES, "      span: 'foo'\n", 7, "test-rule", "cut"),
    "id-must-be-kebab-case": ("id: test-rule", "id: Test_Rule", RULE_LINE, "Test_Rule", "kebab"),
}


@pytest.mark.parametrize(("old", "new", "line", "rule_id", "word"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_rule_file_is_refused_naming_file_line_and_rule(
    tmp_path: Path, old: str, new: str, line: int, rule_id: str | None, word: str
) -> None:
    assert old in VALID
    path = write(tmp_path, "cat.yaml", VALID.replace(old, new))
    message = load_error(tmp_path)
    assert_points_at(message, path, line, rule_id)
    assert word in message


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", VALID)
    second = write(tmp_path, "b.yaml", VALID.replace("id: test-rule", "id: other-rule") + VALID[len("rules:\n"):])
    message = load_error(tmp_path)
    assert "duplicate" in message
    assert_points_at(message, second, 12, "test-rule")  # the second copy starts on line 12 of b.yaml
    assert f"{first}:2" in message  # and the message says where the first one is


@pytest.mark.parametrize("pattern", ["x*", "^", "(?:foo)?", "^(?!zzz)", "|foo", "\\s*$"])
def test_regex_matching_the_empty_string(tmp_path: Path, pattern: str) -> None:
    text = VALID.replace("      phrases:\n        - foo bar\n", f"      line: '{pattern}'\n")
    path = write(tmp_path, "cat.yaml", text)
    message = load_error(tmp_path)
    assert_points_at(message, path, 7, "test-rule")
    assert "empty" in message


@pytest.mark.parametrize("pattern", ["\\b", "(?=\\w)", "(?=q)", "x*"])
def test_regex_matching_only_empty_text_inside_a_line(tmp_path: Path, pattern: str) -> None:
    text = VALID.replace("      phrases:\n        - foo bar\n", f"      line: '{pattern}'\n")
    path = write(tmp_path, "cat.yaml", text)
    assert_points_at(load_error(tmp_path), path, 7, "test-rule")


@pytest.mark.parametrize("pattern", ["foo a{1000000000}", "foo (?:a{1000}){1000}", "foo (?:(?:bar){100,200}){2000}",
                                     "foo (?:a{1000000000}){0}", "foo (?:a{1000000000}){,5}"])
def test_a_regex_whose_counted_repeats_would_compile_to_too_many_parts_is_refused(tmp_path: Path,
                                                                                 pattern: str) -> None:
    # Compiled, "a{1000000000}" takes all the memory there is, and "(?:a{1000}){1000}" 280 MB.
    text = VALID.replace("      phrases:\n        - foo bar\n", f"      line: '{pattern}'\n")
    path = write(tmp_path, "cat.yaml", text)
    message = load_error(tmp_path)
    assert_points_at(message, path, 7, "test-rule")
    assert "repeats too much" in message


@pytest.mark.parametrize("pattern", ["foo a{1000}", "foo (?:(?:bar){1,100}){100}", "foo [{]1000000}",
                                     "foo \\{1000000\\}", "foo (?:\\w+\\s){2,40000}"])
def test_a_regex_of_counted_repeats_within_the_bound_loads(tmp_path: Path, pattern: str) -> None:
    write(tmp_path, "cat.yaml", VALID.replace("      phrases:\n        - foo bar\n", f"      line: '{pattern}'\n"))
    assert load_rules(tmp_path).rules[0].pattern_text == pattern


def test_quoted_yaml11_words_are_text(tmp_path: Path) -> None:
    write(tmp_path, "cat.yaml", VALID.replace("        - foo bar\n", "        - foo bar\n        - 'No'\n"))
    (rule,) = load_rules(tmp_path).rules
    assert rule.phrases == {"foo bar", "no"}


# A YAML 1.1 boolean where a key takes text, a boolean or a number: (the word written, the advice
# the error gives, the value that advice leads to, which then loads).
ADVISED = {
    "text": ("    summary: Drops a test line.\n", "    summary: {}\n", "quote it", "    summary: 'yes'\n"),
    "boolean": ("    action: drop\n", "    action: drop\n    inline: {}\n", "write true or false",
                "    action: drop\n    inline: true\n"),
    "number": ("    action: drop\n", "    action: drop\n    guard:\n      max_words: {}\n", "write a number",
               "    action: drop\n    guard:\n      max_words: 3\n"),
}


@pytest.mark.parametrize(("old", "new", "advice", "advised"), ADVISED.values(), ids=ADVISED.keys())
@pytest.mark.parametrize("word", ["yes", "Off"])
def test_a_yaml11_boolean_is_refused_with_advice_that_loads(tmp_path: Path, old: str, new: str, advice: str,
                                                            advised: str, word: str) -> None:
    assert old in VALID
    write(tmp_path, "cat.yaml", VALID.replace(old, new.format(word)))
    message = load_error(tmp_path)
    assert message.endswith(f": {word!r} reads as a YAML 1.1 boolean; {advice}"), message
    write(tmp_path, "cat.yaml", VALID.replace(old, advised))
    assert [rule.id for rule in load_rules(tmp_path).rules] == ["test-rule"]


def test_anchor_and_alias(tmp_path: Path) -> None:
    text = VALID.replace("summary: Drops a test line.", "summary: &text Drops a test line.")
    text = text.replace("why: Testing.", "why: *text")
    path = write(tmp_path, "cat.yaml", text)
    message = load_error(tmp_path)
    assert_points_at(message, path, 3)
    assert "anchor" in message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("rules:\n  - id: [test-rule\n    summary: : :\n", 3),
        ("rules:\n  - id: test-rule\n\tsummary: a tab\n", 3),
        ("{{{ this is not yaml ]]]\n", 1),
    ],
    ids=["unclosed-bracket", "tab-indent", "garbage"],
)
def test_not_yaml(tmp_path: Path, text: str, line: int) -> None:
    path = write(tmp_path, "cat.yaml", text)
    message = load_error(tmp_path)
    assert_points_at(message, path, line)
    assert "YAML" in message


def test_control_character_in_rule_file(tmp_path: Path) -> None:
    path = write(tmp_path, "cat.yaml", VALID.replace("Testing.", "Test\x00ing."))
    message = load_error(tmp_path)
    assert_points_at(message, path, 4)
    assert "\n" not in message


@pytest.mark.parametrize(
    "text",
    ["- foo\n- bar\n", "just a sentence\n", "rulez:\n  - foo\n", "rules: a string\n"],
    ids=["list", "scalar", "wrong-key", "rules-not-a-list"],
)
def test_yaml_but_not_a_rules_mapping(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "cat.yaml", text)
    message = load_error(tmp_path)
    assert_points_at(message, path, 1)
    assert "rules" in message


@pytest.mark.parametrize("key", ["summary", "why", "action", "match", "examples"])
def test_missing_required_key(tmp_path: Path, key: str) -> None:
    lines = VALID.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"    {key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("      "):
        end += 1
    path = write(tmp_path, "cat.yaml", "".join(lines[:start] + lines[end:]))
    message = load_error(tmp_path)
    assert_points_at(message, path, RULE_LINE, "test-rule")
    assert f"'{key}'" in message


def test_cut_action_without_a_span_match(tmp_path: Path) -> None:
    path = write(tmp_path, "cat.yaml", VALID.replace("action: drop", "action: cut"))
    message = load_error(tmp_path)
    assert "test-rule" in message
    assert f"{path}:" in message
    assert "cut" in message


def test_empty_folder(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "not a rule file")
    message = load_error(tmp_path)
    assert str(tmp_path) in message


def test_missing_folder(tmp_path: Path) -> None:
    message = load_error(tmp_path / "nope")
    assert str(tmp_path / "nope") in message


# --- the shipped rules --------------------------------------------------------------------------

KEBAB = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def test_shipped_rules_load(rules_dir: Path) -> None:
    ruleset = load_rules(rules_dir)
    assert len(ruleset.rules) > 0
    categories = {r.category for r in ruleset.rules}
    assert categories == {p.stem for p in rules_dir.glob("*.yaml")}
    assert all(r.source.startswith(str(rules_dir)) for r in ruleset.rules)


def test_shipped_rule_ids_are_unique_and_kebab_case(rules_dir: Path) -> None:
    ids = [r.id for r in load_rules(rules_dir).rules]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert [i for i in ids if not KEBAB.fullmatch(i)] == []


def test_ruleset_pickles_to_an_equal_object(rules_dir: Path) -> None:
    ruleset = load_rules(rules_dir)
    assert pickle.loads(pickle.dumps(ruleset)) == ruleset


def test_unpickled_ruleset_holds_the_same_rules(rules_dir: Path) -> None:
    ruleset = load_rules(rules_dir)
    copy = pickle.loads(pickle.dumps(ruleset))
    assert isinstance(copy, RuleSet)

    def plain(rs: RuleSet) -> list[tuple[object, ...]]:
        return [(r.id, r.category, r.action, r.source, r.phrases, r.pattern_text, r.match_kind, r.guard,
                 r.examples_match, r.examples_no_match) for r in rs.rules]

    assert plain(copy) == plain(ruleset)


@pytest.mark.parametrize("name", seed_names())
def test_pickled_cleaner_cleans_the_same(cleaner: Cleaner, name: str) -> None:
    copy = pickle.loads(pickle.dumps(cleaner))
    text = read_seed(name)
    expected, got = cleaner.clean(text), copy.clean(text)
    assert got.text == expected.text
    assert got.decisions == expected.decisions


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("    action: drop\n", "    action: drop\n    guard:\n      min_words: 9\n      max_words: 2\n", "minimum"),
        ("    action: drop\n", "    action: drop\n    guard:\n      min_title_case: 7\n", "between 0 and 1"),
        ("    action: drop\n", "    action: drop-block\n    block:\n      max_lines: -5\n", "at least 1"),
        ("    action: drop\n", "    action: keep\n    ends_page: true\n", "drop or drop-block"),
        ("    action: drop\n", "    action: keep\n    stays_over_prose: true\n", "drop or drop-block"),
    ],
    ids=["min-above-max", "title-case-out-of-range", "max-lines-below-one", "flag-on-keep-rule",
         "stays-over-prose-on-keep-rule"],
)
def test_settings_that_cannot_work_are_refused(tmp_path: Path, old: str, new: str, needle: str) -> None:
    write(tmp_path, "cat.yaml", VALID.replace(old, new))
    message = load_error(tmp_path)
    assert "'test-rule'" in message and needle in message, message


def test_yaml_and_yml_files_load_in_one_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", VALID.replace("test-rule", "from-b"))
    write(tmp_path, "a.yml", VALID.replace("test-rule", "from-a"))
    assert [r.id for r in load_rules(tmp_path).rules] == ["from-a", "from-b"]


def test_example_context_is_set_before_each_example(tmp_path: Path) -> None:
    from cleaner.examples import example_failures

    text = VALID.replace('      match: ["foo bar"]', '      context: "An article line."\n      match: ["foo bar"]')
    write(tmp_path, "cat.yaml", text)
    rule = load_rules(tmp_path).rules[0]
    assert rule.examples_context == "An article line."
    assert example_failures(rule) == []
    # a context line the rule matches does not count as the example's match
    text = VALID.replace('      match: ["foo bar"]', '      context: "foo bar"\n      match: ["baz"]')
    write(tmp_path, "cat.yaml", text)
    assert example_failures(load_rules(tmp_path).rules[0])


PROSE = ("The search bar at the top of the app finds any message, contact or file that you have "
         "shared with the people in your team over the last year.")


@pytest.mark.parametrize(
    ("flag", "document", "dropped"),
    [
        (False, f"foo bar\n\n{PROSE}\n", True),
        (True, f"foo bar\n\n{PROSE}\n", False),  # a subheading over its paragraph
        (True, f"{PROSE}\n\nfoo bar\n\nBlog\n\nCareers\n", True),  # a menu's link: short lines follow
        (True, f"{PROSE}\n\nfoo bar\n", True),  # nothing follows
        (True, "foo bar\n\nApples Oranges Pears Plums Grapes Melons Berries Cherries Peaches Lemons Limes Figs.\n",
         True),  # twelve words ending in a full stop, but no function words: no prose
    ],
    ids=["off", "over-prose", "over-a-menu", "last-line", "over-a-list-of-names"],
)
def test_stays_over_prose_keeps_a_label_that_heads_a_paragraph(tmp_path: Path, flag: bool, document: str,
                                                              dropped: bool) -> None:
    text = VALID.replace("    action: drop\n", "    action: drop\n    stays_over_prose: true\n") if flag else VALID
    write(tmp_path, "cat.yaml", text)
    cleaner = Cleaner.load(tmp_path)
    assert cleaner.ruleset.rules[0].stays_over_prose is flag
    decision = next(d for d in cleaner.clean(document).decisions if d.text == "foo bar")
    assert (decision.reason == "test-rule") is dropped


def test_a_label_over_prose_that_a_rule_drops_heads_nothing(tmp_path: Path) -> None:
    # "Terms of Use" over a cookie notice: the notice goes, and the label with it.
    notice = VALID.replace("test-rule", "notice-rule")
    notice = notice.replace("        - foo bar", "        - " + PROSE.lower().rstrip("."))
    notice = notice.replace('match: ["foo bar"]', f'match: ["{PROSE}"]')
    write(tmp_path, "a.yaml", VALID.replace("    action: drop\n", "    action: drop\n    stays_over_prose: true\n"))
    write(tmp_path, "b.yaml", notice)
    result = Cleaner.load(tmp_path).clean(f"{PROSE}\n\nfoo bar\n\n{PROSE}\n\nfoo bar\n\nMore text follows here.\n")
    assert [(d.line_no, d.reason) for d in result.decisions if d.reason != "content"][:2] == [(1, "notice-rule"),
                                                                                              (3, "test-rule")]
