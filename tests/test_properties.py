"""Properties the policy guarantees for any input (shared/cleaning-policy.md, "Guarantees").

Documents are built from a mix of real seed lines, boilerplate lines, headline-shaped lines,
blank lines and random text, so the rules and scorers actually fire.
"""

from __future__ import annotations

import itertools
import os
import re

from conftest import RULES_DIR, read_seed, seed_names
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.config import Config

CLEANER = Cleaner.load(RULES_DIR)  # module level: hypothesis runs each test many times
PAGE_CLEANER = Cleaner.load(RULES_DIR, config=Config(whole_page=True))  # --input page
LINE_END = re.compile(r"\r\n|\r|\n")  # the only line ends (segment.py); U+2028 and friends are not

SEED_LINES = sorted({line.rstrip() for name in seed_names() for line in read_seed(name).splitlines() if line.strip()})
BOILERPLATE = [
    "Advertisement",
    "ADVERTISEMENT - CONTINUE READING BELOW",
    "Related Stories",
    "Popular Mobile Brands",
    "Recent Stories",
    "Share Story:",
    "Share this article",
    "Follow us on Twitter",
    "Sign up for our newsletter.",
    "By Reuters | Updated: 26 March 2021 09:44 IST",
    "Image Credits: Gizmochina.com",
    "Photo: Reuters",
    "© Thomson Reuters 2021",
    "Further reading: Xiaomi, electric vehicle, electric car",
    "Must Read: Phone Maker Teases New Batteries For Its Upcoming Model.",
    "About the Author",
    "Download Our Apps",
    "Available in Hindi",
    "Correction: An earlier version misstated the plant's location.",
    "Shares rose 9 percent on Friday (Also Read: Markets rally on chip news) after the report.",
    "So it is confirmed. Are you excited about the new car? Share what you think with us",
    "Xiaomi storefront in Paris, France.",
    "Highlights",
    "Home",
    "Careers",
    "Our Team",
]
HEADLINE_WORDS = ["Apple", "Unveils", "Foldable", "Phone", "Samsung", "Cuts", "Prices", "Galaxy", "Tablets",
                  "Sony", "Teases", "Wireless", "Earbuds", "Launch", "Google", "Brings", "Gemini", "Pixel",
                  "of", "to", "the", "With", "a", "Bigger", "Battery"]

headlines = st.builds(
    lambda n, words: f"{n}. " + " ".join(words),
    st.integers(1, 12),
    st.lists(st.sampled_from(HEADLINE_WORDS), min_size=3, max_size=10),
)
random_lines = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60)
indented = st.builds(lambda s: "  " + s, st.sampled_from(SEED_LINES + BOILERPLATE))
lines = st.one_of(
    st.sampled_from(SEED_LINES),
    st.sampled_from(BOILERPLATE),
    headlines,
    st.just(""),
    st.just(""),
    indented,
    random_lines,
)
line_ends = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])
# A document is a list of blocks separated by blank lines; a block is one to three adjacent lines,
# so boilerplate lands both next to article lines and on lines of its own.
blocks = st.lists(lines, min_size=1, max_size=3)
documents = st.builds(
    lambda groups, end, final: end.join(end.join(group) + end for group in groups) + final,
    st.lists(blocks, max_size=20),
    line_ends,
    st.sampled_from(["", "trailing text without a line end", "  "]),
)

# The same examples on every run (derandomize), so that a failure in CI is a change's, not the
# draw's; HYPOTHESIS_EXPLORE=1 draws new ones, and what it finds becomes an @example below.
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=not os.environ.get("HYPOTHESIS_EXPLORE"))


def input_lines(text: str) -> list[str]:
    """The lines the cleaner reads: NULs are removed first, and the warnings say so."""
    text = text.replace("\x00", "")
    if text.startswith("\ufeff"):
        text = text[1:]
    return [line.rstrip() for line in LINE_END.split(text)]


def is_cut_of(out: str, line: str) -> bool:
    """``out`` is ``line`` with spans cut out: its words appear in ``line``, in order."""
    pos = 0
    for word in out.split():
        found = line.find(word, pos)
        if found < 0:
            return False
        pos = found + len(word)
    return True


@SETTINGS
@given(documents)
def test_every_output_line_comes_from_an_input_line_in_order(text: str) -> None:
    """No invention, no reordering: each output line is an input line, or one with spans cut out."""
    source = input_lines(text)
    k = 0
    for out in CLEANER.clean(text).text.split("\n"):
        if out == "":
            continue
        while k < len(source) and not (source[k] == out or (out in source[k]) or is_cut_of(out, source[k])):
            k += 1
        assert k < len(source), f"output line {out!r} is not (part of) an input line, in order"
        k += 1


