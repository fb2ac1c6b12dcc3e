"""Token-level accuracy and speed of `cleaner` and its peers on the WCXB dev split.

Every system is a function from the input (text or HTML) to the cleaned text; all of them run on
the same documents in one run. Per document the bag of lower-cased ``\\w+`` tokens of the output is
compared with the ground truth's (precision, recall, F1; an empty output scores 0), and the means
are reported for all pages, for articles and per page type, with the must_contain /
must_not_contain snippet rates and the throughput measured inside each system function only.

    python benchmarks/accuracy.py [--data PATH] [--input text_extracted|text_page|html] [--limit N]
        [--page-type TYPE] [--systems NAME,...] [--worst N] [--jobs N] [--timeout SECONDS]
        [--rules DIR] [--disable NAME]...

Systems on text input (``text_extracted``, ``text_page``): input, cleaner, cleaner-page (the
cleaner with ``--input page``, on ``text_page`` only), oracle, c4, justext.
Systems on ``html``: cleaner (``Cleaner.clean_html``), trafilatura, trafilatura-nocomments,
resiliparse, readability, justext-html.
The default is every system that applies to the chosen input; a system that does not apply or is
not installed is skipped with a one-line note on stderr. Each system call runs in a worker
process with a time limit (``--timeout``, 10 s): a call that runs over, raises or kills its
worker is scored as an empty output and listed under the tables.

The data (WCXB, Murrough Foley, CC-BY-4.0) stays outside the repository; pass ``--data`` when it
is not at ``../shared/benchmark/wcxb-dev.jsonl.gz`` next to the checkout.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import html
import json
import logging
import multiprocessing
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

if TYPE_CHECKING:
    from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmark" / "wcxb-dev.jsonl.gz"
DEFAULT_RULES = ROOT / "rules"
TEXT_INPUTS = ("text_extracted", "text_page")
INPUT_FIELDS = (*TEXT_INPUTS, "html")
TEXT_SYSTEMS = ("input", "cleaner", "cleaner-page", "oracle", "c4", "justext")
HTML_SYSTEMS = ("trafilatura", "trafilatura-nocomments", "resiliparse", "readability", "justext-html")
ALL_SYSTEMS = (*TEXT_SYSTEMS, *HTML_SYSTEMS)
ORACLE_THRESHOLD = 0.7
LINE_CUT = 160
DEFAULT_TIMEOUT = 10.0

TOKEN = regex.compile(r"\w+")
WHITESPACE = regex.compile(r"\s+")

System = Callable[[str, str], str]
"""A system maps (input text or HTML, ground truth) to output text; only the oracle reads the truth."""


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


def load_docs(path: Path, input_field: str, page_type: str | None, limit: int | None) -> list[Doc]:
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
    found: list[str] = TOKEN.findall(text.lower())
    return found


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
    return str(WHITESPACE.sub(" ", text)).strip()


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


_CLEANERS: dict[bool, Cleaner] = {}  # by whole_page
_CLEANER_SETTINGS: tuple[Path, tuple[str, ...]] = (DEFAULT_RULES, ())


def configure_cleaner(rules_dir: Path, disable: Iterable[str] = ()) -> None:
    """Set the rule folder and the disabled rules/scorers the cleaner system loads."""
    global _CLEANER_SETTINGS
    settings = (rules_dir, tuple(disable))
    if settings != _CLEANER_SETTINGS:
        _CLEANER_SETTINGS = settings
        _CLEANERS.clear()


def _cleaner(whole_page: bool = False) -> Cleaner:
    """A `cleaner.Cleaner` from this checkout, loaded once per process from the configured rules;
    ``whole_page`` is ``--input page`` (the page-frame scorer on)."""
    if whole_page not in _CLEANERS:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from cleaner import Cleaner
        from cleaner.config import Config

        rules_dir, disable = _CLEANER_SETTINGS
        _CLEANERS[whole_page] = Cleaner.load(rules_dir, disable=disable, config=Config(whole_page=whole_page))
    return _CLEANERS[whole_page]


def cleaner_note() -> str:
    """Where the cleaner system's rules come from, for stderr."""
    rules_dir, disable = _CLEANER_SETTINGS
    off = f", disabled: {', '.join(disable)}" if disable else ""
    return f"cleaner: rules loaded from {rules_dir}{off}"


