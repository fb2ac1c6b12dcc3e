"""The article-loss report counts what the cleaner removes from text that is all article, per reason."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from article_loss import Loss, losses, report, wrapped

from tests.test_scorers import P1, P2, P3


def test_wrapping_fills_each_paragraph_and_keeps_them_apart() -> None:
    text = wrapped(f"{P1}\n{P2}\n\n\n{P3}\n", 40)
    paragraphs = text.split("\n\n")
    assert [p.replace("\n", " ") for p in paragraphs] == [P1, P2, P3]
    assert max(len(line) for line in text.splitlines()) <= 40


def test_an_article_alone_loses_nothing() -> None:
    found: dict[str, Loss] = defaultdict(Loss)
    assert losses("p1", f"{P1}\n\n{P2}\n\n{P3}\n", found) == 0
    assert found == {}


def test_each_removal_is_counted_under_its_reason() -> None:
    found: dict[str, Loss] = defaultdict(Loss)
    removed = losses("p1", f"{P1}\n\nAdvertisement\n\n{P2}\n\nShare this article\n\n{P3}\n", found)
    assert removed == 4
    assert {reason: (loss.lines, loss.words, loss.pages) for reason, loss in found.items()} == {
        "ad-slot-label": (1, 1, {"p1"}), "share-prompt": (1, 3, {"p1"})}
    text = report(found, pages=1, pages_hit=1, words=100, removed=removed, show=5)
    assert text.startswith("1 pages, 100 words of ground truth: 4 words removed (4.00%), on 1 pages.")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows == ["| `share-prompt` | 3 | 1 | 1 |", "| `ad-slot-label` | 1 | 1 | 1 |"]  # most words first
    assert "- p1: `Share this article`" in text
