"""Line splitting and rendering: line ends, BOM, Unicode separators, blank runs, the final newline."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.model import Decision, Result, Verdict
from cleaner.render import followed_by, output_code_lines, render
from cleaner.segment import split_lines

S1 = "The plant will open next year and employ about 2,000 people, the company said on Monday."
S2 = "Analysts expect the first cars to reach buyers in China before the end of 2023."


def lines_of(text: str) -> list[str]:
    return [b.text for b in split_lines(text)]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_ends_become_lf(cleaner: Cleaner, eol: str) -> None:
    text = f"Headline{eol}{eol}{S1}{eol}{eol}{S2}{eol}"
    assert lines_of(text) == ["Headline", "", S1, "", S2]
    assert cleaner.clean(text).text == f"Headline\n\n{S1}\n\n{S2}\n"


def test_mixed_line_ends(cleaner: Cleaner) -> None:
    text = f"Headline\r\n\r{S1}\n\r\n{S2}\r"
    assert lines_of(text) == ["Headline", "", S1, "", S2]
    assert cleaner.clean(text).text == f"Headline\n\n{S1}\n\n{S2}\n"


def test_crlf_is_one_line_end_not_two() -> None:
    assert lines_of("a\r\nb\r\n") == ["a", "b"]
    assert [b.line_no for b in split_lines("a\r\nb\r\n")] == [1, 2]


def test_bom_is_dropped(cleaner: Cleaner) -> None:
    text = f"\ufeffHeadline\n\n{S1}\n"
    assert lines_of(text)[0] == "Headline"
    result = cleaner.clean(text)
    assert result.text == f"Headline\n\n{S1}\n"
    assert "\ufeff" not in result.text


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c"], ids=["LS", "PS", "NEL", "VT", "FF"])
def test_unicode_line_separators_do_not_split_a_line(cleaner: Cleaner, sep: str) -> None:
    para = f"The plant will open next year,{sep}the company said on Monday, and it will employ 2,000 people."
    text = f"{S1}\n\n{para}\n\n{S2}\n"
    assert lines_of(text) == [S1, "", para, "", S2]
    result = cleaner.clean(text)
    assert [d.line_no for d in result.decisions] == [1, 3, 5]
    assert result.text == f"{S1}\n\n{para}\n\n{S2}\n"


def test_runs_of_blank_lines_collapse_to_one(cleaner: Cleaner) -> None:
    text = f"Headline\n\n\n\n{S1}\n \n\t\n\u00a0\n{S2}\n"
    assert cleaner.clean(text).text == f"Headline\n\n{S1}\n\n{S2}\n"


def test_blank_lines_left_by_dropped_lines_collapse(cleaner: Cleaner) -> None:
    text = f"{S1}\n\nAdvertisement\n\nAdvertisement\n\n{S2}\n"
    assert cleaner.clean(text).text == f"{S1}\n\n{S2}\n"


def test_adjacent_lines_stay_adjacent(cleaner: Cleaner) -> None:
    text = f"{S1}\nAdvertisement\n{S2}\n"
    assert cleaner.clean(text).text == f"{S1}\n{S2}\n"


def test_no_leading_blank_line(cleaner: Cleaner) -> None:
    assert cleaner.clean(f"\n\n\nAdvertisement\n\n{S1}\n").text == f"{S1}\n"


@pytest.mark.parametrize(
    "ending", ["", "\n", "\n\n\n", "\r\n\r\n", "  \t"], ids=["none", "lf", "lfs", "crlfs", "spaces"]
)
def test_output_ends_with_exactly_one_newline(cleaner: Cleaner, ending: str) -> None:
    assert cleaner.clean(f"{S1}\n\n{S2}{ending}").text == f"{S1}\n\n{S2}\n"


def test_trailing_whitespace_is_removed_and_leading_kept(cleaner: Cleaner) -> None:
    text = f"{S1}   \t\n\n  • Xiaomi plans to launch its first EV around 2023  \n"
    assert cleaner.clean(text).text == f"{S1}\n\n  • Xiaomi plans to launch its first EV around 2023\n"


def test_line_numbers_count_every_input_line() -> None:
    blocks = split_lines("a\n\nb\r\n\r\nc")
    assert [(b.line_no, b.text) for b in blocks] == [(1, "a"), (2, ""), (3, "b"), (4, ""), (5, "c")]


@pytest.mark.parametrize("text", ["", "\n", "\n\n  \n", "\ufeff", "\r\n"], ids=["empty", "lf", "blanks", "bom", "crlf"])
def test_empty_and_blank_input_give_empty_output(cleaner: Cleaner, text: str) -> None:
    result = cleaner.clean(text)
    assert result.text == ""
    assert result.is_empty
    assert result.decisions == ()


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("Shares rose (Also Read: X) after the report.", [(11, 26)], "Shares rose after the report."),
        ("Friday(Also Read: X)after the report.", [(6, 20)], "Fridayafter the report."),
        ("It is confirmed. Share what you think", [(16, 37)], "It is confirmed."),
        ("A (x) b (y) c", [(2, 5), (8, 11)], "A b c"),
    ],
    ids=["spaces-on-both-sides", "no-space-is-added", "trailing-cut", "two-cuts"],
)
def test_cut_spans_adds_no_characters(text: str, spans: list[tuple[int, int]], expected: str) -> None:
    from cleaner.model import Span
    from cleaner.rules import cut_spans

    out = cut_spans(text, [Span(a, b) for a, b in spans])
    assert out == expected
    assert set(out) <= set(text)


def test_a_second_pass_is_given_back_to_the_input_lines() -> None:
    """``followed_by``: the second pass ran on the first's output, whose lines skip the dropped
    ones and collapse blank lines; each of its verdicts lands on the input line it came from."""
    first = Result("a\n\nc\nd\n", (
        Decision(1, "a", Verdict.KEEP, "content", 0.0, "a"),
        Decision(2, "b", Verdict.DROP, "share-prompt"),
        Decision(4, "c", Verdict.KEEP, "content", 0.0, "c"),
        Decision(5, "d x", Verdict.CUT, "related-inline-cut", output="d"),
    ), 0.3)
    assert render(first.decisions) == first.text
    second = Result("a\n", (
        Decision(1, "a", Verdict.KEEP, "content", 0.0, "a"),
        Decision(3, "c", Verdict.DROP, "footer-zone", 0.8, detail="after line 1"),
        Decision(4, "d", Verdict.DROP, "footer-zone", 0.8, detail="after line 1"),
    ), 0.5)
    both = followed_by(first, second)
    assert [(d.line_no, d.verdict, d.reason, d.output) for d in both.decisions] == [
        (1, Verdict.KEEP, "content", "a"), (2, Verdict.DROP, "share-prompt", ""),
        (4, Verdict.DROP, "footer-zone", ""), (5, Verdict.DROP, "footer-zone", "")]
    assert render(both.decisions) == second.text


def test_code_lines_are_found_again_in_the_output() -> None:
    # Input lines 0..6: a kept line, a blank, a dropped label, two code lines, a blank, a kept line.
    # The output is "intro", "", "x = 1", "y = 2", "", "outro": the code is its lines 2 and 3.
    decisions = [Decision(1, "intro", Verdict.KEEP, "content", output="intro"),
                 Decision(3, "Advertisement", Verdict.DROP, "ad-label"),
                 Decision(4, "x = 1", Verdict.KEEP, "content", output="x = 1"),
                 Decision(5, "y = 2", Verdict.KEEP, "content", output="y = 2"),
                 Decision(7, "outro", Verdict.KEEP, "content", output="outro")]
    assert render(decisions).split("\n")[2:4] == ["x = 1", "y = 2"]
    assert output_code_lines(decisions, frozenset({3, 4})) == {2, 3}
    assert output_code_lines(decisions, frozenset({2})) == frozenset()  # a dropped code line is in no output line


def test_records_built_as_tuples_have_every_field() -> None:
    """Blocks, features and untouched decisions are built without their classes' ``__new__``
    (``model.built_whole``): each must still carry every field its class declares."""
    from conftest import RULES_DIR

    from cleaner.features import line_features
    from cleaner.stoplist import get_stoplist

    text = "A line of plain article prose that nothing marks.\n\nAnother line.\n"
    records = [*split_lines(text), line_features("Some words here.", get_stoplist("English")),
               *Cleaner.load(RULES_DIR).clean(text).decisions]
    for record in records:
        assert len(record) == len(type(record)._fields), type(record).__name__