def run_cleaner(text: str, truth: str) -> str:
    """This checkout's cleaner as ``cleaner --input auto`` runs it: an HTML page is read as HTML
    (``Cleaner.clean_html``), anything else cleaned as extracted text."""
    from cleaner.htmlinput import HtmlOptions, looks_like_html

    cleaner = _cleaner()
    if looks_like_html(text):  # text output, so no metadata: what `cleaner page.html` does
        return cleaner.clean_html(text, HtmlOptions(metadata=False)).text
    return cleaner.clean(text).text


def run_cleaner_page(text: str, truth: str) -> str:
    """The cleaner told the input is a whole page's text (``cleaner --input page``)."""
    return _cleaner(whole_page=True).clean(text).text


# --------------------------------------------------------------------------- HTML peers

_MODULES: dict[str, Any] = {}


def _module(name: str) -> Any:
    """Import a peer's module once per process (the peers are imported only when they run)."""
    if name not in _MODULES:
        import importlib

        _MODULES[name] = importlib.import_module(name)
        if name.startswith("readability"):
            logging.getLogger("readability").setLevel(logging.ERROR)
        if name.startswith("trafilatura"):
            logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return _MODULES[name]


def run_trafilatura(page: str, truth: str) -> str:
    """trafilatura.extract(html) with its defaults (comments included)."""
    if not page.strip():
        return ""
    return str(_module("trafilatura").extract(page) or "")


def run_trafilatura_nocomments(page: str, truth: str) -> str:
    """trafilatura.extract(html, include_comments=False)."""
    if not page.strip():
        return ""
    return str(_module("trafilatura").extract(page, include_comments=False) or "")


def run_resiliparse(page: str, truth: str) -> str:
    """resiliparse's extract_plain_text(html, main_content=True)."""
    if not page.strip():
        return ""
    return str(_module("resiliparse.extract.html2text").extract_plain_text(page, main_content=True))


# Elements that end a line when readability's HTML summary becomes text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment with lxml, one line per block element, whitespace collapsed."""
    if not fragment.strip():
        return ""
    root = _module("lxml.html").fromstring(fragment)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    lines = (normalise_space(line) for line in str(root.text_content()).splitlines())
    return "\n".join(line for line in lines if line)


def run_readability(page: str, truth: str) -> str:
    """readability-lxml's Document(html).summary(), converted to text with lxml."""
    page = XML_INVALID.sub("", page)
    if not page.strip():
        return ""
    return html_to_text(str(_module("readability").Document(page).summary()))


def run_justext_html(page: str, truth: str) -> str:
    """jusText on the page's HTML with the English stoplist; keep the good paragraphs."""
    module, stoplist = _justext()
    page = XML_INVALID.sub("", page)
    if not page.strip():
        return ""
    paragraphs = module.justext(page, stoplist)  # type: ignore[attr-defined]
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


@dataclass(frozen=True)
class SystemSpec:
    """A system, the inputs it applies to, and the modules it needs (checked before the run)."""

    run: System
    inputs: tuple[str, ...]
    modules: tuple[str, ...] = ()
    description: str = ""


SPECS: dict[str, SystemSpec] = {
    "input": SystemSpec(run_input, TEXT_INPUTS, (), "the input kept as it is"),
    "cleaner": SystemSpec(run_cleaner, INPUT_FIELDS, (), "this checkout's cleaner, --input auto"),
    # Whole-page text only: on extracted text, short lines outside the densest run are content.
    "cleaner-page": SystemSpec(run_cleaner_page, ("text_page",), (), "this checkout's cleaner, --input page"),
    "oracle": SystemSpec(run_oracle, TEXT_INPUTS, (), "line-level oracle"),
    "c4": SystemSpec(run_c4, TEXT_INPUTS, (), "C4-style line filter"),
    "justext": SystemSpec(run_justext, TEXT_INPUTS, ("justext",), "jusText on the lines"),
    "trafilatura": SystemSpec(run_trafilatura, ("html",), ("trafilatura",), "trafilatura.extract defaults"),
    "trafilatura-nocomments": SystemSpec(
        run_trafilatura_nocomments, ("html",), ("trafilatura",), "trafilatura.extract include_comments=False"
    ),
    "resiliparse": SystemSpec(
        run_resiliparse, ("html",), ("resiliparse.extract.html2text",), "resiliparse main_content=True"
    ),
    "readability": SystemSpec(run_readability, ("html",), ("readability", "lxml.html"), "readability-lxml"),
    "justext-html": SystemSpec(run_justext_html, ("html",), ("justext",), "jusText on the HTML"),
}
SYSTEMS: dict[str, System] = {name: spec.run for name, spec in SPECS.items()}
INAPPLICABLE_NOTES: dict[tuple[str, str], str] = {}


