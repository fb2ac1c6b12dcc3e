"""Heuristic scorers: what no rule can name, measured from the lines' features.

Each scorer is a plain function ``(Context) -> list[Mark]`` with a docstring saying what it
measures and why, registered in ``SCORERS``. Each returns marks with a score in 0..1; the
decision step drops a line when a score reaches ``Config.drop_threshold``.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from cleaner.config import Config
from cleaner.features import WORD_TOKENS, heading_shaped, is_body, prose_lines
from cleaner.model import Action, Block, Features, Mark
from cleaner.ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class Context:
    """What a scorer sees: the lines, their features and what the rules already decided."""

    blocks: Sequence[Block]
    features: Sequence[Features]
    dropped: frozenset[int]  # lines a rule (or a scorer, in an earlier round) removed
    anchors: frozenset[int]  # lines removed by rules that mark the end of an article
    comment_markers: frozenset[int]  # lines removed by rules that mark reader comments
    page_ends: frozenset[int]  # lines removed by rules that close a page (copyright lines)
    config: Config
    # Lines removed by rules of the kinds that sit between a headline and its article (bylines,
    # datelines, share bars, ad labels): page-frame looks past them for the headline.
    furniture: frozenset[int] = frozenset()
    # Lines removed by navigation rules (menu entries, buttons): page-frame still counts them as
    # the frame they are when it looks for the article's region.
    frame_lines: frozenset[int] = frozenset()
    # Whether each line is a body paragraph (a blank line never is); found once per document
    # when not given, and carried over by with_dropped, as it does not depend on drops.
    bodies: Sequence[bool] = ()
    # Whether each line is body prose, the lines of a hard-wrapped body paragraph included
    # (``prose_lines``): where the article ends.
    prose: Sequence[bool] = ()
    # Whether the text is hard-wrapped (an e-mail, a man page), judged a paragraph at a time.
    written: bool = False
    # Lines of code (a fenced block, a page's <pre> text): page-frame counts them as nothing, as a
    # sample's short lines are not a menu.
    code: frozenset[int] = frozenset()
    # Whether tail-after-marker runs: page-frame then seeks the article before the page's tail.
    tail_marker: bool = True
    last_body: int = field(init=False)  # index of the last line of body prose not dropped; -1 if none

    def __post_init__(self) -> None:
        if len(self.bodies) != len(self.features):
            c = self.config
            bodies = [is_body(f, c.body_min_words, c.body_min_stopword_density) for f in self.features]
            object.__setattr__(self, "bodies", bodies)
        if len(self.prose) != len(self.features):
            c = self.config
            prose = prose_lines(self.blocks, self.features, self.bodies, c.body_min_words,
                                c.body_min_stopword_density, self.dropped)
            object.__setattr__(self, "prose", prose)
        object.__setattr__(self, "last_body", self._find_last_body())

    def with_dropped(self, dropped: frozenset[int]) -> Context:
        """This context with more lines dropped (and the last body paragraph found again)."""
        return replace(self, dropped=dropped)

    def body(self, i: int) -> bool:
        return self.bodies[i]

    def neighbour(self, i: int, step: int) -> int | None:
        """The nearest line before (step -1) or after (+1) that is neither blank nor dropped."""
        j = i + step
        while 0 <= j < len(self.blocks):
            if not self.blocks[j].is_blank and j not in self.dropped:
                return j
            j += step
        return None

    def gap(self, i: int, step: int) -> bool:
        """True if a blank line separates line ``i`` from its neighbour, looking through
        dropped lines (which leave a gap on the cleaner's own output too)."""
        j = i + step
        while 0 <= j < len(self.blocks):
            if self.blocks[j].is_blank:
                return True
            if j not in self.dropped:
                return False
            j += step
        return True

    def _find_last_body(self) -> int:
        prose, dropped = self.prose, self.dropped
        for i in range(len(prose) - 1, -1, -1):
            if prose[i] and i not in dropped:
                return i
        return -1

    def first_anchor_after_body(self) -> int | None:
        """The first end-of-article marker after the last body paragraph: where the footer starts."""
        return min((i for i in self.anchors if i > self.last_body), default=None)

    def rest_from(self, start: int, reason: str, score: float, detail: str) -> list[Mark]:
        """Marks for every line after ``start`` that is neither blank nor already dropped."""
        return [
            Mark(i, Action.DROP, reason, score, detail=detail)
            for i in range(start + 1, len(self.blocks))
            if not self.blocks[i].is_blank and i not in self.dropped
        ]


Scorer = Callable[[Context], list[Mark]]


def headline_shaped(f: Features, config: Config) -> bool:
    """Title Case, headline length, and no sentence end: the shape of a teaser link."""
    return (
        config.headline_min_words <= f.words <= config.headline_max_words
        and not f.terminal_punct
        and f.title_case_ratio >= config.headline_min_title_case
        and not f.table_row
    )


def headline_run(ctx: Context) -> list[Mark]:
    """Runs of headline-shaped lines after the article's end: lists of other stories.

    Inside an article, Title Case lines in a row are its own lists (steps, products, table
    rows), so only runs after an end-of-article marker that follows the last body paragraph
    count. Blank lines and dropped lines do not break a run, so the result does not change
    when the cleaner runs on its own output.
    """
    cfg = ctx.config
    start = ctx.first_anchor_after_body()
    if start is None:
        return []
    marks: list[Mark] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) >= cfg.headline_run_min:
            score = min(1.0, 0.5 + 0.1 * len(run))
            marks.extend(Mark(i, Action.DROP, "headline-run", score, detail=f"run of {len(run)}") for i in run)
        run.clear()

    for i in range(start + 1, len(ctx.blocks)):
        if ctx.blocks[i].is_blank or i in ctx.dropped:
            continue
        if headline_shaped(ctx.features[i], cfg):
            run.append(i)
        else:
            flush()
    flush()
    return marks


