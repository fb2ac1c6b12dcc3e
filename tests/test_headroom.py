"""The headroom report sorts an output's non-content lines by zone and kind, and prices each group."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from headroom import group_lines, kind_of, report

TRUTH = "The river rose ten feet overnight and flooded the old mill.\nResidents were moved to the school gym."
OUTPUT = "\n".join([
    "Share this story",                                                       # before, furniture
    "The river rose ten feet overnight and flooded the old mill.",           # content
    "Click to enlarge",                                                       # inside, furniture
    "|---|---|",                                                              # no words: no group
    "Residents were moved to the school gym.",                                # content
    "Our newsroom is funded by readers like you, and every gift keeps it going strong.",  # after, sentence
    "Related Stories",                                                        # after, furniture
])


def test_kind_tells_a_sentence_from_furniture() -> None:
    assert kind_of("Our newsroom is funded by readers like you, and every gift keeps it going.") == "sentence"
    assert kind_of("Related Stories") == "furniture"
    # Long, but no sentence end: a teaser title or a menu row.
    assert kind_of("Home News Sport Business Culture Travel Weather Video Audio Live More Topics") == "furniture"


def test_lines_are_grouped_by_zone_and_kind() -> None:
    page = group_lines("p1", OUTPUT, TRUTH)
    assert page.groups == [
        "before furniture", None, "inside furniture", None, None, "after sentence", "after furniture"
    ]


def test_a_page_without_content_lines_has_its_own_zone() -> None:
    page = group_lines("p2", "Share this story\nRelated Stories", TRUTH)
    assert page.groups == ["outside furniture", "outside furniture"]


def test_report_prices_each_group_against_the_cleaner_as_it_is() -> None:
    page = group_lines("p1", OUTPUT, TRUTH)
    text = report([page], {"p1": TRUTH}, oracle_f1=1.0, show=1)
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if line.startswith("| ")}
    # Removing every line the oracle drops leaves exactly the truth's lines: F1 1.
    assert "| 1.0000 |" in rows["every line the oracle drops"]
    # Removing a group the page does not have changes nothing.
    assert rows["sentences before the article"].endswith("| +0.0000 |")
    assert "`Share this story`" in text
