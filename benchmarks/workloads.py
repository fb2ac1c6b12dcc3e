"""The speed workloads that test_speed.py (pytest-benchmark) and speed_report.py both run.

One fixed sample of benchmark pages (the first 200 records of the WCXB dev split); every system
runs on the same pages: the cleaner, a C4-style line filter and jusText on ``text_extracted``,
trafilatura.extract on the pages' HTML. The start-up comparison runs ``python -m cleaner`` on a
seed file and trafilatura's command line on one benchmark page's HTML, each in a fresh process.

trafilatura is imported only when its workload runs, never at module level.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (HERE, ROOT):  # accuracy.py next to this file; the checkout's cleaner, not an installed one
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from accuracy import DEFAULT_DATA, run_c4, run_justext  # noqa: E402

from cleaner import Cleaner  # noqa: E402

DATA = Path(os.environ.get("WCXB_DATA", str(DEFAULT_DATA)))
"""The benchmark data; the environment variable WCXB_DATA points elsewhere."""
RULES_DIR = ROOT / "rules"
SEED = ROOT / "seeds" / "000_0925cb0db5e6a6c5.txt"
SAMPLE_SIZE = 200


@dataclass(frozen=True)
class Sample:
    """The first ``n`` benchmark pages: their ids, extracted text and HTML."""

    ids: tuple[str, ...]
    texts: tuple[str, ...]
    htmls: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def text_mb(self) -> float:
        """Megabytes (10^6 bytes, UTF-8) of ``text_extracted``."""
        return sum(len(t.encode("utf-8")) for t in self.texts) / 1e6

    @property
    def html_mb(self) -> float:
        """Megabytes (10^6 bytes, UTF-8) of HTML."""
        return sum(len(h.encode("utf-8")) for h in self.htmls) / 1e6


def load_sample(path: Path = DATA, n: int = SAMPLE_SIZE, with_html: bool = True) -> Sample:
    """Read the first ``n`` records of the data (text_extracted and, if asked, html)."""
    ids: list[str] = []
    texts: list[str] = []
    htmls: list[str] = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if len(ids) >= n:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            ids.append(str(record["id"]))
            texts.append(record.get("text_extracted") or "")
            htmls.append((record.get("html") or "") if with_html else "")
    return Sample(tuple(ids), tuple(texts), tuple(htmls))


def load_cleaner() -> Cleaner:
    """The checkout's cleaner with the checkout's rules, loaded once by the caller."""
    return Cleaner.load(RULES_DIR)


# --------------------------------------------------------------------------- throughput


def clean_all(cleaner: Cleaner, texts: tuple[str, ...]) -> int:
    """Clean every text; the output size, so the work cannot be skipped."""
    return sum(len(cleaner.clean(text).text) for text in texts)


def c4_all(texts: tuple[str, ...]) -> int:
    """The C4-style line filter of accuracy.py on every text."""
    return sum(len(run_c4(text, "")) for text in texts)


def justext_all(texts: tuple[str, ...]) -> int:
    """jusText on every text's lines (accuracy.py's run_justext)."""
    return sum(len(run_justext(text, "")) for text in texts)


def trafilatura_all(htmls: tuple[str, ...]) -> int:
    """trafilatura.extract with its defaults on every page's HTML."""
    import trafilatura

    return sum(len(trafilatura.extract(page) or "") for page in htmls)


def trafilatura_nocomments_all(htmls: tuple[str, ...]) -> int:
    """trafilatura.extract with include_comments=False (the extraction the cleaner's HTML input runs on
    pages that declare no discussion)."""
    import trafilatura

    return sum(len(trafilatura.extract(page, include_comments=False) or "") for page in htmls)


def clean_html_all(cleaner: Cleaner, htmls: tuple[str, ...]) -> int:
    """The cleaner on every page's HTML, text out (no metadata), as ``cleaner page.html`` runs."""
    from cleaner.htmlinput import HtmlOptions

    options = HtmlOptions(metadata=False)
    return sum(len(cleaner.clean_html(page, options).text) for page in htmls)


@dataclass(frozen=True)
class Workload:
    """One system on the sample: a short key, a label, what it reads and the call to time."""

    key: str
    name: str
    field: str  # "text_extracted" or "html"
    run: Callable[[], int]
    megabytes: float
    pages: int


def workloads(sample: Sample, cleaner: Cleaner) -> list[Workload]:
    """The throughput workloads, the cleaner on text first, the cleaner on HTML last."""
    text_mb, html_mb, n = sample.text_mb, sample.html_mb, len(sample)
    return [
        Workload("cleaner", "cleaner", "text_extracted", lambda: clean_all(cleaner, sample.texts), text_mb, n),
        Workload("c4", "C4-style line filter", "text_extracted", lambda: c4_all(sample.texts), text_mb, n),
        Workload("justext", "jusText on the lines", "text_extracted", lambda: justext_all(sample.texts), text_mb, n),
        Workload("trafilatura", "trafilatura.extract", "html", lambda: trafilatura_all(sample.htmls), html_mb, n),
        Workload("trafilatura-nocomments", "trafilatura.extract, include_comments=False", "html",
                 lambda: trafilatura_nocomments_all(sample.htmls), html_mb, n),
        Workload("cleaner-html", "cleaner on HTML (Cleaner.clean_html)", "html",
                 lambda: clean_html_all(cleaner, sample.htmls), html_mb, n),
    ]


