"""Hard-wrapped text is judged a paragraph at a time, and each paragraph's verdict given to its lines."""

from __future__ import annotations

import textwrap

import pytest

from cleaner import Cleaner
from cleaner.model import Action, Verdict
from cleaner.ruleset import load_rules
from cleaner.segment import split_lines
from cleaner.wrapping import joined_blocks, paragraphs
from tests.conftest import RULES_DIR
from tests.test_scorers import P1, P2, P3, P4, P5, doc

ARTICLE = (P1, P2, P3, P4, P5)


def wrapped_article(width: int, middle: str | None = None) -> str:
    """The article filled to ``width`` columns, ``middle`` (as it is) between its second and third paragraphs."""
    filled = [textwrap.fill(p, width) for p in ARTICLE]
    return doc(*filled[:2], *([middle] if middle is not None else []), *filled[2:])


def test_a_wrapped_article_is_read_as_paragraphs() -> None:
    blocks = split_lines(wrapped_article(60))
    found = paragraphs(blocks)
    assert found is not None
    texts = [b.text for b in joined_blocks(blocks, found) if not b.is_blank]
    assert texts == list(ARTICLE)  # "Internet-" "connected" joined as one word


@pytest.mark.parametrize("text", [
    doc(*ARTICLE),  # an extractor's text: a paragraph per line
    "Home\nNews\nSport\nBusiness\nCulture\nTravel\nWeather\n",  # a menu
    # Teaser titles, each about as long as the longest: broken before a capital, never mid-sentence.
    "\n".join(["Xiaomi Plans Electric Vehicles With Great Wall Motor Factory",
               "Great Wall Motor Shares Jump After Report of Xiaomi Talks",
               "Smartphone Makers Race Into Cars as Profit Margins Thin Out",
               "Scooters, Air Purifiers and Rice Cookers: Xiaomi's Other Devices"]) + "\n",
    # Short lines that run on in lower case: a poem's width is no wrapping program's.
    "the rain\nfalls on\nthe roof\nand on\nthe sea\nall night\n",
])
def test_text_that_is_not_wrapped_is_read_line_by_line(text: str) -> None:
    assert paragraphs(split_lines(text)) is None


def test_lines_of_code_are_never_joined() -> None:
    blocks = split_lines(wrapped_article(60))
    code = frozenset(range(len(blocks)))  # as if every line were code
    assert paragraphs(blocks, code) is None


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.load(RULES_DIR)


@pytest.mark.parametrize(("sentence", "piece"), [
    # A comment count opening a line: not a comments heading, whose block would take the rest.
    ("“How Often Should You Publish Notes” had 2,919 views, 237 reactions, and 95 comments in its first "
     "week, more than any other post this year.", "95 comments"),
    # A sentence that goes on after "by ...": not a byline.
    ("This course, a six-week introduction to motion design, is taught on site by Noble Desktop. In this "
     "training, you'll learn how to animate text and shapes.", "by Noble Desktop."),
    # A sentence's last words: not a button.
    ("The new installation guide walks you through each step, from the download to the first project, "
     "with exactly what you will ever need to get started.", "get started."),
])
def test_a_line_that_is_a_piece_of_a_sentence_is_not_judged_alone(cleaner: Cleaner, sentence: str,
                                                                   piece: str) -> None:
    filled = textwrap.fill(sentence, 72)
    assert any(line.startswith(piece) for line in filled.splitlines()[1:])
    text = doc(textwrap.fill(P1, 72), filled, textwrap.fill(P2, 72), textwrap.fill(P3, 72))
    result = cleaner.clean(text)
    assert [d for d in result.decisions if d.verdict is not Verdict.KEEP] == []
    assert result.text == text


def test_a_wrapped_notice_goes_with_all_its_lines(cleaner: Cleaner) -> None:
    notice = textwrap.fill("Sign up for our newsletter to get the latest news on electric vehicles and the "
                           "companies that make them delivered to your inbox every morning.", 60)
    assert len(notice.splitlines()) > 1
    result = cleaner.clean(wrapped_article(60, notice))
    dropped = [(d.text, d.reason) for d in result.decisions if d.verdict is Verdict.DROP]
    assert dropped == [(line, "newsletter-signup") for line in notice.splitlines()]
    assert result.text == wrapped_article(60)


def test_a_cut_across_a_line_break_takes_its_part_of_each_line(cleaner: Cleaner) -> None:
    lines = ["The plan comes as Xiaomi seeks to diversify its revenue streams (Also",
             "Read: Xiaomi Unveils Its First Car) away from the smartphone business."]
    text = doc(textwrap.fill(P1, 72), textwrap.fill(P2, 72), "\n".join(lines), textwrap.fill(P4, 72))
    result = cleaner.clean(text)
    cut = [(d.line_no, d.verdict, d.output) for d in result.decisions if d.verdict is not Verdict.KEEP]
    first = text.splitlines().index(lines[0]) + 1
    assert cut == [
        (first, Verdict.CUT, "The plan comes as Xiaomi seeks to diversify its revenue streams"),
        (first + 1, Verdict.CUT, "away from the smartphone business."),
    ]


def test_decisions_name_the_input_lines(cleaner: Cleaner) -> None:
    text = wrapped_article(60)
    result = cleaner.clean(text)
    lines = text.splitlines()
    assert [(d.line_no, d.text) for d in result.decisions] == [
        (n, line) for n, line in enumerate(lines, 1) if line.strip()]
    assert result.text == text


# Every drop and cut rule's one-line match examples long enough to wrap at 60 columns.
_WRAPPING_EXAMPLES = [(r.id, m) for r in load_rules(RULES_DIR).rules for m in r.examples_match
                      if r.action is not Action.KEEP and "\n" not in m and len(textwrap.wrap(m, 60)) > 1]


def test_a_rule_example_wrapped_in_a_wrapped_article_goes_as_it_does_on_one_line(cleaner: Cleaner) -> None:
    """Each example, filled to 60 columns between two paragraphs of an article filled so, leaves
    (its kept lines' text, joined) what it leaves on one line between the article's paragraphs
    as an extractor writes them; the article's lines all stay."""
    assert len(_WRAPPING_EXAMPLES) > 50
    article = set(wrapped_article(60).splitlines())
    wrong = []
    for rule_id, example in _WRAPPING_EXAMPLES:
        filled = textwrap.fill(example, 60, break_long_words=False)  # no wrapping program breaks a URL
        result = cleaner.clean(wrapped_article(60, filled))
        left = " ".join(d.output for d in result.decisions if d.text in filled.splitlines() and d.output)
        alone = cleaner.clean(doc(*ARTICLE[:2], example, *ARTICLE[2:])).decisions
        expected = " ".join(d.output for d in alone if d.text == example and d.output)
        touched = [d.text for d in result.decisions if d.text in article and d.output != d.text]
        if left != expected or touched:
            wrong.append((rule_id, example, left, expected, touched))
    assert wrong == []
