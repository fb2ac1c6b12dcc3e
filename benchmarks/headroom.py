"""Where the cleaner's remaining distance to the line-level oracle lies, and what could close it.

The oracle keeps exactly the input lines whose tokens are mostly in the ground truth. Each output
line of the cleaner that the oracle would drop is put in one of eight groups: a sentence or a
fragment (furniture: a label, a heading, a button, a short line), before the first content line,
inside the article, after its last content line, or on a page where the oracle keeps no output
line at all (there, removing everything leaves an empty output, which scores 0). For each group
the report gives the mean F1 the cleaner would reach if it also removed every line of that group
and nothing else, so a rule author sees which kind of line is worth a rule, and which could only
be reached by removing text that reads like the article's own. A sample of each group's lines is
listed, spread over pages.

    python benchmarks/headroom.py [--data PATH] [--input text_extracted|text_page]
        [--page-type article] [--limit N] [--show 8] [--rules DIR]

The cleaner runs in this process with this checkout's rules (``--input page`` profile for
``text_page``). The exit status is 0; 2 for missing data or a rule folder that does not load.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (HERE, ROOT):  # accuracy.py next to this file; the checkout's cleaner, not an installed one
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from accuracy import (  # noqa: E402
    DEFAULT_DATA,
    TEXT_INPUTS,
    SetupError,
    cut,
    fmt,
    markdown,
    oracle_keeps,
    prf,
    run_cleaner,
    run_cleaner_page,
    run_oracle,
    selected_docs,
    tokens,
)
from accuracy import spread as spread_over_pages  # noqa: E402

DEFAULT_RULES = ROOT / "rules"
ZONES = ("before", "inside", "after", "outside")  # outside: the page has no content line at all
KINDS = ("furniture", "sentence")
KIND_LABELS = {"furniture": "furniture lines", "sentence": "sentences"}
ZONE_LABELS = {"before": "before the article", "inside": "inside the article", "after": "after the article",
               "outside": "on pages with no content line"}
SENTENCE_MIN_WORDS = 12
SENTENCE_ENDS = (".", "!", "?", '"', "\u201d", "\u2019", ")")


def kind_of(line: str) -> str:
    """A sentence has the length of one and ends like one; anything else is furniture."""
    stripped = line.rstrip()
    if len(stripped.split()) >= SENTENCE_MIN_WORDS and stripped.endswith(SENTENCE_ENDS):
        return "sentence"
    return "furniture"


@dataclass(frozen=True)
class PageLines:
    """One page's output lines, each with whether the oracle keeps it and its group if not."""

    page_id: str
    lines: list[str]
    groups: list[str | None]  # "zone kind" for a line the oracle drops; None for content and wordless lines


def group_lines(page_id: str, output: str, truth: str) -> PageLines:
    """Sort one output's non-blank lines into content and the eight groups of non-content lines."""
    gt_bag = Counter(tokens(truth))
    lines = [line for line in output.splitlines() if line.strip()]
    content = [oracle_keeps(line, gt_bag) for line in lines]
    first = content.index(True) if True in content else len(lines)
    last = len(lines) - 1 - content[::-1].index(True) if True in content else -1
    groups: list[str | None] = []
    for i, (line, is_content) in enumerate(zip(lines, content, strict=True)):
        if is_content or not tokens(line):  # a line without words ("|---|") weighs nothing
            groups.append(None)
            continue
        zone = "outside" if last < 0 else "before" if i < first else "after" if i > last else "inside"
        groups.append(f"{zone} {kind_of(line)}")
    return PageLines(page_id, lines, groups)


def without(page: PageLines, removed: Callable[[str | None], bool]) -> str:
    """The page's output with the lines of the removed groups taken out."""
    return "\n".join(line for line, group in zip(page.lines, page.groups, strict=True) if not removed(group))


def report(pages: list[PageLines], truths: dict[str, str], oracle_f1: float, show: int) -> str:
    """The table of what each group is worth, and a sample of its lines."""
    n = len(pages)
    if not n:
        return "(no pages)"

    def mean_f1(removed: Callable[[str | None], bool]) -> float:
        return sum(prf(without(p, removed), truths[p.page_id])[2] for p in pages) / n

    base = mean_f1(lambda g: False)
    counts: Counter[str] = Counter(g for p in pages for g in p.groups if g)
    rows = [["nothing (the cleaner as it is)", "", fmt(base, 4), ""]]
    for zone in ZONES:
        for kind in KINDS:
            name = f"{zone} {kind}"
            f1 = mean_f1(lambda g, name=name: g == name)  # type: ignore[misc]
            label = f"{KIND_LABELS[kind]} {ZONE_LABELS[zone]}"
            rows.append([label, str(counts[name]), fmt(f1, 4), f"{f1 - base:+.4f}"])
    furniture = mean_f1(lambda g: g is not None and g.endswith("furniture"))
    rows.append(["every furniture line", str(sum(v for k, v in counts.items() if k.endswith("furniture"))),
                 fmt(furniture, 4), f"{furniture - base:+.4f}"])
    every = mean_f1(lambda g: g is not None)
    rows.append(["every line the oracle drops", str(sum(counts.values())), fmt(every, 4), f"{every - base:+.4f}"])
    rows.append(["(the oracle on the input)", "", fmt(oracle_f1, 4), f"{oracle_f1 - base:+.4f}"])
    out = [markdown(["also removed", "lines", "F1", "gain"], rows), ""]
    out.append(
        f"A sentence has {SENTENCE_MIN_WORDS}+ words and ends like one; furniture is every other line. "
        "The zones are set by the first and last output line the oracle keeps."
    )
    if show > 0:
        for zone in ZONES:
            for kind in KINDS:
                name = f"{zone} {kind}"
                out += ["", f"### {KIND_LABELS[kind]} {ZONE_LABELS[zone]} ({counts[name]} lines)", ""]
                out += [f"- {page_id}: `{cut(line)}`" for page_id, line in spread(pages, name, show)]
    return "\n".join(out)


def spread(pages: list[PageLines], name: str, show: int) -> list[tuple[str, str]]:
    """Up to ``show`` lines of a group: each page's first such line, then each page's second, ..."""
    per_page: dict[str, list[str]] = defaultdict(list)
    for page in pages:
        for line, group in zip(page.lines, page.groups, strict=True):
            if group == name:
                per_page[page.page_id].append(line)
    return spread_over_pages(per_page, show)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB JSONL(.gz) file")
    parser.add_argument("--input", choices=TEXT_INPUTS, default="text_extracted", help="the text field cleaned")
    parser.add_argument("--page-type", default="article", help="one page type (default article; 'all' for every page)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--show", type=int, default=8, help="lines listed per group (default 8)")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="the cleaner's rule folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Clean every selected page and print the report; return the exit status."""
    args = parse_args(argv)
    try:
        docs = selected_docs(args.data, args.rules, args.input, args.page_type, args.limit)
    except SetupError as exc:
        print(exc, file=sys.stderr)
        return 2
    clean = run_cleaner_page if args.input == "text_page" else run_cleaner
    pages = [group_lines(doc.id, clean(doc.text, doc.truth), doc.truth) for doc in docs]
    truths = {doc.id: doc.truth for doc in docs}
    oracle_f1 = sum(prf(run_oracle(doc.text, doc.truth), doc.truth)[2] for doc in docs) / len(docs)
    print(f"# Headroom: {args.data.name}, {len(docs)} pages, input {args.input}, page type {args.page_type}")
    print()
    print(report(pages, truths, oracle_f1, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