def caption_repeat(ctx: Context) -> list[Mark]:
    """A short line that repeats the start of a body paragraph: an image caption.

    Sites caption a photo with the opening words of a body sentence; the extractor keeps
    both. The short copy carries nothing the body does not, so it goes. Headings (Title
    Case), list items and lead-ins ending in a colon are left alone, and so is a line right
    above the paragraph it repeats: that is the paragraph's heading, as a FAQ or a notice
    words it ("X cannot be used in compounding" over "X cannot be used in compounding under ...").
    """
    cfg = ctx.config
    feats = ctx.features
    bodies = sorted(feats[i].key for i, body in enumerate(ctx.bodies) if body)
    if not bodies:
        return []
    low, high, title_case = cfg.caption_min_words, cfg.caption_max_words, cfg.headline_min_title_case
    marks = []
    for i, f in enumerate(feats):
        if f.terminal_punct or f.list_marker or not low <= f.words <= high or f.title_case_ratio >= title_case:
            continue
        block = ctx.blocks[i]
        if block.is_blank or block.text.rstrip().endswith(":"):
            continue
        key = f.key
        at = bisect.bisect_right(bodies, key)
        if at < len(bodies) and bodies[at].startswith(key) and len(bodies[at]) > len(key) + 1 \
                and not _heads_its_paragraph(ctx, i, key):
            marks.append(Mark(i, Action.DROP, "caption-repeat", 0.9, detail="repeats a paragraph's start"))
    return marks


def _heads_its_paragraph(ctx: Context, i: int, key: str) -> bool:
    """Whether line ``i`` (words, not a row of empty cells) sits right above a body paragraph that
    starts with it."""
    after = ctx.neighbour(i, 1)
    return after is not None and ctx.body(after) and ctx.features[after].key.startswith(key) \
        and any(ch.isalpha() for ch in key)


