"""What a heading rule's block takes with it (``rules.block_extent``), on the shapes real pages give."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RULES_DIR

from cleaner import Cleaner
from cleaner.config import Config
from cleaner.features import compute_features
from cleaner.index import RuleIndex
from cleaner.model import Mark
from cleaner.rules import PageProse, apply_rules, block_extent
from cleaner.ruleset import load_rules
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist

OPENING = [
    "Root vegetables keep for months in a cool, dark cellar if you brush off the soil and leave them unwashed.",
    "Carrots and beets do best packed in damp sand, while potatoes need darkness and good air flow to stop them.",
    "Squash should be cured in a warm room for two weeks before it goes into storage, which hardens the skin.",
]
CLOSING = [
    "Onions and garlic want the opposite of roots: a dry, airy shelf, where they will keep well into spring.",
    "Whatever you store, check it every few weeks and take out anything soft, since one rotten piece spreads.",
]
BIO = "Jane Doe is a food writer based in Vermont."


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.load(RULES_DIR)


def test_an_author_box_above_the_article_leaves_the_articles_opening(cleaner: Cleaner) -> None:
    text = "\n\n".join(["How to Store Winter Vegetables", f"About the Author\n{BIO}", *OPENING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert all(paragraph in kept for paragraph in OPENING)
    assert "About the Author" not in kept and BIO not in kept


def test_an_author_box_below_the_article_takes_its_bio(cleaner: Cleaner) -> None:
    long_bio = ("Jane Doe has written about food and farming for twenty years, and she grows most of "
                "what she cooks on a small farm in Vermont.")
    text = "\n\n".join([*OPENING * 3, "About the Author", long_bio]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert long_bio not in kept and kept[-1] == OPENING[-1]


def test_a_read_more_button_takes_no_block(cleaner: Cleaner) -> None:
    review = ["Pros", "Fantastic performance", "Bright 120Hz display", "Cons", "Speakers don't sound great"]
    text = "\n".join([OPENING[0], "", "Read More", "", *review, "", OPENING[1]]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert "Read More" not in kept and all(line in kept for line in review)


def test_a_related_box_leaves_a_subheading_whose_paragraph_leads_into_a_list(cleaner: Cleaner) -> None:
    subheading = "Cloud computing is a long-term growth trend"
    lead_in = ("Cloud computing picked up steam during the pandemic and has remained a growth story "
               "for the following reasons:")
    text = "\n\n".join([*OPENING, "Related investing topics", subheading, lead_in, *CLOSING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert "Related investing topics" not in kept and subheading in kept and lead_in in kept


def test_a_heading_in_the_singular_takes_one_teaser(cleaner: Cleaner) -> None:
    question = "How do smart thermostats boost energy efficiency?"
    answer = ("Heating and air conditioning are the main costs of a home, and a smart thermostat cuts "
              "them by heating only when someone is in.")
    text = "\n".join([*OPENING, "Related article", "The Smart Thermostat Buying Guide", question, answer,
                      *CLOSING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert "The Smart Thermostat Buying Guide" not in kept and question in kept and answer in kept


def test_a_related_box_above_the_article_leaves_the_articles_headline(cleaner: Cleaner) -> None:
    teasers = ["Ten Ways to Use Up Summer Squash", "Why Your Potatoes Sprout in Spring"]
    headline = "How to Store Winter Vegetables"
    text = "\n\n".join(["Related Articles", *teasers, headline, *OPENING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert kept[0] == headline and all(paragraph in kept for paragraph in OPENING)
    assert "Related Articles" not in kept and not set(teasers) & set(kept)


def test_a_related_box_below_the_article_still_takes_the_teaser_above_a_paragraph(cleaner: Cleaner) -> None:
    # Past the article's opening, a teaser list that runs into a paragraph is not trimmed.
    teasers = ["Ten Ways to Use Up Summer Squash", "Why Your Potatoes Sprout in Spring"]
    text = "\n\n".join([*OPENING * 3, "Related Articles", *teasers, *CLOSING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert not set(teasers) & set(kept) and all(paragraph in kept for paragraph in CLOSING)


@pytest.mark.parametrize("first", [True, False], ids=["first item", "later item"])
def test_an_item_of_the_articles_own_list_is_no_heading(cleaner: Cleaner, first: bool) -> None:
    # "More blog posts" reads as a "More ... posts" heading, but a line ending in ':' leads into the
    # list, and its items open alike.
    items = ["- More public code examples", "- More blog posts", "- More tutorials written by the people who use them"]
    if first:
        items[0], items[1] = items[1], items[0]
    text = "\n".join([*OPENING, "Small languages basically need:", *items, *CLOSING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert all(item in kept for item in items)


TEASER_ITEMS = ["- Ten Ways to Use Up Summer Squash", "- Why Your Potatoes Sprout in Spring"]


@pytest.mark.parametrize("before", [[], ["Browse by topic:"]], ids=["no lead-in", "after a colon"])
def test_a_heading_among_a_menus_items_still_takes_its_list(cleaner: Cleaner, before: list[str]) -> None:
    menu = ["- Claims", "- Hurricane", "- Popular Topics", *TEASER_ITEMS]
    text = "\n".join([*OPENING * 3, *before, *menu, *CLOSING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert "- Popular Topics" not in kept and not set(TEASER_ITEMS) & set(kept)


def test_a_related_box_right_after_the_articles_led_list_still_goes(cleaner: Cleaner) -> None:
    own = ["- A three-day supply of water for each person", "- Copies of your policy and photos of your home"]
    text = "\n".join([*OPENING * 3, "Every household should have:", *own, "- Most Popular", *TEASER_ITEMS]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert all(item in kept for item in own)
    assert "- Most Popular" not in kept and not set(TEASER_ITEMS) & set(kept)


def _marks_and_extents(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Mark], int]:
    """The rules' marks on ``text``, and how many times the document's prose was found."""
    blocks = split_lines(text)
    features = compute_features(blocks, get_stoplist("English"))
    found = 0
    of = PageProse.of

    def counted(*args: object) -> PageProse:
        nonlocal found
        found += 1
        return of(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(PageProse, "of", counted)
    return apply_rules(blocks, features, RuleIndex(load_rules(RULES_DIR).rules), Config()), found


@pytest.mark.parametrize("heading", ["12 Comments", "About the Author", "Related Stories"])
def test_many_headings_cost_a_line_each(heading: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of thousands of headings (each a block's start): the document's prose is found once,
    and a block that runs to the end is not taken again by the headings inside it, so the marks
    grow with the page, not with its square."""
    text = "\n".join([*OPENING * 3, *[heading, "Jane says great post, thanks"] * 500]) + "\n"
    marks, found = _marks_and_extents(text, monkeypatch)
    assert found == 1
    assert len(marks) <= 41 * 1000  # a heading and at most 40 teasers a line; a block to the end each: 250,000


