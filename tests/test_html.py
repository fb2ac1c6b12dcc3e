"""HTML input: detection, extraction with metadata, the choice between readings, bad pages."""

from __future__ import annotations

import contextlib
import json
import math
import pickle
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, RULES_DIR
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from test_cli import assert_one_line_error, err, out, run

from cleaner import Cleaner
from cleaner.config import Config
from cleaner.discussion import declared_discussion, in_marked_article, reads_as_thread
from cleaner.html import Extraction, extract, parse
from cleaner.htmlinput import ExtractionTimeout, HtmlOptions, looks_like_html
from cleaner.model import Decision, Metadata, Verdict
from cleaner.pagetext import PageText, _has_characters_trafilatura_deletes, page_text, read_page
from cleaner.readings import (
    _LINE_MARKUP,
    Comparison,
    compare,
    comparison_summary,
    extraction_stands_because,
    line_key,
    prose_words,
    region_replaces,
    thread_region_replaces,
)
from cleaner.shop import sells_something
from cleaner.timelimit import time_limit
from cleaner.wordcount import word_count

P1 = ("China's Xiaomi Corp plans to make electric vehicles using Great Wall Motor's factory, said three people "
      "with direct knowledge of the matter, in a deal that could be announced as soon as next week.")
P2 = ("Xiaomi, one of the world's biggest smartphone makers, is in talks to use one of Great Wall's plants in "
      "China to make its own cars under its own brand, said two of the people.")
P3 = ("The plan comes as Xiaomi seeks to diversify its revenue streams away from the smartphone business, "
      "which carries razor-thin profit margins, and the company has said it will invest heavily.")
MENU = "".join(f'<li><a href="/{w.lower()}">{w}</a></li>' for w in ("World", "Business", "Sport", "Weather"))
PAGE = f"""<!DOCTYPE html>
<html><head><title>Xiaomi to Make Cars at Great Wall Plant | Example News</title>
<meta name="author" content="Jane Doe"></head>
<body><nav><ul>{MENU}</ul></nav>
<article><h1>Xiaomi to Make Cars at Great Wall Plant</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p></article>
<footer><ul><li><a href="/careers">Careers</a></li><li><a href="/map">Site Map</a></li></ul>
<p>© Example News 2021</p></footer></body></html>
"""


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.load(RULES_DIR)


