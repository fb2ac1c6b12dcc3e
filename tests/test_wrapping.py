"""Hard-wrapped text is judged a paragraph at a time, and each paragraph's verdict given to its lines."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.model import Action, Verdict
from cleaner.ruleset import load_rules
from cleaner.segment import split_lines
from cleaner.wrapping import (
    MID_SENTENCE_MIN_BREAKS,
    WIDE_LINES_MAX_SHARE,
    WRAP_MAX_WIDTH,
    joined_blocks,
    may_be_wrapped,
    paragraphs,
    wrap_width,
)
from tests.conftest import RULES_DIR
from tests.test_scorers import P1, P2, P3, P4, P5, doc

ARTICLE = (P1, P2, P3, P4, P5)


def wrapped_article(width: int, middle: str | None = None) -> str:
    """The article filled to ``width`` columns, ``middle`` (as it is) between its second and third paragraphs."""
    filled = [textwrap.fill(p, width) for p in ARTICLE]
    return doc(*filled[:2], *([middle] if middle is not None else []), *filled[2:])


def read(text: str) -> list[list[int]] | None:
    """The paragraphs of a text, no line dropped by a rule on its own."""
    blocks = split_lines(text)
    width = wrap_width(blocks)
    return None if width is None else paragraphs(blocks, width)


def test_a_wrapped_article_is_read_as_paragraphs() -> None:
    blocks = split_lines(wrapped_article(60))
    found = read(wrapped_article(60))
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
    assert read(text) is None


def test_lines_of_code_are_never_joined() -> None:
    blocks = split_lines(wrapped_article(60))
    code = frozenset(range(len(blocks)))  # as if every line were code
    assert paragraphs(blocks, 60, code) is None


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
    as an extractor writes them; the article's lines all stay. Where a line of the example ends
    a sentence and a rule drops the next line on its own, the two stay apart (a credit under a
    paragraph must not take it along), and the first may stay: the only difference allowed."""
    assert len(_WRAPPING_EXAMPLES) > 50
    article = set(wrapped_article(60).splitlines())
    wrong, apart = [], []
    for rule_id, example in _WRAPPING_EXAMPLES:
        filled = textwrap.fill(example, 60, break_long_words=False)
        result = cleaner.clean(wrapped_article(60, filled))
        mine = [d for d in result.decisions if d.text in filled.splitlines()]
        left = " ".join(d.output for d in mine if d.output)
        alone = cleaner.clean(doc(*ARTICLE[:2], example, *ARTICLE[2:])).decisions
        expected = " ".join(d.output for d in alone if d.text == example and d.output)
        touched = [d.text for d in result.decisions if d.text in article and d.output != d.text]
        kept = [d.text for d in mine if d.output]
        if touched:
            wrong.append((rule_id, example, touched))
        elif left != expected:
            if kept == [d.text for d in mine[:len(kept)]] and kept[-1].endswith((".", "?", "!")) and not expected:
                apart.append(rule_id)
            else:
                wrong.append((rule_id, example, left, expected))
    assert wrong == []
    assert len(apart) <= 5  # photo-by-trailing, comment-form-notice (2), donation-appeal: each a sentence kept


