"""Speed of the cleaner and its peers on the same pages, as a markdown report (no pytest needed).

    python benchmarks/speed_report.py [--data PATH] [--pages 200] [--rounds 3] [--startup-runs 5]

The workloads are those of test_speed.py (benchmarks/workloads.py): the first 200 WCXB dev pages,
the cleaner (loaded once), a C4-style line filter and jusText on their ``text_extracted``,
trafilatura.extract (defaults and without comments) and the cleaner's HTML input on their HTML,
each timed with time.perf_counter over whole passes (one warm-up pass, then the median of
``--rounds``), and the ratios the speed targets name timed side by side, the passes of the two systems in
alternating turns (``workloads.side_by_side``). Then the start-up of ``python -m cleaner < seed``
against trafilatura's command line on one page's HTML (median of ``--startup-runs`` after a
warm-up run), and the peak memory of a fresh process that cleans the sample's texts. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import (
    DATA,
    SAMPLE_SIZE,
    SEED,
    Sample,
    clean_all,
    load_cleaner,
    load_sample,
    pairs,
    run_command,
    side_by_side,
    startup_commands,
    warm_up,
    workloads,
    write_page,
)


def timed(run: Callable[[], object], rounds: int) -> float:
    """Median wall time of ``rounds`` calls after one warm-up call."""
    run()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown(header: list[str], rows: list[list[str]]) -> str:
    """A markdown table, first column left-aligned, the others right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def package_version(name: str) -> str:
    """An installed distribution's version, or a dash."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "—"


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB.

    Linux: VmHWM of /proc/self/status, the peak of this process's own memory. (ru_maxrss is no use
    in a child: Linux carries the parent's peak over fork and exec.) Elsewhere: ru_maxrss.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def reset_peak_rss() -> bool:
    """Reset the peak to the current RSS (Linux: write 5 to /proc/self/clear_refs); True if done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def memory_child(texts_file: Path) -> int:
    """In a fresh process: peak RSS after importing the cleaner and loading its rules, after reading
    the texts, and while cleaning them (the peak reset just before, where Linux allows); then the
    peak of traced Python allocations during a second cleaning pass. Printed as JSON."""
    cleaner = load_cleaner()
    cleaner.clean("Warm-up line.\n")
    loaded = peak_rss_mb()
    texts = tuple(json.loads(texts_file.read_text(encoding="utf-8")))
    with_texts = peak_rss_mb()
    reset = reset_peak_rss()
    base = peak_rss_mb()
    clean_all(cleaner, texts)
    cleaned = peak_rss_mb()
    tracemalloc.start()
    clean_all(cleaner, texts)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "rss_loaded_mb": loaded,
                "rss_texts_mb": with_texts,
                "rss_cleaned_mb": cleaned,
                "rss_reset": reset,
                "rss_base_mb": base,
                "traced_peak_mb": traced_peak / 1e6,
            }
        )
    )
    return 0


def memory_report(sample: Sample) -> str:
    """Run the memory child on the sample's texts (handed over in a temporary file) and format it."""
    with tempfile.TemporaryDirectory(prefix="speed-report-") as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(list(sample.texts)), encoding="utf-8")
        child = subprocess.run(
            [sys.executable, __file__, "--memory-child", str(texts_file)],
            capture_output=True,
            text=True,
            check=False,
        )
    if child.returncode != 0:
        return f"(memory measurement failed: {child.stderr.strip()[-300:]})"
    m = json.loads(child.stdout)
    rows = [
        ["after importing the cleaner and loading its rules", f"{m['rss_loaded_mb']:.1f}"],
        ["after reading the texts", f"{m['rss_texts_mb']:.1f}"],
        ["while cleaning them (peak reset to the current RSS first, on Linux)", f"{m['rss_cleaned_mb']:.1f}"],
    ]
    if m["rss_reset"]:  # the peak was reset to the current RSS just before cleaning
        rows.append(["growth over the RSS before cleaning", f"{m['rss_cleaned_mb'] - m['rss_base_mb']:.1f}"])
    largest = max(len(t.encode("utf-8")) for t in sample.texts) / 1e6
    note = (
        f"\nOne fresh process, {len(sample)} documents ({sample.text_mb:.2f} MB of text, the largest "
        f"{largest:.3f} MB), each result dropped once made. Peak of traced Python allocations during "
        f"a second cleaning pass (tracemalloc): {m['traced_peak_mb']:.1f} MB."
    )
    return markdown(["cleaner: peak RSS of the process", "MB"], rows) + "\n" + note


