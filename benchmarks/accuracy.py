"""Token-level accuracy and speed of `cleaner` and its peers on the WCXB dev split.

Every system is a function from the input text to the cleaned text; all of them run on the same
documents in one run. Per document the bag of lower-cased ``\\w+`` tokens of the output is compared
with the ground truth's (precision, recall, F1; an empty output scores 0), and the means are
reported for all pages, for articles and per page type, with the must_contain / must_not_contain
snippet rates and the throughput measured inside each system function only.

    python benchmarks/accuracy.py [--data PATH] [--input text_extracted|text_page] [--limit N]
        [--page-type TYPE] [--systems input,cleaner,oracle,c4,justext] [--worst N] [--jobs N]

The data (WCXB, Murrough Foley, CC-BY-4.0) stays outside the repository; pass ``--data`` when it
is not at ``../shared/benchmark/wcxb-dev.jsonl.gz`` next to the checkout.
"""

from __future__ import annotations

import argparse
import gzip
import html
import inspect
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmark" / "wcxb-dev.jsonl.gz"
ALL_SYSTEMS = ("input", "cleaner", "oracle", "c4", "justext")
INPUT_FIELDS = ("text_extracted", "text_page")
ORACLE_THRESHOLD = 0.7
LINE_CUT = 160

TOKEN = regex.compile(r"\w+")
WHITESPACE = regex.compile(r"\s+")

System = Callable[[str, str], str]
"""A system maps (input text, ground truth) to output text; only the oracle reads the truth."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Doc:
    """The fields of one benchmark record that scoring needs."""

    id: str
    url: str
    page_type: str
    text: str
    truth: str
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]


def load_docs(
    path: Path, input_field: str, page_type: str | None, limit: int | None
) -> list[Doc]:
    """Read the JSONL(.gz) records, keep one page type if asked, stop after ``limit`` documents."""
    opener = gzip.open if path.suffix == ".gz" else open
    docs: list[Doc] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(docs) >= limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            if page_type is not None and record["page_type"] != page_type:
                continue
            docs.append(
                Doc(
                    id=str(record["id"]),
                    url=record.get("url") or "",
                    page_type=record["page_type"],
                    text=record.get(input_field) or "",
                    truth=record.get("ground_truth") or "",
                    must_contain=tuple(record.get("must_contain") or ()),
                    must_not_contain=tuple(record.get("must_not_contain") or ()),
                )
            )
    return docs


# --------------------------------------------------------------------------- metric


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens of a text."""
    return TOKEN.findall(text.lower())


def prf(output: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of ``output`` against ``truth``; empty scores 0."""
    out_bag = Counter(tokens(output))
    gt_bag = Counter(tokens(truth))
    n_out = sum(out_bag.values())
    n_gt = sum(gt_bag.values())
    if n_out == 0 or n_gt == 0:
        return 0.0, 0.0, 0.0
    overlap = sum((out_bag & gt_bag).values())
    if overlap == 0:
        return 0.0, 0.0, 0.0
    precision = overlap / n_out
    recall = overlap / n_gt
    return precision, recall, 2 * precision * recall / (precision + recall)


def normalise_space(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends."""
    return WHITESPACE.sub(" ", text).strip()


def snippet_counts(output: str, doc: Doc) -> tuple[int, int]:
    """(must_contain snippets found, must_not_contain snippets absent) in the output."""
    haystack = normalise_space(output)
    found = sum(normalise_space(s) in haystack for s in doc.must_contain)
    absent = sum(normalise_space(s) not in haystack for s in doc.must_not_contain)
    return found, absent


# --------------------------------------------------------------------------- systems


def run_input(text: str, truth: str) -> str:
    """The input kept as it is: the do-nothing baseline."""
    return text


def oracle_keeps(line: str, gt_bag: Counter[str]) -> bool:
    """True when at least 70% of the line's tokens (with multiplicity) occur in the GT bag."""
    line_bag = Counter(tokens(line))
    n = sum(line_bag.values())
    if n == 0:
        return False
    hits = sum(min(count, gt_bag[token]) for token, count in line_bag.items())
    return hits / n >= ORACLE_THRESHOLD


def run_oracle(text: str, truth: str) -> str:
    """Line-level oracle: keep exactly the input lines whose tokens are mostly in the truth."""
    gt_bag = Counter(tokens(truth))
    return "\n".join(line for line in text.splitlines() if oracle_keeps(line, gt_bag))


# Line-level rules of datatrove's C4QualityFilter (src/datatrove/pipeline/filters/c4_filters.py),
# after the C4 paper; its document-level drops (lorem ipsum, curly bracket, < 5 sentences) become
# line drops here, and the curly quotes count as terminal punctuation.
C4_CITATION = regex.compile(r"\[\d*]|\[edit]|\[citation needed]")
C4_END_PUNCTUATION = (".", "?", "!", '"', "'", "\u201d", "\u2019")
C4_ELLIPSIS = "..."
C4_MIN_WORDS = 3
C4_MAX_WORD_LENGTH = 1000
C4_POLICY = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)


