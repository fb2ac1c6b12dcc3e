"""The page's text from the extraction's first line to its last: the parts the extractor skipped
put back, what it left out above and below left out."""

from __future__ import annotations

import pytest
from conftest import RULES_DIR
from test_html import COMMENT, COMMENT2, P1, P2, P3, PAGE

from cleaner import Cleaner
from cleaner.cli import explain_text
from cleaner.config import Config
from cleaner.html import Extraction
from cleaner.model import Metadata, Result, Verdict
from cleaner.readings import Comparison, compare, span_replaces
from cleaner.span import OUTSIDE, extraction_span
from cleaner.wordcount import word_count

TEASER = "Readers also liked: how the new bridge changed the commute for thousands of people in the city"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.load(RULES_DIR)


def test_the_span_keeps_the_region_from_the_extractions_first_line_to_its_last(cleaner: Cleaner) -> None:
    region = cleaner.clean(f"{TEASER}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{COMMENT}\n")
    assert all(d.verdict is Verdict.KEEP for d in region.decisions)  # the cleaner itself kept every line
    span = extraction_span(region, f"{P1}\n{P3}", Config())
    assert span is not None
    assert span.text == f"{P1}\n\n{P2}\n\n{P3}\n"
    outside = {d.text: d for d in span.decisions if d.reason == OUTSIDE}
    assert set(outside) == {TEASER, COMMENT}
    assert outside[TEASER].detail == "above the extraction's first line"
    assert outside[COMMENT].detail == "below the extraction's last line"
    assert span.removed_ratio == 0.0  # the cleaner removed nothing from the span itself


def test_no_span_where_the_region_shares_no_line_with_the_extraction(cleaner: Cleaner) -> None:
    assert extraction_span(cleaner.clean(f"{P1}\n{P2}\n"), P3, Config()) is None


TITLE = "Xiaomi to Make Cars at Great Wall Plant"
PROMO = "Subscribers read every story first, and the first month is on us when you join today"


CLOSING = "Talks between the two companies are expected to continue next week."


@pytest.mark.parametrize(("region", "extracted", "span"), [
    # The page's <title> repeats its headline at the top of its text, above a promo strip: the
    # span starts at the headline right above the first paragraph, not at the title's copy.
    ([TITLE, PROMO, TITLE, P1, P2, P3], [TITLE, P1, P3], [TITLE, P1, P2, P3]),
    # Its last line is shown twice, the copy below a promo strip: the span ends at the first copy.
    ([P1, P2, P3, CLOSING, PROMO, CLOSING], [P1, P3, CLOSING], [P1, P2, P3, CLOSING]),
], ids=["headline-above", "closing-below"])
def test_a_line_the_region_shows_twice_ends_the_span_only_where_it_touches_it(
        cleaner: Cleaner, region: list[str], extracted: list[str], span: list[str]) -> None:
    result = extraction_span(cleaner.clean("\n\n".join(region) + "\n"), "\n".join(extracted), Config())
    assert result is not None
    assert result.text == "\n\n".join(span) + "\n"


def test_a_span_that_leaves_the_extractions_headline_above_it_is_no_span(cleaner: Cleaner) -> None:
    # A standfirst the extraction lacks sits between the headline's second copy and the text:
    # the span would start at the first paragraph and lose the headline.
    standfirst = "The carmaker's first plant abroad would open next year, officials said on Tuesday."
    region = cleaner.clean(f"{TITLE}\n\n{PROMO}\n\n{TITLE}\n\n{standfirst}\n\n{P1}\n\n{P2}\n\n{P3}\n")
    loose = Config(html_span_min_kept_share=0.8)  # the headline's few words are within the share
    assert extraction_span(region, f"{TITLE}\n{P1}\n{P3}", loose) is None
    assert extraction_span(region, f"{P1}\n{P3}", loose) is not None


def test_a_span_that_loses_the_extractions_own_lines_is_no_span(cleaner: Cleaner) -> None:
    # The region's cleaning dropped, or never had, a line the extraction holds: a span without it
    # is no fuller reading of the article.
    declined = "The company declined to comment on the plans on Monday evening."
    region = cleaner.clean(f"{P1}\n\n{P2}\n\n{P3}\n")
    assert extraction_span(region, f"{P1}\n{declined}\n{P3}", Config()) is None
    assert extraction_span(region, f"{P1}\n{declined}\n{P3}", Config(html_span_min_kept_share=0.8)) is not None


def test_a_span_with_too_few_words_more_than_the_extraction_is_no_span(cleaner: Cleaner) -> None:
    region = cleaner.clean(f"{P1}\n\n{P2}\n\n{P3}\n")
    assert extraction_span(region, f"{P1}\n{P3}", Config(html_span_min_ratio=1.6)) is None
    assert extraction_span(region, f"{P1}\n{P3}", Config(html_span_min_ratio=1.5)) is not None


