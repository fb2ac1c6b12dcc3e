"""``cleaner learn``: read a corpus of JSON lines, write the sites' template lines as a rule file.

Its options and its run live here, so the command line's module only names the command; what
reads JSON and writes YAML is imported when the command runs, not by every ``cleaner`` start.
Exit status: 0 written (also when no site had a template: the file then holds no rules), 2 for
input that cannot be read (a file missing, a line that is not JSON, a record without the text
field), bad options or output that cannot be written, with one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from cleaner.api import Cleaner
from cleaner.exits import EXIT_OK, fail
from cleaner.features import compute_features
from cleaner.index import RuleIndex
from cleaner.learnoptions import LearnOptions
from cleaner.output import output_stream
from cleaner.rules import apply_rules
from cleaner.segment import split_lines
from cleaner.stoplist import get_stoplist
from cleaner.textio import InputError

WHOLE_CORPUS = "all pages"  # the one site of --by none


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``learn`` command's own arguments."""
    defaults = LearnOptions()
    parser.add_argument("corpus", nargs="*", default=["-"], metavar="CORPUS",
                        help="JSON lines files, gzip-compressed or not; - for stdin (the default)")
    parser.add_argument("--by", choices=("host", "none"), default="host",
                        help="host (default): group pages by the host of their 'url' field, and skip records "
                             "without one; none: the corpus is one site")
    parser.add_argument("--field", default="text", help="the field holding a page's text (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-",
                        help="write the rule file here (default: stdout); put it in a rule folder to use it")
    parser.add_argument("--min-pages", type=int, default=defaults.min_pages, metavar="N",
                        help=f"a line must be seen on N pages of its site at least (default {defaults.min_pages})")
    parser.add_argument("--min-share", type=float, default=defaults.min_share, metavar="SHARE",
                        help="a line must sit outside the article on this share of its site's pages "
                             f"(default {defaults.min_share:g})")
    parser.add_argument("--max-inside-share", type=float, default=defaults.max_inside_share, metavar="SHARE",
                        help="... and between body paragraphs on at most this share of the pages holding it "
                             f"(default {defaults.max_inside_share:g})")
    parser.add_argument("--min-words", type=int, default=defaults.min_words, metavar="N",
                        help=f"learn only lines of N words or more (default {defaults.min_words})")
    parser.add_argument("--max-words", type=int, default=defaults.max_words, metavar="N",
                        help=f"learn only lines of N words or fewer (default {defaults.max_words})")
    parser.add_argument("--max-lines-per-site", type=int, default=defaults.max_lines_per_site, metavar="N",
                        help=f"distinct lines (and pairs) tracked per site (default {defaults.max_lines_per_site})")
    parser.add_argument("--max-lines-total", type=int, default=defaults.max_lines_total, metavar="N",
                        help=f"lines and pairs tracked over all sites (default {defaults.max_lines_total})")


def run(cleaner: Cleaner, args: argparse.Namespace) -> int:
    """Count the corpus, write the rule file, say on stderr what was learned."""
    from cleaner.corpus import read_pages
    from cleaner.learn import Learner
    from cleaner.learnfile import check_rule_file, rule_file

    try:
        options = LearnOptions(min_pages=args.min_pages, min_share=args.min_share,
                               max_inside_share=args.max_inside_share, min_words=args.min_words,
                               max_words=args.max_words,
                               max_lines_per_site=args.max_lines_per_site, max_lines_total=args.max_lines_total,
                               config=cleaner.config)
    except ValueError as exc:
        return fail(f"usage: {exc}")
    learner = Learner(options)
    pages = skipped = 0
    try:
        for page in read_pages(args.corpus, args.field, by_host=args.by == "host", on_note=_note):
            if args.by == "host" and page.site is None:
                skipped += 1
                continue
            learner.add(page.site or WHOLE_CORPUS, page.text)
            pages += 1
    except InputError as exc:  # a file that cannot be opened, a record that cannot be read
        return fail(str(exc))
    if skipped:
        print(f"cleaner: learn: {skipped} record(s) without a host in 'url' skipped (--by none keeps them)",
              file=sys.stderr)
    sites = learner.learned(decided_by_rules(cleaner))
    text = rule_file(sites, options, pages)
    problems = check_rule_file(text)
    if problems:  # the writer's own fault: say so rather than hand out a file that will not load
        return fail(f"learn: the rule file written does not check: {problems[0]}")
    try:
        with output_stream(args.output) as out:  # a file is written whole or not at all
            out.write(text.encode("utf-8"))
    except OSError as exc:
        return fail(f"{args.output}: cannot write: {exc.strerror or exc}")
    learned_sites = sum(c.pages >= options.min_pages for c in learner.sites.values())
    print(f"cleaner: learn: {pages} pages of {len(learner.sites)} site(s), {learned_sites} with "
          f"{options.min_pages} pages or more; {sum(len(s.lines) for s in sites)} template line(s) "
          f"of {len(sites)} site(s)", file=sys.stderr)
    return EXIT_OK


def _note(message: str) -> None:
    """How an input was read, on stderr, as the clean command says it."""
    print(f"cleaner: {message}", file=sys.stderr)


def decided_by_rules(cleaner: Cleaner) -> Callable[[str], bool]:
    """A test of whether the cleaner's rules already drop, cut or keep a line: such a line needs no
    learned rule, and one a keep rule protects is content by the policy."""
    index = RuleIndex(cleaner.ruleset.rules)
    stoplist = get_stoplist(cleaner.config.language)

    def decided(text: str) -> bool:
        blocks = split_lines(text)
        return bool(apply_rules(blocks, compute_features(blocks, stoplist), index, cleaner.config))

    return decided
