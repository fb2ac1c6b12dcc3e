"""Markdown input (a crawler's output): links read as their text, images are no article text."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Verdict
from cleaner.features import line_features
from cleaner.markdown import fenced_code_lines, raw_span, visible_spans, visible_text
from cleaner.stoplist import get_stoplist

PAGES = Path(__file__).parent / "pages"
# A crawler's Markdown of a news page, and the policy applied to it line by line: the headline,
# the subheading and the three paragraphs stay, their inline links as written.
ARTICLE = (PAGES / "markdown_article.md").read_text(encoding="utf-8")
CLEAN = (PAGES / "markdown_article.clean.md").read_text(encoding="utf-8")


def test_a_markdown_article_keeps_its_text_and_loses_its_page(cleaner: Cleaner) -> None:
    assert cleaner.clean(ARTICLE).text == CLEAN


def test_each_markdown_line_is_dropped_for_what_it_is(cleaner: Cleaner) -> None:
    reasons = {d.text.split("](")[0]: d.reason for d in cleaner.clean(ARTICLE).decisions if d.verdict is Verdict.DROP}
    assert reasons["[Skip to content"] == "button-label"
    assert reasons["By [Jane Doe"] == "byline"
    assert reasons["[Share on Facebook"] == "share-prompt"
    assert reasons["![Cyclists on Main Street"] == "markdown-image"
    assert reasons["Bike lane beside Springfield's city hall."] == "caption-between"


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("By [Jane Doe](https://example.com/jane) | March 3", "By Jane Doe | March 3"),
        ('See [the report](https://example.com/r.pdf "PDF, 2 MB").', "See the report."),
        ("[Python](https://en.wikipedia.org/wiki/Python_(programming_language)) 3.12", "Python 3.12"),
        ("![A chart](https://example.com/c.png)", "![A chart](https://example.com/c.png)"),
        ("[![Logo](https://example.com/l.png)](https://example.com/)",
         "[![Logo](https://example.com/l.png)](https://example.com/)"),
        ("a[i](j) and f(x)[k]", "ai and f(x)[k]"),
        ("No links here [just brackets] (and parentheses).", "No links here [just brackets] (and parentheses)."),
    ],
)
def test_visible_text_reads_links_as_their_text(markdown: str, text: str) -> None:
    assert visible_text(markdown) == text


def test_a_line_with_links_has_the_features_of_its_text() -> None:
    stoplist = get_stoplist("English")
    linked = line_features("Read [the full report](https://example.com/2025/report-on-bikes.pdf) here.", stoplist)
    plain = line_features("Read the full report here.", stoplist)
    assert linked == plain


def test_a_cut_that_reaches_into_a_link_takes_the_whole_link(cleaner: Cleaner) -> None:
    line = ("The company unveiled its first electric car on Thursday at an event in Beijing, with "
            "[Tesla's Model 3](https://example.com/tesla) as its rival. "
            "(Also Read: [Xiaomi SU7 Price Leaked](https://example.com/su7-price))")
    kept = ("The company unveiled its first electric car on Thursday at an event in Beijing, with "
            "[Tesla's Model 3](https://example.com/tesla) as its rival.")
    assert cleaner.clean(line + "\n").text == kept + "\n"


@pytest.mark.parametrize(
    ("visible_part", "line_part"),
    [
        ("(Also: B)", "(Also: [B](u))"),  # a span around a link takes it whole
        ("A", "A"),  # text before a link keeps its place
        ("B", "[B](u)"),  # the link's text is the whole link
        ("C.", "C."),  # text after a link is shifted by the link's markup
        ("(Also", "(Also"),  # a span that ends before a link leaves it alone
    ],
)
def test_raw_span_maps_a_span_of_the_visible_text_onto_the_line(visible_part: str, line_part: str) -> None:
    line = "A (Also: [B](u)) C."
    visible, links = visible_spans(line)
    assert visible == visible_text(line) == "A (Also: B) C."
    start = visible.index(visible_part)
    raw_start, raw_end = raw_span(links, start, start + len(visible_part))
    assert line[raw_start:raw_end] == line_part


def test_lines_inside_a_fenced_code_block_are_kept_as_written(cleaner: Cleaner) -> None:
    """A tutorial's sample prints a share button, a byline and an ad label: they are code there."""
    text = (PAGES / "markdown_code_sample.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    code = lines[lines.index("```html"):lines.index("```") + 1]
    assert len(code) == 9
    decisions = cleaner.clean(text).decisions
    dropped = [(d.text, d.reason) for d in decisions if d.verdict is Verdict.DROP]
    assert [reason for _, reason in dropped] == ["share-prompt", "copyright-credit"]  # the page's own go
    assert all(d.verdict is Verdict.KEEP for d in decisions if d.text in code)


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (["text", "```", "x = 1", "```", "text"], [1, 2, 3]),
        (["```python", "print('Share on X')", "````", "after"], [0, 1, 2]),
        (["```", "a", "~~~", "b", "```"], [0, 1, 2, 3, 4]),  # tildes inside are code
        (["~~~~", "Advertisement", "~~~~"], []),  # rows of tildes separate sections in plain text
        (["````", "```", "still code", "````"], [0, 1, 2, 3]),  # closed by one at least as long
        (["intro", "```", "no closing fence", "Share on Facebook"], []),  # unclosed: nothing
        (["``` not `a` fence", "x", "```"], []),  # a backtick in the info string: no fence
        (["    ```", "indented code, not a fence", "    ```"], []),
    ],
)
def test_fenced_code_lines(lines: list[str], code: list[int]) -> None:
    assert fenced_code_lines(lines) == code