# Words that make a clause: auxiliaries, common reporting verbs, subject pronouns, and the
# irregular past forms that news sentences use most ("Shares fell 5%.", "Sales rose."), which the
# -ed test misses.
_CLAUSE_WORDS = frozenset(
    "is are was were be been being am has have had will would can could should shall may might "
    "must do does did said says say told tells according i we you he she they it there this these "
    "those who which what not no "
    "fell rose grew won lost made took gave came went saw kept held met paid sold bought brought "
    "built began became broke chose drove fought found flew got heard knew led meant ran sent sat "
    "spent stood struck taught thought threw understood wore wrote spoke stole sank shot quit "
    "slid sprang soared shrank swung hung froze spun "
    # Words that speak to the reader or stand for a verb: an instruction ("Reduce your meat
    # intake."), a contraction ("Don't judge me.", "Let's start."). A caption names what a
    # picture shows and does neither.
    "your yours yourself let's it's that's there's here's what's he's she's "
    "i'd you'd he'd she'd we'd they'd it'd who'd that'd there'd".split()
)
# Contractions of a verb ("don't", "hasn't", "we're", "you'll"); "'s" is a possessive as often as
# "is", and "'d" ends names ("Sa'd"), so only the words above count with them.
_VERB_CONTRACTIONS = ("n't", "'re", "'ll", "'ve", "'m")
# Labels that introduce a caption or a credit ("Photo: ...", "Figure 2: ...", "L-R: ..."), as a
# whole label (numbers aside): a label that only holds such a word ("Credit card fees: up 12
# percent.", "Top pick: ...") heads an entry of the article.
_CAPTION_LABELS = frozenset([
    *"image images photo photos photograph photographs photography picture pictures pic pics pictured "
     "source sources credit credits figure fig caption illustration graphic chart map video screenshot "
     "screengrab inset above below top bottom left right handout courtesy via l-r".split(),
    "image credit", "image credits", "photo credit", "photo credits", "image source", "photo source",
    "image courtesy", "photo courtesy", "image via", "top left", "top right", "bottom left", "bottom right",
    "from left", "l to r", "left to right", "clockwise from top left", "main image", "main picture",
    "header image", "featured image", "cover image", "cover photo", "file photo", "artist's impression",
])
_LABEL_MAX_WORDS = 4
_LABEL_EDGES = " \t#.,;()[]*_-–—0123456789"


def has_clause(text: str) -> bool:
    """Rough test for a finite verb: an auxiliary, a reporting verb, a pronoun, a contraction or
    an -ed form."""
    words = WORD_TOKENS.findall(text.lower().replace("\u2019", "'"))
    return any(w in _CLAUSE_WORDS or (len(w) > 4 and w.endswith("ed")) or w.endswith(_VERB_CONTRACTIONS)
               for w in words)


def line_label(text: str) -> tuple[str, str] | None:
    """A short label before a colon and the rest of the line ("Prompt #2: Learning from
    obstacles." gives ``("prompt", "Learning from obstacles.")``): the label lower-cased, without
    numbers, and from its last sentence on ("Traffic jam. Photo: ..." is labelled "photo").
    None when the line has no such label (no colon, a time such as "10:30", a long clause)."""
    label, colon, rest = text.partition(":")
    if not colon or not rest.strip() or rest[:1] not in " \t":
        return None
    before, stop, last = label.rpartition(". ")
    if stop and len(before.split()) > 1 and any(c.isalpha() for c in last):
        label = last  # "Traffic jam. Photo": the label is the last sentence's
    label = label.lower().replace("\u2019", "'").strip(_LABEL_EDGES)
    words = label.split()
    return (" ".join(words), rest.strip()) if 0 < len(words) <= _LABEL_MAX_WORDS else None