@pytest.mark.parametrize("text", [
    PAGE,
    "<html><body><p>Hello</p></body></html>",
    "\ufeff  <!DOCTYPE html><div class='a'><p>Hi</p></div>",
    "<!-- saved page --><html><p>x</p></html>",
    "<!-- saved from url=(0014)about:internet -->\n<!-- a second -->\n<!DOCTYPE html><title>x</title>",
    "<!-- page cached -->\n\ufeff<!DOCTYPE html><html><p>x</p></html>",
    "<!-- cache -->\nNotice: Undefined index: q in /var/www/index.php on line 3\n<!DOCTYPE html><html><p>x</p></html>",
    "<!--[if lt IE 9]><script src='html5shiv.js'></script><![endif]-->\n<html><p>x</p></html>",
])
def test_markup_is_detected(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize("text", [
    P1,
    "Use <b> for bold and <i> for italics, the guide says.\n",
    "a < b and b > c\n",
    "<3 this article\n",
    "",
    '<p align="center"><img src="logo.png"></p>\n\n# Project\n\nA README that opens with a tag is text.\n',
    "<div class='a'><p>A fragment is text unless --input html says otherwise.</p></div>",
    "<!-- markdownlint-disable MD013 -->\n# Writing HTML pages\n\nEvery page needs a <head> and a <body>.\n",
    # a doctype over plain text: read as a page, its lines would be joined into one
    "<!doctype html>\nThis is a plain text article.\nIts lines are its own.\n",
    "<!doctype html>\nPress <Enter> to go on.\nA <Widget> holds its state.\n",  # keys and types, no element
])
def test_text_is_not_taken_for_markup(text: str) -> None:
    assert not looks_like_html(text)


FRAGMENT = ('<div class="post"><h2>A heading</h2><p>The plant opened on Monday, officials said.</p>'
            '<p>It had been <a href="/x">delayed</a> twice.</p><ul><li>One</li><li>Two</li></ul></div>\n')


PARAGRAPHS = "".join(f"<p>{P1} {P2} {P3}</p>\n" for _ in range(10))  # few tags among long paragraphs


SHORT_FRAGMENT = "<div><p>The plant opened on Monday, officials said.</p><p>Advertisement</p></div>\n"


@pytest.mark.parametrize(("text", "kind"), [
    (PAGE, "an HTML page"), (FRAGMENT, "an HTML fragment"), (PARAGRAPHS, "an HTML fragment"),
    (SHORT_FRAGMENT, "an HTML fragment")])
def test_markup_cleaned_as_text_says_so(cleaner: Cleaner, text: str, kind: str) -> None:
    # Its tags stay in the output: a corpus's body_html cleaned as text must not pass silently.
    assert cleaner.clean(text).warnings == (f"the text looks like {kind} but was read as text, so its tags stay; "
                                            "read it as HTML (clean_html, --input html)",)


@pytest.mark.parametrize("text", [
    P1,
    "Use <b> for bold and <i> for italics, the guide says.\n",
    '<p align="center"><img src="logo.png"></p>\n\n# Project\n\nA README that opens with a tag is text.\n',
    '<p align="center"><a href="/"><img src="logo.png"></a></p>\n\n# Project\n\nIts logo links home.\n',
    "<alice> hi\n<bob> hello there\n<alice> did the build pass?\n<bob> <ci> says it did\n",  # a chat log
    "<T> T[] toArray(T[] a)\n<K, V> Map<K, V> copy(Map<K, V> m)\n",  # generic signatures
    "a < b < c < d < e < f < g < h < i, and so on down the list of the letters of the alphabet.\n",
    # A tutorial's extracted text: words first, then its code sample's tags.
    "How to Build a Navigation Bar\n<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/a\">About</a></li>"
    "</ul></nav>\nThe list goes inside the nav element, one item per link.\n",
])
def test_text_with_a_few_tags_or_angle_brackets_has_no_warning(cleaner: Cleaner, text: str) -> None:
    assert cleaner.clean(text).warnings == ()


def test_the_readings_of_a_page_are_not_warned_as_markup(cleaner: Cleaner) -> None:
    # A tutorial's text shows tags as text; the page was read as HTML, as asked.
    page = "<html><body><article>" + "<p>Write &lt;div&gt; and &lt;/div&gt; around the block, then &lt;p&gt;.</p>" * 12
    assert not any("read as text" in w for w in cleaner.clean_html(page + "</article></body></html>").warnings)


def test_clean_html_keeps_the_article_and_its_metadata(cleaner: Cleaner) -> None:
    result = cleaner.clean_html(PAGE)
    lines = result.text.splitlines()
    for paragraph in (P1, P2, P3):
        assert paragraph in lines
    assert not {"Sport", "Careers", "© Example News 2021"} & set(lines)
    assert result.reading == "trafilatura"
    assert result.metadata.title == "Xiaomi to Make Cars at Great Wall Plant"
    assert result.metadata.author == "Jane Doe"


def test_bylines_removed_from_the_text_land_in_the_metadata(cleaner: Cleaner) -> None:
    byline = "By Reuters | Updated: 26 March 2021 09:44 IST"
    result = cleaner.clean(f"{byline}\n\n{P1}\n\n{P2}\n")
    assert byline not in result.text
    assert result.metadata.bylines == (byline,)


COMMENT2 = "Agreed, and the charging network matters more than the badge on the bonnet for most buyers."
COMMENT = ("Great piece, thanks. I have owned three of their phones over the years and the battery life always "
           "disappointed me, so I am curious whether a car from them would do any better on long drives.")


@pytest.mark.parametrize("text", ["İSTANBUL İZMİR İLK", "Straße ǅemal ﬁne", "A–B e\u0301t\u00e9 x"])
def test_a_texts_bag_holds_as_many_words_as_it_counts(text: str) -> None:
    # The page is not read whole when its word count shows no region could win: that count must
    # never be below the count the choice itself uses.
    assert compare(text, text).found == word_count(text)
    assert compare("", text).whole == word_count(text)


@pytest.mark.parametrize(("page", "shop"), [
    ("Add to cart", True),
    ("Buy now\nIn stock", True),
    ("Buy now", False),  # a box in a review
    ("Sold out", False),  # a concert story
    ("Buy now and save on the model that costs less", False),
    ("Ajouter au panier", True),  # the cart button as shops elsewhere write it
    ("In den Warenkorb", True),
    ("Añadir al carrito", True),
    ("Ajouter au panier vos articles préférés avant vendredi", False),
])
def test_a_shop_page_is_told_by_a_cart_button_or_two_controls(page: str, shop: bool) -> None:
    assert sells_something(f"Our review\n{page}\nThe phone is fast.") is shop


@pytest.mark.parametrize(
    ("extracted", "region", "replaces"),
    [
        ("", P1, True),  # the extractor found nothing
        ("Xiaomi plans to make electric vehicles", f"{P1}\n{P2}\n{P3}", True),  # a stub: six times the words
        (f"{P1}\n{P3}", f"{P1}\n{P2}\n{P3}\nCareers", True),  # the middle paragraph put back
        (f"{P1}\n{P3}", f"{P1}\n{P2}\n{P3}\n{COMMENT}", True),  # twice the words, in part between its lines
        (f"{P1}\n{P2}", f"{P1}\n{P2}\n{P3}\n{COMMENT}\n{COMMENT2}", False),  # twice the words, all added below it
        (f"{P2}\n\n{P3}", f"|\n{COMMENT}\n{P1}\n{P2}\n{P3}\n|", False),  # a blank line matches no line
        (f"{P2}\n{P3}", f"{COMMENT}\n{P1}\n{P2}\n{P3}", False),  # twice the words, all added above it
        (f"{P2}\n{P3}", f"{P1}\n{P2}\n{P3}", False),  # only added before it, less than twice the words
        (P1, f"{P1}\n{P2}\n{P3}", True),  # a lead: one line has nothing between
        (P1, P1, False),  # the same text
        (f"{P1}\n{P2}\n{P3}", f"{P1}\nMore\n{P2}\n{P3}", False),  # not 1.3 times the words
        (P1, f"{P2}\n{P3}\n{P2}", False),  # larger, but it does not hold the extraction
        ("Trending\nLatest\nSign in\nNo results found.", f"{P1}\n{P2}\n{P3}", True),  # six times: furniture
        ("Trending now\nSign in", f"{P1}\n{P3}", True),  # six times however little it holds
        ("Trending now: the week in Business, Sport and Weather from our newsroom\nSign in", f"{P1}\n{P3}", False),
        # under six times
        (P1, "", False),
        ("", "Home World Sport Weather", False),  # a region too small to be an article
        ("", "Home\nThe meeting is moved to Friday, said the organisers.", True),  # small, but a sentence
        ("", "Menu\nSearch the site.", False),  # too short for a sentence
    ],
    ids=["empty-extraction", "stub", "gap-filled", "twice-and-inside", "twice-below", "empty-lines", "twice-above",
         "added-before", "lead", "same", "not-bigger", "disjoint", "furniture-stub", "stub-elsewhere",
         "five-times-elsewhere", "empty-region", "menu-region", "short-prose-region",
         "short-menu-region"],
)
def test_the_region_replaces_the_extraction_when_it_puts_back_what_the_extractor_missed(
        extracted: str, region: str, replaces: bool) -> None:
    assert region_replaces(compare(extracted, region), Config()) is replaces


@pytest.mark.parametrize(("prose", "replaces"), [
    (0, True),  # a menu, a sidebar's links, a notice: furniture
    (99, True),
    (100, False),  # an article's prose: the region elsewhere on the page is most often its comments
    (400, False),
])
def test_a_region_elsewhere_on_the_page_replaces_only_an_extraction_without_an_articles_prose(
        prose: int, replaces: bool) -> None:
    elsewhere = Comparison(found=120, whole=6 * 120, held=30, added_inside=0, added_outside=690, extracted_lines=8,
                           sentences=30, prose=prose)
    assert region_replaces(elsewhere, Config()) is replaces


def test_prose_is_counted_in_body_paragraphs_only() -> None:
    menu = "Home\nWorld\nBusiness\nSign in"
    assert prose_words(menu, Config()) == 0
    assert prose_words(f"{menu}\n{P1}\n{P2}", Config()) == len(P1.split()) + len(P2.split())
    assert compare(f"{menu}\n{P1}", P2).prose == len(P1.split())


@settings(max_examples=300)
@given(st.text(alphabet=" -*•·–—|.)12٣aZ\t", max_size=12), st.text(max_size=20))
def test_a_lines_key_drops_list_and_table_markup_as_the_pattern_does(head: str, rest: str) -> None:
    line = head + rest
    assert line_key(line) == " ".join(_LINE_MARKUP.sub(" ", line).lower().split())


def test_a_page_is_searched_for_each_character_trafilatura_deletes_and_only_those() -> None:
    deleted = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # its parse's character class
    for code in range(0x20000):
        page = f"<p>Page one{chr(code)}page two</p>"
        assert _has_characters_trafilatura_deletes(page) is bool(deleted.search(page)), hex(code)


@given(st.text(), st.text())
def test_the_bound_on_a_pages_words_is_never_below_their_count(body: str, landmarks: str) -> None:
    # The bound settles most pages' "is the extraction short?" without counting the page's words.
    page = PageText(body, landmarks)
    assert page.visible_words <= page.words_at_most


PAGES = Path(__file__).parent / "pages"


@pytest.mark.parametrize(("page", "kept", "left_out"), [
    ("short_story_then_comments.html", "Millbrook's town council voted 5-2 on Tuesday night",
     "About time. My husband drives a delivery van"),
    ("short_story_then_teasers.html", "Millbrook's town council voted 5-2 on Tuesday night",
     "Local author wins state book prize"),
    ("recipe_then_reviews.html", "1kg cooking apples, peeled and sliced", "Followed the recipe exactly"),
    ("short_story_with_key_points_then_comments.html", "Repairs cost $2.4 million",
     "Thank you to the Gazette for covering this."),
])
def test_a_short_article_keeps_its_extraction_when_comments_teasers_or_reviews_follow_it(
        cleaner: Cleaner, page: str, kept: str, left_out: str) -> None:
    # The page's region holds the article and three times as much again after it: a complete
    # extraction and one that stopped short look alike in word counts, so the extraction stands.
    result = cleaner.clean_html((PAGES / page).read_text(encoding="utf-8"))
    assert result.reading == "trafilatura"
    assert kept in result.text
    assert left_out not in result.text


def test_reader_comments_follow_the_article_only_when_asked_for(cleaner: Cleaner) -> None:
    # trafilatura's document holds the comments apart from the article's text.
    page = (PAGES / "short_story_then_comments.html").read_text(encoding="utf-8")
    story, comment = "Millbrook's town council voted 5-2 on Tuesday night", "My husband drives a delivery van"
    without = cleaner.clean_html(page).text
    assert story in without and comment not in without
    with_comments = cleaner.clean_html(page, HtmlOptions(include_comments=True)).text
    assert with_comments.index(story) < with_comments.index(comment)
    assert comment in out(run("--include-comments", "--rules", str(RULES_DIR), stdin=page))


_TEASER = "<p>Other threads: which kettle descales best, and is a glass kettle worth it?</p>"


@pytest.mark.parametrize(("markup", "declared"), [
    ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "QAPage"}</script>', "QAPage"),
    ('<script type="application/ld+json">{"@type": ["WebPage", "DiscussionForumPosting"]}</script>',
     "DiscussionForumPosting"),
    ('<script type="application/ld+json">{"@type": "https://schema.org/DiscussionForumPosting"}</script>',
     "DiscussionForumPosting"),
    ('<script type="application/ld+json">{"@type": "https:\\/\\/schema.org\\/QAPage"}</script>', "QAPage"),
    ('<script type="application/LD+JSON; charset=utf-8">{"@type": "QAPage"}</script>', "QAPage"),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, {"@type": "QAPage"}]}</script>',
     "QAPage"),
    ('<script type="application/ld+json">{"@type": "WebPage", "mainEntity": {"@type": "DiscussionForumPosting"}}'
     "</script>", "DiscussionForumPosting"),
    (f'<div itemscope itemtype="https://schema.org/QAPage"><h2>Why?</h2><p>{P2}</p></div>', "QAPage"),
    (f'<div itemscope itemtype="http://schema.org/DiscussionForumPosting"><p>{P2}</p></div>',
     "DiscussionForumPosting"),
    (f'<div itemscope itemtype="https://schema.org/WebPage"><div itemprop="mainEntity" itemscope '
     f'itemtype="https://schema.org/DiscussionForumPosting"><p>{P2}</p></div></div>', "DiscussionForumPosting"),
    # a thread with less text than the page's scripts: what a reader sees is weighed
    (f'<script>var config = "{"x" * 5000}";</script><div itemscope itemtype="https://schema.org/QAPage"><p>{P2}</p>'
     "</div>", "QAPage"),
    ('<script type="application/ld+json">{"@type": "DiscussionForumPosting", "text": "two\nlines"}</script>',
     "DiscussionForumPosting"),
    ('<script type="application/ld+json">{"@graph": {"@type": "QAPage"}}</script>', "QAPage"),
    ('<script type="application/ld&#x2B;json">{"@type": "QAPage"}</script>', "QAPage"),
    ('<script type="application/ld&#43;json">{"@type": "QAPage"}</script>', "QAPage"),
    ('<script type="application/ld+json">[{"@type": "WebPage", "mainEntity": [{"@type": "Person"}, '
     '{"@type": "QAPage"}]}]</script>', "QAPage"),
    ('<script type="application/ld+json"><!-- {"@type": "QAPage"} --></script>', "QAPage"),
    # an article with comments, or that names a thread about it; a teaser in a sidebar; a guide
    # that names the types; code; a script that is no JSON-LD; JSON-LD that is no JSON
    ('<script type="application/ld+json">{"@type": "NewsArticle", "comment": [{"@type": "Comment"}]}</script>',
     None),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "subjectOf": {"@type": "DiscussionForumPosting"}}'
     "</script>", None),
    # an article that describes its comments as a discussion beside it
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}, {"@type": "DiscussionForumPosting"}]}'
     "</script>", None),
    ('<script type="application/ld+json">{"@type": ["BlogPosting", "DiscussionForumPosting"]}</script>', None),
    ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>'
     '<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>', None),
    (f'<aside><div itemscope itemtype="https://schema.org/DiscussionForumPosting">{_TEASER}</div></aside><p>{P2}</p>',
     None),
    (f'<div itemscope itemtype="https://schema.org/Article"><div itemscope '
     f'itemtype="https://schema.org/DiscussionForumPosting"><p>{P2}</p></div></div>', None),
    (f'<div itemscope itemtype="https://schema.org/Product"><p>{P2} {P3}</p></div>'
     f'<div itemscope itemtype="https://schema.org/QAPage">{_TEASER}</div>', None),
    ("<p>Mark a forum thread up as a DiscussionForumPosting and a question page as a QAPage.</p>", None),
    ('<pre>{"@type": "QAPage"}</pre>', None),
    ('<script>var page = {"@type": "QAPage"};</script>', None),
    ('<script type="application/ld+json">{"@type":[' + '"x", "@type":[' * 20_000 + "</script>", None),
])
def test_a_page_declares_itself_a_discussion_in_its_markup_only(markup: str, declared: str | None) -> None:
    page = f"<html><head><title>A page</title></head><body>{markup}<p>{P1}</p></body></html>"
    assert declared_discussion(page, parse(page)) == declared


