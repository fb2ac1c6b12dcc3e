"""A shop page's customer reviews: found by the page's markup, dropped from its reading."""

from __future__ import annotations

import pytest
from conftest import RULES_DIR
from test_cli import err, out, run

from cleaner import Cleaner
from cleaner.config import Config
from cleaner.html import parse
from cleaner.htmlinput import HtmlOptions
from cleaner.model import Decision, Result, Verdict
from cleaner.readings import line_key
from cleaner.reviews import REVIEWS, review_items, without_reviews

DESCRIPTION = [
    "The Harbour kettle boils a full litre of water in under three minutes and switches itself off the moment "
    "it is done.",
    "Its brushed steel body stays cool to the touch on the outside, and the wide lid opens with one press for "
    "easy filling.",
    "A limescale filter sits behind the spout and lifts out for rinsing, so the water you pour stays clear in "
    "hard-water areas.",
]
REVIEWS_TEXT = [
    "Bought this after our old kettle died and it is so much quieter. It boils quickly and looks smart on the "
    "counter, though the lid is a bit stiff at first.",
    "We have had it for six months now and it still works like new. The filter is easy to clean and the cord is "
    "long enough to reach our socket.",
    "Does exactly what a kettle should. My only complaint is that the water window is hard to read in a dark "
    "kitchen, but that is a small thing.",
    "Lovely kettle, arrived the next day and was well packed. It was a present for my mother and she uses it "
    "every morning for her tea.",
]
CART = "<button>Add to cart</button>"


def shop_page(controls: str = CART, name: str = 'class="review"', reviews: list[str] = REVIEWS_TEXT,
              description: list[str] = DESCRIPTION, title_in_review: str = "") -> str:
    items = "".join(f"<div {name}>{title_in_review}<p>{text}</p></div>" for text in reviews)
    paragraphs = "".join(f"<p>{p}</p>" for p in description)
    return f"""<!DOCTYPE html><html><head><title>Harbour Kettle | Example Shop</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/kitchen">Kitchen</a></li></ul></nav>
<main><h1>Harbour Kettle 1.7 L</h1><p>£39.99</p>{controls}
<div class="description">{paragraphs}<ul><li>Boils in under three minutes.</li><li>Cordless base.</li></ul></div>
<section><h2>What buyers say</h2>{items}</section></main>
<footer><p>© Example Shop 2026</p></footer></body></html>"""


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.load(RULES_DIR)


def lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize("name", [
    'class="review"',
    'class="customer-review js-review"',
    'data-hook="review"',
    'itemprop="review"',
    'class="okeReviews-review"',
    'data-testid="product-review-line-item"',
    'class="REVIEW"',
])
def test_a_shop_pages_reviews_go_and_its_description_stays(cleaner: Cleaner, name: str) -> None:
    result = cleaner.clean_html(shop_page(name=name))
    assert result.reading == "trafilatura"
    for paragraph in DESCRIPTION:
        assert paragraph in lines(result.text)
    assert "Boils in under three minutes." in result.text
    for review in REVIEWS_TEXT:
        assert review not in result.text
    gone = [d for d in result.decisions if d.reason == REVIEWS]
    assert [d.text for d in gone] == REVIEWS_TEXT
    assert all(d.verdict is Verdict.DROP for d in gone)


def test_a_shop_page_that_declares_a_discussion_still_loses_its_reviews(cleaner: Cleaner) -> None:
    # Comments are read on a page that declares a discussion; its reviews are not its answers.
    questions = ('<div><h2>Questions</h2><p>Does it fit a caravan? Yes, the base is small.</p></div>'
                 '<script type="application/ld+json">{"@type": "QAPage", "mainEntity": {"@type": "Question"}}</script>')
    page = shop_page().replace("<footer>", f"{questions}<footer>")
    result = cleaner.clean_html(page)
    for review in REVIEWS_TEXT:
        assert review not in result.text


@pytest.mark.parametrize("controls", ["", "<p>Sold out</p>", "<p>Buy now</p><p>In stock</p>"])
def test_reviews_stay_on_a_page_without_a_cart(cleaner: Cleaner, controls: str) -> None:
    # The same markup wraps an editor's reviews of products, a roundup's entries or a service's
    # testimonials: on a page that is not a shop's, they are the article. An editor's price
    # widgets say "Buy now" and "In stock"; only a shop has a cart.
    result = cleaner.clean_html(shop_page(controls=controls))
    for review in REVIEWS_TEXT:
        assert review in lines(result.text)


