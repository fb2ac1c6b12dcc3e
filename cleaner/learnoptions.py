"""The settings of ``cleaner learn``, apart from the learner itself: the command line shows
their defaults on every start, and the learner's own module is imported only when it runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.config import Config


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """How much evidence makes a line template, and how much the counting may hold."""

    # A line must be seen on this many pages of its site, at least: two pages share too much by chance
    # (an article split over two pages, one page at two addresses), and a site with fewer is not learned.
    min_pages: int = 3
    min_share: float = 0.5  # a line must sit outside the article on this share of its site's pages
    max_inside_share: float = 0.1  # ... and between body paragraphs on at most this share of its pages
    min_words: int = 2  # a one-word line ("Overview", "Note") is a heading or a label on too many sites
    max_words: int = 12  # longer lines are not learned (menus, labels and promos are short)
    max_lines_per_site: int = 20_000  # distinct lines (and as many line pairs) tracked per site
    max_lines_total: int = 500_000  # lines and pairs tracked over all sites together (about 90 MB)
    config: Config = field(default_factory=Config)  # the body paragraph's definition and the stoplist

    def __post_init__(self) -> None:
        if self.min_pages < 2:
            raise ValueError("min_pages must be at least 2: a line on one page recurs nowhere")
        if not 0.0 < self.min_share <= 1.0:
            raise ValueError("min_share must be a share above 0 and at most 1")
        if not 0.0 <= self.max_inside_share <= 1.0:
            raise ValueError("max_inside_share must be a share from 0 to 1")
        if not 1 <= self.min_words <= self.max_words:
            raise ValueError("min_words must be at least 1 and at most max_words")
        if self.max_lines_per_site < 2 or self.max_lines_total < 2:
            raise ValueError("the caps on tracked lines must be at least 2")