def test_a_page_of_open_script_tags_is_read_in_one_pass() -> None:
    # Each tag left open once cost a search to the end of the page: a few hundred kilobytes of them
    # took minutes. The declaration after them is found.
    page = ("<html><head><title>A page</title></head><body>" + "<script " * 50_000
            + '<script type="application/ld+json">{"@type": "QAPage"}</script>'
            + '<script type="application/ld+json">{"@type":"x"}' * 20_000 + f"<p>{P1}</p></body></html>")
    assert declared_discussion(page, parse(page)) == "QAPage"


def test_a_discussions_replies_are_its_content_unless_comments_are_left_out(cleaner: Cleaner) -> None:
    page = (PAGES / "question_and_answers.html").read_text(encoding="utf-8")
    question, answer = "I started a rye starter ten days ago", "Your starter is hungry, not ruined"
    result = cleaner.clean_html(page)
    assert question in result.text and answer in result.text
    assert result.reading_reason.endswith("; the page declares itself a question and its answers (schema.org "
                                          "QAPage), so trafilatura was asked for its comments too")
    left_out = cleaner.clean_html(page, HtmlOptions(include_comments=False))
    assert question in left_out.text and answer not in left_out.text
    assert "schema.org" not in left_out.reading_reason
    undeclared = cleaner.clean_html(page.replace('"@type": "QAPage"', '"@type": "WebPage"'))
    assert question in undeclared.text and answer not in undeclared.text
    assert answer in out(run("--rules", str(RULES_DIR), stdin=page))
    assert answer not in out(run("--no-comments", "--rules", str(RULES_DIR), stdin=page))
    assert_one_line_error(run("--no-comments", "--include-comments", stdin=page))
    # A forum thread: trafilatura may read its comments into the article's text.
    thread = cleaner.clean_html(page.replace('"@type": "QAPage"', '"@type": "DiscussionForumPosting"'))
    assert answer in thread.text and thread.reading_reason.endswith(
        "; the page declares itself a forum thread (schema.org DiscussionForumPosting), so trafilatura was asked "
        "for its comments too")


def test_a_questions_answers_keep_the_comments_each_of_them_heads(cleaner: Cleaner) -> None:
    """On a page that declares itself a question and its answers, "3 Comments" under the first
    answer heads that answer's comments, not the page's comment section: it takes nothing with
    it, and the reply markers make no comment thread (on a question-and-answer site, whose
    comments and later answers went so)."""
    page = (PAGES / "question_with_commented_answers.html").read_text(encoding="utf-8")
    comments = ("Heating it dry made all the difference", "Thin coats are the key")
    answers = ("A towel leaves a film of water", "Rust that comes back that quickly")
    declared = cleaner.clean_html(page).text
    assert all(line in declared for line in (*comments, *answers))
    assert not {"3 Comments", "1 Comment"} & set(declared.splitlines())  # the headings go alone
    undeclared = cleaner.clean_html(page.replace('"@type": "QAPage"', '"@type": "WebPage"')).text
    assert all(answer in undeclared for answer in answers)
    assert not any(comment in undeclared for comment in comments)


def test_on_a_discussion_only_the_comment_rules_take_nothing_after_them(tmp_path: Path) -> None:
    """A user's rule that takes the rest of the page from its heading, in a file of its own, still
    does on a discussion: only the comment section's heading goes alone there."""
    (tmp_path / "site.yaml").write_text(
        "rules:\n  - id: site-about-block\n    summary: Drops the site's about box and what follows.\n"
        "    why: The box closes every page of the site.\n    action: drop-block\n"
        "    match:\n      line: '^About Home Cooks$'\n    block:\n      extent: rest\n"
        "    examples:\n      match: ['About Home Cooks']\n      no_match: ['About the author']\n", encoding="utf-8")
    about = "Home Cooks is a site where people who cook at home ask questions and answer each other's."
    page = (PAGES / "question_with_commented_answers.html").read_text(encoding="utf-8").replace(
        "</main>", f"<div class='about'><p>About Home Cooks</p><p>{about}</p></div></main>")
    text = Cleaner.load(RULES_DIR, extra_rules=[tmp_path / "site.yaml"]).clean_html(page).text
    assert "Thin coats are the key: a thick coat flakes off and leaves bare iron behind." in text
    assert about not in text


def _commented_article(comments: int) -> str:
    more = ("The carmaker's shares rose on the news, and analysts said the deal would let it fill a factory that "
            "has run below capacity since sales of its own models slowed last year.",
            "Neither company would say when the first cars might leave the plant, or how many the two of them "
            "expect to build there in the first full year of production.")
    story = "".join(f"<p>{text}</p>" for text in (P1, P2, P3, *more))
    thread = "".join(f'<div class="comment"><p>Reader{n} says:</p><p>I think the plan will cost far more than the '
                     f'company says, reader number {n} wrote in the thread.</p><p><a href="#reply">Reply</a></p></div>'
                     for n in range(comments))
    return (f"<html><head><title>A story</title></head><body><article><h1>Xiaomi to build cars</h1>{story}"
            f"</article><section class='comments'><h2>Leave a comment</h2>{thread}</section></body></html>")


def test_comments_asked_for_are_not_read_as_the_articles_comment_thread(cleaner: Cleaner) -> None:
    page = _commented_article(3)
    comment = "reader number 2 wrote in the thread"
    assert comment not in cleaner.clean_html(page).text
    asked = cleaner.clean_html(page, HtmlOptions(include_comments=True))
    assert comment in asked.text and P3 in asked.text
    assert "comment-thread" not in {d.reason for d in asked.decisions}


POEM = ("<article class='poem'><h1>Riverside Bridge, March</h1><div class='poem-body'>"
        + "".join(f"<p>{line}</p>" for line in (
            "The river keeps its counsel,", "its iron ribs gone red;", "my father crossed it daily",
            "with timber and with bread.", "Now orange cones stand sentry,", "the heavy trucks turn back,",
            "and no one knows the season", "the steel will start to crack.", "I walk it still at evening,",
            "the water for a floor,", "and count the rusted rivets", "like feet that crossed before."))
        + "</div></article>")
RESULTS = ("<article><h1>Millbrook council election results by ward</h1><p>Unofficial results from Tuesday's "
           "election.</p><table><tr><th>Ward</th><th>Candidate</th><th>Votes</th></tr>"
           + "".join(f"<tr><td>{ward}</td><td>{name}</td><td>{votes}</td></tr>" for ward, name, votes in (
               ("1", "Dana Whitfield", "1,204"), ("2", "Greg Morrow", "988"), ("3", "Alan Perez", "1,517"),
               ("4", "Linda Hargreaves", "742"), ("5", "Tom Brennan", "1,066")))
           + "</table><p>Turnout was 41 percent.</p></article>")


@pytest.mark.parametrize(("article", "first_line"), [
    (POEM, "The river keeps its counsel,"),
    (RESULTS, "Unofficial results from Tuesday's election."),
])
def test_an_article_of_short_lines_keeps_its_extraction_against_the_comment_thread_below_it(
        cleaner: Cleaner, article: str, first_line: str) -> None:
    # Its short lines are no prose, so the page's densest prose, and its region, is the thread:
    # six times the words and none of the article's. The page marks one article, and the
    # extraction is it.
    page = re.sub(r"<article.*?</article>", article, (PAGES / "short_story_then_comments.html").read_text(
        encoding="utf-8"), count=1, flags=re.S)
    result = cleaner.clean_html(page)
    assert result.reading == "trafilatura"
    assert first_line in result.text
    assert "About time. My husband drives a delivery van" not in result.text


@pytest.mark.parametrize(("page", "marked"), [
    (f"<html><body><nav>Home</nav><article><p>{P1}</p><p>{P2}</p></article></body></html>", True),
    (f"<html><body><div itemprop='articleBody'><p>{P1}</p><p>{P2}</p></div></body></html>", True),
    (f"<html><body><article><p>{P1}</p></article><article><p>{P2}</p></article></body></html>", False),  # teasers
    (f"<html><body><article><p>{P1}</p></article><div><p>{P2}</p></div></body></html>", False),  # half of it
    (f"<html><body><div><p>{P1}</p><p>{P2}</p></div></body></html>", False),
])
def test_the_extraction_is_in_the_marked_article_when_the_page_marks_one_that_holds_it(page: str, marked: bool) -> None:
    assert in_marked_article(read_page(page).tree, f"{P1}\n{P2}", Config()) is marked