def c4_line(line: str) -> str | None:
    """The line as C4 keeps it (citations removed), or None when C4 drops it."""
    line = line.strip()
    words = line.split()
    if any(len(word) > C4_MAX_WORD_LENGTH for word in words):
        return None
    line = C4_CITATION.sub("", line)
    if not line.endswith(C4_END_PUNCTUATION) or line.endswith(C4_ELLIPSIS):
        return None
    if len(words) < C4_MIN_WORDS:
        return None
    lower = line.lower()
    if "lorem ipsum" in lower or "javascript" in lower or "{" in line:
        return None
    if any(phrase in lower for phrase in C4_POLICY):
        return None
    return line


def run_c4(text: str, truth: str) -> str:
    """C4-style line filter (datatrove C4QualityFilter's line rules)."""
    kept = (c4_line(line) for line in text.splitlines())
    return "\n".join(line for line in kept if line is not None)


# Characters lxml refuses in a document (XML 1.0 forbids them); removed before jusText parses.
XML_INVALID = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_JUSTEXT: tuple[object, frozenset[str]] | None = None


def _justext() -> tuple[object, frozenset[str]]:
    """The justext module and its English stoplist, imported once per process."""
    global _JUSTEXT
    if _JUSTEXT is None:
        import justext

        _JUSTEXT = (justext, justext.get_stoplist("English"))
    return _JUSTEXT


def run_justext(text: str, truth: str) -> str:
    """jusText on the text's lines: each non-empty line becomes one <p>; keep the good ones."""
    module, stoplist = _justext()
    lines = [XML_INVALID.sub("", line).strip() for line in text.splitlines()]
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines if line)
    if not body:
        return ""
    page = f"<html><body>\n{body}</body></html>"
    paragraphs = module.justext(page, stoplist)  # type: ignore[attr-defined]
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


_CLEANER: System | None = None
_CLEANER_NOTE = ""


def _cleaner() -> System:
    """`cleaner.clean` from this checkout, with the checkout's rules/ when the API takes them."""
    global _CLEANER, _CLEANER_NOTE
    if _CLEANER is None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        import cleaner
        from cleaner import clean

        rules_dir = ROOT / "rules"
        loader = getattr(cleaner, "load_rules", None)
        params = inspect.signature(clean).parameters
        if rules_dir.is_dir() and callable(loader) and "rules" in params:
            fn: Callable[[str], object] = partial(clean, rules=loader(rules_dir))
            _CLEANER_NOTE = f"cleaner: rules loaded from {rules_dir}"
        else:
            fn = clean
            _CLEANER_NOTE = "cleaner: clean(text) with its default rules"

        def run(text: str, truth: str) -> str:
            return fn(text).text  # type: ignore[attr-defined]

        _CLEANER = run
    return _CLEANER


def run_cleaner(text: str, truth: str) -> str:
    """`clean(text).text` from the cleaner package."""
    return _cleaner()(text, truth)


SYSTEMS: dict[str, System] = {
    "input": run_input,
    "cleaner": run_cleaner,
    "oracle": run_oracle,
    "c4": run_c4,
    "justext": run_justext,
}