def caption_between(ctx: Context) -> list[Mark]:
    """A short verbless line ending in a full stop, alone between body paragraphs: a caption.

    "Company storefront in Paris, France." has no verb and few function words; a
    one-sentence paragraph such as "The companies declined to comment." has a verb and
    stays, as do an instruction to the reader ("Reduce your meat intake."), a contraction
    ("Let's start.") and an entry under a short label ("Maintenance: Ongoing upkeep.").
    Headings (no full stop) and list items are left alone. Lines that
    rules removed count as gaps, so the verdict is the same on the cleaner's own output.
    """
    cfg = ctx.config
    marks = []
    blocks, feats = ctx.blocks, ctx.features
    for i, (block, f) in enumerate(zip(blocks, feats, strict=True)):
        if not 2 <= f.words <= cfg.caption_between_max_words or f.list_marker or block.is_blank or i in ctx.dropped:
            continue
        if headline_shaped(f, cfg):
            continue
        if f.stopword_density > cfg.caption_max_stopword_density:
            continue
        if not block.text.rstrip().endswith("."):
            continue  # captions end with a full stop; subheadings ("Market reaction") do not
        labelled = line_label(block.text)
        if labelled is not None and labelled[0] not in _CAPTION_LABELS:
            continue  # an entry under a label ("Maintenance: Ongoing upkeep.")
        if has_clause(block.text if labelled is None else labelled[1]):
            continue  # a caption's label ("Pictured:") is no verb
        if not (ctx.gap(i, -1) and ctx.gap(i, +1)):
            continue
        prev, nxt = ctx.neighbour(i, -1), ctx.neighbour(i, +1)
        # A one-line paragraph before it: in wrapped text (a man page, a book) the short lines
        # between paragraphs are headings and list items far more often than captions.
        if prev is None or nxt is None or not ctx.body(prev) or feats[nxt].list_marker:
            continue
        marks.append(Mark(i, Action.DROP, "caption-between", 0.6, detail="verbless line between paragraphs"))
    return marks


def footer_zone(ctx: Context) -> list[Mark]:
    """Everything short after the article's end, once an end-of-article marker is seen.

    The article ends at its last body paragraph. If a rule then removed a line that marks the
    end of an article (a copyright line, a related-stories heading, a share prompt), the short
    lines after that marker are the page's footer: app links, language switchers, stray
    headings. Lines between the last paragraph and the first marker are kept. A footer is
    smaller than the article it closes, or a menu of single words: where the short lines after
    the marker hold more words than the text before it, and most of them are phrases, the page
    is a listing or a catalogue whose entries follow one paragraph of introduction, and they stay.
    """
    cfg = ctx.config
    start = ctx.first_anchor_after_body()
    if start is None:
        return []
    dropped = ctx.dropped
    found = [i for i in range(start + 1, len(ctx.blocks)) if not ctx.blocks[i].is_blank and i not in dropped
             and (ctx.features[i].words <= cfg.footer_max_words or not ctx.prose[i])]
    article = sum(ctx.features[i].words for i in range(start) if i not in dropped)
    words = [ctx.features[i].words for i in found]
    if sum(words) > article and 2 * sum(1 for n in words if n <= 1) < len(words):
        return []  # a catalogue's entries
    detail = f"after line {ctx.blocks[start].line_no}"
    return [Mark(i, Action.DROP, "footer-zone", 0.8, detail=detail) for i in found]


def comment_thread(ctx: Context) -> list[Mark]:
    """Everything from the first reader-comment marker on, once the markers make a thread.

    Comment templates mark each comment ("Jane says", "Reply", "(Score:2)"); the comments
    themselves are prose and pass every other test. Comment threads follow the article, so
    when ``comment_thread_min_markers`` markers are seen, the text from the first one to the
    end is the thread. Fewer markers may be stray words, and only they are dropped. A thread
    with no article before it is a discussion page, and its posts are kept.
    """
    cfg = ctx.config
    markers = sorted(ctx.comment_markers)
    if len(markers) < cfg.comment_thread_min_markers:
        return []
    first = markers[0]
    if sum(ctx.features[i].words for i in range(first) if ctx.prose[i]) < cfg.article_min_words:
        return []  # no article before the thread: the posts are the page's content
    detail = f"{len(markers)} comment markers from line {ctx.blocks[first].line_no}"
    return ctx.rest_from(first, "comment-thread", 0.9, detail)


# A section heading of written text ("Reporting Bugs", "SEE ALSO", "Known issues").
SECTION_HEADING_MAX_WORDS = 8


