"""Scorers and the decision step, table-driven through the public ``Cleaner.clean`` decisions.

Each case is a small document built from article paragraphs and one line whose fate the policy
(shared/cleaning-policy.md) settles; the test reads the verdict and reason of that line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import RULES_DIR

from cleaner import Cleaner, Decision, Verdict, load_rules
from cleaner.config import Config
from cleaner.model import Action
from cleaner.scorers import SCORERS

# Body paragraphs: long, prose, ending as sentences. No rule matches them.
P1 = ("China's Xiaomi Corp plans to make electric vehicles using Great Wall Motor's factory, said three people "
      "with direct knowledge of the matter.")
P2 = ("Xiaomi, one of the world's biggest smartphone makers, is in talks to use one of Great Wall's plants in "
      "China to make its own cars, said two of the people.")
P3 = ("The plan comes as Xiaomi seeks to diversify its revenue streams away from the smartphone business, "
      "which carries razor-thin profit margins.")
P4 = ("Alongside smartphones, Xiaomi makes dozens of Internet-connected devices including scooters, air "
      "purifiers, and rice cookers.")
P5 = ("The firm plans to launch its first car around 2023, one of the people said, and it will connect with "
      "the company's other devices.")
# Long steps of a recipe that end without a full stop: list items, and in a table, cells.
STEP = ("Heat the oven to 200 degrees and line two of the large baking trays with paper so that the biscuits "
        "will not stick to the bottom of them")
STEP2 = ("Beat the butter and the sugar together in a large bowl until the mixture is pale and fluffy, which "
         "takes about five minutes with a mixer")
# A paragraph of prose that ends in a colon, leading into a list: no body paragraph, but a copy.
LEAD_IN = ("I am working at a language school where I have to make an English course for car rental companies, "
           "and I still cannot decide which of these names sounds better:")
BLURB = ("Virtual agents are set to supplant the traditional chatbot and their use cases are evolving at pace, "
         "with many organisations deploying new AI technologies.")
HEADLINES = [
    "1. Apple Unveils a Foldable Phone With a Bigger Battery",
    "2. Samsung Cuts Prices of Its Galaxy Tablets Across Europe",
    "3. Sony Teases New Wireless Earbuds Ahead of Summer Launch",
    "4. Google Brings Gemini Features to Older Pixel Phones",
]


def doc(*blocks: str) -> str:
    """Blocks separated by blank lines; a block may hold several adjacent lines."""
    return "\n\n".join(blocks) + "\n"


def decision_of(cleaner: Cleaner, text: str, line: str, nth: int = 0) -> Decision:
    """The decision on the ``nth`` copy (0: the first) of the line ``line``."""
    matches = [d for d in cleaner.clean(text).decisions if d.text == line]
    assert len(matches) > nth, f"{line!r} does not occur {nth + 1} times in the document"
    return matches[nth]


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    line: str
    reason: str  # expected reason; "content" means kept as article text
    nth: int = 0  # which copy of a repeated line (0 when the line is unique)
    whole_page: bool = False  # cleaned as a whole page's text (``--input page``)

    def cleaner(self, rules_dir: Path, disable: tuple[str, ...] = ()) -> Cleaner:
        return Cleaner.load(rules_dir, disable, Config(whole_page=self.whole_page))


MENU = "Home\nWorld\nBusiness\nSport\nWeather"
FOOTER = "Our Team\nCareers\nAdvertise With Us\nSite Map"
ADDRESSES = "110 Gough Street\n(415) 861 5449\n220 Montgomery Street\n(415) 217 8895\n801 Portola Drive\n(415) 674 7504"
MORE_LINKS = "\n".join("Travel Style Video Podcasts Newsletters Games Puzzles Recipes Cars Homes Jobs Events Deals "
                       "Tickets Archive".split())
HEADLINE = "Xiaomi Teams Up With Great Wall to Start EV Production"
# A product's details, short lines without a digit, as a shop page shows them.
SPECS = ("Crisp, cool, matte\nIdeal for hot sleepers\nLong-staple cotton\nMachine wash cold\nMade in Portugal\n"
         "Free returns\nDeep pockets that fit mattresses up to sixteen inches deep")
# A site's icon and menu names, a word each, as a whole page's text ends with them.
ICONS = ("search settings star-empty star-full star-half switch success tag twitch twitter user warning wattage "
         "weight youtube Builder Products Guides Builds Trends Benchmarks Forums CPUs Motherboards Memory Storage "
         "Cases Peripherals Headphones Keyboards Mice Speakers Webcams Displays Monitors").split()
# A library's catalogue: entries of a few words each, under one paragraph of introduction.
CATALOGUE = [f"Trade catalogue of {goods}, {year} (page images at the archive)" for year, goods in enumerate(
    ["hardware", "tools", "fittings", "valves", "pipes", "locks", "hinges", "rules", "levels", "mallets"], 1901)]
QUOTED_ELLIPSIS = 'The founder said: "Then we start again, I suppose, and look for another partner..."'


DROPPED = [
    Case("headline-run: numbered Title Case headlines after the last paragraph and a share prompt",
         doc(P1, P2, P3, "Share this article", "\n".join(HEADLINES)), HEADLINES[0], "headline-run"),
    Case("headline-run: the last headline of the run too",
         doc(P1, P2, P3, "Share this article", "\n".join(HEADLINES)), HEADLINES[-1], "headline-run"),
    Case("headline-run: unnumbered teasers under no heading, separated by blank lines",
         doc(P1, P2, "© Example News 2021", *(h[3:] for h in HEADLINES)), HEADLINES[1][3:], "headline-run"),
    Case("caption-repeat: a caption repeating the start of a body sentence",
         doc(P1, "Alongside smartphones, Xiaomi makes dozens of Internet-connected devices including scooters",
             P2, P3, P4),
         "Alongside smartphones, Xiaomi makes dozens of Internet-connected devices including scooters",
         "caption-repeat"),
    Case("caption-between: a verbless short line between paragraphs",
         doc(P1, "Xiaomi storefront in Paris, France.", P2),
         "Xiaomi storefront in Paris, France.", "caption-between"),
    Case("caption-between: a caption under a label that introduces a picture",
         doc(P1, "Photo: harbour bridge, early morning.", P2), "Photo: harbour bridge, early morning.",
         "caption-between"),
    Case("caption-between: a caption label that reads as a verb is no verb",
         doc(P1, "Pictured: harbour bridge, early morning.", P2), "Pictured: harbour bridge, early morning.",
         "caption-between"),
    Case("caption-between: a numbered figure's label",
         doc(P1, "Fig. 3: harbour bridge, early morning.", P2), "Fig. 3: harbour bridge, early morning.",
         "caption-between"),
    Case("caption-between: a name's apostrophe is no contraction",
         doc(P1, "Sa'd Zaghloul mausoleum, Cairo.", P2), "Sa'd Zaghloul mausoleum, Cairo.", "caption-between"),
    Case("caption-between: a possessive is no verb",
         doc(P1, "Xiaomi's storefront in Paris, France.", P2), "Xiaomi's storefront in Paris, France.",
         "caption-between"),
    Case("footer-zone: a short line after an end-of-article marker",
         doc(P1, P2, P3, "© Example News 2021", "Tech News Daily", "Contact the newsroom"),
         "Tech News Daily", "footer-zone"),
    Case("footer-zone: every short line after the marker",
         doc(P1, P2, P3, "© Example News 2021", "Tech News Daily", "Contact the newsroom"),
         "Contact the newsroom", "footer-zone"),
    Case("footer-zone: a menu of single words, however long, after a short text",
         doc(P1, "Share this page", "\n".join(ICONS)), ICONS[-1], "footer-zone"),
    Case("comment-thread: a reader comment's text between comment markers",
         doc(P1, P2, P3, P4, P5, P1, "Jane says\nGreat post, thanks for writing it!\nReply",
             "Bob says\nI disagree with this.\nReply"),
         "Great post, thanks for writing it!", "comment-thread"),
    Case("tail-after-marker: a teaser blurb that reads as prose after the copyright line",
         doc(P1, P2, P3, P4, "© Example News 2021", BLURB), BLURB, "tail-after-marker"),
    Case("repeated-paragraph: the second copy of a body paragraph",
         doc(P1, P2, P1, P3), P1, "repeated-paragraph", nth=1),
    Case("repeated-paragraph: the second copy of a long paragraph that leads into a list, a quoted post",
         doc(P1, LEAD_IN, "- Car rental English", P2, LEAD_IN, P3), LEAD_IN, "repeated-paragraph", nth=1),
    Case("repeated-paragraph: a second copy's heading goes with the copied paragraph under it",
         doc("What the Plant Deal Means for Buyers", P1, "Why Great Wall Agreed", P2,
             "What the Plant Deal Means for Buyers", P1, "Why Great Wall Agreed", P2),
         "What the Plant Deal Means for Buyers", "repeated-paragraph", nth=1),
    Case("repeated-paragraph: a second copy's question heading goes with its copied answer",
         doc("What does the deal mean for buyers?", P1, P2, "What does the deal mean for buyers?", P1, P2),
         "What does the deal mean for buyers?", "repeated-paragraph", nth=1),
    Case("repeated-paragraph: list items repeated together, a copied block",
         doc(P1, f"- {P2}\n- {P3}", P4, f"- {P2}\n- {P3}", P5), f"- {P3}", "repeated-paragraph", nth=1),
    Case("page-frame: a menu entry above the article on a whole page",
         doc(MENU, HEADLINE, P1, P2, P3, FOOTER), "Sport", "page-frame", whole_page=True),
    Case("page-frame: a menu entry shaped like a headline, far above the article past lines the rules took",
         doc(MENU, "Weekend Reading Picks Here", "Sign up\nLog in\nSubscribe\nView all\nBack to top", P1, P2,
             P3, FOOTER), "Weekend Reading Picks Here", "page-frame", whole_page=True),
    Case("page-frame: a footer link below the article on a whole page",
         doc(MENU, HEADLINE, P1, P2, P3, FOOTER), "Our Team", "page-frame", whole_page=True),
    Case("page-frame: a teaser sentence in the footer, outside the article's region",
         doc(MENU, HEADLINE, P1, P2, P3, FOOTER, "We report on technology from around the world.", FOOTER),
         "We report on technology from around the world.", "page-frame", whole_page=True),
    Case("page-frame: teaser blurbs cut short after the article, outside its region",
         doc(MENU, HEADLINE, P1, P2, P3,
             "Apple Unveils a Foldable Phone", "The company showed a phone that folds twice and said it would…",
             "Samsung Cuts Tablet Prices", "Prices of the Galaxy tablets fell across Europe as the firm tried to…",
             "Sony Teases New Earbuds", "The earbuds arrive in the summer with a battery that the company says…",
             "Our journalists cover the technology business from bureaus in Asia and Europe.", FOOTER),
         "Prices of the Galaxy tablets fell across Europe as the firm tried to…", "page-frame", whole_page=True),
    Case("page-frame: a sentence after the header's menu repeated as a footer",
         doc(MENU, HEADLINE, P1, P2, P3, MENU, "Both firms signed the deal in Beijing on Friday.", FOOTER),
         "Both firms signed the deal in Beijing on Friday.", "page-frame", whole_page=True),
    Case("neighbours: a short non-sentence between two dropped lines",
         doc(P1, "Follow us on Twitter\nOur picks for you:\nSign up for our newsletter.", P2),
         "Our picks for you:", "neighbours"),
]

KEPT = [
    Case("tail-after-marker: an article paragraph after a line that only looks like an appeal is kept",
         doc(P1, P2, P3, P4, "Our newsroom relies on readers. Please consider making a monthly donation today.", P5),
         P5, "content"),
    Case("tail-after-marker: an article paragraph after a line that only looks like a bio is kept",
         doc(P1, P2, P3, P4, "Jane Roe is a food writer who specializes in recipes. She covers kitchen tools.", P5),
         P5, "content"),
    Case("a discussion page: comment markers with no article before them keep the posts",
         doc("Best budget tent?", "Jane says\nI want a tent for two that weighs under two kilos, any advice?\nReply",
             "Bob says\nThe one I bought last year has held up well in the rain.\nReply",
             "Ann says\nSecond that, it packs small too.\nReply"),
         "The one I bought last year has held up well in the rain.", "content"),
    Case("a discussion page: a comments heading with no article before it keeps the posts",
         doc("Best budget tent?", "3 Comments", "I want a tent for two that weighs under two kilos, any advice?"),
         "I want a tent for two that weighs under two kilos, any advice?", "content"),
    Case("a short one-sentence paragraph between paragraphs",
         doc(P1, "The companies declined to comment.", P2), "The companies declined to comment.", "content"),
    Case("a one-sentence paragraph whose verb is an irregular past form",
         doc(P1, "Share prices fell 5% on Tuesday.", P2), "Share prices fell 5% on Tuesday.", "content"),
    Case("a two-word sentence with an irregular past verb",
         doc(P1, "Sales rose.", P2), "Sales rose.", "content"),
    Case("the policy's own one-sentence example",
         doc(P1, "Xiaomi and Great Wall declined to comment.", P2),
         "Xiaomi and Great Wall declined to comment.", "content"),
    Case("an instruction to the reader between paragraphs is no caption",
         doc(P1, "Reduce your meat intake.", P2), "Reduce your meat intake.", "content"),
    Case("a one-line paragraph with a contraction is no caption (curly apostrophe)",
         doc(P1, "Don\u2019t judge me.", P2), "Don\u2019t judge me.", "content"),
    Case("a one-line paragraph with a contraction is no caption",
         doc(P1, "Sigh. Hunt down whoever hasn't RSVP'd yet.", P2), "Sigh. Hunt down whoever hasn't RSVP'd yet.",
         "content"),
    Case("an entry under a short label between paragraphs is no caption",
         doc(P1, "Prompt #2: Learning from obstacles.", P2), "Prompt #2: Learning from obstacles.", "content"),
    Case("an entry whose label only holds a caption's word is no caption",
         doc(P1, "Credit card fees: up 12 percent.", P2), "Credit card fees: up 12 percent.", "content"),
    Case("a section subheading between paragraphs",
         doc(P1, "EV Partnership to Be Announced Next Week", P2, "Xiaomi Plans Its First Car for 2023", P3),
         "EV Partnership to Be Announced Next Week", "content"),
    Case("a second subheading",
         doc(P1, "EV Partnership to Be Announced Next Week", P2, "Xiaomi Plans Its First Car for 2023", P3),
         "Xiaomi Plans Its First Car for 2023", "content"),
    Case("the headline above the first paragraph",
         doc("Xiaomi Teams Up With Great Wall to Start EV Production", P1, P2),
         "Xiaomi Teams Up With Great Wall to Start EV Production", "content"),
    Case("three headline-shaped lines before the last paragraph are not a teaser list",
         doc(P1, "\n".join(HEADLINES[:3]), P2, P3), HEADLINES[0], "content"),
    Case("footer-zone: a catalogue's short entries that outweigh the paragraph above them are no footer",
         doc(P1, "Share this page", "\n".join(CATALOGUE)), CATALOGUE[-1], "content"),
    Case("footer-zone: a short sentence after the last paragraph but before the marker",
         doc(P1, P2, P3, "Xiaomi and Great Wall declined to comment.", "© Example News 2021", "Tech News Daily"),
         "Xiaomi and Great Wall declined to comment.", "content"),
    Case("repeated-paragraph: the first copy of a repeated paragraph stays",
         doc(P1, P2, P1, P3), P1, "content"),
    Case("caption-repeat: a heading right above the paragraph that opens with its words stays",
         doc(P1, "Retatrutide cannot be used in compounding",
             "Retatrutide cannot be used in compounding under federal law, and it has not been found safe "
             "and effective for any condition.", P2),
         "Retatrutide cannot be used in compounding", "content"),
    Case("repeated-paragraph: a repeated heading over a new paragraph stays",
         doc("What the Plant Deal Means for Buyers", P1, P2, "What the Plant Deal Means for Buyers", P3, P4),
         "What the Plant Deal Means for Buyers", "content", nth=1),
    Case("repeated-paragraph: a summary box's heading and blurb repeated over new paragraphs stays",
         doc("Xiaomi Storefront Pro Review", P1, P2, P3, "Xiaomi Storefront Pro Review", P1, P4, P5),
         "Xiaomi Storefront Pro Review", "content", nth=1),
    Case("repeated-paragraph: a heading over a list that shares one item with another list stays",
         doc("What the Price Includes", f"- {P2}\n- {P3}", P4, "What the Price Includes", f"- {P2}\n- {P5}", P1),
         "What the Price Includes", "content", nth=1),
    Case("repeated-paragraph: a table's repeated legend line is no heading, though a copy follows it",
         doc(P1, "s = slow pace", P2, P3, "s = slow pace", P2, P4), "s = slow pace", "content", nth=1),
    Case("repeated-paragraph: long list items without an end, repeated side by side in a second list, stay",
         doc(P1, f"1. {STEP}\n2. {STEP2}\n3. Stir in the flour.", P2,
             f"1. {STEP}\n2. {STEP2}\n3. Stir in the cocoa.", P3),
         f"1. {STEP}", "content", nth=1),
    Case("repeated-paragraph: a long table row repeated in a second table stays",
         doc(P1, f"| Day | Activity |\n|---|---|\n| Monday | {STEP} |\n| Friday | Film night |", P2,
             f"| Day | Activity |\n|---|---|\n| Monday | {STEP} |\n| Friday | Chess |", P3),
         f"| Monday | {STEP} |", "content", nth=1),
    Case("repeated-paragraph: a long line of code repeated in a second sample stays",
         doc(P1, f"```\necho '{STEP}'\nmake build\n```", P2, f"```\necho '{STEP}'\nmake test\n```", P3),
         f"echo '{STEP}'", "content", nth=1),
    Case("repeated-paragraph: a list item that repeats on its own, one item of two lists, stays",
         doc(P1, f"- {P2}\n- {P3}", P4, f"- {P2}\n- {P5}", P1), f"- {P2}", "content", nth=1),
    Case("comment markers: a single stray Reply does not make a thread",
         doc(P1, "Reply", P2, P3), P2, "content"),
    Case("neighbours: a short sentence between two dropped lines is content",
         doc(P1, "Follow us on Twitter\nThe deal closed on Friday.\nSign up for our newsletter.", P2),
         "The deal closed on Friday.", "content"),
    Case("neighbours: ad labels are looked through, not counted as dropped neighbours",
         doc(P1, "Advertisement\nHighlights\nAdvertisement", P2), "Highlights", "content"),
    Case("page-frame: the headline just above the article's region stays",
         doc(MENU, HEADLINE, P1, P2, P3, FOOTER), HEADLINE, "content", whole_page=True),
    Case("page-frame: the headline stays past its byline, dateline and share bar",
         doc(MENU, HEADLINE, "By Jane Doe\nMarch 3, 2024\nShare this article\nShare on Facebook\nShare on Twitter",
             P1, P2, P3, FOOTER), HEADLINE, "content", whole_page=True),
    Case("page-frame: a sentence-case headline stays, though the menu above and the byline below are gone",
         doc(MENU, "Council approves new bike lanes on Main Street", "By Jane Doe\nMarch 3, 2024", P1, P2, P3,
             FOOTER), "Council approves new bike lanes on Main Street", "content", whole_page=True),
    Case("page-frame: the headline stays above a contents label the rules took",
         doc(MENU, HEADLINE, "Table of Contents", P1, P2, P3, FOOTER), HEADLINE, "content", whole_page=True),
    Case("page-frame: a subheading and a short list inside the article stay",
         doc(MENU, HEADLINE, P1, "The Deal", "Plants\nCars\nPhones", P2, P3, FOOTER), "Plants", "content",
         whole_page=True),
    Case("page-frame: a list of addresses and phone numbers that closes the article stays",
         doc(MENU, HEADLINE, P1, P2, P3, ADDRESSES, "Fees are based on income, and most clinics take new patients.",
             FOOTER), "(415) 861 5449", "content", whole_page=True),
    Case("page-frame: a code block between sentences that lead into it and out of it stays",
         doc(MENU, HEADLINE, P1, P2, "To get started, I suggest that you try each of the following commands:",
             "Copy", "git init git clone git status git add git commit git push git pull git merge",
             "View source", "Each of these commands has many options, and the guides below teach them all:",
             "Pro Git book", FOOTER),
         "git init git clone git status git add git commit git push git pull git merge", "content",
         whole_page=True),
    Case("page-frame: a paragraph a sidebar repeats keeps its article copy (page-frame runs first)",
         doc(MENU, P2, FOOTER, MENU, MORE_LINKS, HEADLINE, P1, P2, P3, FOOTER), P2, "content", nth=1,
         whole_page=True),
    Case("page-frame: a last paragraph that ends in a quoted ellipsis stays",
         doc(MENU, HEADLINE, P1, P2, QUOTED_ELLIPSIS, FOOTER), QUOTED_ELLIPSIS, "content",
         whole_page=True),
    Case("page-frame: a shop page's details stay where its densest prose is after the line that closes the page",
         doc(MENU, "Classic Percale Sheet Set", P1, SPECS, FOOTER, MENU, "© Example Shop 2026", P4, P5),
         "Made in Portugal", "content", whole_page=True),
    Case("page-frame: a page with no prose run is left alone",
         doc(MENU, "Xiaomi Teams Up With Great Wall", FOOTER), "Weather", "content", whole_page=True),
    Case("page-frame: extracted text (the default input) keeps its short lines",
         doc(MENU, HEADLINE, P1, P2, P3, FOOTER), "Sport", "content"),
    Case("a Highlights label under a byline, above its bullets",
         doc(P1, "By Reuters | Updated: 26 March 2021 09:44 IST\nHighlights\n  • Xiaomi plans to launch its first EV"),
         "Highlights", "content"),
]

PROTECTED = [
    Case("editors-note protects a correction in the footer zone",
         doc(P1, P2, P3, "© Example News 2021", "Tech News Daily",
             "Correction: An earlier version misstated the plant's location."),
         "Correction: An earlier version misstated the plant's location.", "editors-note"),
    Case("editors-note protects a short note from the neighbour pass",
         doc(P1, "Follow us on Twitter\nCorrection: Fixed a typo.\nSign up for our newsletter.", P2),
         "Correction: Fixed a typo.", "editors-note"),
    Case("editors-note protects a note between paragraphs from caption-between",
         doc(P1, "Editor's note: Updated with prices.", P2), "Editor's note: Updated with prices.", "editors-note"),
]


def _ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


@pytest.mark.parametrize("case", DROPPED, ids=_ids(DROPPED))
def test_scorer_drops(rules_dir: Path, case: Case) -> None:
    d = decision_of(case.cleaner(rules_dir), case.text, case.line, case.nth)
    assert (d.verdict, d.reason) == (Verdict.DROP, case.reason)
    assert d.output == ""
    assert 0 < d.score <= 1


@pytest.mark.parametrize("case", DROPPED, ids=_ids(DROPPED))
def test_dropped_line_is_not_in_the_text(rules_dir: Path, case: Case) -> None:
    # Only the copies before the dropped one (a repeated paragraph's first copy) remain.
    assert case.cleaner(rules_dir).clean(case.text).text.splitlines().count(case.line) == case.nth


@pytest.mark.parametrize("case", [c for c in DROPPED if c.reason in SCORERS], ids=_ids([c for c in DROPPED
                                                                                         if c.reason in SCORERS]))
def test_disabling_the_scorer_keeps_the_line(rules_dir: Path, case: Case) -> None:
    d = decision_of(case.cleaner(rules_dir, (case.reason,)), case.text, case.line, case.nth)
    assert d.reason != case.reason


@pytest.mark.parametrize("case", KEPT, ids=_ids(KEPT))
def test_kept_as_content(rules_dir: Path, case: Case) -> None:
    cleaner = case.cleaner(rules_dir)
    d = decision_of(cleaner, case.text, case.line, case.nth)
    assert (d.verdict, d.reason) == (Verdict.KEEP, "content")
    assert d.output == case.line
    assert case.line in cleaner.clean(case.text).text.splitlines()


@pytest.mark.parametrize("case", PROTECTED, ids=_ids(PROTECTED))
def test_keep_rule_protects_the_line(cleaner: Cleaner, case: Case) -> None:
    d = decision_of(cleaner, case.text, case.line, case.nth)
    assert (d.verdict, d.reason) == (Verdict.KEEP, case.reason)
    assert case.line in cleaner.clean(case.text).text.splitlines()


def test_every_scorer_has_a_dropping_case() -> None:
    covered = {c.reason for c in DROPPED}
    assert set(SCORERS) <= covered, f"scorers without a test case: {sorted(set(SCORERS) - covered)}"


@pytest.mark.parametrize(
    "line",
    ["Shares of both companies fell sharply on Friday.", "Xiaomi and Great Wall decline to comment."],
)
def test_short_sentence_with_an_irregular_verb_is_content(cleaner: Cleaner, line: str) -> None:
    d = decision_of(cleaner, doc(P1, line, P2), line)
    assert (d.verdict, d.reason) == (Verdict.KEEP, "content")


def test_a_dateline_is_not_protected_as_an_editors_note(cleaner: Cleaner) -> None:
    line = "Updated: 26 March 2021 09:44 IST"
    d = decision_of(cleaner, doc("Xiaomi Teams Up With Great Wall", line, P1, P2), line)
    assert d.verdict is Verdict.DROP


def test_a_like_button_above_the_article_does_not_start_a_comment_thread(cleaner: Cleaner) -> None:
    text = doc("Xiaomi Teams Up With Great Wall", "Like", P1, P2, P3, "Jane says\nGreat post, thanks!\nReply")
    for paragraph in (P1, P2, P3):
        d = decision_of(cleaner, text, paragraph)
        assert (d.verdict, d.reason) == (Verdict.KEEP, "content")


@pytest.mark.parametrize(
    "interruption",
    [
        "Also Read\n\nXiaomi Unveils a New Phone",
        "Share this article",
        "Catch the latest from the Consumer Electronics Show on Gadgets 360, at our CES 2026 hub.",
        "© Getty Images",
    ],
    ids=["also-read-box", "share-prompt", "event-hub-promo", "picture-credit"],
)
def test_the_last_paragraph_survives_a_late_interruption(cleaner: Cleaner, interruption: str) -> None:
    """The policy keeps every body paragraph, the last one included, whatever boilerplate precedes it."""
    d = decision_of(cleaner, doc(P1, P2, P3, P4, interruption, P5), P5)
    assert (d.verdict, d.reason) == (Verdict.KEEP, "content")


@pytest.mark.parametrize("width", [50, 60, 72])
def test_a_hard_wrapped_article_keeps_every_line_after_a_share_prompt_in_its_middle(cleaner: Cleaner,
                                                                                     width: int) -> None:
    """Wrapped text (a man page, a plain-text e-mail) breaks every sentence across lines, so no
    line of it is a paragraph on its own; the article must still end at its last paragraph, not
    at the last one-line one, or the footer zone takes its second half."""
    text = doc(*(textwrap.fill(p, width) for p in (P1, P2)), "Share this article",
               *(textwrap.fill(p, width) for p in (P3, P4, P5)))
    dropped = [(d.text, d.reason) for d in cleaner.clean(text).decisions if d.verdict is Verdict.DROP]
    assert dropped == [("Share this article", "share-prompt")]


@pytest.mark.parametrize("heading", ["Related Stories", "Recommended Post"])
def test_a_related_heading_in_a_hard_wrapped_article_takes_none_of_its_lines(cleaner: Cleaner, heading: str) -> None:
    """Wrapped lines are not teaser titles and blurbs, though each is short and ends no sentence."""
    text = doc(*(textwrap.fill(p, 60) for p in (P1, P2)), heading, *(textwrap.fill(p, 60) for p in (P3, P4, P5)))
    dropped = [d.text for d in cleaner.clean(text).decisions if d.verdict is Verdict.DROP]
    assert dropped == [heading]


# Every match example of every rule but those whose block runs to the end of the text.
_EXAMPLES = [(r.id, m) for r in load_rules(RULES_DIR).rules
             if not (r.action is Action.DROP_BLOCK and r.extent == "rest") for m in r.examples_match]


@pytest.mark.parametrize("width", [60, 72])
def test_no_rule_example_in_the_middle_of_a_hard_wrapped_article_takes_its_lines(cleaner: Cleaner,
                                                                                 width: int) -> None:
    """Each rule's match examples, set between the second and third paragraph of a wrapped article:
    the example goes, and every line of the article stays (a comments heading's block runs to the
    end by design, and is left out)."""
    wrapped = [textwrap.fill(p, width) for p in (P1, P2, P3, P4, P5)]
    article = {line for paragraph in wrapped for line in paragraph.splitlines()}
    losses = []
    for rule_id, example in _EXAMPLES:
        decisions = cleaner.clean(doc(*wrapped[:2], example, *wrapped[2:])).decisions
        lost = [d.text for d in decisions if d.verdict is Verdict.DROP and d.text in article]
        if lost:
            losses.append((rule_id, example, lost))
    assert losses == []


def test_an_ad_label_in_the_middle_of_a_wrapped_sentence_does_not_end_the_article(cleaner: Cleaner) -> None:
    """The label goes, so the lines around it are one paragraph in the output: they must be one
    while it is cleaned too, or the footer zone takes them, and cleaning the output again would
    change it."""
    last = textwrap.fill(P5, 60).splitlines()
    text = doc(textwrap.fill(P1, 60), "Share this article",
               "\n".join([*last[:-1], "Advertisement", last[-1]]))
    result = cleaner.clean(text)
    dropped = [d.text for d in result.decisions if d.verdict is Verdict.DROP]
    assert dropped == ["Share this article", "Advertisement"]
    assert cleaner.clean(result.text).text == result.text


@pytest.mark.parametrize("line", ["CHAPTER 2. The Carpet-Bag.", "0  Successful termination.",
                                  "d  Delete pattern space."])
def test_a_short_line_between_wrapped_paragraphs_is_no_caption(cleaner: Cleaner, line: str) -> None:
    """In a book or a man page the short lines between wrapped paragraphs are headings and items."""
    text = doc(textwrap.fill(P1, 60), textwrap.fill(P2, 60), line, textwrap.fill(P3, 60), textwrap.fill(P4, 60))
    assert decision_of(cleaner, text, line).verdict is Verdict.KEEP


def test_page_frame_seeks_past_the_pages_closing_line_where_tail_after_marker_is_off(rules_dir: Path) -> None:
    # Switched off, tail-after-marker keeps the text after a copyright line, and page-frame, which
    # stops its search there only because that scorer takes what follows, weighs it as any text.
    text = doc(MENU, "Classic Percale Sheet Set", P1, SPECS, P2, FOOTER, MENU, "© Example Shop 2026", P4, P5)
    case = Case("", text, P4, "content", whole_page=True)
    assert decision_of(case.cleaner(rules_dir), text, P4).reason == "page-frame"
    off = decision_of(case.cleaner(rules_dir, ("tail-after-marker",)), text, P4)
    assert (off.verdict, off.reason) == (Verdict.KEEP, "content")