def default_systems(input_field: str) -> list[str]:
    """Every system that applies to the input field, in table order, and always the cleaner.

    The cleaner is named even where it does not apply, so the run says why it is missing.
    """
    return [name for name in ALL_SYSTEMS if input_field in SPECS[name].inputs or name == "cleaner"]


def prepare(name: str) -> None:
    """Import a system's modules and load what it loads once; raises ImportError when missing."""
    for module in SPECS[name].modules:
        _module(module)
    if name in ("cleaner", "cleaner-page"):
        _cleaner(whole_page=name == "cleaner-page")
    elif name in ("justext", "justext-html"):
        _justext()


def available(names: Iterable[str], input_field: str = "text_extracted") -> tuple[list[str], list[str]]:
    """Split the requested systems into those that can run and one-line notes about the others.

    A system is skipped when it does not apply to the input field or its modules do not import.
    The modules are imported here, in the parent, so forked workers start with them loaded.
    """
    runnable: list[str] = []
    notes: list[str] = []
    for name in names:
        spec = SPECS[name]
        if input_field not in spec.inputs:
            default = f"{name}: skipped, not applicable to --input {input_field} (it takes {' or '.join(spec.inputs)})"
            notes.append(INAPPLICABLE_NOTES.get((name, input_field), default))
            continue
        try:
            prepare(name)
        except ImportError as exc:
            notes.append(f"{name}: skipped, not installed ({exc})")
            continue
        if name == "cleaner":
            notes.append(cleaner_note())
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


def score_output(output: str, doc: Doc, seconds: float) -> Score:
    """Score one output against the document's ground truth and snippets."""
    found, absent = snippet_counts(output, doc)
    return Score(*prf(output, doc.truth), found, absent, seconds)


@dataclass(frozen=True)
class Failure:
    """A system call that ran over the time limit, raised, or killed its worker."""

    system: str
    doc_id: str
    kind: str  # "timeout", "error" or "crash"
    message: str


@dataclass(frozen=True)
class DocResult:
    """All systems' scores on one document."""

    doc: Doc
    scores: dict[str, Score]

    @property
    def input_f1(self) -> float:
        """The input's F1, for the --worst ranking."""
        if "input" in self.scores:
            return self.scores["input"].f1
        return prf(self.doc.text, self.doc.truth)[2]


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker process needs besides the documents: the cleaner's rules."""

    rules_dir: Path
    disable: tuple[str, ...]
    names: tuple[str, ...]