def available(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split the requested systems into those that can run and notes about those skipped."""
    runnable: list[str] = []
    notes: list[str] = []
    for name in names:
        try:
            if name == "cleaner":
                _cleaner()
                notes.append(_CLEANER_NOTE)
            elif name == "justext":
                _justext()
        except ImportError as exc:
            notes.append(f"{name}: skipped, not importable ({exc})")
            continue
        runnable.append(name)
    return runnable, notes


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Score:
    """One system's result on one document."""

    precision: float
    recall: float
    f1: float
    contain_found: int
    not_contain_absent: int
    seconds: float


@dataclass(frozen=True)
class DocResult:
    """All systems' scores on one document, plus the input's F1 for the --worst ranking."""

    doc: Doc
    input_f1: float
    scores: dict[str, Score]


def evaluate(doc: Doc, names: tuple[str, ...]) -> DocResult:
    """Run every system on one document and score it; time only the system call."""
    scores: dict[str, Score] = {}
    for name in names:
        system = SYSTEMS[name]
        start = time.perf_counter()
        try:
            output = system(doc.text, doc.truth)
        except Exception as exc:
            raise RuntimeError(f"system {name!r} failed on document {doc.id}") from exc
        seconds = time.perf_counter() - start
        found, absent = snippet_counts(output, doc)
        scores[name] = Score(*prf(output, doc.truth), found, absent, seconds)
    input_f1 = scores["input"].f1 if "input" in scores else prf(doc.text, doc.truth)[2]
    return DocResult(doc, input_f1, scores)


def _evaluate_job(job: tuple[Doc, tuple[str, ...]]) -> DocResult:
    """Pool adapter for `evaluate`."""
    return evaluate(*job)


def evaluate_all(docs: list[Doc], names: tuple[str, ...], jobs: int) -> list[DocResult]:
    """Evaluate all documents, in order, in this process or in ``jobs`` worker processes."""
    if jobs <= 1:
        return [evaluate(doc, names) for doc in docs]
    import multiprocessing

    with multiprocessing.Pool(jobs) as pool:
        return pool.map(_evaluate_job, [(doc, names) for doc in docs], chunksize=8)


@dataclass
class Summary:
    """Sums of one system's scores over a group of documents; means and rates as properties."""

    n: int = 0
    precision_sum: float = 0.0
    recall_sum: float = 0.0
    f1_sum: float = 0.0
    contain_found: int = 0
    contain_total: int = 0
    not_contain_absent: int = 0
    not_contain_total: int = 0
    seconds: float = 0.0
    input_bytes: int = 0

    def add(self, doc: Doc, score: Score) -> None:
        """Add one document's score."""
        self.n += 1
        self.precision_sum += score.precision
        self.recall_sum += score.recall
        self.f1_sum += score.f1
        self.contain_found += score.contain_found
        self.contain_total += len(doc.must_contain)
        self.not_contain_absent += score.not_contain_absent
        self.not_contain_total += len(doc.must_not_contain)
        self.seconds += score.seconds
        self.input_bytes += len(doc.text.encode("utf-8"))

    @property
    def precision(self) -> float | None:
        """Mean precision, None for an empty group."""
        return self.precision_sum / self.n if self.n else None

    @property
    def recall(self) -> float | None:
        """Mean recall, None for an empty group."""
        return self.recall_sum / self.n if self.n else None

    @property
    def f1(self) -> float | None:
        """Mean F1, None for an empty group."""
        return self.f1_sum / self.n if self.n else None


def summarise(
    results: list[DocResult], name: str, page_type: str | None = None
) -> Summary:
    """Summary of one system over all documents or one page type."""
    summary = Summary()
    for result in results:
        if page_type is None or result.doc.page_type == page_type:
            summary.add(result.doc, result.scores[name])
    return summary


# --------------------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for the table, or a dash when there is nothing to show."""
    return "—" if value is None else f"{value:.{digits}f}"


def rate(part: int, total: int) -> float | None:
    """part / total, or None when there is nothing to count."""
    return part / total if total else None


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table, first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def main_table(results: list[DocResult], names: list[str]) -> str:
    """P/R/F1 for all pages and articles, snippet rates and throughput per system."""
    header = [
        "system",
        "P all",
        "R all",
        "F1 all",
        "P article",
        "R article",
        "F1 article",
        "must_contain",
        "must_not_contain",
        "pages/s",
        "MB/s",
    ]
    rows = []
    for name in names:
        everything = summarise(results, name)
        article = summarise(results, name, "article")
        seconds = everything.seconds
        rows.append(
            [
                name,
                fmt(everything.precision),
                fmt(everything.recall),
                fmt(everything.f1),
                fmt(article.precision),
                fmt(article.recall),
                fmt(article.f1),
                fmt(rate(everything.contain_found, everything.contain_total)),
                fmt(rate(everything.not_contain_absent, everything.not_contain_total)),
                fmt(everything.n / seconds if seconds > 0 else None, 0),
                fmt(everything.input_bytes / 1e6 / seconds if seconds > 0 else None, 1),
            ]
        )
    return markdown(header, rows)


def type_table(results: list[DocResult], names: list[str]) -> str:
    """F1 per page type (and over all pages) per system."""
    counts = Counter(result.doc.page_type for result in results)
    types = sorted(counts)
    header = (
        ["system"] + [f"{t} ({counts[t]})" for t in types] + [f"all ({len(results)})"]
    )
    rows = [
        [name]
        + [fmt(summarise(results, name, t).f1) for t in types]
        + [fmt(summarise(results, name).f1)]
        for name in names
    ]
    return markdown(header, rows)


def cut(line: str) -> str:
    """A line shortened to LINE_CUT characters for display."""
    line = line.strip()
    return line if len(line) <= LINE_CUT else line[: LINE_CUT - 1] + "…"


def line_diff(doc: Doc, output: str) -> tuple[list[str], list[str]]:
    """(input lines the cleaner dropped but the oracle keeps, lines it kept that the oracle drops).

    An input line counts as kept when its whitespace-normalised form is among the output's lines
    (each output line is matched once, in order of appearance).
    """
    kept_pool = Counter(normalise_space(line) for line in output.splitlines())
    gt_bag = Counter(tokens(doc.truth))
    wrongly_dropped: list[str] = []
    left: list[str] = []
    for line in doc.text.splitlines():
        key = normalise_space(line)
        if not key:
            continue
        kept = kept_pool[key] > 0
        if kept:
            kept_pool[key] -= 1
        oracle = oracle_keeps(line, gt_bag)
        if oracle and not kept:
            wrongly_dropped.append(cut(line))
        elif kept and not oracle:
            left.append(cut(line))
    return wrongly_dropped, left


def worst_report(results: list[DocResult], n: int) -> str:
    """The ``n`` article pages where cleaner F1 minus input F1 is lowest, with their line diffs."""
    articles = [
        r for r in results if r.doc.page_type == "article" and "cleaner" in r.scores
    ]
    articles.sort(key=lambda r: (r.scores["cleaner"].f1 - r.input_f1, r.doc.id))
    out = [f"## Worst {n} articles for cleaner (cleaner F1 - input F1)", ""]
    if not articles:
        out.append("(no article pages scored with cleaner)")
    for result in articles[:n]:
        doc = result.doc
        cleaner_f1 = result.scores["cleaner"].f1
        output = run_cleaner(doc.text, doc.truth)
        dropped, left = line_diff(doc, output)
        out.append(
            f"### {doc.id}  cleaner {cleaner_f1:.3f}  input {result.input_f1:.3f}  "
            f"delta {cleaner_f1 - result.input_f1:+.3f}"
        )
        out.append(doc.url)
        out.append("")
        out.append(f"wrongly dropped ({len(dropped)}):")
        out.extend(f"  - {line}" for line in dropped)
        out.append(f"boilerplate left ({len(left)}):")
        out.extend(f"  + {line}" for line in left)
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------- CLI


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="WCXB JSONL(.gz) file"
    )
    parser.add_argument("--input", choices=INPUT_FIELDS, default="text_extracted")
    parser.add_argument(
        "--limit", type=int, default=None, help="first N documents only"
    )
    parser.add_argument(
        "--page-type", default=None, help="one page type only, e.g. article"
    )
    parser.add_argument(
        "--systems",
        default=",".join(ALL_SYSTEMS),
        help=f"comma list of {', '.join(ALL_SYSTEMS)}",
    )
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N worst articles for cleaner"
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes (default 1)"
    )
    return parser.parse_args(argv)