@SETTINGS
@given(documents)
def test_kept_lines_are_input_lines_unchanged(text: str) -> None:
    source = input_lines(text)
    result = CLEANER.clean(text)
    assert ("\x00" in text) == any(w.endswith("NUL character(s) removed") for w in result.warnings)
    for d in result.decisions:
        assert d.text == source[d.line_no - 1]
        if d.verdict.value == "keep":
            assert d.output == d.text
        elif d.verdict.value == "cut":
            assert d.output != d.text
            assert is_cut_of(d.output, d.text)
        else:
            assert d.output == ""
        assert d.reason


BODY = ("Xiaomi and Great Wall declined to comment on the news, but Xiaomi stocks rose 9 per cent in "
        "afternoon trading.")
# caption-between wants blank lines on both sides; dropping the adjacent ad label makes them.
CAPTION_NEXT_TO_AD = f"{BODY}\n\nParis storefront\nAd\n\nMore text.\n"
# Scorers read the features of the uncut line: with its call to action the line is no body
# paragraph, so repeated-paragraph ignores the copy; once cut, the copy is a body paragraph.
CUT_LINE = ("The plant will open next year and employ about 2,000 people, the company said. "
            "Are you excited? Share what you think with us")
REPEATED_AFTER_CUT = f"{CUT_LINE}\n\n{CUT_LINE}\n"
# The neighbour pass drops the "0" between two share prompts after the scorers ran; once it is
# gone, the storefront line stands alone between paragraphs, a caption.
SHARE_COUNT_THEN_CAPTION = (f"{BODY}\n    Share Story:\n\n0\n    Share Story:\nXiaomi storefront in Paris, France.\n\n"
                            "Alan Kang, senior analyst at LMC Automotive, said the company wants to find a mature "
                            "automobile manufacturer.\n")
# A menu link kept as the subheading of the paragraph under it (stays_over_prose), which the
# repeat scorer then takes: in the output the link heads nothing, and a second pass drops it.
LINK_OVER_REPEAT = f"{BODY}\nHome\n{BODY}\n"
# Whole pages: page-frame keeps the list item after the article, and drops it once the share
# prompts and the cut text are gone (the region's end moves).
PAGE_LIST_ITEM_AFTER_SHARES = (
    "Shares rose 9 percent on Friday (Also Read: Markets rally on chip news) after the report.\n"
    "  So it is confirmed. Are you excited about the new car? Share what you think with us\n0\n\n"
    "    Share Story:\n0\n\n    Share Story:\n"
    "The tech company reported earnings of ¥3.2 billion ($490 million), in this case beating the ¥2.94 billion "
    "($450 million) expected from the surveyed market analysts.\n"
    "  1. Flipkart Reveals Deals on Phones For its Upcoming Sale: See Offers\n")


@SETTINGS
@given(documents)
@example(CAPTION_NEXT_TO_AD)
@example(REPEATED_AFTER_CUT)
@example(SHARE_COUNT_THEN_CAPTION)
@example(LINK_OVER_REPEAT)
def test_idempotent(text: str) -> None:
    once = CLEANER.clean(text).text
    assert CLEANER.clean(once).text == once


@SETTINGS
@given(documents)
@example(PAGE_LIST_ITEM_AFTER_SHARES).xfail(reason="page-frame's region ends elsewhere once the share prompts are gone",
                                            raises=AssertionError)
def test_idempotent_on_whole_pages(text: str) -> None:
    once = PAGE_CLEANER.clean(text).text
    assert PAGE_CLEANER.clean(once).text == once


@SETTINGS
@given(documents)
def test_deterministic(text: str) -> None:
    a, b = CLEANER.clean(text), CLEANER.clean(text)
    assert a.text == b.text
    assert a.decisions == b.decisions
    assert a.removed_ratio == b.removed_ratio


@SETTINGS
@given(st.text())
@example("\x00\r\u2028\n\r\n\ufeff")
@example("\ufeff")
@example("\r")
@example(" \u2028 ")
@example("\ud83d lone \udfff surrogates")
def test_no_input_string_raises(text: str) -> None:
    result = CLEANER.clean(text)
    assert isinstance(result.text, str)
    assert 0.0 <= result.removed_ratio <= 1.0
    result.text.encode("utf-8")  # raises on a lone surrogate, which no UTF-8 writer takes


def assert_layout(output: str) -> None:
    if output == "":
        return
    assert output.endswith("\n")
    assert not output.endswith("\n\n")
    rows = output[:-1].split("\n")
    assert rows[0] != "", "output starts with a blank line"
    for a, b in itertools.pairwise(rows):
        assert not (a == "" and b == ""), "two blank lines in a row"
    for row in rows:
        assert row == row.rstrip(), f"trailing whitespace in {row!r}"
        assert row == "" or row.strip(), f"whitespace-only line {row!r}"
        assert "\r" not in row


@SETTINGS
@given(documents)
def test_layout_of_documents(text: str) -> None:
    assert_layout(CLEANER.clean(text).text)


@SETTINGS
@given(st.text())
def test_layout_of_any_text(text: str) -> None:
    assert_layout(CLEANER.clean(text).text)
