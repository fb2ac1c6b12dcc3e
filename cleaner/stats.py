"""Counts for a whole run: what came in, what went out, and which rule or scorer removed what.

A run's stats are the sum of its documents' stats, so workers count their own documents and the
parent adds them up (``RunStats.merge``); the sum does not depend on how documents were split.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cleaner.model import Result, Verdict


@dataclass
class RunStats:
    """Documents by outcome, sizes, and removals by reason (a rule id or a scorer name)."""

    documents: int = 0
    cleaned: int = 0  # cleaned and passed on
    flagged: Counter[str] = field(default_factory=Counter)  # cleaned, with a safety-net flag
    failed: Counter[str] = field(default_factory=Counter)  # not cleaned, by cause
    bytes_in: int = 0  # bytes read: whole files, or whole JSONL lines
    chars_in: int = 0  # characters of the cleaned documents' non-blank lines, as in Result.removed_ratio
    chars_out: int = 0  # of those, the characters kept
    lines_dropped: Counter[str] = field(default_factory=Counter)
    lines_cut: Counter[str] = field(default_factory=Counter)  # lines kept with a span cut out
    chars_removed: Counter[str] = field(default_factory=Counter)

    def add_result(self, result: Result, size: int) -> None:
        """Count one cleaned document of ``size`` bytes read, with its safety-net flag if any."""
        self.documents += 1
        self.bytes_in += size
        flag = result.flag
        if flag:
            self.flagged[flag] += 1
        else:
            self.cleaned += 1
        for d in result.decisions:
            length = len(d.text.strip())
            self.chars_in += length
            if d.verdict is Verdict.KEEP:
                self.chars_out += length
            elif d.verdict is Verdict.DROP:
                self.lines_dropped[d.reason] += 1
                self.chars_removed[d.reason] += length
            elif d.verdict is Verdict.CUT:
                kept = len(d.output.strip())
                self.chars_out += kept
                self.lines_cut[d.reason] += 1
                self.chars_removed[d.reason] += length - kept

    def add_failure(self, cause: str, size: int = 0) -> None:
        """Count one document that could not be cleaned: passed on with an error field, or, too large
        to be read, answered by one."""
        self.documents += 1
        self.bytes_in += size
        self.failed[cause] += 1

    def merge(self, other: RunStats) -> None:
        """Add ``other``'s counts to these: a worker's batch to the run's totals."""
        self.documents += other.documents
        self.cleaned += other.cleaned
        self.flagged.update(other.flagged)
        self.failed.update(other.failed)
        self.bytes_in += other.bytes_in
        self.chars_in += other.chars_in
        self.chars_out += other.chars_out
        self.lines_dropped.update(other.lines_dropped)
        self.lines_cut.update(other.lines_cut)
        self.chars_removed.update(other.chars_removed)

    @property
    def removed_share(self) -> float:
        """Share of the cleaned documents' characters that was removed."""
        return 1 - self.chars_out / self.chars_in if self.chars_in else 0.0

    def to_dict(self) -> dict[str, object]:
        """The stats as JSON-ready data; reasons sorted by characters removed, then by name."""
        reasons = sorted(set(self.lines_dropped) | set(self.lines_cut),
                         key=lambda r: (-self.chars_removed[r], r))
        return {
            "documents": self.documents,
            "cleaned": self.cleaned,
            "flagged": dict(sorted(self.flagged.items())),
            "failed": dict(sorted(self.failed.items())),
            "bytes_in": self.bytes_in,
            "chars_in": self.chars_in,
            "chars_out": self.chars_out,
            "removed_share": round(self.removed_share, 4),
            "removals": {r: {"lines_dropped": self.lines_dropped[r], "lines_cut": self.lines_cut[r],
                             "chars_removed": self.chars_removed[r]} for r in reasons},
        }

    def summary(self, unit: str = "records") -> str:
        """One line for stderr: how many documents, and how many were flagged or not cleaned."""
        parts = [f"{self.cleaned} cleaned"]
        if self.flagged:
            parts.append(f"{sum(self.flagged.values())} flagged ({_causes(self.flagged)})")
        if self.failed:
            parts.append(f"{sum(self.failed.values())} not cleaned ({_causes(self.failed)})")
        return f"{self.documents} {unit}: {', '.join(parts)}; {self.removed_share:.1%} of the text removed"


def _causes(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {cause}" for cause, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
