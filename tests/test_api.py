"""The Python API's promises that the other test files do not cover."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RULES_DIR
from test_html import P1, PAGE

from cleaner import Cleaner, Config, Verdict

SLOW_RULE = """\
rules:
  - id: slow-rule
    summary: A user's rule whose regex backtracks without end on a run of a's.
    why: Testing the time limit.
    action: drop
    match:
      line: '(a|aa)+$'
    examples:
      match: ["aaaa"]
      no_match: ["bbb"]
"""


def test_a_runaway_user_regex_passes_the_document_through_marked(tmp_path: Path) -> None:
    (tmp_path / "slow.yaml").write_text(SLOW_RULE, encoding="utf-8")
    cleaner = Cleaner.load(tmp_path, config=Config(regex_timeout=0.05))
    text = "A first line of the article.\n" + "a" * 60 + "!\n"
    result = cleaner.clean(text)
    assert result.text == text
    assert len(result.warnings) == 1 and "slow-rule" in result.warnings[0] and "line 2" in result.warnings[0]
    assert all(d.verdict is Verdict.KEEP and d.reason == "passthrough" for d in result.decisions)
    assert result.passed_through and result.flag == "passed_through"


def test_an_unknown_language_fails_at_load_not_per_document(tmp_path: Path) -> None:
    import pytest

    from cleaner.stoplist import StoplistError

    with pytest.raises(StoplistError):
        Cleaner.load(RULES_DIR, config=Config(language="Klingon"))


def test_a_language_is_a_stoplist_name_in_any_case_never_a_path() -> None:
    import pytest

    from cleaner.stoplist import StoplistError, get_stoplist

    assert "und" in get_stoplist("german") and get_stoplist("german") == get_stoplist("German")
    for name in ("../stoplists/English", "English.txt", "/etc/hostname", ""):
        with pytest.raises(StoplistError, match="no stoplist for"):
            get_stoplist(name)


def test_a_language_in_another_case_is_stored_as_jusText_names_it() -> None:
    # The HTML reading's jusText fallback looks its stoplist up by this name, case and all.
    assert Cleaner.load(RULES_DIR, config=Config(language="german")).config.language == "German"


def test_removed_too_much_follows_the_configured_share() -> None:
    text = "The plant opened.\n" + "Advertisement\n" * 20
    assert Cleaner.load(RULES_DIR).clean(text).removed_too_much
    assert not Cleaner.load(RULES_DIR, config=Config(max_removed_ratio=0.99)).clean(text).removed_too_much


def test_disabling_an_unknown_name_says_what_names_are_accepted() -> None:
    import pytest

    from cleaner.ruleset import RuleError

    with pytest.raises(RuleError, match=r"^cannot disable nosuch: no rule, category or scorer has that name$"):
        Cleaner.load(RULES_DIR, disable=["nosuch"])
    Cleaner.load(RULES_DIR, disable=["ads", "caption-between", "neighbours"])  # a category, a scorer, the pass


def test_a_document_that_is_not_text_is_a_type_error() -> None:
    import pytest

    for value in (None, b"The plant opened.", 42):
        with pytest.raises(TypeError, match="takes the document's text as a str"):
            Cleaner.load(RULES_DIR).clean(value)  # type: ignore[arg-type]


def test_one_name_to_disable_or_one_rule_file_may_be_given_alone(tmp_path: Path) -> None:
    # A str is one name (or path), not a string of one-letter names.
    alone = Cleaner.load(RULES_DIR, disable="ads")
    assert alone.ruleset == Cleaner.load(RULES_DIR, disable=["ads"]).ruleset
    (tmp_path / "slow.yaml").write_text(SLOW_RULE, encoding="utf-8")
    added = Cleaner.load(RULES_DIR, extra_rules=str(tmp_path / "slow.yaml"))
    assert added.ruleset.by_id("slow-rule") is not None


def test_a_config_that_would_switch_a_check_off_unnoticed_is_refused() -> None:
    import pytest

    for bad in ({"max_removed_ratio": 5.0}, {"max_removed_ratio": float("nan")}, {"drop_threshold": -0.1},
                {"regex_timeout": 0.0}, {"regex_timeout": float("inf")}, {"scorer_rounds": 0}):
        with pytest.raises(ValueError, match=f"Config.{next(iter(bad))}"):
            Config(**bad)  # type: ignore[arg-type]
    Config(max_removed_ratio=1.0, drop_threshold=0.0)  # the ends of a share are shares


def test_a_users_rules_share_a_time_limit_per_document(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A pattern under the per-line limit on every line, slow on all of them, must not hold a
    # document for minutes. The clock here moves one second per reading, so each call of the
    # user's rule takes one second of the document's five, and the sixth line finds none left.
    # Only the user's rules draw on it: the shipped ones, run on the same clock, take nothing.
    import itertools
    import time

    (tmp_path / "user.yaml").write_text(SLOW_RULE.replace("(a|aa)+$", "^b+$"), encoding="utf-8")
    ticks = itertools.count()
    monkeypatch.setattr(time, "monotonic", lambda: float(next(ticks)))
    config = Config(regex_timeout=3.0, regex_document_timeout=5.0)
    cleaner = Cleaner.load(RULES_DIR, config=config, extra_rules=tmp_path / "user.yaml")
    text = "".join(f"Line {n} of the article, which the rule is tried on.\n" for n in range(1, 10))
    result = cleaner.clean(text)
    assert result.passed_through and result.text == text
    assert result.warnings == ("rule 'slow-rule' ran past the document's time limit for rules from your folders "
                               "on line 6; the document passed through unchanged",)
    assert not Cleaner.load(RULES_DIR, config=config).clean(text).passed_through  # no user rule: no limit
    unlimited = Cleaner.load(tmp_path, config=Config(regex_timeout=3.0, regex_document_timeout=float("inf")))
    assert not unlimited.clean(text).passed_through


CALL_TO_ACTION = "Are you excited about the new car? Share what you think with us"
OPENING = "The carmaker showed its first electric model on Tuesday, and said deliveries would start in spring."


def test_a_line_a_rule_drops_whole_goes_whole_though_a_cut_matches_its_end() -> None:
    """The policy's call to action on a line of its own: the cut of "Share what you think" would
    leave its question behind, and the line rule drops the whole line."""
    result = Cleaner.load(RULES_DIR).clean(f"{OPENING}\n{CALL_TO_ACTION}\n")
    assert result.text == f"{OPENING}\n"
    assert [(d.verdict, d.reason) for d in result.decisions][1] == (Verdict.DROP, "reader-comment-prompt")


def test_the_same_call_to_action_after_a_sentence_is_still_cut_from_it() -> None:
    result = Cleaner.load(RULES_DIR).clean(f"{OPENING} {CALL_TO_ACTION}\n")
    assert result.text == f"{OPENING}\n"
    assert result.decisions[0].verdict is Verdict.CUT


@pytest.mark.parametrize(("below", "kept"), [
    ("A tag names one commit for good, so a release can always be built again from the same code.", True),
    ("- gardening\n- cellars\n- winter", False),
])
def test_a_tags_label_over_a_paragraph_is_its_subheading(below: str, kept: bool) -> None:
    text = f"{OPENING}\nTags\n{below}\n"
    assert ("Tags" in Cleaner.load(RULES_DIR).clean(text).text.splitlines()) is kept


@pytest.mark.parametrize("heading", ["By Functionality", "By Audience", "By Platform and Audience"])
def test_a_by_heading_naming_a_kind_of_thing_is_no_byline(heading: str) -> None:
    text = f"{OPENING}\n{heading}\n- Social media apps, where people share photos and short videos\n"
    assert heading in Cleaner.load(RULES_DIR).clean(text).text.splitlines()


def test_a_lone_surrogate_is_replaced_and_said_so_the_output_encodes_as_utf8() -> None:
    text = "The plant opened on Monday \ud83d after two years of work.\n"
    result = Cleaner.load(RULES_DIR).clean(text)
    assert result.text == "The plant opened on Monday \ufffd after two years of work.\n"
    assert result.warnings == ("1 lone surrogate(s) replaced with U+FFFD",)
    assert result.text.encode("utf-8")


def test_a_surrogate_pair_written_as_two_is_the_character_it_stands_for() -> None:
    result = Cleaner.load(RULES_DIR).clean("The plant opened on Monday \ud83d\ude00 after two years of work.\n")
    assert result.text == "The plant opened on Monday \U0001f600 after two years of work.\n"
    assert result.warnings == ()


def test_nul_characters_are_removed_and_said_as_on_the_command_line() -> None:
    result = Cleaner.load(RULES_DIR).clean("The plant opened\x00 on Monday after two years of work.\x00\n")
    assert result.text == "The plant opened on Monday after two years of work.\n"
    assert result.warnings == ("2 NUL character(s) removed",)


def test_clean_html_comes_from_the_package_as_clean_does() -> None:
    import cleaner
    from cleaner import HtmlOptions, clean_html

    assert "clean_html" in cleaner.__all__
    expected = Cleaner.load(RULES_DIR).clean_html(PAGE, HtmlOptions(metadata=False))
    for result in (clean_html(PAGE, HtmlOptions(metadata=False), timeout=30),
                   clean_html(PAGE, HtmlOptions(metadata=False), cleaner=Cleaner.load(RULES_DIR))):
        assert result.text == expected.text and P1 in result.text.splitlines()
        assert result.reading == expected.reading != "text" and result.metadata.title is None


@pytest.mark.parametrize("pointer", ["(Also Read: Markets rally on chip news)",
                                     "[Related: Markets rally on chip news]"])
def test_an_inline_pointer_before_a_sentence_is_cut_and_the_sentence_stays(pointer: str) -> None:
    """The pointer's line rule names how a line opens, not the whole line: the cut decides."""
    sentence = "Shares rose 9 percent on Friday after the report."
    result = Cleaner.load(RULES_DIR).clean(f"{OPENING}\n{pointer} {sentence}\n")
    assert result.text == f"{OPENING}\n{sentence}\n"
