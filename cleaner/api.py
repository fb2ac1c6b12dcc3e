"""The Python API: ``clean(text) -> Result``, and ``Cleaner`` for a rule set loaded once."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from cleaner.bounded import NoChildProcess, can_fork, run_in_child
from cleaner.config import Config
from cleaner.decide import NEIGHBOUR_PASS, decide
from cleaner.features import compute_features, line_features
from cleaner.htmlinput import REVIEWS, ExtractionTimeout, HtmlOptions, markup_read_as_text
from cleaner.index import RuleIndex
from cleaner.markdown import fenced_code_lines, may_have_fences
from cleaner.model import Action, Block, Decision, Features, Mark, Metadata, Result, Span, Verdict
from cleaner.render import followed_by, output_code_lines, output_texts, removed_ratio, render, text_of_lines
from cleaner.rules import (
    RuleBudget,
    RuleTimeoutError,
    apply_cuts,
    apply_rules,
    orphaned_subheadings,
    reaches_line_end,
)
from cleaner.ruleset import Rule, RuleSet, load_rules
from cleaner.scorers import SCORERS, score_until_stable
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist, stoplist_name
from cleaner.textio import repaired_text
from cleaner.wrapping import joined_blocks, line_decisions, may_be_wrapped, paragraphs, wrap_width

# A page this large is read in a child process when it has a time limit (Cleaner.clean_html): the
# longest single call into lxml grows with the page, past the limit on pages of tens of megabytes.
# The child has its result written back within CHILD_GRACE_SECONDS more.
LARGE_PAGE_CHARS = 2_000_000
CHILD_GRACE_SECONDS = 2.0

BYLINES_CATEGORY = "bylines"  # the rule file whose removals are reported as metadata
# Hard-wrapped text (an e-mail, a man page, a book) is written, not extracted from a page: it
# shows no images (the short lines between its paragraphs are headings and items, not captions),
# and a paragraph it repeats, it repeats on purpose (a man page's shared descriptions). Its
# copyright notice may be one of its sections: see scorers.tail_after_marker.
WRAPPED_TEXT_SCORERS_OFF = frozenset({"caption-between", "repeated-paragraph"})
WRAPPED_TEXT_PASSES = 3
# What reads a page's replies as the comments under an article: off where the replies are the
# content (a page that declares itself a discussion, or comments asked for). The comment rules
# of this block extent take the rest of the page from a comments heading ("9 Comments").
REPLY_SCORERS = frozenset({"comment-thread"})
REPLY_RULE_EXTENT = "rest"
COMMENTS_CATEGORY = "comments"


@dataclass(frozen=True)
class Cleaner:
    """A loaded rule set and a Config: build once, call for every document.

    It pickles, so a pool of worker processes or a cluster executor can ship it.
    """

    ruleset: RuleSet
    config: Config = field(default_factory=Config)
    disabled_scorers: frozenset[str] = frozenset()

    @functools.cached_property
    def _index(self) -> RuleIndex:
        return RuleIndex(self.ruleset.rules)

    @functools.cached_property
    def _whole_page(self) -> Cleaner:
        """This cleaner for a whole page's text (page-frame on), sharing the rule index: the
        second reading of every HTML page."""
        cleaner = replace(self, config=replace(self.config, whole_page=True))
        cleaner.__dict__["_index"] = self._index
        return cleaner

    @functools.cached_property
    def _replies_kept(self) -> Cleaner:
        """This cleaner for a page whose replies are its content: a question's answers each head
        their own comments ("9 Comments", then the next answer), and a thread's posts carry the
        reply markers that make an article's comment thread."""
        rules = tuple(replace(rule, action=Action.DROP) if _takes_the_replies(rule) else rule
                      for rule in self.ruleset.rules)
        return replace(self, ruleset=RuleSet(rules), disabled_scorers=self.disabled_scorers | REPLY_SCORERS)

    @functools.cached_property
    def _has_unvetted(self) -> bool:
        """Whether a rule from the user's folders is loaded: those share a time limit per document."""
        return not all(rule.vetted for rule in self.ruleset.rules)

    @functools.cached_property
    def _cut_mask(self) -> int:
        return self._index.select(lambda rule: rule.action is Action.CUT)

    def __getstate__(self) -> dict[str, object]:
        """Only the fields: the indexes are rebuilt on first use in the receiving process."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @classmethod
    def load(cls, rules_dir: Path | str | None = None, disable: Iterable[str] = (),
             config: Config | None = None, extra_rules: Iterable[Path | str] = ()) -> Cleaner:
        """Load rules from ``rules_dir`` (default: the shipped rules) and the rule files or folders
        ``extra_rules`` names (``--add-rules``), minus ``disable``.

        ``disable`` names rule ids, rule categories (file names), scorer names or the
        neighbour pass (``neighbours``).
        """
        # One name or path given alone is one, not a string of one-letter names.
        names = {disable} if isinstance(disable, str) else set(disable)
        if isinstance(extra_rules, (str, Path)):
            extra_rules = (extra_rules,)
        scorers = names & (set(SCORERS) | {NEIGHBOUR_PASS, REVIEWS})
        ruleset = load_rules(rules_dir, extra_rules).without(names - scorers)
        config = config or Config()
        # An unknown language fails here, not on every document; a name in another case is
        # stored as jusText spells it, for the HTML reading's jusText fallback.
        config = replace(config, language=stoplist_name(config.language))
        return cls(ruleset, config, frozenset(scorers))

    def clean(self, text: str) -> Result:
        """Clean one document; never raises on any input string (anything else is a TypeError).

        Markup is read as text and its tags stay: a text that looks like an HTML page, or a
        fragment of one, says so in its warnings (``clean_html`` reads it as a page). NUL
        characters are removed and a lone surrogate replaced with U+FFFD, so that the output
        encodes as UTF-8, and the warnings say so (``textio.repaired_text``), as on the command line.
        """
        if not isinstance(text, str):
            raise TypeError(f"clean() takes the document's text as a str, not {type(text).__name__}")
        repairs: list[str] = []
        text = repaired_text(text, repairs)
        result = self._clean_text(text)
        markup = markup_read_as_text(text)
        warnings = (*repairs, *result.warnings, *(() if markup is None else (markup,)))
        return result if warnings == result.warnings else replace(result, warnings=warnings)

    def _clean_text(self, text: str, code_lines: frozenset[int] = frozenset()) -> Result:
        """``clean``, for text known to be text (what an extractor or the page's layout wrote).

        Hard-wrapped text (``wrapping``) is judged a paragraph at a time, each paragraph's
        verdict given to its lines. What a pass removes from it can change where its paragraphs
        break (a cut shortens a line, a dropped line set the width), so its output is cleaned
        again, up to ``WRAPPED_TEXT_PASSES`` passes, until nothing more goes: cleaning the output
        once more then changes nothing. ``code_lines``: lines (0-based) known to be code, judged
        as fenced code is (the page's ``<pre>`` text, on the region reading's first pass)."""
        result, wrapped = self._clean_once(text, code_lines)
        passes = 1
        while wrapped and passes < WRAPPED_TEXT_PASSES and not result.passed_through:
            again, wrapped = self._clean_once(result.text, output_code_lines(result.decisions, code_lines))
            passes += 1
            if again.text == result.text or again.passed_through:
                break
            result = followed_by(result, again)
        return result

    def _clean_once(self, text: str, code_lines: frozenset[int] = frozenset()) -> tuple[Result, bool]:
        """One pass of ``_clean_text``, and whether the text or its output reads as wrapped."""
        blocks = split_lines(text)
        code = frozenset(fenced_code_lines([b.text for b in blocks])) if may_have_fences(text) else frozenset()
        if code_lines:
            code |= {i for i in code_lines if 0 <= i < len(blocks)}
        try:
            found = self._paragraphs(blocks, code)
            judged = blocks if found is None else joined_blocks(blocks, found)
            if found is not None and code:  # code lines are never joined: the same lines, renumbered
                code = frozenset(k for k, b in enumerate(judged) if b.line_no - 1 in code)
            joined = frozenset(k for k, lines in enumerate(found) if len(lines) > 1) if found else frozenset()
            # a label taken out of the sentence it interrupted stands before that sentence's paragraph
            apart = frozenset(k for k in range(len(found) - 1) if found[k][0] > found[k + 1][0]) if found \
                else frozenset()
            decisions, cut_marks = self._judge(judged, code, found is not None, joined,
                                               apart)
        except RuleTimeoutError as exc:
            return _passthrough(blocks, f"{exc}; the document passed through unchanged"), False
        bylines = self._bylines(decisions)
        if found is not None:
            spans: dict[int, list[Span]] = {}
            for m in cut_marks:
                if m.span is not None:
                    spans.setdefault(m.index, []).append(m.span)
            decisions = line_decisions(decisions, spans, blocks, found)
        ratio = removed_ratio(decisions)
        lines = output_texts(decisions)
        output = text_of_lines(lines)
        wrapped = found is not None or (output != text and may_be_wrapped(lines) and wrap_width(
            split_lines(output), output_code_lines(decisions, code)) is not None)
        return Result(output, tuple(decisions), ratio, ratio > self.config.max_removed_ratio,
                      metadata=Metadata(bylines=bylines)), wrapped

    def _paragraphs(self, blocks: list[Block], code: frozenset[int]) -> list[list[int]] | None:
        """The paragraphs of hard-wrapped text (``wrapping.paragraphs``), None for other text.
        The lines the rules drop on their own are found first: they are joined to a paragraph
        only where a sentence runs into or out of them. Raises RuleTimeoutError."""
        width = wrap_width(blocks, code)
        if width is None:
            return None
        features, candidates, budget = self._rule_inputs(blocks, code)
        marks = apply_rules(blocks, features, self._index, self.config, candidates, ~self._cut_mask, budget,
                            subheadings=False)
        alone = frozenset(m.index for m in marks if m.heading is None and m.action in (Action.DROP, Action.DROP_BLOCK))
        return paragraphs(blocks, width, code, alone)

    def _rule_inputs(self, blocks: list[Block], code: frozenset[int],
                     ) -> tuple[list[Features], list[int], RuleBudget | None]:
        """The blocks' features, the rules each may match (none on ``code``: no rule judges code;
        scorers may, as a code sample in a comment thread goes with it), and the document's time
        budget for rules not vetted."""
        features = compute_features(blocks, get_stoplist(self.config.language))
        candidates = [self._index.candidates(f) for f in features]
        for i in code:
            candidates[i] = 0
        budget = RuleBudget(self.config.regex_document_timeout) if self._has_unvetted else None
        return features, candidates, budget

    def _judge(self, blocks: list[Block], code: frozenset[int], written: bool,
               joined: frozenset[int] = frozenset(), apart: frozenset[int] = frozenset(),
               ) -> tuple[list[Decision], list[Mark]]:
        """A decision on every non-blank block, and the cut rules' marks; ``code``: the blocks
        of code (fenced, or a page's ``<pre>`` text), which no rule judges; ``written``: the text
        is hard-wrapped, judged a paragraph at a time (``WRAPPED_TEXT_SCORERS_OFF`` do not run);
        ``joined``: blocks that are a wrapped paragraph's lines joined (no teaser blurb);
        ``apart``: labels judged apart from the wrapped sentence they interrupted (no
        subheading). Raises RuleTimeoutError."""
        disabled = self.disabled_scorers | (WRAPPED_TEXT_SCORERS_OFF if written else frozenset())
        stoplist = get_stoplist(self.config.language)
        index, cuts = self._index, self._cut_mask
        features, candidates, budget = self._rule_inputs(blocks, code)  # candidates: for cut and line rules
        cut_marks = apply_rules(blocks, features, index, self.config, candidates, cuts, budget)
        judged, cut_texts = apply_cuts(blocks, cut_marks)
        whole_line_drops: list[Mark] = []
        if cut_texts:  # features are per line: only the cut lines need them again
            # A line that a line rule names whole, as it was read, goes whole, though a cut would
            # leave a part of it ("Are you excited ...? Share what you think with us": the question
            # is the call to action's, not the article's).
            as_read = [candidates[i] if i in cut_texts else 0 for i in range(len(blocks))]
            whole_line_drops = [m for m in apply_rules(blocks, features, index, self.config, as_read, ~cuts, budget,
                                                       joined, subheadings=False, apart=apart)
                                if m.action is Action.DROP and m.heading is None
                                and reaches_line_end(self.ruleset.rule(m.reason), blocks[m.index].text,
                                                     self.config.regex_timeout)]
            for i in cut_texts:
                features[i] = line_features(judged[i].text, stoplist)
                candidates[i] = index.candidates(features[i])
        heads: dict[int, list[Mark]] = {}  # labels kept as the subheadings of the paragraphs under them
        rule_marks = apply_rules(judged, features, index, self.config, candidates, ~cuts, budget, joined, apart=apart,
                                 heads=heads)
        rule_marks += whole_line_drops
        emptied = [Mark(m.index, Action.DROP, m.reason, detail=m.detail) for m in cut_marks
                   if judged[m.index] is blocks[m.index]]
        protected = frozenset(m.index for m in rule_marks if m.action is Action.KEEP)
        # The neighbour pass comes after the scorers, and a line it removes is gone from the output:
        # the scorers judge again without it, as they would when the output is cleaned again.
        threshold = self.config.drop_threshold
        by_neighbours: frozenset[int] = frozenset()
        dropping: set[int] = set()  # the lines the scorers' last marks drop
        index_of = {b.line_no: b.index for b in blocks}  # a paragraph is numbered as its first line

        def decided(scorer_marks: list[Mark]) -> list[Decision]:
            return decide(blocks, features, [*rule_marks, *emptied, *cut_marks], scorer_marks, cut_texts,
                          self.ruleset, self.config, neighbour_pass=NEIGHBOUR_PASS not in self.disabled_scorers)

        for _ in range(self.config.scorer_rounds + 1):
            scorer_marks = score_until_stable(judged, features, [*rule_marks, *emptied], self.ruleset, self.config,
                                              disabled, protected, by_neighbours, written, code)
            now_dropping = {m.index for m in scorer_marks if m.score >= threshold}
            if by_neighbours and now_dropping <= dropping | by_neighbours:
                break  # nothing more goes: the decisions stand
            dropping = now_dropping
            decisions = decided(scorer_marks)
            neighbours = [d.line_no for d in decisions if d.reason == NEIGHBOUR_PASS]
            if not neighbours:
                break
            by_neighbours = frozenset(index_of[line_no] for line_no in neighbours)
        if heads:  # a subheading whose paragraph a scorer took heads nothing in the output
            kept = [index_of[d.line_no] for d in decisions if d.verdict is not Verdict.DROP]
            orphans = orphaned_subheadings(heads, kept, features, self.config)
            if orphans:
                rule_marks += [m for i in orphans for m in heads[i]]
                decisions = decided(scorer_marks)
        return decisions, cut_marks

    def _bylines(self, decisions: Iterable[Decision]) -> tuple[str, ...]:
        """The lines rules of the ``bylines`` category removed: they belong in metadata."""
        found = []
        for d in decisions:
            if d.verdict is Verdict.DROP:
                rule = self.ruleset.by_id(d.reason)
                if rule is not None and rule.category == BYLINES_CATEGORY:
                    found.append(d.text.strip())
        return tuple(found)

    def clean_html(self, html: str, options: HtmlOptions | None = None, timeout: float | None = None) -> Result:
        """Clean an HTML page: its extracted article, or its article region when that reads it better.

        The page is read by trafilatura (its fallback extractors only when its fast reading is
        short; jusText where it finds nothing) and as a whole page of text without its navigation,
        sidebars and footers (``pagetext.read_page``); each reading is
        cleaned (the second with the page-frame scorer) and the extracted one is kept unless the
        region holds it and much more, or holds it with the parts it skipped put back
        (``readings.region_replaces``), or is a forum thread of which the extraction is the first post
        (``readings.thread_region_replaces``), or the region's lines from the extraction's first to its last
        put back less (``span``), on a page that sells nothing (``shop.sells_something``: a
        shop page's densest prose is its reviews). The result carries the page's metadata and
        says which reading it is and why (``reading``, ``reading_reason``). NUL characters are
        removed and a lone surrogate replaced with U+FFFD before the page is read, and the
        warnings say so.
        Raises ``htmlinput.ExtractionTimeout`` when reading takes longer than ``timeout`` seconds.
        A page of ``LARGE_PAGE_CHARS`` or more is then read in a child process, killed when its
        time is up (``bounded``): one call into lxml on such a page outlasts the alarm that bounds
        the others; ``bounded.ChildDied`` is raised where that process dies (out of memory). Where no
        process can be forked, the page is read here, bounded by the alarm alone.
        """
        if timeout and isinstance(html, str) and len(html) >= LARGE_PAGE_CHARS and can_fork():
            # The HTML reading loads here once, not in every child.
            import cleaner.discussion
            import cleaner.html
            import cleaner.pagetext
            import cleaner.readings
            import cleaner.shop
            import cleaner.timelimit  # noqa: F401

            expired = f"reading the page took more than {timeout:g} s"
            with contextlib.suppress(NoChildProcess):  # then read here, bounded by the alarm alone
                return run_in_child(lambda: self._clean_html(html, options, timeout),
                                    timeout + CHILD_GRACE_SECONDS, lambda: ExtractionTimeout(expired))
        return self._clean_html(html, options, timeout)

    def _clean_html(self, html: str, options: HtmlOptions | None, timeout: float | None) -> Result:
        """``clean_html`` in this process."""
        # The HTML reading (and with its first page, trafilatura and lxml) loads only where a page
        # is read: plain-text cleaning starts without it. It loads here, before the page's time
        # limit is set: the limit is for reading the page, not for loading the code that reads it.
        from cleaner.discussion import (
            DISCUSSIONS,
            MEMBER_CARD_RULES,
            declared_article,
            declared_discussion,
            in_marked_article,
            reads_as_thread,
        )
        from cleaner.html import TOO_DEEP, extract, parse, parsed_too_deep
        from cleaner.pagetext import read_page
        from cleaner.readings import (
            compare,
            comparison_summary,
            extraction_stands_because,
            region_replaces,
            span_replaces,
            thread_region_replaces,
        )
        from cleaner.reviews import review_lines, without_reviews
        from cleaner.shop import has_cart_button, sells_something
        from cleaner.span import extraction_span
        from cleaner.timelimit import time_limit
        from cleaner.wordcount import word_count

        if not isinstance(html, str):
            raise TypeError(f"clean_html() takes the page's HTML as a str, not {type(html).__name__}")
        cfg = self.config
        repairs: list[str] = []  # NULs, and lone surrogates: the parser stops reading a page at one
        html = repaired_text(html, repairs)
        if not html.strip():  # no page to read: the extractors would only report their parsers' errors
            return Result("", (), 0.0, warnings=(*repairs, "the page is empty"), reading="none",
                          reading_reason="the page is empty")
        with time_limit(timeout):
            tree = parse(html)
            too_deep = (TOO_DEEP,) if parsed_too_deep() else ()
            page = functools.cache(lambda: read_page(html, tree))  # read once, when first needed

            def short(words: int) -> bool:  # worth trafilatura's fallback extractors
                share = cfg.html_fallback_below_share  # the words are counted only where the bound leaves it open
                return words < cfg.html_fallback_below_words or (
                    words < share * page().words_at_most and words < share * page().visible_words)

            # A question and its answers, or a forum thread: the replies are the page's content.
            given = options or HtmlOptions()
            asked = given.include_comments
            discussion = declared_discussion(html, tree) if asked is None else None
            reading_options = replace(given, include_comments=bool(asked or discussion))
            extraction = extract(html, reading_options, cfg.language, again_when=short, tree=tree)
            reader = self._replies_kept if asked or discussion is not None else self
            extracted = reader._clean_text(extraction.text)
            chosen, reading = extracted, extraction.extractor
            # A region replaces the extraction only with more words than it: where the page's text
            # (its landmarks left out) does not hold them, it is not cleaned whole, and where the
            # cleaned region does not, the two are not compared. A shop page's densest prose is
            # most often its reviews: the extraction stands.
            found = word_count(extracted.text)
            least = min(cfg.html_region_min_ratio, cfg.html_region_gap_min_ratio, cfg.html_span_min_ratio)

            def could_win(words: int) -> bool:  # the ratio as region_replaces computes it
                return not found or words / found >= least

            fewer = f"fewer than {least:g} times the extraction's {found} words"
            if sells_something(page().whole):
                why = "a shop's page: its densest prose is most often its reviews, so the extraction stands"
            elif not could_win(word_count(page().body)):
                why = f"the page's text, its navigation, sidebars and footers left out, has {fewer}"
            else:
                region = reader._whole_page._clean_text(page().body, page().code)
                # A forum thread that declares nothing: its replies, each under its poster's card
                # and over its Reply button, read as an article's comments. Comments refused
                # (include_comments=False) stay refused; a page that declares an article, or
                # marks the one the extractor read, is an article with its comments.
                marked: bool | None = None
                if asked is None and reader is self and reads_as_thread(region.decisions) \
                        and not declared_article(html):
                    marked = in_marked_article(page().tree, extracted.text, cfg)
                    if not marked:
                        region = self._replies_kept._whole_page._clean_text(page().body, page().code)
                if not could_win(word_count(region.text)):
                    why = f"the page's article region, cleaned, has {fewer}"
                else:
                    comparison = compare(extracted.text, region.text, cfg)
                    # Member cards: a forum thread, or an article's commenters (thread_region_replaces).
                    cards = sum(1 for d in region.decisions if d.reason in MEMBER_CARD_RULES)
                    if comparison.read_elsewhere(cfg) or cards:
                        if marked is None:
                            marked = in_marked_article(page().tree, extracted.text, cfg)
                        comparison = replace(comparison, marked=marked)
                    numbers = comparison_summary(comparison)
                    if region_replaces(comparison, cfg):
                        chosen, reading = region, "page-region"
                        why = numbers
                    elif thread_region_replaces(comparison, cards, cfg):
                        chosen, reading = region, "page-region"
                        why = f"the region is a forum thread, showing {cards} line{'' if cards == 1 else 's'} of " \
                              f"its posters' member cards: the replies after the first post are the page's " \
                              f"content; {numbers}"
                    elif span_replaces(comparison, cfg):
                        # the extractor skipped parts between its lines: the region from its
                        # first line to its last puts them back (``span``)
                        span = extraction_span(region, extracted.text, cfg)
                        if span is not None:
                            chosen, reading = span, "page-span"
                            why = f"{numbers}; the words around them are left out"
                        else:
                            why = f"the region's lines from the extraction's first to its last are no " \
                                  f"fuller reading of it: {numbers}"
                    else:
                        why = extraction_stands_because(comparison, cfg)
            # On a shop's page the extraction often carries the product's reviews, readers'
            # comments on it; the page's markup names them (``reviews``).
            # Comments asked for keep them; reading a discussion's replies does not.
            shown = page().tree
            if REVIEWS not in self.disabled_scorers and not asked and shown is not None \
                    and has_cart_button(page().whole):
                chosen = without_reviews(chosen, review_lines(shown), cfg)
        if discussion is not None and reading == "trafilatura":
            why = f"{why}; the page declares itself {DISCUSSIONS[discussion]} (schema.org {discussion}), " \
                  f"so trafilatura was asked for its comments too"
        metadata = replace(extraction.metadata, bylines=chosen.metadata.bylines)
        failures = tuple(f"{failure} while reading the page" for failure in extraction.failures)
        return replace(chosen, metadata=metadata, reading=reading, reading_reason=why,
                       warnings=(*repairs, *chosen.warnings, *too_deep, *failures))


def _takes_the_replies(rule: Rule) -> bool:
    """A comments heading that takes the rest of the page with it: on a discussion it goes alone
    ("12 Comments" is the thread's furniture, the replies under it are the content)."""
    return rule.action is Action.DROP_BLOCK and rule.extent == REPLY_RULE_EXTENT and rule.category == COMMENTS_CATEGORY


def _passthrough(blocks: list[Block], warning: str) -> Result:
    decisions = tuple(
        Decision(b.line_no, b.text, Verdict.KEEP, "passthrough", output=b.text) for b in blocks if not b.is_blank
    )
    return Result(render(decisions), decisions, 0.0, warnings=(warning,), passed_through=True)


@functools.lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The shipped rules with default settings, loaded on first use."""
    return Cleaner.load()


def clean(text: str, cleaner: Cleaner | None = None) -> Result:
    """Clean one document with the shipped rules (or the given ``Cleaner``)."""
    return (cleaner or default_cleaner()).clean(text)


def clean_html(html: str, options: HtmlOptions | None = None, timeout: float | None = None,
               cleaner: Cleaner | None = None) -> Result:
    """Clean one HTML page with the shipped rules (or the given ``Cleaner``): ``Cleaner.clean_html``."""
    return (cleaner or default_cleaner()).clean_html(html, options, timeout)