def _worker_main(conn: Connection, settings: WorkerSettings) -> None:
    """Worker loop: receive (index, doc, systems), send (index, system, score, error) per system."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    configure_cleaner(settings.rules_dir, settings.disable)
    for name in settings.names:
        prepare(name)  # already imported when the worker was forked; needed under spawn
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        index, doc, names = job
        for name in names:
            start = time.perf_counter()
            error = None
            try:
                output = SYSTEMS[name](doc.text, doc.truth)
            except Exception as exc:
                output = ""
                error = f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - start
            conn.send((index, name, score_output(output, doc, seconds), error))


@dataclass
class _Worker:
    """One worker process and the document it is working on."""

    context: Any
    settings: WorkerSettings
    timeout: float
    process: Any = None
    conn: Connection | None = None
    index: int = -1  # the document in hand, -1 when idle
    todo: list[str] = field(default_factory=list)  # systems not reported yet for that document
    deadline: float = 0.0

    def start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker_main, args=(child, self.settings), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.index, self.todo = -1, []

    def submit(self, index: int, doc: Doc, names: list[str]) -> None:
        assert self.conn is not None
        self.conn.send((index, doc, tuple(names)))
        self.index, self.todo = index, list(names)
        self.deadline = time.monotonic() + self.timeout

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
        if self.conn is not None:
            self.conn.close()

    def stop(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        if self.process is not None:
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        if self.conn is not None:
            self.conn.close()


def evaluate_all(
    docs: list[Doc],
    names: tuple[str, ...],
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[list[DocResult], list[Failure]]:
    """Evaluate all documents in ``jobs`` worker processes, each system call with a time limit.

    A call that runs past ``timeout`` seconds has its worker killed and restarted; it is scored as
    an empty output taking ``timeout`` seconds. A call that raises, or whose worker dies, is scored
    as an empty output too. Results come back in document order.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    rules_dir, disable = _CLEANER_SETTINGS
    settings = WorkerSettings(rules_dir, disable, names)
    workers = [_Worker(context, settings, timeout) for _ in range(max(1, min(jobs, len(docs))))]
    scores: list[dict[str, Score]] = [{} for _ in docs]
    failures: list[Failure] = []
    queue = deque(range(len(docs)))
    done = 0
    progress = sys.stderr.isatty()

    def fail(worker: _Worker, kind: str, message: str, seconds: float) -> None:
        name = worker.todo.pop(0)
        doc = docs[worker.index]
        scores[worker.index][name] = score_output("", doc, seconds)
        failures.append(Failure(name, doc.id, kind, message))

    def advance(worker: _Worker) -> None:
        nonlocal done
        if worker.todo:
            worker.deadline = time.monotonic() + timeout
        else:
            worker.index = -1
            done += 1
            if progress and done % 10 == 0:
                print(f"\r{done}/{len(docs)} documents", end="", file=sys.stderr, flush=True)

    def restart(worker: _Worker) -> None:
        """A fresh worker process that carries on with the systems left for its document."""
        index, remaining = worker.index, worker.todo
        worker.kill()
        worker.start()
        if remaining:
            worker.submit(index, docs[index], remaining)
        else:
            worker.index, worker.todo = index, []
            advance(worker)

    for worker in workers:
        worker.start()
    try:
        while True:
            for worker in workers:
                if worker.index < 0 and queue:
                    index = queue.popleft()
                    worker.submit(index, docs[index], list(names))
            busy = [w for w in workers if w.index >= 0]
            if not busy:
                break
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy if w.conn is not None], timeout=wait_for))
            for worker in busy:
                if worker.conn in ready:
                    assert worker.conn is not None
                    try:
                        index, name, score, error = worker.conn.recv()
                    except (EOFError, OSError):
                        code = worker.process.exitcode if worker.process is not None else None
                        fail(worker, "crash", f"worker died (exit code {code})", 0.0)
                        restart(worker)
                        continue
                    assert index == worker.index and name == worker.todo[0]
                    if error is not None:
                        fail(worker, "error", error, score.seconds)
                    else:
                        worker.todo.pop(0)
                        scores[index][name] = score
                    advance(worker)
                elif time.monotonic() >= worker.deadline:
                    fail(worker, "timeout", f"no result after {timeout:g} s", timeout)
                    restart(worker)
    finally:
        for worker in workers:
            worker.stop()
        if progress:
            print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
    return [DocResult(doc, score) for doc, score in zip(docs, scores, strict=True)], failures


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


def summarise(results: list[DocResult], name: str, page_type: str | None = None) -> Summary:
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
    header = ["system"] + [f"{t} ({counts[t]})" for t in types] + [f"all ({len(results)})"]
    rows = [
        [name] + [fmt(summarise(results, name, t).f1) for t in types] + [fmt(summarise(results, name).f1)]
        for name in names
    ]
    return markdown(header, rows)


def cut(line: str) -> str:
    """A line shortened to LINE_CUT characters for display."""
    line = line.strip()
    return line if len(line) <= LINE_CUT else line[: LINE_CUT - 1] + "…"


def spread(per_page: dict[str, list[str]], show: int) -> list[tuple[str, str]]:
    """Up to ``show`` of the pages' lines, each page's first, then each page's second, ...: a
    sample that no single page fills."""
    picked: list[tuple[str, str]] = []
    depth = 0
    while len(picked) < show and any(len(lines) > depth for lines in per_page.values()):
        for page_id, lines in per_page.items():
            if len(lines) > depth and len(picked) < show:
                picked.append((page_id, lines[depth]))
        depth += 1
    return picked