@pytest.mark.parametrize("page", [
    PAGE,
    "<html><body><p>Before<script>var a = 1;</script> after the script.</p><style>p {}</style>tail</body></html>",
    "<p>one<!-- a comment --> two<?php echo 1; ?> three</p>",
    "<p>see <iframe src='/v'>the video's fallback text</iframe> here</p>",
    "<p>an <object data='x.swf'>object's <b>fallback</b><param name='a' value='b'></object> and "
    "<embed src='y'> <applet code='z'>applet text</applet> end</p>",
    "<p>glued<object>fallback</object>words<iframe>and</iframe>more</p>",  # no space where a tag was
    "<html><frameset><frame src='a'><noframes>no frames text</noframes></frameset></html>",
    "<body><link rel='stylesheet' href='s.css'>Linked<meta name='x' content='y'> meta <param>param</body>",
    "<div><p>Nested <span>inline <em>words</em></span>,</p><p>then (bracketed) text.</p><br>after</div>",
    "just text, no markup",
    "",
    # characters trafilatura's parse deletes, some of them whitespace to html-text
    "<html><body><p>Page one\x0cPage two</p><p>Tab\x0bbed \x1f end\x01</p></body></html>",
    # pages whose trafilatura parse is a fragment's body, not the whole document
    "<!-- html --><body><script>var secret = 1;</script></body>",
    "<body><applet><p>a</p><p>b</p></applet></body>",
    "<!-- html --><html><body><p>Article one.</p><p>Two.</p></body><p>Footer after body</p></html>",
    # markup trafilatura repairs before parsing: a self-closing root, or what it takes for one
    '<!DOCTYPE html>\n<html lang="en"><head><script async src="/gtag.js"/>\n</head><body><p>Story.</p></body></html>',
    "<!doctype html>\n<html/>\n<body><p>Hello</p></body>",
])
def test_the_whole_page_reads_as_html_text_writes_it(page: str) -> None:
    # page_text does html-text's cleaning with lxml's own removals, on html-text's parse of the
    # page or on trafilatura's (shared with the extractor): the text must be the same.
    import html_text

    expected = html_text.extract_text(page)
    assert page_text(page) == expected
    tree = parse(page)
    if tree is not None:
        assert page_text(page, tree) == expected


_TAGS = ["p", "div", "span", "b", "li", "ul", "h2", "td", "tr", "table", "br", "a", "blockquote", "pre", "script",
         "iframe", "em"]
_TEXTS = st.text(st.sampled_from(list("ab (),.:;!?\"'\t\n\u00a0\u2003é\x0b\x0c\x1c\x85\u2028")), max_size=8)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}>{draw(_markup(depth + 1))}</{tag}>")
        else:
            parts.append(draw(_TEXTS).replace("<", ""))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup())
def test_the_page_text_layout_is_html_texts_on_generated_pages(markup: str) -> None:
    # page_text writes html-text's layout in its own loop: spaces, line ends and blank lines must
    # fall exactly where html-text puts them.
    import html_text

    page = f"<html><body>{markup}</body></html>"
    try:
        expected = html_text.extract_text(page)
    except ValueError:  # html-text's cleaner fails on a removed element's tail holding a control character
        assume(False)
    assert page_text(page) == expected
    assert page_text(page, parse(page)) == expected


def test_the_extractor_reads_the_shared_parse_as_it_reads_the_page() -> None:
    tree = parse(PAGE)
    assert extract(PAGE, tree=tree) == extract(PAGE)
    assert extract(PAGE, tree=tree) == extract(PAGE), "the extractor changed the shared tree"
    twice = extract(PAGE, again_when=lambda words: True)  # the second reading reads the tree again
    assert extract(PAGE, again_when=lambda words: True, tree=tree) == twice