def test_a_block_to_the_end_inside_another_marks_what_it_would_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leaving out the lines a later comments heading would take changes no line's verdict: each
    was taken already by the first heading's block, whose mark decides."""
    text = "\n".join([*OPENING * 3, "12 Comments", "Jane says great post", "3 Comments", "Tom says thanks"]) + "\n"
    marks, _ = _marks_and_extents(text, monkeypatch)
    blocks = split_lines(text)
    features = compute_features(blocks, get_stoplist("English"))
    rule = next(r for r in load_rules(RULES_DIR).rules if r.id == "comments-heading")
    first = len(OPENING) * 3
    alone = {j for start in (first, first + 2) for j in block_extent(blocks, features, start, rule, Config())}
    assert alone == {first + 1, first + 2, first + 3}
    assert {m.index for m in marks if m.heading is not None} == alone


USER_REST_RULE = """rules:
  - id: from-our-shop
    summary: Drops a "From our shop" heading and everything after it.
    why: A site's own box runs to the end of its pages.
    action: drop-block
    stays_over_prose: true
    match:
      phrases: ["from our shop"]
    block:
      extent: rest
      max_lines: 1
    examples:
      match: ["From our shop"]
      no_match: ["From our correspondent"]
"""


def test_a_block_to_the_end_kept_as_a_subheading_does_not_stop_a_later_one(tmp_path: Path) -> None:
    """A user's heading over prose stays with its section and takes nothing: the comments heading
    below it still takes the thread."""
    (tmp_path / "mine.yaml").write_text(USER_REST_RULE, encoding="utf-8")
    cleaner = Cleaner.load(RULES_DIR, extra_rules=[tmp_path])
    comments = [f"{name} says this is the best guide to storing roots that I have read in years, thank you so much."
                for name in ("Jane", "Tom", "Ann")]
    shop = ["Our cellar boxes are made of untreated pine, and each holds enough sand for a season of carrots.",
            "They ship flat, and go together in a few minutes with the screws in the box and a screwdriver."]
    article = [*OPENING, *CLOSING,
               "Label every box with what it holds and the week it went in, and eat the oldest first."]
    text = "\n".join([*article, "From our shop", *shop, "12 Comments", *comments]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert kept == [*article, "From our shop", *shop]


COOKIE_TABLE = [
    "| Cookie | Duration | Description |",
    "|---|---|---|",
    "| _ga | 2 years | Google Analytics uses this cookie to distinguish users. |",
    "| cookielawinfo-checkbox-analytics | 11 months | Records the consent for analytics cookies. |",
]
PRICE_TABLE = ["| Plan | Price |", "|---|---|", "| Basic | $5 |"]


def test_a_cookie_table_goes_with_its_header_row_and_the_next_table_stays(cleaner: Cleaner) -> None:
    """A header row takes the rows right below it (``extent: table``), whatever they say, and no
    further: a blank line ends the table, and the article's own table after it stays."""
    text = "\n\n".join([*OPENING, "\n".join(COOKIE_TABLE), "\n".join(PRICE_TABLE), *CLOSING]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert not any(row in kept for row in COOKIE_TABLE)
    assert all(row in kept for row in PRICE_TABLE)
    assert all(paragraph in kept for paragraph in [*OPENING, *CLOSING])


def test_a_cookie_tables_rows_end_at_a_line_that_is_no_row(cleaner: Cleaner) -> None:
    closing = "The council will publish its next budget in the spring, after a round of public hearings."
    text = "\n\n".join([*OPENING, "\n".join([*COOKIE_TABLE, closing])]) + "\n"
    kept = cleaner.clean(text).text.splitlines()
    assert closing in kept and not any(row in kept for row in COOKIE_TABLE)
