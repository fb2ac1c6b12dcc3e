"""The accuracy benchmark runs, by default, the systems meant for the input it reads."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from accuracy import default_systems


def test_the_whole_page_reading_runs_on_whole_page_text_only() -> None:
    """On extracted text, ``--input page`` drops content (short lines outside the densest run):
    its row there would mislead, so it is not run unless asked."""
    assert "cleaner-page" not in default_systems("text_extracted")
    assert "cleaner-page" in default_systems("text_page")
    assert "cleaner" in default_systems("text_extracted") and "oracle" in default_systems("text_extracted")
