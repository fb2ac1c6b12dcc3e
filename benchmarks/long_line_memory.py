"""Peak memory of ``cleaner FILE`` on one long line, as a multiple of the line's size.

A document is held whole while it is cleaned; this measures what that costs on the worst shape
of document, a single line (no line is shorter to count, copy or search): prose, and one word
as long as the line. Each size and shape runs in a fresh process, and its peak resident memory
is read from the operating system when it ends (``os.wait4``). Sizes are in MB (10^6 bytes).

    python benchmarks/long_line_memory.py                 # 10, 30, 50 and 74 MB
    python benchmarks/long_line_memory.py --sizes 5 20
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROSE = "The quick brown fox jumps over the lazy dog and keeps running through the field. "
SHAPES = {"prose": PROSE, "one word": "a"}


def write_line(path: Path, unit: str, size: int) -> None:
    """One line of about ``size`` bytes made of ``unit`` repeated, and a line end; written a
    megabyte at a time, so that this process stays small: a child's peak resident memory, as
    Linux counts it, is never below its parent's at the moment it was started."""
    chunk = unit * (1_000_000 // len(unit))
    with path.open("w", encoding="ascii") as out:
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(unit * ((size % len(chunk)) // len(unit)) + "\n")


def peak_of_run(document: Path, output: Path) -> tuple[float, float]:
    """Peak resident memory (MB) and wall time (s) of ``python -m cleaner document -o output``."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "cleaner", str(document), "-o", str(output)], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"cleaner exited with {process.returncode} on {document}")
    return usage.ru_maxrss / 1024, time.perf_counter() - started  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[10, 30, 50, 74], help="line sizes in MB")
    args = parser.parse_args(argv)
    print("| line | size (MB) | peak memory (MB) | times the size | seconds |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        document, output = Path(tmp) / "line.txt", Path(tmp) / "out.txt"
        for shape, unit in SHAPES.items():
            for size_mb in args.sizes:
                size = int(size_mb * 1e6)
                write_line(document, unit, size)
                peak, seconds = peak_of_run(document, output)
                print(f"| {shape} | {size_mb:g} | {peak:.0f} | {peak / size_mb:.1f} | {seconds:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