def tail_after_marker(ctx: Context) -> list[Mark]:
    """Everything after a page-closing marker that sits in the last part of the text.

    A copyright line closes the page; what an extractor keeps after it is page furniture
    even when it reads as prose (cookie notices, app promos, teaser blurbs). A marker early
    in the text (a copyright notice quoted in the lede) does not count: it must have
    ``tail_marker_min_share`` of the text's words before it. Weaker end-of-article markers
    (tags, share bars, related headings) also occur mid-article, so they do not start a tail.
    In hard-wrapped text a copyright notice may be one of its sections: where a heading over a
    paragraph of prose follows it (a man page's "Reporting Bugs"), the text goes on, and
    nothing is taken; an e-mail's footer after its copyright line (an address, "unsubscribe")
    has no such section and goes.
    """
    start = _tail_start(ctx)
    if start is None or (ctx.written and _section_follows(ctx, start)):
        return []
    return ctx.rest_from(start, "tail-after-marker", 0.7, f"after line {ctx.blocks[start].line_no}")


def _tail_start(ctx: Context) -> int | None:
    """The first page-closing marker with ``tail_marker_min_share`` of the text's words before
    it: where the page's tail starts; None where no marker closes the page."""
    if not ctx.page_ends:
        return None
    words = [0 if b.is_blank else f.words for b, f in zip(ctx.blocks, ctx.features, strict=True)]
    total = sum(words)
    if not total:
        return None
    before = 0
    for i, w in enumerate(words):
        if i in ctx.page_ends and before >= ctx.config.tail_marker_min_share * total:
            return i
        before += w
    return None


def _section_follows(ctx: Context, start: int) -> bool:
    """A heading (a short line that ends no sentence and leads into no list) with a paragraph
    of prose right under it, after line ``start``."""
    for i in range(start + 1, len(ctx.blocks)):
        f = ctx.features[i]
        if i in ctx.dropped or not 1 <= f.words <= SECTION_HEADING_MAX_WORDS:  # a blank line has no words
            continue
        if f.terminal_punct or f.list_marker or ctx.blocks[i].text.rstrip().endswith(":"):
            continue
        below = ctx.neighbour(i, 1)
        if below is not None and ctx.prose[below]:
            return True
    return False


def repeated_paragraph(ctx: Context) -> list[Mark]:
    """A paragraph that already appeared earlier in the document.

    When a page shows a teaser or a second copy of the story, the extractor keeps both; a forum
    reply quotes the post it answers. The article says each paragraph once. Only paragraphs make
    a copy (``_copyable``), so a repeated short line (a "Pros" heading) is never dropped on its
    own. The first copy stays. A list item that repeats on its own stays too: several lists of an
    article share items (each tour's "Included services: ..."), while a copied block repeats its
    items together, so a repeated item is dropped only beside another repeated paragraph. A
    repeated heading goes when its whole section is a copy (``_heads_a_copied_section``): the
    second copy's headings are not left standing over nothing. A package's repeated items, a
    reply that runs a quoted post into its own words on one line, and the like stay.
    """
    seen: set[str] = set()  # every line's key so far
    seen_bodies: set[str] = set()  # the paragraphs' keys so far
    repeats = []
    code, least = ctx.code, ctx.config.copy_min_words  # _copyable, its common cases inlined: it runs per line
    copies = [i not in code and (body or (f.words >= least and _copyable(ctx, i)))
              for i, (body, f) in enumerate(zip(ctx.bodies, ctx.features, strict=True))]
    for i, f in enumerate(ctx.features):
        if not f.words or i in ctx.dropped:
            continue
        body = copies[i]
        if f.key in (seen_bodies if body else seen):
            repeats.append(i)
        seen.add(f.key)
        if body:
            seen_bodies.add(f.key)
    copied = {i for i in repeats if copies[i]}
    paragraphs = [i for i in repeats if i in copied and _copied_paragraph_goes(ctx, i, copied)]
    gone, repeated = set(paragraphs), set(repeats)
    headings = [i for i in repeats if i not in copied and _heads_a_copied_section(ctx, i, gone, repeated)]
    return [Mark(i, Action.DROP, "repeated-paragraph", 0.9, detail="same as an earlier paragraph")
            for i in sorted(paragraphs + headings)]