@pytest.mark.parametrize("name", [
    'class="preview"',  # a teaser's preview, not a review
    'class="card"',
])
def test_elements_not_named_as_reviews_stay(cleaner: Cleaner, name: str) -> None:
    result = cleaner.clean_html(shop_page(name=name))
    for review in REVIEWS_TEXT:
        assert review in lines(result.text)


def test_a_word_of_the_class_names_the_reviews(cleaner: Cleaner) -> None:
    page = shop_page()
    for stars, review in zip((5, 4, 5, 3), REVIEWS_TEXT, strict=True):
        page = page.replace(f'<div class="review"><p>{review}', f'<div class="review stars-{stars}"><p>{review}', 1)
    result = cleaner.clean_html(page)
    assert not any(review in result.text for review in REVIEWS_TEXT)


@pytest.mark.parametrize(("heading", "goes"), [
    ("Customer reviews", True),
    ("Reviews for this item (76)", True),
    ("English Reviews:", True),
    ("What buyers say", False),  # names no review: a heading of the page's own, for all it tells
    ("46971 Reviews", False),  # a count of them, which shops print beside the product's name
    ("Reviews from our customers in the United Kingdom and Ireland", False),  # too long for a heading
    ("We read every review.", False),  # a sentence
])
def test_the_heading_right_above_the_reviews_goes_with_them(cleaner: Cleaner, heading: str, goes: bool) -> None:
    result = cleaner.clean_html(shop_page().replace("<h2>What buyers say</h2>", f"<h2>{heading}</h2>"))
    assert (heading not in lines(result.text)) is goes
    assert not any(review in result.text for review in REVIEWS_TEXT)


def test_a_heading_over_a_paragraph_of_the_page_stays(cleaner: Cleaner) -> None:
    note = ("Every kettle we sell is tested in our own kitchen for a week before it goes on sale, and we "
            "publish what we found on this page.")
    page = shop_page().replace("<h2>What buyers say</h2>", f"<h2>Customer reviews</h2><p>{note}</p>")
    result = cleaner.clean_html(page)
    assert "Customer reviews" in lines(result.text) and note in lines(result.text)
    assert not any(review in result.text for review in REVIEWS_TEXT)


def test_the_heading_stays_when_the_reviews_do(cleaner: Cleaner) -> None:
    page = shop_page(description=[]).replace("<h2>What buyers say</h2>", "<h2>Customer reviews</h2>")
    assert "Customer reviews" in lines(cleaner.clean_html(page).text)


def test_a_name_that_no_other_element_shares_is_no_list_of_reviews(cleaner: Cleaner) -> None:
    # One element named as a review is most often the page's own: a product's "review" tab, an
    # editor's verdict.
    result = cleaner.clean_html(shop_page(reviews=REVIEWS_TEXT[:1]))
    assert REVIEWS_TEXT[0] in lines(result.text)


def test_a_line_the_page_also_shows_outside_the_reviews_stays(cleaner: Cleaner) -> None:
    # A review titled with a line of the description: the description's line is the page's own.
    result = cleaner.clean_html(shop_page(title_in_review="<h3>Boils in under three minutes.</h3>"))
    assert any(line.endswith("Boils in under three minutes.") for line in lines(result.text))
    assert not any(review in result.text for review in REVIEWS_TEXT)


def test_a_line_that_a_reviews_tag_repeats_inside_a_line_stays(cleaner: Cleaner) -> None:
    # "Customers mention: Quiet boil, ..." is one line of the page; a tag laid out alone is no
    # evidence that the description's item of the same words is a review's.
    tags = ('<p>Customers mention: <span class="review-tag">Boils in under three minutes.</span> '
            '<span class="review-tag">Looks smart</span></p>')
    result = cleaner.clean_html(shop_page().replace("<h2>What buyers say</h2>", f"<h2>What buyers say</h2>{tags}"))
    assert "- Boils in under three minutes." in lines(result.text)
    assert not any(review in result.text for review in REVIEWS_TEXT)