# A line a rule drops on its own, written right under or over a wrapped paragraph (no blank line).
ADJACENT = [
    ("China's Xiaomi Corp plans to make electric vehicles using Great Wall\nMotor's factory, said three people with "
     "direct knowledge of the matter.\n\nXiaomi, one of the world's biggest smartphone makers, is in talks to use\n"
     "one of Great Wall's plants in China to make its own cars, said two of\nthe people.\n\nThe plan comes as Xiaomi "
     "seeks to diversify its revenue streams away\nfrom the smartphone business, which carries razor-thin profit "
     "margins.\nPhoto: Reuters/Getty Images\n\nAlongside smartphones, Xiaomi makes dozens of Internet-connected "
     "devices\nincluding scooters, air purifiers, and rice cookers.\n", "Photo: Reuters/Getty Images"),
    ("China's Xiaomi Corp plans to make electric vehicles using\nGreat Wall Motor's factory, said three people with "
     "direct\nknowledge of the matter.\n\nXiaomi, one of the world's biggest smartphone makers, is in\ntalks to use "
     "one of Great Wall's plants in China to make its\nown cars, said two of the people.\n\nRelated: Lender wins "
     "court ruling suspending US investment ban\nThe plan comes as Xiaomi seeks to diversify its revenue\nstreams "
     "away from the smartphone business, which carries\nrazor-thin profit margins.\n\nAlongside smartphones, Xiaomi "
     "makes dozens of Internet-\nconnected devices including scooters, air purifiers, and\nrice cookers.\n",
     "Related: Lender wins court ruling suspending US investment ban"),
    ("China's Xiaomi Corp plans to make electric vehicles using Great\nWall Motor's factory, said three people with "
     "direct knowledge of\nthe matter.\n\nXiaomi, one of the world's biggest smartphone makers, is in talks\nto use "
     "one of Great Wall's plants in China to make its own cars,\nsaid two of the people.\n\nThe firm plans to launch "
     "its first car around 2023, one of the\npeople said, and it will connect with the company's other devices.\n"
     "Copyright 2024 Example Media Ltd. All rights reserved.\n",
     "Copyright 2024 Example Media Ltd. All rights reserved."),
]


@pytest.mark.parametrize(("text", "boilerplate"), ADJACENT, ids=["credit-under", "pointer-over", "copyright-under"])
def test_a_line_a_rule_drops_alone_stays_apart_from_the_paragraph_it_touches(cleaner: Cleaner, text: str,
                                                                            boilerplate: str) -> None:
    assert read(text) is not None
    result = cleaner.clean(text)
    assert [d.text for d in result.decisions if d.verdict is not Verdict.KEEP] == [boilerplate]
    assert cleaner.clean(result.text).text == result.text


def test_an_ad_label_inside_a_wrapped_sentence_goes_and_the_sentence_joins_across_it(cleaner: Cleaner) -> None:
    last = textwrap.fill(P5, 60).splitlines()
    text = doc(*(textwrap.fill(p, 60) for p in (P1, P2, P3)), "\n".join([last[0], "Advertisement", *last[1:]]))
    blocks = split_lines(text)
    label = [b.text for b in blocks].index("Advertisement")
    found = paragraphs(blocks, 60, (), alone={label})
    assert found is not None
    assert found[-2] == [label] and [blocks[i].text for i in found[-1]] == last  # the label, then its paragraph
    result = cleaner.clean(text)
    assert [(d.text, d.reason) for d in result.decisions if d.verdict is Verdict.DROP] == [
        ("Advertisement", "ad-slot-label")]
    assert cleaner.clean(result.text).text == result.text



@pytest.mark.parametrize("label", ["Get started today", "Privacy Policy"])
def test_a_button_inside_a_wrapped_sentence_is_no_subheading_of_it(cleaner: Cleaner, label: str) -> None:
    # Taken out of the sentence it interrupted, the label stands right above that sentence's
    # paragraph; its rule keeps a label over prose as a subheading, but this one heads nothing.
    last = textwrap.fill(P5, 60).splitlines()
    text = doc(*(textwrap.fill(p, 60) for p in (P1, P2, P3)), "\n".join([last[0], label, *last[1:]]))
    result = cleaner.clean(text)
    assert [d.text for d in result.decisions if d.verdict is Verdict.DROP] == [label]
    assert cleaner.clean(result.text).text == result.text

