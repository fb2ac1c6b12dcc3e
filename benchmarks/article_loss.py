"""What the cleaner takes from text that is all article: each page's ground truth, cleaned alone.

The ground truth is the text the annotators kept, so every word the cleaner removes from it is
either article lost (the policy's first promise broken) or a line the policy drops that the
annotators kept (a dateline, an "Also read:" pointer, a disclaimer). The report gives the words
removed per rule and scorer, and lists the lines, spread over pages, for a reviewer to tell the
two apart. F1 hides such losses among the boilerplate a rule removes; this counts them alone.

``--wrap N`` fills each paragraph of the truth to N columns first (Python's ``textwrap.fill``),
as a plain-text e-mail, a man page or a hard-wrapped Markdown file has it: a rule that takes a
line which is only a piece of a sentence there shows up here.

    python benchmarks/article_loss.py [--data PATH] [--page-type article] [--wrap 0]
        [--limit N] [--show 12] [--rules DIR]

The exit status is 0; 2 for missing data or a rule folder that does not load.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (HERE, ROOT):  # accuracy.py next to this file; the checkout's cleaner, not an installed one
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from accuracy import DEFAULT_DATA, SetupError, _cleaner, cut, markdown, selected_docs  # noqa: E402
from accuracy import spread as spread_over_pages  # noqa: E402

DEFAULT_RULES = ROOT / "rules"


def wrapped(text: str, width: int) -> str:
    """Each non-blank line of ``text`` filled to ``width`` columns, paragraphs apart by a blank line."""
    return "\n\n".join(textwrap.fill(line, width) for line in text.splitlines() if line.strip())


@dataclass
class Loss:
    """What one reason (a rule id or a scorer's name) removed from the truths."""

    lines: int = 0
    words: int = 0
    pages: set[str] = field(default_factory=set)
    samples: list[tuple[str, str]] = field(default_factory=list)  # (page id, line), in page order


def losses(page_id: str, text: str, found: dict[str, Loss]) -> int:
    """Clean ``text`` and add what each reason removed to ``found``; return the words removed."""
    removed = 0
    for decision in _cleaner().clean(text).decisions:
        words = len(decision.text.split()) - len(decision.output.split())
        if words <= 0:
            continue
        loss = found[decision.reason]
        loss.lines += 1
        loss.words += words
        loss.pages.add(page_id)
        loss.samples.append((page_id, decision.text))
        removed += words
    return removed


def spread(samples: list[tuple[str, str]], show: int) -> list[tuple[str, str]]:
    """Up to ``show`` samples: each page's first line, then each page's second, ..."""
    per_page: dict[str, list[str]] = defaultdict(list)
    for page_id, line in samples:
        per_page[page_id].append(line)
    return spread_over_pages(per_page, show)


def report(found: dict[str, Loss], pages: int, pages_hit: int, words: int, removed: int, show: int) -> str:
    """The totals, a table per reason (most words first) and each reason's sample lines."""
    share = removed / words if words else 0.0
    out = [f"{pages} pages, {words:,} words of ground truth: {removed:,} words removed ({share:.2%}), "
           f"on {pages_hit} pages.", ""]
    ranked = sorted(found.items(), key=lambda item: (-item[1].words, item[0]))
    out.append(markdown(["removed by", "words", "lines", "pages"],
                        [[f"`{reason}`", f"{loss.words:,}", str(loss.lines), str(len(loss.pages))]
                         for reason, loss in ranked]))
    for reason, loss in ranked:
        out += ["", f"### `{reason}`", ""]
        out += [f"- {page_id}: `{cut(line)}`" for page_id, line in spread(loss.samples, show)]
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB JSONL(.gz) file")
    parser.add_argument("--page-type", default="article", help="one page type (default article; 'all' for every page)")
    parser.add_argument("--wrap", type=int, default=0, help="fill the truth's paragraphs to this many columns first")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--show", type=int, default=12, help="lines listed per reason (default 12)")
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="the cleaner's rule folder")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Clean every selected page's truth and print the report; return the exit status."""
    args = parse_args(argv)
    if args.wrap < 0:
        print("--wrap takes a number of columns, or 0 for none", file=sys.stderr)
        return 2
    try:
        docs = [doc for doc in selected_docs(args.data, args.rules, "ground_truth", args.page_type, args.limit)
                if doc.truth.strip()]
    except SetupError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not docs:
        print("no documents selected", file=sys.stderr)
        return 2
    found: dict[str, Loss] = defaultdict(Loss)
    words = removed = pages_hit = 0
    for doc in docs:
        text = wrapped(doc.truth, args.wrap) if args.wrap else doc.truth
        words += len(text.split())
        lost = losses(doc.id, text, found)
        removed += lost
        pages_hit += lost > 0
    wrap = f", wrapped at {args.wrap} columns" if args.wrap else ""
    print(f"# Article loss: {args.data.name}, page type {args.page_type}, the ground truth cleaned{wrap}")
    print()
    print(report(found, len(docs), pages_hit, words, removed, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