@pytest.mark.parametrize("inside", [
    "<table><tr><th>Capacity</th><td>1.7 litres</td></tr></table>",
    '<p itemprop="description">A kettle for every kitchen.</p>',
])
def test_an_element_holding_the_products_own_text_is_no_review(inside: str) -> None:
    page = shop_page().replace('<div class="review"><p>', f'<div class="review">{inside}<p>', 1)
    tree = parse(page)
    assert tree is not None
    assert [item.text_content() for item in review_items(tree)] == REVIEWS_TEXT[1:]


def test_a_line_another_step_dropped_keeps_its_reason(cleaner: Cleaner) -> None:
    page = shop_page().replace('<div class="review"><p>', '<div class="review"><p>Advertisement</p><p>', 1)
    result = cleaner.clean_html(page)
    ad = [d for d in result.decisions if d.text == "Advertisement"]
    assert ad and ad[0].verdict is Verdict.DROP and ad[0].reason != REVIEWS


def test_the_removed_share_counts_the_reviews(cleaner: Cleaner) -> None:
    kept = Cleaner.load(RULES_DIR, disable=[REVIEWS]).clean_html(shop_page())
    result = cleaner.clean_html(shop_page())
    assert result.removed_ratio > kept.removed_ratio + 0.3


def test_text_passed_through_uncleaned_is_left_as_it_is() -> None:
    text = f"{DESCRIPTION[0]}\n{REVIEWS_TEXT[0]}\n"
    passed = Result(text, (Decision(1, DESCRIPTION[0], Verdict.KEEP, "passthrough", output=DESCRIPTION[0]),
                           Decision(2, REVIEWS_TEXT[0], Verdict.KEEP, "passthrough", output=REVIEWS_TEXT[0])),
                    0.0, passed_through=True)
    assert without_reviews(passed, frozenset({line_key(REVIEWS_TEXT[0])}), Config(html_reviews_min_words_left=1)) \
        is passed


def test_a_reading_that_is_all_reviews_keeps_them(cleaner: Cleaner) -> None:
    # Nothing but the product's name and price would be left: a page of reviews is what it holds.
    result = cleaner.clean_html(shop_page(description=[]))
    assert sum(review in lines(result.text) for review in REVIEWS_TEXT) == len(REVIEWS_TEXT)
    assert not any(d.reason == REVIEWS for d in result.decisions)


def test_reviews_can_be_kept_by_disabling_the_step() -> None:
    kept = Cleaner.load(RULES_DIR, disable=[REVIEWS]).clean_html(shop_page())
    for review in REVIEWS_TEXT:
        assert review in lines(kept.text)


def test_reviews_stay_when_readers_comments_are_asked_for(cleaner: Cleaner) -> None:
    kept = cleaner.clean_html(shop_page(), HtmlOptions(include_comments=True))
    for review in REVIEWS_TEXT:
        assert review in lines(kept.text)
    proc = run("--include-comments", "--rules", str(RULES_DIR), stdin=shop_page())
    assert proc.returncode == 0, err(proc)
    assert REVIEWS_TEXT[0] in lines(out(proc))


def test_the_reviews_are_the_outermost_named_elements_and_never_hold_the_headline() -> None:
    nested = shop_page().replace('<div class="review"><p>', '<div class="review"><p class="review-text">')
    tree = parse(nested)
    assert tree is not None
    items = review_items(tree)
    assert [item.text_content() for item in items] == REVIEWS_TEXT  # the outermost, in the page's order
    assert all(item.get("class") == "review" for item in items)
    headline = ('<div class="review-card"><h1>Harbour Kettle review</h1><p>Our verdict.</p></div>'
                '<div class="review-card"><p>Second.</p></div>')
    tree = parse(f"<html><body>{headline}</body></html>")
    assert tree is not None
    assert [item.text_content() for item in review_items(tree)] == ["Second."]


def test_explain_names_the_step_on_each_review() -> None:
    proc = run("explain", "--rules", str(RULES_DIR), stdin=shop_page())
    assert proc.returncode == 0, err(proc)
    rows = [line for line in out(proc).splitlines() if REVIEWS in line]
    assert len(rows) == len(REVIEWS_TEXT)
    assert all("drop" in row for row in rows)