def test_the_span_is_not_flagged_for_what_lies_outside_it(cleaner: Cleaner) -> None:
    # A long comment thread below the article: the span leaves it out, and what the cleaner
    # removed is counted on the span's own lines, not on the page's.
    comments = "\n\n".join(f"{COMMENT} ({n})" for n in range(40))
    region = cleaner.clean(f"{P1}\n\n{P2}\n\n{P3}\n\n{comments}\n")
    span = extraction_span(region, f"{P1}\n{P3}", Config())
    assert span is not None and not span.removed_too_much
    assert span.removed_ratio == 0.0


@pytest.mark.parametrize(("extracted", "region", "replaces"), [
    (f"{P1}\n{P3}", f"{TEASER}\n{P1}\n{P2}\n{P3}\n{COMMENT}", True),  # a paragraph put back between
    (f"{P1}\n{P2}", f"{TEASER}\n{P1}\n{P2}\n{COMMENT}", False),  # added only above and below
    ("", f"{P1}\n{P2}", False),  # nothing extracted: the region's own rules decide
    (f"{P1}\n{P3}", f"{P1}\n{P2}\n{COMMENT}", False),  # the region does not hold the extraction
])
def test_the_span_may_replace_the_extraction_only_where_the_region_adds_between_its_lines(
        extracted: str, region: str, replaces: bool) -> None:
    assert span_replaces(compare(extracted, region), Config()) is replaces


def test_a_region_adding_less_than_a_tenth_between_the_extractions_lines_gives_no_span() -> None:
    # 1.1 times the extraction's words, but made of its own lines shown twice (a headline, pull
    # quotes) and a caption: the extractor skipped nothing worth a span.
    assert not span_replaces(Comparison(found=1000, whole=1200, held=1000, added_inside=99, added_outside=0,
                                        extracted_lines=30), Config())
    assert span_replaces(Comparison(1000, 1200, 1000, 101, 0, 30), Config())


def test_a_region_holding_too_little_of_the_extraction_gives_no_span() -> None:
    held_half = Comparison(found=100, whole=300, held=50, added_inside=200, added_outside=0, extracted_lines=3)
    assert not span_replaces(held_half, Config())
    assert span_replaces(Comparison(100, 300, 60, 200, 0, 3), Config())


def page_with(extracted: str, cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch, page: str = PAGE) -> Result:
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def skipped(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(extracted, Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", skipped)
    return cleaner.clean_html(page)


def test_the_span_puts_back_a_skipped_paragraph_and_leaves_out_what_is_above_and_below(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # The region holds a teaser above the article and a comment below it, outside any landmark
    # (less than twice the extraction's words in all: the whole region would not replace it).
    teaser = "Most read: the bridge"
    page = PAGE.replace("<article>", f"<div><p>{teaser}</p></div><article>").replace(
        "</article>", f"</article><div><p>{COMMENT2}</p></div>")
    result = page_with(f"{P1}\n{P3}", cleaner, monkeypatch, page)
    assert result.reading == "page-span"
    text = result.text.splitlines()
    assert P1 in text and P2 in text and P3 in text
    assert teaser not in text and COMMENT2 not in text
    assert f"lines the extraction lacks hold {word_count(P2)} of its words between the extraction's lines" \
        in result.reading_reason
    assert result.reading_reason.endswith("; the words around them are left out")


def test_a_span_tried_and_refused_is_said_to_be(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same page, where the span is no fuller reading (``extraction_span`` says None): the
    # extraction stands, and its reason says the span was tried.
    from cleaner import span

    monkeypatch.setattr(span, "extraction_span", lambda *args: None)
    page = PAGE.replace("</article>", f"</article><div><p>{COMMENT2}</p></div>")
    result = page_with(f"{P1}\n{P3}", cleaner, monkeypatch, page)
    assert result.reading == "trafilatura"
    assert result.reading_reason.startswith("the region's lines from the extraction's first to its last are no "
                                            "fuller reading of it: the region has ")


def test_a_span_that_adds_too_little_leaves_the_extraction(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # One short line between the extraction's paragraphs is not 1.1 times its words: most often
    # a caption, a pull quote or a button the extractor was right to leave out.
    page = PAGE.replace(f"<p>{P2}</p>", f"<p>{P2}</p><p>The talks go on.</p>")
    result = page_with(f"{P1}\n{P2}\n{P3}", cleaner, monkeypatch, page)
    assert result.reading == "trafilatura"


def test_explain_names_the_span_reading_and_why_each_line_outside_it_went(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    page = PAGE.replace("</article>", f"</article><div><p>{COMMENT2}</p></div>")
    result = page_with(f"{P1}\n{P3}", cleaner, monkeypatch, page)
    rows = explain_text(result).splitlines()
    assert rows[0] == ("# HTML page, read by the page's text from trafilatura's first line to its last "
                       "(with the parts it skipped)")
    comment_row = next(row for row in rows if row.endswith(COMMENT2))
    assert f"{OUTSIDE} [below the extraction's last line]" in comment_row
    outside = sum(d.reason == OUTSIDE for d in result.decisions)
    assert outside >= 1
    assert rows[-1] == (f"removed {result.removed_ratio:.1%} of the text from the extraction's first line to its "
                        f"last; {outside} line(s) of the page above and below them were left out, as the "
                        "extractor left them")
