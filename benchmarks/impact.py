"""What a rule change does on real pages: scores and changed lines, base rules against head rules.

In the spirit of black's diff-shades: clean every benchmark page with two rule folders and the
same cleaner code, then report the mean token precision, recall and F1 of both and the change
(all pages and articles), and every line whose verdict changed, grouped by the rule or scorer
that decided it, with what the line-level oracle (tokens >= 70% in the ground truth) says. The
lines shown per rule (``--show``) are spread over pages: each page's first change, then its second.

    python benchmarks/impact.py --base-rules DIR_A --head-rules DIR_B [--data PATH]
        [--input text_extracted|text_page|html] [--page-type article] [--limit N] [--show 10]
    python benchmarks/impact.py --base-ref origin/main        # base rules/ from git, head = rules/

``--base-ref REF`` takes the base rule folder from ``git archive REF rules``; the head defaults to
the working tree's ``rules/`` (``--head-rules DIR`` or ``--head-ref REF`` choose another).
``--base-disable`` / ``--head-disable NAME`` switch off a rule, category or scorer on one side
only, to see what one rule does (``--base-disable customer-reviews --input html``: what the
review step takes). Both sides run this checkout's cleaner code, so a change to ``cleaner/``
itself shows only through the rules it reads and the steps switched off.

With ``--input html`` each page is read as ``cleaner page.html`` reads it (``Cleaner.clean_html``,
text output). Where the two sides keep different readings of a page (the extraction on one, the
page's region on the other), its scores count but its lines are not compared, as they are lines
of two different texts; the report says on how many pages that happened.

A change "agrees with the oracle" when the tokens it newly removes are not content by the oracle's
test, and the tokens it brings back are. The exit status is 0 whatever the change does; 2 for a
usage error, missing data, or a rule folder that does not load.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (HERE, ROOT):  # accuracy.py next to this file; the checkout's cleaner, not an installed one
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from accuracy import (  # noqa: E402
    DEFAULT_DATA,
    ORACLE_THRESHOLD,
    TEXT_INPUTS,
    Doc,
    fmt,
    load_docs,
    markdown,
    prf,
    tokens,
)

from cleaner import Cleaner, Decision, Result, Verdict  # noqa: E402
from cleaner.htmlinput import HtmlOptions  # noqa: E402

DEFAULT_RULES = ROOT / "rules"
LINE_CUT = 140


# --------------------------------------------------------------------------- rule folders


@contextmanager
def rules_from_git(ref: str, repo: Path) -> Iterator[Path]:
    """The ``rules/`` folder of a git ref, extracted into a temporary directory."""
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", ref, "rules"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip()
        raise ValueError(f"git archive {ref} rules: {message or 'failed'}")
    with tempfile.TemporaryDirectory(prefix="impact-rules-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:  # Python without extraction filters; git archive writes plain files only
                tar.extractall(tmp)
        yield Path(tmp) / "rules"


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a label for the report and the loaded cleaner."""

    label: str
    cleaner: Cleaner


def load_side(label: str, rules_dir: Path, disable: list[str]) -> Side:
    """Load one side's rules; the label says where they came from and what is switched off."""
    cleaner = Cleaner.load(rules_dir, disable=disable)
    off = f" without {', '.join(disable)}" if disable else ""
    return Side(f"{label}{off} ({len(cleaner.ruleset.rules)} rules)", cleaner)


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class PageScore:
    """Both sides' precision, recall and F1 on one page."""

    doc: Doc
    base: tuple[float, float, float]
    head: tuple[float, float, float]
    output_changed: bool
    reading_changed: bool = False  # HTML: the sides kept different readings; lines not compared


@dataclass(frozen=True)
class Change:
    """One line whose verdict (or cut) differs between base and head."""

    order: int  # the page's position in the data, for a stable order
    doc_id: str
    line_no: int
    text: str
    base: Decision
    head: Decision
    reason: str  # the rule or scorer the change is filed under
    oracle_content: bool  # the whole line is content by the oracle's test
    agrees: bool | None  # the oracle agrees with the new verdict; None when no token changes

    @property
    def direction(self) -> str:
        """kept->removed, removed->kept, or other (a cut that moved, a drop that became a cut)."""
        if self.base.verdict is Verdict.KEEP and self.head.verdict is not Verdict.KEEP:
            return "kept->removed"
        if self.base.verdict is not Verdict.KEEP and self.head.verdict is Verdict.KEEP:
            return "removed->kept"
        return "other"


