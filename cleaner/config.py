"""One object for every tunable number, so a run is described by its Config alone."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Fields that are shares of something: a value outside 0..1 would switch a check off unnoticed
# (a max_removed_ratio of 5 never flags anything).
_SHARES = ("drop_threshold", "max_removed_ratio", "body_min_stopword_density", "headline_min_title_case",
           "caption_max_stopword_density", "tail_marker_min_share", "html_region_min_overlap",
           "html_region_inside_min_share", "html_region_gap_min_share", "html_fallback_below_share",
           "html_span_min_kept_share")


@dataclass(frozen=True, slots=True)
class Config:
    """Thresholds of the scorers and the decision step.

    Defaults were chosen on the benchmark's development split (see benchmarks/); each
    field says what it bounds.
    """

    language: str = "English"  # jusText stoplist used for stopword density
    # The input is a whole page as text (menus, sidebars, footers and all), not an extractor's
    # output: the page-frame scorer then keeps only the article's region (``--input page``).
    whole_page: bool = False
    drop_threshold: float = 0.5  # a scorer's score at or above this drops the line
    scorer_rounds: int = 4  # scorers rerun with their own drops removed, until stable or this many times
    regex_timeout: float = 1.0  # seconds one rule's regex may spend on one line
    regex_document_timeout: float = 5.0  # seconds the user's (not vetted) rules may spend on one document, in all
    # Safety net: removing more than this share of a document's text is flagged (exit 1, a JSON
    # flag), as it is more than an article page's furniture usually takes.
    max_removed_ratio: float = 0.9

    # What counts as a body paragraph (prose that anchors the article).
    body_min_words: int = 12
    body_min_stopword_density: float = 0.2
    copy_min_words: int = 24  # a repeated line of prose this long is a copy, however it ends

    # Headline runs: consecutive headline-shaped lines (teaser lists).
    headline_min_words: int = 3
    headline_max_words: int = 24
    headline_min_title_case: float = 0.6
    blurb_max_words: int = 50  # a teaser's blurb under its title; longer is an article paragraph
    headline_run_min: int = 3  # lines in a run after the last body paragraph

    # Captions.
    caption_max_words: int = 25  # a line repeating the start of a body sentence
    caption_min_words: int = 6
    caption_between_max_words: int = 10  # a short non-sentence between paragraphs
    caption_max_stopword_density: float = 0.2  # captions are noun phrases: few function words

    # Footer zone: short lines after the article's last body paragraph, once an anchor
    # (a line a rule dropped) has been seen there.
    footer_max_words: int = 12
    tail_marker_min_share: float = 0.6  # an end marker closes the article past this share of words

    # Comment threads: this many comment markers make the text from the first one a thread.
    comment_thread_min_markers: int = 3
    # A comment thread, or a rule block that runs to the end of the text, follows an article:
    # with fewer body words than this before it, the page is a discussion (a forum thread)
    # and its posts are the content.
    article_min_words: int = 100

    # Page frame (whole-page input only): the article is the run of lines with the most prose,
    # where a prose line counts its words, a shorter line counts against, and a line as long as
    # prose that is not prose (a list item, a long heading) counts nothing.
    frame_body_min_words: int = 8  # prose: this many words, a sentence end and function words
    frame_max_cost: int = 3  # a shorter line costs its words, at least one and at most this many
    frame_min_region_words: int = 30  # a region worth less is no article: the page is left alone

    # HTML input: the whole page's article region replaces the extractor's text when it holds this
    # share of its words and has this many times as many (the extractor found a fragment) ...
    html_region_min_overlap: float = 0.6
    html_region_min_ratio: float = 2.0
    # ... unless less than this share of the words it adds lie between the extraction's lines (it
    # adds around them: comments, teasers) and it has fewer than this many times the words (an
    # extraction of one line has no "between": the share does not apply to it);
    html_region_inside_min_share: float = 0.2
    html_region_around_min_ratio: float = 6.0
    # or when it has this many times the words and this share of the added words lie between the
    # extraction's lines (the extractor skipped parts of the article).
    html_region_gap_min_ratio: float = 1.3
    html_region_gap_min_share: float = 0.7
    # A region that shows this many lines of forum member cards is a thread: its replies after the
    # first post are the page's content, and the region replaces the first post alone when it
    # holds it and has html_region_min_ratio times its words.
    thread_min_member_cards: int = 1
    # Otherwise the region's lines from the extraction's first to its last (its span) replace it
    # when they have this many times its words and keep this share of them (by its lines).
    html_span_min_ratio: float = 1.1
    html_span_min_kept_share: float = 0.9
    # HTML input: trafilatura's fallback extractors run only when its first, fast reading found
    # fewer words than this, or less than this share of the page's visible words.
    html_fallback_below_words: int = 100
    html_fallback_below_share: float = 0.05
    # A shop page's customer reviews are dropped only where this many words of the reading are
    # left: a page that is all reviews is a page of reviews.
    html_reviews_min_words_left: int = 50

    # Neighbour pass: a short line whose nearest neighbours were both dropped.
    neighbour_max_words: int = 8

    def __post_init__(self) -> None:
        for name in _SHARES:
            value = getattr(self, name)
            if not 0 <= value <= 1:  # also refuses nan
                raise ValueError(f"Config.{name} is a share from 0 to 1, not {value!r}")
        if not (self.regex_timeout > 0 and math.isfinite(self.regex_timeout)):
            raise ValueError(f"Config.regex_timeout must be a number of seconds above 0, not {self.regex_timeout!r}")
        if not self.regex_document_timeout > 0:  # also refuses nan; inf: no limit per document
            raise ValueError("Config.regex_document_timeout must be a number of seconds above 0 (inf for none), "
                             f"not {self.regex_document_timeout!r}")
        if self.scorer_rounds < 1:
            raise ValueError(f"Config.scorer_rounds must be 1 or more, not {self.scorer_rounds!r}")
