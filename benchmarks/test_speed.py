"""Speed of the cleaner and its peers on the same pages, for pytest-benchmark.

    python -m pytest benchmarks/test_speed.py --benchmark-only

Not part of the test suite (``testpaths`` is ``tests/``); it measures, it asserts nothing about
time. Throughput: the first 200 WCXB dev pages, the cleaner (loaded once), a C4-style line filter
and jusText on their ``text_extracted``, trafilatura.extract (defaults and without comments) and
the cleaner's HTML input on their HTML; ``extra_info`` holds
the input MB, the pages, and MB/s and pages/s from the median round. Side by side: the cleaner
and a peer in alternating passes, the time ratio in ``extra_info``. Start-up: the wall time of
``python -m cleaner < seed`` against trafilatura's command line on one page's HTML, and the bare
interpreter for reference. The data is read from ``../shared/benchmark/`` or ``$WCXB_DATA``;
without it the module is skipped.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workloads import (
    DATA,
    SAMPLE_SIZE,
    SEED,
    Command,
    Sample,
    Workload,
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

if not DATA.is_file():
    pytest.skip(
        f"WCXB benchmark data not found at {DATA} (set WCXB_DATA to its path); the speed benchmarks need it",
        allow_module_level=True,
    )

ROUNDS = 3
STARTUP_ROUNDS = 5
KEYS = ("cleaner", "c4", "justext", "trafilatura", "trafilatura-nocomments", "cleaner-html")


@pytest.fixture(scope="module")
def sample() -> Sample:
    """The first SAMPLE_SIZE pages, read once."""
    return load_sample(DATA, SAMPLE_SIZE)


@pytest.fixture(scope="module")
def loads(sample: Sample) -> dict[str, Workload]:
    """The throughput workloads by key; the cleaner is loaded once, the peers imported once."""
    warm_up()
    return {w.key: w for w in workloads(sample, load_cleaner())}


def median_seconds(benchmark: Any) -> float | None:
    """The median round time after the benchmark ran; None when benchmarking is disabled."""
    stats = getattr(getattr(benchmark, "stats", None), "stats", None)
    median = getattr(stats, "median", None)
    return float(median) if median else None


@pytest.mark.benchmark(group="throughput: 200 WCXB pages")
@pytest.mark.parametrize("key", KEYS)
def test_throughput(benchmark: Any, loads: dict[str, Workload], key: str) -> None:
    """One system over the sample, a few rounds; MB/s and pages/s in extra_info."""
    work = loads[key]
    benchmark.extra_info.update(system=work.name, input=work.field, input_MB=round(work.megabytes, 3), pages=work.pages)
    benchmark.pedantic(work.run, rounds=ROUNDS, warmup_rounds=1, iterations=1)
    seconds = median_seconds(benchmark)
    if seconds:
        benchmark.extra_info.update(
            MB_per_s=round(work.megabytes / seconds, 3), pages_per_s=round(work.pages / seconds, 1)
        )


@pytest.mark.benchmark(group="side by side: the cleaner and a peer in alternating passes")
@pytest.mark.parametrize("which", range(3), ids=["html-vs-trafilatura", "text-vs-c4", "text-vs-justext"])
def test_side_by_side(benchmark: Any, sample: Sample, which: int) -> None:
    """The two systems' passes timed in alternating turns (``workloads.side_by_side``); the time
    ratio, the figure the speed targets name, in extra_info."""
    warm_up()
    pair = pairs(load_cleaner())[which]
    inputs = sample.htmls if pair.field == "html" else sample.texts
    ours, theirs = benchmark.pedantic(side_by_side, args=(pair, inputs, ROUNDS), rounds=1, iterations=1)
    benchmark.extra_info.update(pair=pair.name, input=pair.field, cleaner_s=round(ours, 3), peer_s=round(theirs, 3),
                                ratio=round(ours / theirs, 3))


@pytest.fixture(scope="module")
def commands(sample: Sample, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Command]:
    """The start-up commands; the page's HTML goes to a temporary file."""
    if not SEED.is_file():
        pytest.skip(f"seed file {SEED} not found")
    page = write_page(sample, tmp_path_factory.mktemp("startup"))
    return {c.key: c for c in startup_commands(page)}


@pytest.mark.benchmark(group="start-up: one document in a fresh process")
@pytest.mark.parametrize("which", ["cleaner", "trafilatura", "python"])
def test_startup(benchmark: Any, commands: dict[str, Command], which: str) -> None:
    """Wall time of one subprocess run (after a warm-up run that writes the bytecode caches)."""
    command = commands[which]
    benchmark.extra_info["command"] = command.label
    benchmark.pedantic(run_command, args=(command,), rounds=STARTUP_ROUNDS, warmup_rounds=1, iterations=1)
