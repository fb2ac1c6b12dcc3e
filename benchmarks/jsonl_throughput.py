"""Throughput and peak memory of ``cleaner clean --jsonl`` with 1 and 2 worker processes.

Builds a JSONL file from the benchmark's pages (``{"id", "url", "text"}`` with ``text_extracted``,
the pages repeated to reach the asked size) in a temporary folder, runs the command on it once per
worker count, side by side in one run, and prints a Markdown table: wall time, MB/s, records/s,
and the peak resident memory of the whole process tree (the command and its workers, sampled from
/proc every 20 ms; Linux only). A second, larger file shows whether memory grows with the input.

    python benchmarks/jsonl_throughput.py [--mb 100] [--jobs 1 2] [--data PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmark" / "wcxb-dev.jsonl.gz"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def build(data: Path, target: Path, megabytes: float) -> tuple[int, int]:
    """Write benchmark pages as records until ``megabytes`` are written; records and bytes."""
    with gzip.open(data, "rt", encoding="utf-8") as source:
        pages = [json.loads(line) for line in source]
    records = size = 0
    limit = megabytes * 1e6
    with target.open("wb") as out:
        while size < limit:
            for page in pages:
                line = json.dumps({"id": f"{page['id']}-{records}", "url": page.get("url"),
                                   "text": page["text_extracted"]}, ensure_ascii=False).encode() + b"\n"
                out.write(line)
                records += 1
                size += len(line)
                if size >= limit:
                    break
    return records, size


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_SIZE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(source: Path, jobs: int, out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak tree memory in bytes, and the command's summary line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cleaner", "clean", "--jsonl", "-j", str(jobs), "-o", str(out), str(source)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    summary = proc.stderr.read().decode().strip()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cleaner failed ({proc.returncode}): {summary}")
    return seconds, peak, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB-style JSONL.gz")
    parser.add_argument("--mb", type=float, default=100.0, help="size of the JSONL file to build (MB)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--growth", type=float, default=4.0,
                        help="also run one worker on a file this many times larger (0: skip)")
    args = parser.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no benchmark data at {args.data} (give --data)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        sizes = [args.mb] + ([args.mb * args.growth] if args.growth else [])
        for megabytes in sizes:
            source = folder / f"records-{megabytes:g}.jsonl"
            records, size = build(args.data, source, megabytes)
            for jobs in args.jobs if megabytes == args.mb else [1]:
                seconds, peak, summary = run(source, jobs, folder / "out.jsonl")
                rows.append((size, records, jobs, seconds, peak, summary))
            source.unlink()
    print(f"cleaner clean --jsonl on benchmark pages ({os.cpu_count()} CPUs)\n")
    print("| input MB | records | workers | seconds | MB/s | records/s | peak memory (MB, all processes) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    base = rows[0][3]
    for size, records, jobs, seconds, peak, _ in rows:
        print(f"| {size / 1e6:.0f} | {records} | {jobs} | {seconds:.1f} | {size / 1e6 / seconds:.2f} | "
              f"{records / seconds:.0f} | {peak / 1e6:.0f} |")
    if len(args.jobs) > 1:
        two = next(r for r in rows if r[2] == args.jobs[1] and r[0] == rows[0][0])
        print(f"\nspeed-up with {args.jobs[1]} workers: {base / two[3]:.2f}x")
    print(f"\n{rows[0][5]}")


if __name__ == "__main__":
    main()