def _copyable(ctx: Context, i: int) -> bool:
    """Whether line ``i`` is a paragraph whose repeat is a copy: a body paragraph, or a line of
    prose of ``copy_min_words`` or more however it ends (a post's paragraph that leads into a list
    with a colon), unless it is a list item or a table row (lists and tables of one article share
    long items and rows). A line of code never is: samples repeat their lines."""
    if i in ctx.code:
        return False
    if ctx.bodies[i]:
        return True
    f, cfg = ctx.features[i], ctx.config
    return (f.words >= cfg.copy_min_words and f.stopword_density >= cfg.body_min_stopword_density
            and not f.list_marker and not f.table_row)


def _copied_paragraph_goes(ctx: Context, i: int, copied: set[int]) -> bool:
    """A repeated body paragraph goes; a repeated list item only beside another (``repeated_paragraph``)."""
    return not ctx.features[i].list_marker or ctx.neighbour(i, -1) in copied or ctx.neighbour(i, 1) in copied


def _heads_a_copied_section(ctx: Context, i: int, gone: set[int], repeats: set[int]) -> bool:
    """Whether repeated line ``i`` is a heading whose whole section is a copy: the paragraph right
    under it goes, and every line up to the next heading repeats an earlier one. A summary box's
    heading and blurb repeated over a product's new paragraphs, or a heading over a list that
    shares one item with another, head new text and stay."""
    if not _heading_like(ctx.blocks[i].text, ctx.features[i], ctx.config):
        return False
    j = ctx.neighbour(i, 1)
    if j not in gone:
        return False
    while j is not None and not _heading_like(ctx.blocks[j].text, ctx.features[j], ctx.config):
        if j not in repeats:
            return False
        j = ctx.neighbour(j, 1)
    return True


def _heading_like(text: str, f: Features, config: Config) -> bool:
    """A heading's shape: words in title case, or a question; no list item, no sentence, no code
    ("}"), no legend of a table ("f = fast pace")."""
    return heading_shaped(text, f) and (text.rstrip().endswith("?") or headline_shaped(f, config))


def page_frame(ctx: Context) -> list[Mark]:
    """On a whole page's text, every line outside the article's region: menus, sidebars, footers.

    A page read as text opens with its navigation and closes with its footer; the article is the
    stretch between that is densest in prose. Each line gets a value (``_frame_value``: a prose
    line its words, a shorter line minus its words, at most three, anything between nothing)
    and the region is the run of lines with the largest sum, as Finn's Body Text Extraction
    finds the densest run of text among tags. It is sought before the line that closes the page
    (``_tail_start``, where tail-after-marker starts): the sign-up box or teasers after a shop's
    copyright line may be denser prose than its product's details, and no article is there. The
    line just above the region stays when it is shaped like a headline and at most
    ``HEADLINE_MAX_GAP`` lines stand between, its byline, dateline, share bar and ad labels aside
    (past a menu the rules took, it is a menu entry); a keep mark says so, as the lines around it
    are gone and the neighbour pass would take it.
    Lines the navigation rules removed count in the search as the frame they are. Code counts
    nothing: a sample's short lines are not a menu, and the region goes on past a sample to the
    prose after it (a sample after the last paragraph is still outside it).
    Extracted text has no such frame and short lines there are often content (list items,
    table cells, product specs), so this runs only when ``Config.whole_page`` says the input
    is a whole page.
    """
    cfg = ctx.config
    if not cfg.whole_page:
        return []
    dropped, frame = ctx.dropped, ctx.frame_lines
    lines = [i for i, b in enumerate(ctx.blocks) if not b.is_blank and (i not in dropped or i in frame)]
    repeats = Counter(f.key for b, f in zip(ctx.blocks, ctx.features, strict=True) if not b.is_blank)
    code, features = ctx.code, ctx.features
    tail = _tail_start(ctx) if ctx.tail_marker else None  # the article ends before the line that closes the page
    if tail is not None and ctx.written and _section_follows(ctx, tail):
        tail = None  # a man page's copyright notice, with its sections after it (tail_after_marker)
    searched = lines if tail is None else [i for i in lines if i < tail]
    values = [0 if i in code else _frame_value(ctx.blocks[i].text, features[i], repeats[features[i].key] > 1, cfg)
              for i in searched]
    start, end, best = _densest_run(values)
    if best < cfg.frame_min_region_words:
        return []
    detail = f"outside the article's region, lines {ctx.blocks[lines[start]].line_no}-{ctx.blocks[lines[end]].line_no}"
    above = next((i for i in reversed(lines[:start]) if i not in dropped), None)
    if above is not None and not (_headline_like(ctx.blocks[above].text, ctx.features[above], cfg)
                                  and _lines_between(ctx, above, lines[start]) <= HEADLINE_MAX_GAP):
        above = None
    outside = [i for i in lines[:start] + lines[end + 1:] if i not in dropped and i != above]
    marks = [Mark(i, Action.DROP, "page-frame", 0.8, detail=detail) for i in outside]
    if above is not None:  # its byline and the menu around it are gone: the neighbour pass must not take it
        marks.append(Mark(above, Action.KEEP, "page-frame", 0.0, detail="the article's headline"))
    return marks