def main(argv: list[str] | None = None) -> int:
    """Measure and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="WCXB JSONL(.gz) file")
    parser.add_argument("--pages", type=int, default=SAMPLE_SIZE, help=f"first N pages (default {SAMPLE_SIZE})")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes per system (default 3)")
    parser.add_argument("--startup-runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--memory-child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child is not None:
        return memory_child(args.memory_child)
    if not args.data.is_file():
        print(f"benchmark data not found at {args.data}; pass --data PATH", file=sys.stderr)
        return 2
    if args.pages < 1 or args.rounds < 1 or args.startup_runs < 1:
        print("--pages, --rounds and --startup-runs must be at least 1", file=sys.stderr)
        return 2
    sample = load_sample(args.data, args.pages)
    cleaner = load_cleaner()
    warm_up()
    print(
        f"# Speed: first {len(sample)} pages of {args.data.name}, one process, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, trafilatura "
        f"{package_version('trafilatura')}, jusText {package_version('jusText')}"
    )
    print()
    print(f"Throughput: median of {args.rounds} passes over the sample after a warm-up pass.")
    print()
    results = [(w, timed(w.run, args.rounds)) for w in workloads(sample, cleaner)]
    cleaner_rate = len(sample) / results[0][1]
    rows = []
    for work, seconds in results:
        rate = work.pages / seconds
        rows.append(
            [
                work.name,
                work.field,
                f"{work.megabytes:.2f}",
                f"{seconds:.2f}",
                f"{work.megabytes / seconds:.2f}",
                f"{rate:.1f}",
                f"{rate / cleaner_rate:.2f}",
            ]
        )
    header = ["system", "input", "input MB", "s per pass", "MB/s", "pages/s", "pages/s ÷ cleaner's"]
    print(markdown(header, rows))
    print()

    print(f"Side by side: {args.rounds} passes of each system after a warm-up pass of both, taken in turns "
          f"whose order alternates (a machine whose speed drifts during the run slows both alike).")
    print()
    rows = []
    for pair in pairs(cleaner):
        ours, theirs = side_by_side(pair, sample.htmls if pair.field == "html" else sample.texts, args.rounds)
        rows.append([pair.name, pair.field, f"{ours:.2f}", f"{theirs:.2f}", f"{ours / theirs:.3f}"])
    print(markdown(["time ratio", "input", "cleaner s", "peer s", "ratio"], rows))
    print()

    if SEED.is_file():
        print(f"Start-up, one document in a fresh process: median of {args.startup_runs} runs after a warm-up run.")
        print()
        with tempfile.TemporaryDirectory(prefix="speed-report-") as tmp:
            commands = startup_commands(write_page(sample, Path(tmp)))
            timings = []
            for command in commands:
                run_command(command)  # writes the bytecode caches
                runs = [run_command(command) for _ in range(args.startup_runs)]
                timings.append((command, runs))
        base = statistics.median(timings[0][1])
        rows = [
            [
                f"`{c.label}`",
                f"{statistics.median(r):.3f}",
                f"{min(r):.3f}",
                f"{max(r):.3f}",
                f"{statistics.median(r) / base:.2f}",
            ]
            for c, r in timings
        ]
        print(markdown(["command", "median s", "min s", "max s", "÷ cleaner's"], rows))
        print()
    else:
        print(f"(start-up skipped: seed file {SEED} not found)")
        print()

    print("Memory:")
    print()
    print(memory_report(sample))
    return 0


if __name__ == "__main__":
    sys.exit(main())