@pytest.mark.parametrize("text", [
    # A notice dropped, and an ad label inside a sentence: the output is still read as wrapped.
    "Xiaomi, one of the world's biggest smartphone makers, is in talks to use\none of Great Wall's plants in China "
    "to make its own cars, said two of\nthe people.\n\nThe firm plans to launch its first car around 2023, one of the "
    "people\nAdvertisement\nsaid, and it will connect with the company's other devices.\n\nSign up for our newsletter "
    "to get the latest news on electric vehicles\nand the companies that make them delivered to your inbox every "
    "morning.\n",
    # A cut across a line break shortens the line: its sentence still goes on into the next.
    "China's Xiaomi Corp plans to make electric vehicles using Great Wall\nMotor's factory, said three people with "
    "direct knowledge of the matter.\n\nXiaomi, one of the world's biggest smartphone makers, is in talks to use\none "
    "of Great Wall's plants in China to make its own cars, said two of\nthe people.\n\nThe launch event starts at 7 "
    "p.m. in Beijing. Where to (Also Read:\nXiaomi Unveils Its First Car) watch: Xiaomi's YouTube channel\n\nThe plan "
    "comes as Xiaomi seeks to diversify its revenue streams away\nfrom the smartphone business, which carries "
    "razor-thin profit margins.\n",
], ids=["notice-and-label", "cut-across-lines"])
def test_cleaning_a_wrapped_texts_output_again_changes_nothing(cleaner: Cleaner, text: str) -> None:
    once = cleaner.clean(text).text
    assert "Advertisement" not in once and "Also Read" not in once
    assert cleaner.clean(once).text == once


def test_a_man_pages_repeated_descriptions_stay(cleaner: Cleaner) -> None:
    """Written text repeats a paragraph on purpose: two options that share a description."""
    described = textwrap.indent(textwrap.fill(
        "Use the archive format named by the value of this variable when no format option is given on the "
        "command line, and fall back to the default otherwise.", 64), "       ")
    intro = textwrap.indent(textwrap.fill(P1 + " " + P2, 64), "       ")
    text = doc(intro, "   TAR_FORMAT", described, "   TAR_SUBCOMMAND", described, intro.replace("China's", "Then"))
    assert read(text) is not None
    result = cleaner.clean(text)
    assert [d for d in result.decisions if d.verdict is not Verdict.KEEP] == []


def test_a_related_box_takes_no_wrapped_section_under_it(cleaner: Cleaner) -> None:
    """A wrapped paragraph is never a teaser's blurb, though it is short: the section headings
    that sit right on their paragraphs after a related box stay with them."""
    text = ("THE WEEKLY DISPATCH\n\nWhen the hardware store on Elm Street closed in 2019, nobody in\nGreenfield "
            "expected the building to sit empty for long. It sat empty for\nfour years. Then the town council "
            "applied for a federal revitalization\ngrant, and the money arrived last spring. \"We had no idea how "
            "much\npaperwork was involved,\" said Maria Lopez, the town's only full-time\nplanner.\n\nRELATED "
            "STORIES\nHow one library turned a shoe store into a workshop\nThe grants officer five villages share\n\n"
            "WHAT THE GRANT COVERS\nThe grant covers facade repairs, sidewalk work and, in some cases, the\nfirst "
            "year of rent for a new tenant. It does not cover staff, which is\nwhere most towns struggle, and Lopez "
            "says that is the part of the\nprogram she would change first.\n\nWHAT COMES NEXT\nThe council will vote "
            "in April on a second application, this time for\nthe old cinema on Main Street, which has been empty "
            "since 2011.\n")
    dropped = [d.text for d in cleaner.clean(text).decisions if d.verdict is Verdict.DROP]
    assert dropped == ["RELATED STORIES", "How one library turned a shoe store into a workshop",
                       "The grants officer five villages share"]


@pytest.mark.parametrize(("term", "definition"), [
    ("       <tag>", "           a valid tag name (i.e. a refs/tags/<tag> reference), which may be\n"
                    "           abbreviated when it is not ambiguous."),
    ("SEE ALSO", "       expand(1), unexpand(1), sed(1)"),
])
def test_a_short_line_a_rule_drops_is_not_joined_to_the_lower_case_line_under_it(cleaner: Cleaner, term: str,
                                                                                 definition: str) -> None:
    """A term over its definition, a heading over its list: the next word would have fit, so the
    line was not wrapped into the next, whatever a rule makes of the term."""
    intro = textwrap.indent(textwrap.fill(P1 + " " + P2 + " " + P3, 66), "       ")
    text = doc(intro, f"{term}\n{definition}", intro.replace("China's", "Then"))
    blocks = split_lines(text)
    width = wrap_width(blocks)
    assert width is not None
    term_at = [b.text for b in blocks].index(term)
    found = paragraphs(blocks, width, alone={term_at})
    assert found is not None and [term_at] in found


