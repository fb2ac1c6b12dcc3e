"""A progress bar on stderr for long runs: documents, MB, documents/s and the share removed.

Shown only when stderr is a terminal, so logs and pipes never receive bar redraws; tqdm is
imported only then.
"""

from __future__ import annotations

import sys
from typing import Any

from cleaner.stats import RunStats


class Progress:
    """Feed it each batch's stats; it keeps the run's totals for the bar."""

    def __init__(self, unit: str, enabled: bool | None = None) -> None:
        self.totals = RunStats()
        self._bar: Any = None
        if enabled if enabled is not None else sys.stderr.isatty():
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: a process with threads forks no page reader
            self._bar = tqdm(unit=f" {unit}", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)

    def update(self, batch: RunStats) -> None:
        self.totals.merge(batch)
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.totals.bytes_in / 1e6:.1f} MB, "
                                      f"{self.totals.removed_share:.1%} removed", refresh=False)
            self._bar.update(batch.documents)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