def removed_tokens(decision: Decision) -> Counter[str]:
    """The tokens a decision takes out of its line: all for a drop, the cut span's for a cut."""
    if decision.verdict is Verdict.DROP:
        return Counter(tokens(decision.text))
    if decision.verdict is Verdict.CUT:
        return Counter(tokens(decision.text)) - Counter(tokens(decision.output))
    return Counter()


def is_content(bag: Counter[str], gt_bag: Counter[str]) -> bool:
    """The oracle's test on a bag of tokens: at least 70% of them occur in the ground truth."""
    n = sum(bag.values())
    hits = sum(min(count, gt_bag[token]) for token, count in bag.items())
    return n > 0 and hits / n >= ORACLE_THRESHOLD


def oracle_agrees(base: Decision, head: Decision, gt_bag: Counter[str]) -> bool | None:
    """True when the head newly removes only non-content and brings back only content."""
    before, after = removed_tokens(base), removed_tokens(head)
    newly_removed, restored = after - before, before - after
    checks = []
    if newly_removed:
        checks.append(not is_content(newly_removed, gt_bag))
    if restored:
        checks.append(is_content(restored, gt_bag))
    return all(checks) if checks else None


def filed_under(base: Decision, head: Decision) -> str:
    """The rule or scorer a change belongs to: the head's new reason, else the base's lost one."""
    if head.reason not in ("content", base.reason):
        return head.reason
    return base.reason


def clean_page(cleaner: Cleaner, doc: Doc, html: bool) -> Result:
    """One side's result on one page: its text cleaned, or (``html``) its HTML read and cleaned."""
    return cleaner.clean_html(doc.text, HtmlOptions(metadata=False)) if html else cleaner.clean(doc.text)


def compare_page(order: int, doc: Doc, base: Side, head: Side, html: bool = False,
                 ) -> tuple[PageScore, list[Change], int]:
    """Clean one page with both sides: its scores, its changed lines, and its reason-only changes."""
    base_result = clean_page(base.cleaner, doc, html)
    head_result = clean_page(head.cleaner, doc, html)
    score = PageScore(
        doc,
        prf(base_result.text, doc.truth),
        prf(head_result.text, doc.truth),
        base_result.text != head_result.text,
        base_result.reading != head_result.reading,
    )
    if score.reading_changed:
        return score, [], 0
    gt_bag = Counter(tokens(doc.truth))
    head_by_line = {d.line_no: d for d in head_result.decisions}
    changes: list[Change] = []
    reason_only = 0
    for b in base_result.decisions:
        h = head_by_line.get(b.line_no)
        if h is None:
            continue
        if b.verdict is h.verdict and b.output == h.output:
            reason_only += b.reason != h.reason
            continue
        changes.append(
            Change(
                order,
                doc.id,
                b.line_no,
                b.text,
                b,
                h,
                filed_under(b, h),
                is_content(Counter(tokens(b.text)), gt_bag),
                oracle_agrees(b, h, gt_bag),
            )
        )
    return score, changes, reason_only


# --------------------------------------------------------------------------- report


def plural(n: int, word: str) -> str:
    """'1 line', '2 lines'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def mean(values: list[float]) -> float | None:
    """The mean, or None for no values."""
    return sum(values) / len(values) if values else None


def delta(a: float | None, b: float | None) -> str:
    """b - a with a sign and four decimals (rule changes move the means a little), or a dash."""
    return "—" if a is None or b is None else f"{b - a:+.4f}"


def score_table(pages: list[PageScore]) -> str:
    """Mean P, R and F1 of base and head and the change, for all pages and (if others are in) articles."""
    header = ["pages", "n"]
    for metric in ("P", "R", "F1"):
        header += [f"{metric} base", f"{metric} head", f"Δ{metric}"]
    rows = []
    articles = [p for p in pages if p.doc.page_type == "article"]
    groups = [("all", pages)] + ([("article", articles)] if len(articles) != len(pages) else [])
    for label, group in groups:
        row = [label, str(len(group))]
        for k in range(3):
            b = mean([p.base[k] for p in group])
            h = mean([p.head[k] for p in group])
            row += [fmt(b), fmt(h), delta(b, h)]
        rows.append(row)
    return markdown(header, rows)


def cut(line: str) -> str:
    """A line shortened to LINE_CUT characters for display."""
    line = line.strip()
    return line if len(line) <= LINE_CUT else line[: LINE_CUT - 1] + "…"


def describe(decision: Decision) -> str:
    """A decision as 'verdict reason'."""
    return f"{decision.verdict.value} {decision.reason}"


def agreement(value: bool | None) -> str:
    """The oracle's view of a change in a word."""
    return {True: "agrees", False: "disagrees", None: "no token change"}[value]