def unique_names(items: list[str]) -> Iterator[str]:
    """Non-empty, de-duplicated names in the given order."""
    seen: set[str] = set()
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.add(item)
            yield item


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables; return the exit status."""
    args = parse_args(argv)
    if not args.data.is_file():
        print(
            f"benchmark data not found at {args.data}; pass --data PATH",
            file=sys.stderr,
        )
        return 2
    requested = list(unique_names(args.systems.split(",")))
    unknown = [name for name in requested if name not in SYSTEMS]
    if unknown:
        print(
            f"unknown systems: {', '.join(unknown)} (known: {', '.join(ALL_SYSTEMS)})",
            file=sys.stderr,
        )
        return 2
    names, notes = available(requested)
    for note in notes:
        print(note, file=sys.stderr)
    if not names:
        print("no system can run", file=sys.stderr)
        return 2

    docs = load_docs(args.data, args.input, args.page_type, args.limit)
    if not docs:
        print("no documents selected", file=sys.stderr)
        return 2
    results = evaluate_all(docs, tuple(names), args.jobs)

    scope = f"page type {args.page_type}" if args.page_type else "all page types"
    print(f"# {args.data.name}: {len(docs)} documents, input {args.input}, {scope}")
    print()
    print(main_table(results, names))
    print()
    print("F1 per page type:")
    print()
    print(type_table(results, names))
    if args.worst > 0:
        print()
        if "cleaner" in names:
            print(worst_report(results, args.worst))
        else:
            print("--worst needs the cleaner system, which did not run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