# Lines that may stand between the headline and the article besides its furniture (a byline, a
# dateline, a share bar, ad labels: the rule categories below): "At a glance", a label. A line
# further up, past a menu the rules took, is no headline of it.
HEADLINE_MAX_GAP = 3
HEADLINE_FURNITURE = frozenset({"bylines", "share", "ads"})
# The rule category whose lines are the page's frame (menus, buttons, a contents box's label).
FRAME_CATEGORY = "navigation"


def _lines_between(ctx: Context, above: int, below: int) -> int:
    """The non-blank lines between two lines, the headline's furniture aside."""
    return sum(1 for j in range(above + 1, below) if not ctx.blocks[j].is_blank and j not in ctx.furniture)


def _headline_like(text: str, f: Features, cfg: Config) -> bool:
    """Headline length and no sentence end (a question may be a headline): the line just above
    the region is the article's headline more often than not, and the policy keeps it."""
    return cfg.headline_min_words <= f.words <= cfg.headline_max_words and (
        not f.terminal_punct or text.rstrip().endswith("?"))


def _frame_value(text: str, f: Features, repeated: bool, cfg: Config) -> int:
    """A line's worth as article text. Prose counts its words. A shorter line (a menu entry, a
    label, a link) costs its words up to ``frame_max_cost``: the full cost when the page repeats
    it (menus come twice, in the header and the footer), only one when it holds a digit (an
    address, a price, a date: lists in the article, seldom navigation). A sentence that leads
    into a list or a code block ("... start with the following:") is prose too. A long line cut
    short with an ellipsis is a teaser's blurb and costs as much as a menu entry. Any other line
    counts nothing."""
    if f.words < cfg.frame_body_min_words:
        if repeated:
            return -cfg.frame_max_cost
        if any(map(str.isdigit, text)):
            return -1
        return -min(max(f.words, 1), cfg.frame_max_cost)
    end = text.rstrip()
    if end.rstrip(")]").endswith(("...", "…")):
        return -cfg.frame_max_cost
    if is_body(f, cfg.frame_body_min_words, cfg.body_min_stopword_density) or (
            end.endswith(":") and f.stopword_density >= cfg.body_min_stopword_density):
        return f.words
    return 0


def _densest_run(values: Sequence[int]) -> tuple[int, int, int]:
    """Start, end (inclusive) and sum of the run of values with the largest sum (Kadane).

    A run never starts or ends on a value of zero or less, so the run found again in its own
    lines is the same run: cleaning the output again changes nothing.
    """
    best, best_start, best_end = 0, 0, -1
    total, start = 0, 0
    for i, value in enumerate(values):
        if total <= 0:
            total, start = value, i
        else:
            total += value
        if total > best:
            best, best_start, best_end = total, start, i
    return best_start, best_end, best