def reason_table(groups: dict[str, list[Change]]) -> str:
    """Counts per rule or scorer: lines, directions, oracle agreement, pages."""
    header = ["rule or scorer", "lines", "kept→removed", "removed→kept", "other", "oracle agrees", "pages"]
    rows = []
    for reason, changes in groups.items():
        directions = Counter(c.direction for c in changes)
        agreed = sum(c.agrees is True for c in changes)
        rows.append(
            [
                f"`{reason}`",
                str(len(changes)),
                str(directions["kept->removed"]),
                str(directions["removed->kept"]),
                str(directions["other"]),
                f"{agreed} ({agreed / len(changes):.0%})",
                str(len({c.doc_id for c in changes})),
            ]
        )
    return markdown(header, rows)


def change_lines(reason: str, changes: list[Change], show: int) -> list[str]:
    """One section: the first ``show`` changed lines filed under one rule or scorer."""
    agreed = sum(c.agrees is True for c in changes)
    out = [f"### `{reason}`: {plural(len(changes), 'line')}, oracle agrees with {agreed}", ""]
    for c in changes[:show]:
        oracle = "content" if c.oracle_content else "boilerplate"
        out.append(
            f"- {c.doc_id} line {c.line_no}: {describe(c.base)} -> {describe(c.head)} "
            f"[oracle: {oracle}, {agreement(c.agrees)}]"
        )
        out.append(f"  `{cut(c.text)}`")
        if c.head.verdict is Verdict.CUT or c.base.verdict is Verdict.CUT:
            out.append(f"  base: `{cut(c.base.output)}`  head: `{cut(c.head.output)}`")
    if len(changes) > show:
        out.append(f"- … and {len(changes) - show} more")
    out.append("")
    return out


def group_changes(changes: list[Change]) -> dict[str, list[Change]]:
    """Changes by rule or scorer, the most changes first, then by name; each in page and line order."""
    groups: dict[str, list[Change]] = {}
    for change in sorted(changes, key=lambda c: (c.order, c.line_no)):
        groups.setdefault(change.reason, []).append(change)
    return dict(sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])))


def spread(changes: list[Change]) -> list[Change]:
    """One rule's changes ordered so the first ones shown come from as many pages as possible.

    The first change of every page (in page order), then the second of every page, and so on:
    one long comment thread cannot fill the whole ``--show`` sample.
    """
    rank: Counter[int] = Counter()
    keyed = []
    for change in changes:  # already in page and line order
        keyed.append((rank[change.order], change.order, change.line_no, change))
        rank[change.order] += 1
    return [item[-1] for item in sorted(keyed, key=lambda item: item[:3])]


def page_table(pages: list[PageScore], show: int) -> str:
    """The pages whose F1 moved most, either way."""
    moved = [p for p in pages if p.head[2] != p.base[2]]
    moved.sort(key=lambda p: (-abs(p.head[2] - p.base[2]), p.doc.id))
    rows = [
        [p.doc.id, p.doc.page_type, fmt(p.base[2]), fmt(p.head[2]), delta(p.base[2], p.head[2]), p.doc.url]
        for p in moved[:show]
    ]
    return markdown(["page", "type", "F1 base", "F1 head", "ΔF1", "url"], rows) if rows else "(no page's F1 moved)"