def test_an_extractor_that_fails_is_named_and_the_fallback_reads_the_page(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("parser gave up")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    result = cleaner.clean_html(PAGE)
    assert result.reading in ("justext", "page-region")
    assert P1 in result.text.splitlines()
    assert "trafilatura: ValueError while reading the page" in result.warnings


def test_a_lone_surrogate_in_a_page_is_replaced_and_said_and_the_page_read_past_it(cleaner: Cleaner) -> None:
    # The parser stops reading a page at a lone surrogate: the article was cut short in silence.
    result = cleaner.clean_html(PAGE.replace(P2, f"{P2[:40]}\ud83d{P2[40:]}"))
    lines = result.text.splitlines()
    assert P1 in lines and f"{P2[:40]}\ufffd{P2[40:]}" in lines and P3 in lines
    assert "1 lone surrogate(s) replaced with U+FFFD" in result.warnings
    assert result.text.encode("utf-8")


def test_nul_characters_in_a_page_are_removed_and_said(cleaner: Cleaner) -> None:
    result = cleaner.clean_html(PAGE.replace(P2, f"{P2[:40]}\x00{P2[40:]}"))
    assert P2 in result.text.splitlines() and P3 in result.text.splitlines()
    assert "1 NUL character(s) removed" in result.warnings


def test_a_page_with_no_text_is_read_by_nobody(cleaner: Cleaner) -> None:
    result = cleaner.clean_html("<html><body><div></div></body></html>")
    assert result.reading == "none"
    assert result.is_empty


def test_time_limit_stops_a_slow_block() -> None:
    start = time.monotonic()
    with pytest.raises(ExtractionTimeout), time_limit(0.2):
        time.sleep(5)
    assert time.monotonic() - start < 4


def test_the_timeout_is_not_swallowed_by_code_that_catches_exception() -> None:
    # The extractors catch Exception in many places; the alarm must get through them.
    with pytest.raises(ExtractionTimeout), time_limit(0.2):
        with contextlib.suppress(Exception):  # what an extractor does around its steps
            time.sleep(5)
        time.sleep(5)


class OuterAlarm(Exception):
    pass


def test_an_alarm_already_set_is_left_alone_and_the_handler_restored() -> None:
    def outer(signum: int, frame: object) -> None:
        raise OuterAlarm

    previous = signal.signal(signal.SIGALRM, outer)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(OuterAlarm), time_limit(5):
            time.sleep(3)
        assert signal.getsignal(signal.SIGALRM) is outer
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_the_handler_is_restored_after_a_limited_block() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_an_alarm_that_comes_while_a_module_loads_waits_until_it_is_loaded(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # Stopped half-way, a module stays in sys.modules half-initialised and fails every later page.
    (tmp_path / "slow_to_load_module.py").write_text("import time\ntime.sleep(0.5)\nLOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with pytest.raises(ExtractionTimeout), time_limit(0.05):
            import slow_to_load_module  # noqa: F401
            time.sleep(5)
        assert sys.modules["slow_to_load_module"].LOADED
    finally:
        sys.modules.pop("slow_to_load_module", None)


def test_a_time_limit_set_while_the_caller_is_being_imported_still_holds(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # A program that reads pages as it is imported (python -c "import job"): the imports that
    # wait for an alarm are those inside the limited block, not the caller's own.
    (tmp_path / "job_reading_pages.py").write_text(
        "import time\n"
        "from cleaner.timelimit import time_limit\n"
        "from cleaner.htmlinput import ExtractionTimeout\n"
        "try:\n"
        "    with time_limit(0.05):\n"
        "        time.sleep(2)\n"
        "    STOPPED = False\n"
        "except ExtractionTimeout:\n"
        "    STOPPED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import job_reading_pages
        assert job_reading_pages.STOPPED
    finally:
        sys.modules.pop("job_reading_pages", None)


class _SlowToFinalize:
    def __del__(self) -> None:
        time.sleep(0.5)


def test_an_alarm_that_comes_in_a_finalizer_is_raised_after_it() -> None:
    # Python ignores what a __del__ raises (the regex module's parser runs one per group it drops):
    # raised there, the time limit would be lost and the page read on without one.
    with pytest.raises(ExtractionTimeout), time_limit(0.05):
        _SlowToFinalize()  # dropped at once: its __del__ runs here
        time.sleep(5)


def test_a_page_past_its_time_limit_leaves_the_html_reading_loaded_for_the_next() -> None:
    # The time limit is for reading the page: the code that reads it loads before it is set, so a
    # first page that runs out of time does not stop the extractor's import half-way.
    probe = (
        "import sys\n"
        "from cleaner import Cleaner\n"
        "from cleaner.htmlinput import ExtractionTimeout\n"
        f"cleaner = Cleaner.load({str(RULES_DIR)!r})\n"
        "page = sys.stdin.read()\n"
        "for _ in range(2):\n"
        "    try:\n"
        "        cleaner.clean_html(page, timeout=1e-6)\n"
        "    except ExtractionTimeout:\n"
        "        pass\n"
        "print(sorted(m for m in ('trafilatura', 'html_text', 'justext', 'lxml.etree') if m not in sys.modules))\n"
        "print(cleaner.clean_html(page, timeout=30).text, end='')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, input=PAGE, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    missing, text = proc.stdout.split("\n", 1)
    assert missing == "[]"
    assert P1 in text.splitlines()


def test_the_cleaner_still_pickles_after_reading_html(cleaner: Cleaner) -> None:
    cleaner.clean_html(PAGE)
    again = pickle.loads(pickle.dumps(cleaner))
    assert again.clean_html(PAGE).text == cleaner.clean_html(PAGE).text


# --- the command line --------------------------------------------------------------------------


def test_auto_reads_markup_as_html() -> None:
    auto, html = run("--rules", str(RULES_DIR), stdin=PAGE), run("--input", "html", "--rules", str(RULES_DIR),
                                                                  stdin=PAGE)
    assert auto.returncode == 0, err(auto)
    assert out(auto) == out(html)
    assert P1 in out(auto).splitlines()
    assert "<" not in out(auto)


def test_json_carries_the_metadata_and_the_reading() -> None:
    proc = run("--format", "json", "--url", "https://example.com/a", stdin=PAGE)
    record = json.loads(out(proc))
    assert record["reading"] == "trafilatura"
    # the page shows its article and little else: the region was not worth cleaning
    assert record["reading_reason"] == "the page's text, its navigation, sidebars and footers left out, has " \
                                       "fewer than 1.1 times the extraction's 111 words"
    text = json.loads(out(run("--format", "json", stdin=f"{P1}\n\n{P2}\n")))
    assert (text["reading"], text["reading_reason"]) == ("text", "")
    assert record["metadata"]["author"] == "Jane Doe"
    assert record["metadata"]["url"] == "https://example.com/a"


def test_explain_says_how_the_page_was_read_and_its_metadata() -> None:
    proc = run("explain", "--url", "https://example.com/a", stdin=PAGE)
    head = [line for line in out(proc).splitlines() if line.startswith("# ")]
    assert head[0] == "# HTML page, read by trafilatura's extraction"
    assert "# author: Jane Doe" in head and "# url: https://example.com/a" in head
    assert any(line.startswith("# title: Xiaomi to Make Cars at Great Wall Plant") for line in head)


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><div></div></body></html>",
        "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
    ],
    ids=["empty-body", "only-script"],
)
def test_a_page_without_text_is_a_one_line_error(page: str) -> None:
    assert_one_line_error(run("--input", "html", stdin=page))


@pytest.mark.parametrize(
    "page",
    [
        PAGE[: len(PAGE) // 2],  # truncated mid-article
        "<div>" * 20000 + f"<p>{P1}</p><p>{P2}</p>" + "</div>" * 20000,  # deeply nested
        PAGE.replace("<html>", '<html><meta charset="shift_jis">'),  # a charset that does not fit
    ],
    ids=["truncated", "deeply-nested", "wrong-charset"],
)
def test_bad_html_is_cleaned_or_refused_in_one_line(page: str) -> None:
    proc = run("--input", "html", stdin=page)
    assert "Traceback" not in err(proc)
    assert proc.returncode in (0, 1, 2)
    if proc.returncode == 2:
        assert_one_line_error(proc)
    else:
        assert out(proc).strip()


def test_plain_text_given_as_html_is_read_as_a_page() -> None:
    proc = run("--input", "html", stdin=f"{P1}\n\n{P2}\n")
    assert "Traceback" not in err(proc)
    assert proc.returncode in (0, 2)


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "1e20"])
def test_timeout_must_be_a_finite_positive_number(value: str) -> None:
    assert_one_line_error(run("--timeout", value, stdin=PAGE))


def test_a_page_that_takes_too_long_is_a_one_line_error() -> None:
    # Reading a page imports the extractors first: that alone takes more than a millisecond.
    proc = run("--timeout", "0.001", stdin=PAGE)
    assert_one_line_error(proc)
    assert "took more than" in err(proc)


def test_json_of_several_files_names_each_file_and_its_reading(tmp_path: Path) -> None:
    page, text = tmp_path / "a.html", tmp_path / "b.txt"
    page.write_text(PAGE, encoding="utf-8")
    text.write_text(f"{P1}\n", encoding="utf-8")
    records = [json.loads(line) for line in out(run("--format", "json", str(page), str(text))).splitlines()]
    assert [(r["source"], r["reading"]) for r in records] == [(str(page), "trafilatura"), (str(text), "text")]


@pytest.mark.parametrize(("below", "share", "passes"), [
    (0, 0.0, [True]),
    (10_000, 0.0, [True, False]),  # fewer words than the limit
    (0, 0.5, [True]),  # the fast reading's 111 words are most of the 131 the page shows
    (0, 0.9, [True, False]),  # but less than 90% of them
])
def test_the_fallback_extractors_run_only_when_the_fast_reading_is_short(
        monkeypatch: pytest.MonkeyPatch, below: int, share: float, passes: list[bool]) -> None:
    import trafilatura

    from cleaner.config import Config

    seen: list[bool] = []
    real = trafilatura.bare_extraction

    def recording(*args: object, fast: bool = False, **kwargs: object) -> object:
        seen.append(fast)
        return real(*args, fast=fast, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura, "bare_extraction", recording)
    cleaner = Cleaner.load(RULES_DIR, config=Config(html_fallback_below_words=below, html_fallback_below_share=share))
    result = cleaner.clean_html(PAGE)
    assert seen == passes  # a fast reading, and a full one only when the fast one found too little
    assert P1 in result.text and P3 in result.text



def test_the_full_reading_never_reads_the_tree_the_page_text_was_written_from(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The fast reading is judged short against the page's text, written from the shared tree,
    # which that removes scripts from: the full reading must read the page as it is.
    import trafilatura
    from lxml import etree

    from cleaner.config import Config

    seen: list[tuple[bool, str]] = []
    real = trafilatura.bare_extraction

    def recording(page: object, *args: object, fast: bool = False, **kwargs: object) -> object:
        scripts = "?" if isinstance(page, str) else str(len(page.findall(".//script")))  # type: ignore[attr-defined]
        seen.append((fast, scripts))
        return real(page, *args, fast=fast, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura, "bare_extraction", recording)
    page = PAGE.replace("</body>", "<script>var tracked = 1;</script></body>")
    assert etree.tostring(parse(page)).count(b"<script") == 1
    cleaner = Cleaner.load(RULES_DIR, config=Config(html_fallback_below_words=0, html_fallback_below_share=0.99))
    cleaner.clean_html(page)
    assert seen[0] == (True, "1") and seen[1][0] is False
    assert seen[1][1] in ("?", "1"), "the full reading was given the tree after the page text changed it"


def test_a_full_reading_that_fails_leaves_the_fast_one_and_its_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    from cleaner.html import extract

    real = trafilatura.bare_extraction

    def full_fails(*args: object, fast: bool = False, **kwargs: object) -> object:
        if not fast:
            raise RecursionError("deep page")
        return real(*args, fast=True, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trafilatura, "bare_extraction", full_fails)
    extraction = extract(PAGE, HtmlOptions(), again_when=lambda words: True)
    assert extraction.extractor == "trafilatura" and P1 in extraction.text
    assert extraction.metadata.author == "Jane Doe"


@pytest.mark.parametrize(("shop_line", "reading"), [
    ("", "page-region"),
    ("<button>Add to cart</button>", "trafilatura"),
    ("<p>Buy now</p><p>In stock</p>", "trafilatura"),
    ("<p>Sold out</p>", "page-region"),
])
def test_the_fuller_region_replaces_a_fragment_except_on_a_shop_page(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch, shop_line: str, reading: str) -> None:
    # The extractor skipped the middle paragraph of three; the page's region holds all three. On a
    # page with a shop's controls the region is most often reviews, so the extractor's reading stands.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def fragment(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P3}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", fragment)
    page = PAGE.replace("</article>", f"{shop_line}</article>")
    result = cleaner.clean_html(page)
    assert result.reading == reading
    assert (P2 in result.text.splitlines()) is (reading == "page-region")
    # The reading says why it was kept: the numbers the readings were compared by, or that a
    # shop's page was not compared at all.
    if reading == "page-region":
        found = word_count(f"{P1}\n{P3}")
        assert result.reading_reason.startswith("the region has ")
        assert f"times the extraction's {found}, and holds {found} of them; lines the extraction lacks hold " \
               f"{word_count(P2)} of its words between the extraction's lines" in result.reading_reason
    else:
        assert result.reading_reason.startswith("a shop's page")


REPLY = ("Call it Car Rental English. A course name should say who it is for first, and the people who "
         "rent cars will look for those words before anything else on the school's page.")
REPLY2 = ("I would keep it shorter still: English for Car Rental sounds like the books our school already "
          "sells, so the students will know at once what kind of course it is and who it is for.")


def _thread_page(cards: bool) -> str:
    """A forum thread: three posts, each under its poster's name and, with ``cards``, their card."""
    def post(name: str, joined: str, count: int, *paragraphs: str) -> str:
        card = f"<p>Joined: {joined}</p><p>Posts: {count}</p>" if cards else ""
        return f"<div class='post'><p>{name}</p>{card}{''.join(f'<p>{p}</p>' for p in paragraphs)}</div>"

    return (f"<!DOCTYPE html><html><head><title>Car rental or car rent?</title></head><body>"
            f"<nav><ul>{MENU}</ul></nav><div class='thread'>"
            f"{post('jroe', 'Mar 2016', 12, P1, P2)}{post('asmith', 'Apr 2012', 410, REPLY)}"
            f"{post('bkhan', 'Jan 2020', 3, REPLY2)}</div><footer><p>Forum rules</p></footer></body></html>")


@pytest.mark.parametrize("cards", [True, False])
def test_a_forum_threads_region_replaces_its_first_post_where_it_shows_member_cards(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch, cards: bool) -> None:
    # The extractor took the first post alone. The replies follow it, where an article's comments
    # would: only the posters' member cards say that the page is a thread and the replies its text.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def first_post(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P2}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", first_post)
    result = cleaner.clean_html(_thread_page(cards))
    lines = result.text.splitlines()
    assert P1 in lines and P2 in lines
    assert (REPLY in lines and REPLY2 in lines) is cards
    assert not any(line.startswith(("Joined", "Posts")) for line in lines)
    if cards:
        assert result.reading == "page-region"
        assert result.reading_reason.startswith("the region is a forum thread, showing 6 lines of its posters' "
                                                "member cards")
    else:
        assert result.reading == "trafilatura"


REPLIES = (REPLY, REPLY2,
           "We called ours English at the Counter, and nobody knew what it was for until the teacher renamed it "
           "after the people who would take it, the staff of the rental desks at the airport.",
           "Whatever the name, put the words car rental first in it: the students search for those two words, "
           "and the school's own site lists its courses by name, so they find it at once.",
           "Ask the rental firms too. They pay for the course in the end, and the name they use for it in their "
           "own training plans is the one their staff will recognise when they sign up.")
FIRST_POST_END = ("So my question to the forum is simple: which name would you pick for such a course, and why "
                  "would the people who take it look for it under that name?")


def _thread_with_reply_buttons() -> str:
    """A forum thread of six posts, each under its poster's card and over a Reply button."""
    def post(n: int, *paragraphs: str) -> str:
        return (f"<div class='post'><p>member{n}</p><p>Joined: Mar 201{n}</p><p>Posts: {n}0</p>"
                f"{''.join(f'<p>{p}</p>' for p in paragraphs)}<p><a href='#reply'>Reply</a></p></div>")

    posts = post(0, P1, P2, P3, FIRST_POST_END) + "".join(post(n, reply) for n, reply in enumerate(REPLIES, 1))
    return (f"<!DOCTYPE html><html><head><title>Car rental or car rent?</title></head><body>"
            f"<nav><ul>{MENU}</ul></nav><div class='thread'>{posts}</div>"
            f"<footer><p>Forum rules</p></footer></body></html>")


@pytest.mark.parametrize("include_comments", [None, False])
def test_a_threads_replies_over_reply_buttons_are_its_content_unless_comments_are_refused(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch, include_comments: bool | None) -> None:
    # Each post ends in a Reply button, as an article's comments do, so the region cleaned as an
    # article loses the replies as its comment thread; the first post's card over it, and the
    # replies' cards, say that the page is a thread. Comments refused stay refused.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def first_post(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P2}\n{P3}\n{FIRST_POST_END}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", first_post)
    result = cleaner.clean_html(_thread_with_reply_buttons(), HtmlOptions(include_comments=include_comments))
    lines = [line for line in result.text.splitlines() if line]
    assert lines[:4] == [P1, P2, P3, FIRST_POST_END]
    assert all(reply in lines for reply in REPLIES) is (include_comments is None)
    assert not any(line.startswith(("Joined", "Posts", "Reply")) for line in lines)


def _region(*lines: tuple[str, str]) -> list[Decision]:
    """A cleaned region's decisions: each line's text and the reason it was kept or dropped."""
    verdicts = {"content": Verdict.KEEP, "cut": Verdict.CUT}
    return [Decision(n, text, verdicts.get(reason, Verdict.DROP), reason) for n, (text, reason) in enumerate(lines, 1)]


CARD = (("Joined: Mar 2016", "member-card"), ("Posts: 12", "member-card"))
CARD_REPLY = (("asmith", "comment-thread"), *CARD, (REPLY, "comment-thread"), ("Reply", "comment-reply-button"))
FIRST_POST = (("jroe", "page-frame"), *CARD, (P1, "content"), (P2, "content"), ("Reply", "comment-reply-button"))


def test_a_thread_reads_as_one_by_the_first_posts_card_and_two_replies_cards_of_its_labels() -> None:
    assert reads_as_thread(_region(*FIRST_POST, *CARD_REPLY, *CARD_REPLY))
    assert not reads_as_thread(_region(*FIRST_POST, *CARD_REPLY))  # one reply's card: an article's commenter
    assert not reads_as_thread(_region(*FIRST_POST[3:], *CARD_REPLY, *CARD_REPLY))  # no card over the first post
    assert not reads_as_thread(_region(*CARD, *CARD_REPLY, *CARD_REPLY))  # nothing kept
    # an author box that gives the writer's post count is one label; a poster's card has two
    box = (("jdoe", "page-frame"), ("Posts: 1,204", "member-card"), (P1, "content"), (P2, "content"))
    one_label = (("asmith", "comment-thread"), CARD[1], (REPLY, "comment-thread"))
    assert not reads_as_thread(_region(*box, *one_label, *one_label))
    # the replies' cards must show the first post's labels
    other = tuple((text.replace("Joined", "Registered"), reason) for text, reason in CARD_REPLY)
    assert not reads_as_thread(_region(*FIRST_POST, *other, *other))


def test_a_posters_card_ends_at_most_8_lines_over_the_first_post() -> None:
    def first_post(between: int) -> tuple[tuple[str, str], ...]:
        return (*CARD, *[(f"#{n}", "page-frame") for n in range(between)], (P1, "content"), (P2, "content"))

    assert reads_as_thread(_region(*first_post(7), *CARD_REPLY, *CARD_REPLY))  # its last line 8 lines up
    assert not reads_as_thread(_region(*first_post(8), *CARD_REPLY, *CARD_REPLY))
    # a first line kept with a span cut out of it is the first kept line
    cut = (*first_post(7)[:-2], (P1, "cut"), (P2, "content"))
    assert reads_as_thread(_region(*cut, *CARD_REPLY, *CARD_REPLY))


def test_a_line_of_a_posts_words_parts_two_cards_and_cards_inside_the_kept_text_are_no_replies() -> None:
    # A line of more than six words between two card lines is a post's text: the lines are two
    # cards of one label each, no reply's card.
    location = ("Location: somewhere in the north of England", "page-frame")
    split = (("asmith", "comment-thread"), CARD[0], location, CARD[1], (REPLY, "comment-thread"))
    assert not reads_as_thread(_region(*FIRST_POST, *split, *split))
    short = (location[0].split(" in ")[0], "page-frame")  # "Location: somewhere": part of the card
    assert reads_as_thread(_region(*FIRST_POST, *[line if line != location else short for line in split] * 2))
    # cards between the first and last kept lines are the kept replies', not replies taken as comments
    kept_replies = (*CARD, (REPLY, "content"), *CARD, (REPLY2, "content"))
    assert not reads_as_thread(_region(*FIRST_POST, *kept_replies, (P3, "content")))


def _carded_comments_page(author_box: str, head: str = "") -> str:
    """An article in a plain <div> under an author box, then seven comments, each under its
    commenter's card and over a Reply button."""
    comments = "".join(f"<div><p>reader{n}</p><p>Joined: Mar 2016</p><p>Posts: 12</p><p>{text}</p>"
                       f"<p><a href='#r'>Reply</a></p></div>" for n, text in enumerate((*REPLIES, REPLY, P3, P2)))
    return (f"<!DOCTYPE html><html><head><title>Xiaomi to Make Cars</title>{head}</head><body>"
            f"<nav><ul>{MENU}</ul></nav><div class='post'>{author_box}<h1>Xiaomi to Make Cars</h1>"
            f"<p>{P1}</p><p>{P3}</p><p>{FIRST_POST_END}</p><p>{REPLY2}</p></div>"
            f"<div class='comments'><h3>7 Comments</h3>{comments}</div><footer><p>© Example 2026</p></footer>"
            f"</body></html>")


@pytest.mark.parametrize(("author_box", "head"), [
    ("<div class='author'><p>jdoe</p><p>Posts: 1,204</p></div>", ""),
    ("<div class='author'><p>jdoe</p><p>Joined: Mar 2010</p><p>Posts: 1,204</p></div>",
     '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Xiaomi to Make Cars"}</script>'),
], ids=["author-box-of-one-label", "declared-article"])
def test_an_articles_carded_comments_stay_out_under_an_author_box(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch, author_box: str, head: str) -> None:
    # An author box's post count is one label, and a page that declares an article is one, even
    # where its author box shows a card of the commenters' labels.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def article(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P3}\n{FIRST_POST_END}\n{REPLY2}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", article)
    result = cleaner.clean_html(_carded_comments_page(author_box, head))
    assert result.reading == "trafilatura"
    assert REPLIES[0] not in result.text
    # the same page, declaring nothing, with a card of the commenters' labels over its text: a thread
    if head:
        assert REPLIES[0] in cleaner.clean_html(_carded_comments_page(author_box)).text


def test_an_articles_comments_under_member_cards_stay_out(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # Comment software that prints each commenter's card beside the comment, under an article the
    # page marks: the cards are the commenters', and the page is no thread.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def article(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P2}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", article)
    comments = "".join(f"<div class='comment'><p>{name}</p><p>Joined: Mar 2016</p><p>{text}</p></div>"
                       for name, text in (("busfan", REPLY), ("tmoor", REPLY2), ("kjones", P3)))
    page = (f"<!DOCTYPE html><html><head><title>Xiaomi to make cars</title></head><body><nav><ul>{MENU}</ul></nav>"
            f"<article><h1>Xiaomi to make cars</h1><p>{P1}</p><p>{P2}</p></article>"
            f"<section><h2>Comments</h2>{comments}</section></body></html>")
    result = cleaner.clean_html(page)
    assert result.reading == "trafilatura"
    assert result.text.splitlines() == [P1, P2]


@pytest.mark.parametrize(("comparison", "cards", "replaces"), [
    (Comparison(found=50, whole=120, held=50, added_inside=0, added_outside=70, extracted_lines=2, sentences=5,
                prose=0), 1, True),
    (Comparison(found=50, whole=120, held=50, added_inside=0, added_outside=70, extracted_lines=2, sentences=5,
                prose=0), 0, False),  # no member card: an article and its comments
    (Comparison(found=50, whole=90, held=50, added_inside=0, added_outside=40, extracted_lines=2, sentences=5,
                prose=0), 4, False),  # under twice the first post's words
    (Comparison(found=50, whole=150, held=20, added_inside=0, added_outside=130, extracted_lines=2, sentences=5,
                prose=50), 4, False),  # the region reads another part of the page
    (Comparison(found=0, whole=150, held=0, added_inside=0, added_outside=150, extracted_lines=0, sentences=5,
                prose=0), 4, False),  # nothing extracted: region_replaces decides
    (Comparison(found=10, whole=25, held=10, added_inside=0, added_outside=15, extracted_lines=2, sentences=2,
                prose=0), 4, False),  # too short for an article
    (Comparison(found=50, whole=120, held=50, added_inside=0, added_outside=70, extracted_lines=2, sentences=5,
                prose=50, marked=True), 4, False),  # in the page's one article: its commenters' cards
], ids=["thread", "no-cards", "not-twice", "elsewhere", "empty-extraction", "too-short", "marked-article"])
def test_a_thread_region_needs_member_cards_the_first_post_and_twice_its_words(
        comparison: Comparison, cards: int, replaces: bool) -> None:
    assert thread_region_replaces(comparison, cards, Config()) is replaces


def test_the_region_reading_leaves_out_the_pages_navigation_sidebars_and_footers() -> None:
    teaser = ("Readers also liked this long story about the city's new bridge, which opened last week "
              "after years of delays and a budget that doubled twice.")
    page = PAGE.replace("</article>", f"</article><aside><nav><a href='/a'>Most read</a></nav><p>{teaser}</p></aside>")
    read = read_page(page)
    assert P1 in read.body and "Xiaomi to Make Cars" in read.body
    for landmark_text in ("Weather", "Site Map", "© Example News 2021", "Most read", teaser):
        assert landmark_text not in read.body
        assert landmark_text in read.landmarks
    # a nav inside an aside is read once; the page shows every word, the landmarks' included
    assert read.landmarks.count("Most read") == 1
    assert read.visible_words == word_count(page_text(page))


@pytest.mark.parametrize("page", [
    "<!doctype html><html><body><p>The president said<aside>Advertisement</aside>that taxes rise.</p></body></html>",
    "<!doctype html><html><body><div>The first part ends here.<nav><a href='/'>Home</a></nav>The second part "
    "starts here.</div></body></html>",
])
def test_the_text_on_either_side_of_a_landmark_stays_apart(page: str) -> None:
    read = read_page(page)
    landmark_lines = ("Advertisement", "Home")
    assert read.body.splitlines() == [line for line in page_text(page).splitlines() if line not in landmark_lines]
    assert read.visible_words == word_count(page_text(page))


@pytest.mark.parametrize("page", [
    "<footer><p>The meeting is moved to Friday at 3pm in room 12, said the organisers.</p></footer>",
    "<!doctype html><html><body><aside><p>The meeting is moved to Friday at 3pm in room 12, said the organisers."
    "</p></aside></body></html>",
])
def test_a_page_that_is_all_landmark_is_read_whole(cleaner: Cleaner, page: str) -> None:
    result = cleaner.clean_html(page)
    assert result.text == "The meeting is moved to Friday at 3pm in room 12, said the organisers.\n"


@pytest.mark.parametrize(("sidebar", "shop"), [
    ("<button>Add to cart</button>", True),
    ("<button><span>Add to</span> cart</button>", True),
    ("<ul><li><a href='/k'>Kindle Paperwhite</a> <span>In stock</span> <a href='/b'>Buy now</a></li></ul>", False),
])
def test_a_sidebars_shop_controls_are_read_as_the_page_shows_them(sidebar: str, shop: bool) -> None:
    assert sells_something(read_page(PAGE.replace("</article>", f"</article><aside>{sidebar}</aside>")).whole) is shop


def test_a_cart_button_in_a_sidebar_still_marks_a_shop_page(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def fragment(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P3}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", fragment)
    page = PAGE.replace("</article>", "</article><aside><button>Add to cart</button></aside>")
    assert sells_something(read_page(page).whole)
    assert cleaner.clean_html(page).reading == "trafilatura"


def test_a_footers_prose_is_never_part_of_the_region_reading(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # The extractor found the lead alone, so the region reads the page; the footer's paragraph
    # about the publisher reads like prose, and a region reading the whole page's text took it in.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def fragment(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(P1, Metadata(), "trafilatura")

    about = ("Example News is an independent publisher of business and technology reporting, founded in "
             "2004 and funded by its readers, with newsrooms in three cities.")
    monkeypatch.setattr(html_module, "extract", fragment)
    result = cleaner.clean_html(PAGE.replace("<footer>", f"<footer><p>{about}</p>"))
    assert result.reading == "page-region"
    assert P2 in result.text and about not in result.text


@pytest.mark.parametrize("page", [
    "<body><p>The meeting is moved to Friday at 3pm in room 12, said the organisers.</p></body>",
    "<p>The meeting is moved to Friday at 3pm in room 12, said the organisers.</p>",
])
def test_a_fragment_with_one_short_paragraph_keeps_it(cleaner: Cleaner, page: str) -> None:
    # trafilatura finds no page in these; the page's own text holds the paragraph, and a page
    # with text is never answered "no text found".
    result = cleaner.clean_html(page)
    assert result.text == "The meeting is moved to Friday at 3pm in room 12, said the organisers.\n"
    assert result.reading == "page-region"


def test_a_page_nested_past_the_parsers_limit_says_its_text_is_not_all_read(cleaner: Cleaner) -> None:
    from cleaner.html import TOO_DEEP

    paragraph = "Paragraph {} of the story: the council voted on Tuesday to move the weekly market, said the mayor."
    deep = "<html><body>" + "".join(f"<div><p>{paragraph.format(i)}</p>" for i in range(300)) + "</body></html>"
    assert TOO_DEEP in cleaner.clean_html(deep).warnings
    closed = "".join(f"<div><p>{paragraph.format(i)}</p></div>" for i in range(300))
    shallow = f"<html><body>{closed}</body></html>"
    assert TOO_DEEP not in cleaner.clean_html(shallow).warnings
    # the parser stops at the deep point: what follows it, however shallow, is not read either
    after = "After the deep part, the council said, the market will open on Saturday mornings from May."
    unclosed = "".join(f"<div><p>{paragraph.format(i)}</p>" for i in range(300)) + "</div>" * 300
    result = cleaner.clean_html(f"<html><body>{unclosed}<p>{after}</p></body></html>")
    assert TOO_DEEP in result.warnings and after not in result.text


def test_an_empty_page_is_said_to_be_empty_not_a_parsers_error(cleaner: Cleaner) -> None:
    for html in ("", " \n\t"):
        result = cleaner.clean_html(html)
        assert result.reading == "none" and result.warnings == ("the page is empty",) and result.flag == "empty"
        assert result.reading_reason == "the page is empty"
    with pytest.raises(TypeError, match="takes the page's HTML as a str"):
        cleaner.clean_html(b"<html></html>")  # type: ignore[arg-type]


CODE_LINES = ("def greet(name):", '    """Say hello."""', "    if not name:", '        name = "world"',
              "    message = f'Hello, {name}!'", "    print(message)", "    return message", "",
              "def part(name):", '    """Say goodbye."""', "    message = f'Goodbye, {name}!'",
              "    print(message)", "    return message", "",
              "for who in ('Ada', 'Grace', ''):", "    greet(who)", "    part(who)", "Share this article",
              "    # done")
# A <pre> as a highlighter writes it: the line break after the tag (which a browser does not
# show), the code's words in spans, Windows line ends.
CODE_PRE = "<pre>\n" + "\r\n".join(
    line.replace("def ", '<span class="k">def</span> ').replace("print", '<span class="nb">print</span>')
    for line in CODE_LINES) + "\n</pre>"


def test_a_code_sample_is_read_a_line_per_line_with_its_indentation() -> None:
    # html-text folds a <pre> onto one line; the region reading writes it as the page shows it,
    # and says which lines are code, as the cleaner judges code apart.
    read = read_page(PAGE.replace(f"<p>{P2}</p>", f"<p>{P2}</p>{CODE_PRE}"))
    lines = read.body.split("\n")
    start = lines.index(CODE_LINES[0])
    assert lines[start:start + len(CODE_LINES)] == list(CODE_LINES)
    assert read.code == {start + k for k, line in enumerate(CODE_LINES) if line}
    assert P2 in lines[:start] and P3 in lines[start + len(CODE_LINES):]
    assert 'def greet(name): """Say hello.""" if not name:' in page_text(
        PAGE.replace(f"<p>{P2}</p>", f"<p>{P2}</p>{CODE_PRE}"))  # html-text's layout, for comparison


def test_the_region_reading_keeps_a_code_sample_whole_and_the_article_around_it(
        cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each of the sample's short lines would cost the region as a menu entry does, and its
    # "Share this article" is a share prompt to the rules: as code, neither counts.
    from cleaner import html as html_module  # clean_html reads the page with this module's extract

    def fragment(html: str, *args: object, **kwargs: object) -> Extraction:
        return Extraction(f"{P1}\n{P3}", Metadata(), "trafilatura")

    monkeypatch.setattr(html_module, "extract", fragment)
    result = cleaner.clean_html(PAGE.replace(f"<p>{P2}</p>", f"<p>{P2}</p>{CODE_PRE}"))
    assert result.reading == "page-region"
    lines = result.text.split("\n")
    start = lines.index(CODE_LINES[0])
    assert lines[start:start + len(CODE_LINES)] == list(CODE_LINES)
    assert {P1, P2, P3} <= set(lines)


@pytest.mark.parametrize("pre", ["<pre>   </pre>", "<pre>\n</pre>", "<pre>\n  <code>\nprint(1)\n</code></pre>"])
def test_a_pre_opening_the_page_makes_no_other_line_code(pre: str) -> None:
    # The page's text starts with what the <pre> holds, or with nothing it shows: the prose after
    # it is no code, as the rules must still judge it.
    read = read_page(f"<!doctype html><html><body>{pre}<p>{P1}</p><p>{P2}</p></body></html>")
    lines = read.body.split("\n")
    assert {lines[i] for i in read.code} <= {"print(1)"}
    assert P1 in lines and P2 in lines


def test_a_pre_opening_the_page_keeps_its_first_lines_indentation() -> None:
    read = read_page(f"<!doctype html><html><body><pre>    x = 1\n  y = 2</pre><p>{P1}</p></body></html>")
    assert read.body.split("\n")[:2] == ["    x = 1", "  y = 2"]
    assert read.code == {0, 1}


def test_what_html_input_needs_before_a_page_is_read_is_still_importable_from_cleaner_html() -> None:
    # htmlinput is its home (plain-text cleaning loads only that); callers that import these
    # names from cleaner.html get the same objects, so an ExtractionTimeout caught by either
    # name is the one raised.
    from cleaner import html, htmlinput

    for name in ("ANY_TAG", "ExtractionTimeout", "HtmlOptions", "looks_like_html", "markup_read_as_text"):
        assert getattr(html, name) is getattr(htmlinput, name)


def test_explain_says_why_the_reading_of_a_page_was_kept() -> None:
    proc = run("explain", "--rules", str(RULES_DIR), stdin=PAGE)
    assert proc.returncode == 0, err(proc)
    header = out(proc).splitlines()[:2]
    assert header[0] == "# HTML page, read by trafilatura's extraction"
    assert header[1].startswith("# why: the page's text, its navigation, sidebars and footers left out, has fewer")


@pytest.mark.parametrize(("comparison", "said"), [
    (Comparison(found=200, whole=500, held=190, added_inside=250, added_outside=60, extracted_lines=8),
     "the region has 500 words, 2.50 times the extraction's 200, and holds 190 of them; lines the extraction "
     "lacks hold 250 of its words between the extraction's lines and 60 around them"),
    # cut, not rounded: 4344 / 3344 is 1.2990, short of a 1.3 threshold, and is not shown as 1.30
    (Comparison(found=3344, whole=4344, held=3344, added_inside=957, added_outside=43, extracted_lines=90),
     "the region has 4344 words, 1.29 times the extraction's 3344, and holds 3344 of them; lines the "
     "extraction lacks hold 957 of its words between the extraction's lines and 43 around them"),
    (Comparison(found=200, whole=1300, held=10, added_inside=0, added_outside=1290, extracted_lines=3,
                marked=True),
     "the region has 1300 words, 6.50 times the extraction's 200, and holds 10 of them; lines the extraction "
     "lacks hold 0 of its words between the extraction's lines and 1290 around them; the page marks one "
     "article, and it holds most of the extraction"),
    (Comparison(found=0, whole=80, held=0, added_inside=0, added_outside=80, extracted_lines=0),
     "the extraction has no words; the region has 80 words"),
])
def test_the_comparisons_numbers_are_said_as_they_were_counted(comparison: Comparison, said: str) -> None:
    assert comparison_summary(comparison) == said


_COMPARISONS = st.builds(
    Comparison, found=st.integers(1, 400), whole=st.integers(30, 3000), held=st.integers(0, 400),
    added_inside=st.integers(0, 2000), added_outside=st.integers(0, 2000), extracted_lines=st.integers(2, 40),
    sentences=st.integers(0, 50), prose=st.integers(0, 400), marked=st.booleans())
_CONFIGS = st.sampled_from([Config(), Config(html_region_min_ratio=1.5, html_region_gap_min_ratio=2.5,
                                             html_region_inside_min_share=0.8, html_region_gap_min_share=0.3)])


@settings(max_examples=1500, deadline=None)
@given(_COMPARISONS, _CONFIGS)
@example(Comparison(found=6, whole=30, held=4, added_inside=36, added_outside=214, extracted_lines=2), Config())
def test_why_the_extraction_stands_says_only_what_holds(c: Comparison, config: Config) -> None:
    """Each threshold the reason says the region missed, it missed, and the share said would have
    done would have: the reason names one threshold at least."""
    assume(c.held <= c.found and not region_replaces(c, config))
    why = extraction_stands_because(c, config)
    assert why.endswith(f": {comparison_summary(c)}")
    claims = why.removesuffix(comparison_summary(c))
    ratio = c.whole / c.found
    said = 0
    for least in re.findall(r"fewer than ([\d.]+) times the extraction's words", claims):
        assert ratio < float(least)
        said += 1
    for has, would in re.findall(r"having (?:fewer than [\d.]+ times the extraction's words and )?"
                                 r"([\d.]+%|none) of the words it adds between the extraction's lines, "
                                 r"where ([\d.]+%|some) would do", claims):
        added = c.added_inside + c.added_outside
        assert (c.added_inside == 0) if has == "none" else Fraction(has[:-1]) <= Fraction(100 * c.added_inside, added)
        better = replace(c, added_inside=c.added_inside + 1, added_outside=0) if would == "some" else None
        if better is None:  # as many words between the lines as would do: the region replaces
            need = float(would[:-1]) / 100
            assert c.inside_share < need
            added = c.added_inside + c.added_outside or 1
            better = replace(c, added_inside=math.ceil(need * added), added_outside=added - math.ceil(need * added))
        assert region_replaces(better, config)
        said += 1
    for share in re.findall(r"holding less than ([\d.]+)% of the extraction's words", claims):
        assert c.read_elsewhere(config) and float(share) == config.html_region_min_overlap * 100
        said += 1
        if "in the one article the page marks" in claims:
            assert c.marked and ratio >= config.html_region_around_min_ratio
        for prose in re.findall(r"with (\d+) words of body paragraphs", claims):
            assert int(prose) == c.prose >= config.article_min_words and not c.marked
    assert said >= 1, why


@pytest.mark.parametrize(("comparison", "said"), [
    (Comparison(100, 120, 100, 10, 10, 5), "fewer than 1.3 times the extraction's words"),
    (Comparison(100, 160, 100, 10, 50, 5), "fewer than 2 times the extraction's words and 16.6% of the words it "
                                           "adds between the extraction's lines, where 70% would do"),
    (Comparison(100, 300, 100, 10, 190, 5), "5% of the words it adds between the extraction's lines, where 20% "
                                            "would do"),
    (Comparison(100, 150, 100, 0, 50, 5), "fewer than 2 times the extraction's words and none of the words it "
                                          "adds between the extraction's lines, where 70% would do"),
])
def test_a_region_that_does_not_read_it_better_says_which_threshold_it_missed(comparison: Comparison,
                                                                              said: str) -> None:
    assert extraction_stands_because(comparison, Config()) == \
        f"the page's article region is no better reading, having {said}: {comparison_summary(comparison)}"


def test_thresholds_are_said_as_set() -> None:
    """A share is cut, not rounded, and a threshold said as exact as it is set."""
    eighth = Config(html_region_inside_min_share=0.125)
    assert "having 12.4% of the words it adds between the extraction's lines, where 12.5% would do" in \
        extraction_stands_because(Comparison(1000, 3000, 1000, 1249, 8751, 5), eighth)  # 12.49%
    any_share = Config(html_region_gap_min_share=0.0)
    assert "none of the words it adds between the extraction's lines, where some would do" in \
        extraction_stands_because(Comparison(100, 150, 100, 0, 50, 5), any_share)
    overlap = Config(html_region_min_overlap=0.604)
    assert "holding less than 60.4% of the extraction's words" in \
        extraction_stands_because(Comparison(1000, 1500, 601, 0, 899, 5, prose=300), overlap)
    thirds = Config(html_region_inside_min_share=1 / 3, html_region_gap_min_share=1 / 3,
                    html_region_gap_min_ratio=4 / 3, frame_min_region_words=1)
    assert "having fewer than 1.34 times the extraction's words: " in \
        extraction_stands_because(Comparison(100, 120, 100, 10, 10, 5), thirds)  # rounded up: true
    assert "where 33.4% would do" in extraction_stands_because(Comparison(171, 589, 126, 82, 353, 2), thirds)
    # held 14 of 100 is not less than 14%, though 0.14 * 100 is 14.000000000000002 in floats
    assert not Comparison(100, 200, 14, 0, 100, 2).read_elsewhere(Config(html_region_min_overlap=0.14))
    assert "with fewer than 1 word, " in extraction_stands_because(Comparison(0, 0, 0, 0, 0, 0), thirds)


def test_a_region_elsewhere_says_what_made_the_extraction_no_stub() -> None:
    prose = Comparison(100, 700, 30, 0, 600, 5, prose=150)
    assert extraction_stands_because(prose, Config()).startswith(
        "the page's article region reads another part of the page, holding less than 60% of the extraction's "
        "words, and the extraction is no stub, with 150 words of body paragraphs (100 make an article): ")
    marked = Comparison(100, 700, 30, 0, 600, 5, marked=True)
    assert ", and the extraction is in the one article the page marks: " in extraction_stands_because(marked, Config())
    small = Comparison(100, 300, 30, 0, 200, 5, prose=150)  # too small to replace a stub: the overlap says it
    assert extraction_stands_because(small, Config()) == (
        "the page's article region reads another part of the page, holding less than 60% of the extraction's "
        f"words: {comparison_summary(small)}")


def test_a_region_that_cleaning_leaves_too_short_is_said_to_be(cleaner: Cleaner) -> None:
    # Twenty ad labels outside the article make the page's text long enough to be worth
    # cleaning; cleaned, the region is the article again, no fuller than the extraction.
    ads = "".join("<p>Advertisement</p>" for _ in range(20))
    result = cleaner.clean_html(PAGE.replace("</article>", f"</article><div>{ads}</div>"))
    assert result.reading == "trafilatura"
    found = word_count(result.text)
    assert result.reading_reason == f"the page's article region, cleaned, has fewer than 1.1 times the " \
                                    f"extraction's {found} words"


def test_a_region_too_short_for_an_article_is_said_to_be(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing extracted, and the page shows four words of menu: no reading at all, and why.
    from cleaner import html as html_module

    monkeypatch.setattr(html_module, "extract", lambda *args, **kwargs: Extraction("", Metadata(), "none"))
    menu = ("<html><head><title>t</title></head><body><div><p>Home</p><p>Contact us</p><p>Menu items here</p>"
            "</div></body></html>")
    result = cleaner.clean_html(menu)
    assert result.reading == "none"
    assert result.reading_reason == "the page's article region, with fewer than 30 words, is too short to be " \
                                    "an article: the extraction has no words; the region has 4 words"