SCORERS: dict[str, Scorer] = {
    "headline-run": headline_run,
    "caption-repeat": caption_repeat,
    "caption-between": caption_between,
    "footer-zone": footer_zone,
    "comment-thread": comment_thread,
    "repeated-paragraph": repeated_paragraph,
    "tail-after-marker": tail_after_marker,
    "page-frame": page_frame,
}


FRAMING = ("page-frame",)
"""Scorers that run before the others in each round, which see their drops: a paragraph the page
repeats in a sidebar and in the article must lose the sidebar copy, not both."""


def run_scorers(ctx: Context, disabled: frozenset[str] = frozenset()) -> list[Mark]:
    """Every registered scorer's marks: the framing scorers first, then the rest in registry order."""
    marks: list[Mark] = []
    if "tail-after-marker" in disabled:
        ctx = replace(ctx, tail_marker=False)
    for name in FRAMING:
        if name not in disabled:
            marks.extend(SCORERS[name](ctx))
    if marks:
        ctx = ctx.with_dropped(ctx.dropped | {m.index for m in marks if m.score >= ctx.config.drop_threshold})
    for name, scorer in SCORERS.items():
        if name not in disabled and name not in FRAMING:
            marks.extend(scorer(ctx))
    return marks


def score_until_stable(
    blocks: Sequence[Block], features: Sequence[Features], rule_marks: Sequence[Mark], ruleset: RuleSet,
    config: Config, disabled: frozenset[str] = frozenset(), protected: frozenset[int] = frozenset(),
    also_dropped: frozenset[int] = frozenset(), written: bool = False, code: frozenset[int] = frozenset(),
) -> list[Mark]:
    """Run the scorers again, with their own drops treated as gone, until nothing new drops.

    A scorer judges a line by its neighbours; once another scorer has removed a neighbour,
    the verdict can change, and it would change on the cleaner's own output. Running to a
    fixed point (at most ``config.scorer_rounds`` rounds) makes the result the same as
    cleaning that output again. ``also_dropped``: lines the decision step's neighbour pass
    removed in an earlier round, gone as the rules' drops are. ``written``, ``code``: see ``Context``.
    """
    ctx = context_for(blocks, features, rule_marks, ruleset, config, written, code)
    if also_dropped:
        ctx = ctx.with_dropped(ctx.dropped | also_dropped)
    marks: list[Mark] = []
    for _ in range(config.scorer_rounds):
        found = [m for m in run_scorers(ctx, disabled) if m.index not in protected and m.index not in ctx.dropped]
        marks.extend(found)
        new = {m.index for m in found if m.score >= config.drop_threshold}
        if not new:
            break
        ctx = ctx.with_dropped(ctx.dropped | new)
    return marks


def context_for(
    blocks: Sequence[Block], features: Sequence[Features], rule_marks: Sequence[Mark], ruleset: RuleSet,
    config: Config, written: bool = False, code: frozenset[int] = frozenset(),
) -> Context:
    """Build the scorers' Context from the rules' marks."""
    dropping = [m for m in rule_marks if m.action in (Action.DROP, Action.DROP_BLOCK)]
    rule = ruleset.rule
    anchors = {m.index for m in dropping if rule(m.reason).ends_article}
    comment_markers = {m.index for m in dropping if rule(m.reason).comment_marker and m.heading is None}
    page_ends = {m.index for m in dropping if rule(m.reason).ends_page and m.heading is None}
    furniture = {m.index for m in dropping if rule(m.reason).category in HEADLINE_FURNITURE}
    frame_lines = {m.index for m in dropping if rule(m.reason).category == FRAME_CATEGORY}
    return Context(blocks, features, frozenset(m.index for m in dropping), frozenset(anchors),
                   frozenset(comment_markers), frozenset(page_ends), config, frozenset(furniture),
                   frame_lines=frozenset(frame_lines), written=written, code=code)