# --------------------------------------------------------------------------- side by side


@dataclass(frozen=True)
class Pair:
    """Two systems timed on the same inputs, one call per input: the cleaner's and a peer's."""

    name: str
    field: str  # "text_extracted" or "html"
    ours: Callable[[str], object]
    theirs: Callable[[str], object]


def pairs(cleaner: Cleaner) -> list[Pair]:
    """The comparisons the speed targets are ratios of."""
    import trafilatura

    from cleaner.htmlinput import HtmlOptions

    options = HtmlOptions(metadata=False)
    return [
        Pair("cleaner on HTML ÷ trafilatura.extract, include_comments=False", "html",
             lambda page: cleaner.clean_html(page, options),
             lambda page: trafilatura.extract(page, include_comments=False)),
        Pair("cleaner ÷ C4-style line filter", "text_extracted", cleaner.clean, lambda text: run_c4(text, "")),
        Pair("cleaner ÷ jusText on the lines", "text_extracted", cleaner.clean, lambda text: run_justext(text, "")),
    ]


def side_by_side(pair: Pair, inputs: tuple[str, ...], rounds: int) -> tuple[float, float]:
    """The seconds each system of ``pair`` took over ``rounds`` passes of ``inputs`` each, after a
    warm-up pass of both, the passes taken in turns whose order alternates (ours then theirs,
    theirs then ours, ...): a machine that slows down or speeds up steadily during the run slows
    both alike, as it does not when one system's passes all come before the other's. Whole passes,
    not a page of each in turn: that would time each system with its caches cold from the other's
    work, which a pipeline running one of them does not see."""

    def one_pass(run: Callable[[str], object]) -> float:
        start = time.perf_counter()
        for item in inputs:
            run(item)
        return time.perf_counter() - start

    one_pass(pair.ours)
    one_pass(pair.theirs)
    ours = theirs = 0.0
    for round_no in range(rounds):
        if round_no % 2:
            theirs += one_pass(pair.theirs)
            ours += one_pass(pair.ours)
        else:
            ours += one_pass(pair.ours)
            theirs += one_pass(pair.theirs)
    return ours, theirs


def warm_up() -> None:
    """Import what the workloads import, so no timing includes an import."""
    import trafilatura

    trafilatura.extract("<html><body><p>A line of text.</p></body></html>")
    load_cleaner().clean_html("<html><body><p>A line of text.</p></body></html>")  # imports html-text
    run_justext("A line of text.", "")


# --------------------------------------------------------------------------- start-up


def trafilatura_module() -> str:
    """The module ``python -m`` runs for trafilatura's command line.

    trafilatura 2.x has no ``__main__``; its command line is ``trafilatura.cli``.
    """
    return "trafilatura" if importlib.util.find_spec("trafilatura.__main__") else "trafilatura.cli"


@dataclass(frozen=True)
class Command:
    """A start-up command: a short key, a label, argv, the file fed on stdin, the directory it runs in."""

    key: str
    label: str
    argv: tuple[str, ...]
    stdin: Path
    cwd: Path


def startup_commands(page_html: Path) -> list[Command]:
    """``python -m cleaner < seed``, trafilatura's CLI on one page, and the bare interpreter."""
    python = sys.executable
    module = trafilatura_module()
    return [
        # run in the checkout, so ``-m cleaner`` imports this checkout's package and its rules/
        Command("cleaner", f"python -m cleaner < seeds/{SEED.name}", (python, "-m", "cleaner"), SEED, ROOT),
        Command("trafilatura", f"python -m {module} < page.html", (python, "-m", module), page_html, ROOT),
        Command("python", "python -c pass (the interpreter alone)", (python, "-c", "pass"), SEED, ROOT),
    ]


PYCACHE = Path(tempfile.gettempdir()) / "cleaner-bench-pycache"


def startup_env() -> dict[str, str]:
    """The environment start-up runs get: bytecode caches on, kept outside the checkout.

    Where PYTHONDONTWRITEBYTECODE is set (as on the measuring machine) the checkout's modules would
    be compiled from source on every start while installed packages load their .pyc files; with
    PYTHONPYCACHEPREFIX every module's .pyc is written once to a temporary folder and read after.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run_command(command: Command) -> float:
    """Wall time of one run of a command (bytecode caches warm after its first run), in seconds."""
    env = startup_env()
    with command.stdin.open("rb") as stdin:
        start = time.perf_counter()
        done = subprocess.run(
            command.argv,
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=command.cwd,
            env=env,
            check=False,
        )
        seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # the cleaner exits 1 when it removed (nearly) everything
        message = done.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"{command.label}: exit {done.returncode}: {message[-300:]}")
    return seconds


def write_page(sample: Sample, folder: Path) -> Path:
    """The sample's first page's HTML written to ``folder/page.html``."""
    page = folder / "page.html"
    page.write_text(sample.htmls[0], encoding="utf-8")
    return page