class SetupError(Exception):
    """A report cannot run: data missing, a rule folder that does not load, no page selected."""


def selected_docs(data: Path, rules_dir: Path, input_field: str, page_type: str, limit: int | None) -> list[Doc]:
    """The pages a report runs on, with the cleaner's rules loaded from ``rules_dir``
    (``page_type`` "all" for every page). Raises SetupError with the message for stderr."""
    if not data.is_file():
        raise SetupError(f"benchmark data not found at {data}; pass --data PATH")
    try:
        configure_cleaner(rules_dir)
        _cleaner()
    except Exception as exc:  # a bad rule folder: RuleError names the file and the rule
        raise SetupError(f"cannot load the rules: {exc}") from None
    docs = load_docs(data, input_field, None if page_type == "all" else page_type, limit)
    if not docs:
        raise SetupError("no documents selected")
    return docs


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
    articles = [r for r in results if r.doc.page_type == "article" and "cleaner" in r.scores]
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
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB JSONL(.gz) file")
    parser.add_argument(
        "--input",
        choices=INPUT_FIELDS,
        default="text_extracted",
        help="the field the systems read (default text_extracted); html runs the HTML extractors",
    )
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--page-type", default=None, help="one page type only, e.g. article")
    parser.add_argument(
        "--systems",
        default=None,
        help=f"comma list of {', '.join(ALL_SYSTEMS)} (default: every system that applies to --input)",
    )
    parser.add_argument("--worst", type=int, default=0, help="list the N worst articles for cleaner")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds one system may take on one document (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="the cleaner's rule folder")
    parser.add_argument(
        "--disable",
        metavar="NAME",
        action="append",
        default=[],
        help="disable a rule, a rule category or a scorer in the cleaner (repeatable)",
    )
    return parser.parse_args(argv)


def failure_report(failures: list[Failure], shown: int = 5) -> str:
    """Per system: how many calls timed out, raised or crashed (scored as empty), and a few ids."""
    out = ["Failed calls, scored as empty output:", ""]
    by_system: dict[str, list[Failure]] = {}
    for failure in failures:
        by_system.setdefault(failure.system, []).append(failure)
    for name, items in by_system.items():
        kinds = Counter(f.kind for f in items)
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        ids = ", ".join(f.doc_id for f in items[:shown]) + (" …" if len(items) > shown else "")
        out.append(f"- {name}: {counts} (documents {ids}); first: {items[0].message[:200]}")
    return "\n".join(out)


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
        print(f"benchmark data not found at {args.data}; pass --data PATH", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("--timeout must be positive", file=sys.stderr)
        return 2
    configure_cleaner(args.rules, args.disable)
    systems = args.systems
    requested = default_systems(args.input) if systems is None else list(unique_names(systems.split(",")))
    unknown = [name for name in requested if name not in SPECS]
    if unknown:
        print(f"unknown systems: {', '.join(unknown)} (known: {', '.join(ALL_SYSTEMS)})", file=sys.stderr)
        return 2
    try:
        names, notes = available(requested, args.input)
    except Exception as exc:  # a bad rule folder: RuleError names the file and the rule
        print(f"cannot load a system: {exc}", file=sys.stderr)
        return 2
    for note in notes:
        print(note, file=sys.stderr)
    if not names:
        print("no system can run", file=sys.stderr)
        return 2

    docs = load_docs(args.data, args.input, args.page_type, args.limit)
    if not docs:
        print("no documents selected", file=sys.stderr)
        return 2
    results, failures = evaluate_all(docs, tuple(names), args.jobs, args.timeout)

    scope = f"page type {args.page_type}" if args.page_type else "all page types"
    print(f"# {args.data.name}: {len(docs)} documents, input {args.input}, {scope}")
    print()
    print(main_table(results, names))
    print()
    print("F1 per page type:")
    print()
    print(type_table(results, names))
    if failures:
        print()
        print(failure_report(failures))
    if args.worst > 0:
        print()
        if "cleaner" in names:
            print(worst_report(results, args.worst))
        else:
            print("--worst needs the cleaner system, which did not run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