def test_a_man_pages_sections_after_its_copyright_notice_stay(cleaner: Cleaner) -> None:
    """Written text's copyright notice is one of its sections: the sections after it (a man
    page's bug reports and examples) are its own, where on a web page they would be the footer."""
    body = textwrap.indent(textwrap.fill(" ".join(ARTICLE), 64), "       ")
    text = (f"{body}\n"
            "       Copyright 1998-2000, 2002, 2005-2026 Free Software Foundation,\n"
            "       Inc.\n"
            "       This is free software; see the source for copying conditions.\n"
            "   Reporting Bugs\n"
            "       Email bug reports to the bug-reporting address. An email archive\n"
            "       and a bug tracker are available.\n"
            "   Example\n"
            "       The following example outputs the location and contents of any\n"
            "       line that contains the pattern, within all files in the current\n"
            "       directory whose names end in the suffix given.\n")
    assert read(text) is not None
    output = cleaner.clean(text).text
    for kept in ("Reporting Bugs", "An email archive", "Example", "directory whose names"):
        assert kept in output


def test_an_e_mails_footer_after_its_copyright_line_goes(cleaner: Cleaner) -> None:
    """A plain-text newsletter's footer has no section of its own after the copyright line: an
    address, why the reader gets the e-mail and how to stop it. It goes, sentences and all."""
    letter = textwrap.fill(P1 + " " + P2, 70) + "\n\n" + textwrap.fill(P3 + " " + P4, 70)
    footer = ("Copyright (C) 2024 Acme Software, All rights reserved.\n"
              "You are receiving this email because you opted in via our website.\n\n"
              "Our mailing address is:\nAcme Software\n12 High Street\nCambridge CB1 1AA\n\n"
              "Want to change how you receive these emails?\nYou can update your preferences\n"
              "or unsubscribe from this list.\n")
    text = f"{letter}\n\n{footer}"
    assert read(text) is not None
    output = cleaner.clean(text).text
    assert P4[-30:] in output.replace("\n", " ")
    for gone in ("You are receiving", "12 High Street", "Want to change", "unsubscribe"):
        assert gone not in output


def test_a_code_samples_wrapped_comments_do_not_make_its_text_wrapped() -> None:
    # Prose a paragraph per line, around a sample whose comments break off their sentences where
    # the next word did not fit: the text is not hard-wrapped, its sample's comments are.
    comments = ['    """Read the account identifier and the secret token from the',
                "    environment of the process when the client starts, and stop with an",
                "    error that names the missing variable when the client does not",
                '    find them there."""']
    lines = ["Set the two variables first.", "```", "def credentials():", *comments, "```",
             "Then run the sample again."]
    blocks = split_lines("\n".join(lines))
    code = frozenset(range(1, 3 + len(comments) + 1))
    assert wrap_width(blocks) is not None
    assert wrap_width(blocks, code) is None


def plain_may_be_wrapped(text: str) -> bool:
    """The quick test by its definition, on the text: enough lines, few of them wide."""
    lengths = [len(line) for line in text.split("\n")]
    lines = sum(1 for n in lengths if n)
    return text.count("\n") >= MID_SENTENCE_MIN_BREAKS and lines > MID_SENTENCE_MIN_BREAKS \
        and sum(1 for n in lengths if n > WRAP_MAX_WIDTH) <= WIDE_LINES_MAX_SHARE * lines


_OUTPUT_LINE = st.one_of(st.just(""), st.text(st.characters(blacklist_characters="\n"), max_size=8),
                         st.integers(WRAP_MAX_WIDTH - 2, WRAP_MAX_WIDTH + 2).map(lambda n: "x" * n))


@settings(max_examples=300, deadline=None)
@given(st.lists(_OUTPUT_LINE, max_size=30))
def test_the_quick_wrapping_test_on_an_outputs_lines_is_the_one_on_its_text(lines: list[str]) -> None:
    # An output's lines are read before they are joined (a blank line as "", none holding a line end).
    text = "\n".join(lines) + "\n" if lines else ""
    assert may_be_wrapped(lines) == plain_may_be_wrapped(text)