def report(
    base: Side, head: Side, pages: list[PageScore], changes: list[Change], reason_only: int, scope: str, show: int
) -> str:
    """The whole report as markdown."""
    out = [
        "# Rule-change impact",
        "",
        f"- base: {base.label}",
        f"- head: {head.label}",
        f"- {scope}",
        "",
        "## Token scores (mean over pages)",
        "",
        score_table(pages),
        "",
    ]
    changed_pages = [p for p in pages if p.output_changed]
    up = sum(p.head[2] > p.base[2] for p in pages)
    down = sum(p.head[2] < p.base[2] for p in pages)
    agreed = sum(c.agrees is True for c in changes)
    out.append(
        f"Output changed on {len(changed_pages)} of {plural(len(pages), 'page')} (F1 up on {up}, down on {down}). "
        f"{plural(len(changes), 'line')} changed verdict or cut on {plural(len({c.doc_id for c in changes}), 'page')}; "
        f"the oracle agrees with {agreed} of them. {plural(reason_only, 'more line')} changed reason only "
        "(same verdict and output), not listed."
    )
    switched = sum(p.reading_changed for p in pages)
    if switched:
        out[-1] += (f" The sides kept different readings of {plural(switched, 'page')}, whose lines are not "
                    "compared (their scores count).")
    out.append("")
    if not changes:
        return "\n".join(out)
    groups = {reason: spread(group) for reason, group in group_changes(changes).items()}
    out += ["## Changed lines by rule or scorer", "", reason_table(groups), ""]
    for reason, group in groups.items():
        out += change_lines(reason, group, show)
    out += [f"## Pages whose F1 moved most (up to {show})", "", page_table(pages, show), ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- CLI


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    base = parser.add_mutually_exclusive_group(required=True)
    base.add_argument("--base-rules", type=Path, help="the base rule folder")
    base.add_argument("--base-ref", help="take the base rules/ folder from this git ref")
    head = parser.add_mutually_exclusive_group()
    head.add_argument("--head-rules", type=Path, help="the head rule folder (default: the working tree's rules/)")
    head.add_argument("--head-ref", help="take the head rules/ folder from this git ref")
    parser.add_argument("--base-disable", metavar="NAME", action="append", default=[], help="off on the base side")
    parser.add_argument("--head-disable", metavar="NAME", action="append", default=[], help="off on the head side")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the git checkout the refs belong to")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB JSONL(.gz) file")
    parser.add_argument("--input", choices=(*TEXT_INPUTS, "html"), default="text_extracted")
    parser.add_argument("--page-type", default=None, help="one page type only, e.g. article")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--show", type=int, default=10, help="changed lines shown per rule or scorer (default 10)")
    return parser.parse_args(argv)


@contextmanager
def rule_folder(path: Path | None, ref: str | None, repo: Path, default: Path | None) -> Iterator[tuple[Path, str]]:
    """A rule folder from a path, a git ref, or the default, with a label saying which."""
    if ref is not None:
        with rules_from_git(ref, repo) as folder:
            yield folder, f"rules/ at {ref}"
    else:
        chosen = path if path is not None else default
        if chosen is None:
            raise ValueError("no rule folder given")
        yield chosen, str(chosen)


def main(argv: list[str] | None = None) -> int:
    """Compare the two rule sets and print the report; 0 unless the run could not happen."""
    args = parse_args(argv)
    if not args.data.is_file():
        print(f"benchmark data not found at {args.data}; pass --data PATH", file=sys.stderr)
        return 2
    if args.show < 0:
        print("--show must be 0 or more", file=sys.stderr)
        return 2
    try:
        with (
            rule_folder(args.base_rules, args.base_ref, args.repo, None) as (base_dir, base_label),
            rule_folder(args.head_rules, args.head_ref, args.repo, DEFAULT_RULES) as (head_dir, head_label),
        ):
            base = load_side(base_label, base_dir, args.base_disable)
            head = load_side(head_label, head_dir, args.head_disable)
    except Exception as exc:  # git errors, RuleError: one line naming what failed
        print(f"cannot load the rules: {exc}", file=sys.stderr)
        return 2

    docs = load_docs(args.data, args.input, args.page_type, args.limit)
    if not docs:
        print("no documents selected", file=sys.stderr)
        return 2
    pages: list[PageScore] = []
    changes: list[Change] = []
    reason_only = 0
    for order, doc in enumerate(docs):
        page, page_changes, page_reason_only = compare_page(order, doc, base, head, args.input == "html")
        pages.append(page)
        changes += page_changes
        reason_only += page_reason_only

    scope = f"page type {args.page_type}" if args.page_type else "all page types"
    where = f"{args.data.name}: {len(docs)} pages, input {args.input}, {scope}"
    print(report(base, head, pages, changes, reason_only, where, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
