"""The rule-change impact report: both sides' scores and every line whose verdict changed, by reason."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import RULES_DIR
from test_reviews import DESCRIPTION, REVIEWS_TEXT, shop_page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from impact import main

ARTICLE = ("The council approved the new budget on Tuesday after a long debate about the cost of repairing "
           "the city's roads and bridges.")


def write_pages(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def record(page_id: str, **fields: str) -> dict[str, str]:
    return {"id": page_id, "url": f"https://example.com/{page_id}", "page_type": "product", **fields}


def test_html_pages_are_read_as_pages_and_a_steps_lines_are_listed_under_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = "\n".join(["Harbour Kettle 1.7 L", *DESCRIPTION])
    data = write_pages(tmp_path / "pages.jsonl", [record("shop", html=shop_page(), ground_truth=truth)])
    status = main(["--base-rules", str(RULES_DIR), "--head-rules", str(RULES_DIR), "--base-disable",
                   "customer-reviews", "--input", "html", "--data", str(data)])
    report = capsys.readouterr().out
    assert status == 0
    assert "input html" in report
    assert f"{len(REVIEWS_TEXT)} lines changed verdict or cut on 1 page" in report
    assert "the oracle agrees with 4 of them" in report
    assert "`customer-reviews`" in report
    assert REVIEWS_TEXT[0][:60] in report
    assert "different readings" not in report


def test_a_page_whose_sides_keep_different_readings_is_scored_but_its_lines_are_not_compared(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import impact

    from cleaner.model import Decision, Result, Verdict

    calls: list[str] = []

    def reading_by_side(cleaner: object, doc: object, html: bool) -> Result:
        # compare_page reads the base first: it keeps the extraction, the head the page's region
        calls.append("base" if len(calls) % 2 == 0 else "head")
        if calls[-1] == "base":
            return Result(f"{ARTICLE}\n", (Decision(1, ARTICLE, Verdict.KEEP, "content", 0.0, ARTICLE),), 0.0,
                          reading="trafilatura")
        return Result("", (Decision(1, "Home", Verdict.DROP, "page-frame"),), 1.0, reading="page-region")

    monkeypatch.setattr(impact, "clean_page", reading_by_side)
    data = write_pages(tmp_path / "pages.jsonl", [record("p", html="<html></html>", ground_truth=ARTICLE)])
    assert main(["--base-rules", str(RULES_DIR), "--input", "html", "--data", str(data)]) == 0
    report = capsys.readouterr().out
    assert calls == ["base", "head"]
    assert "different readings of 1 page" in report
    assert "0 lines changed verdict" in report  # line 1 of two different texts is not one line
    assert "F1 up on 0, down on 1" in report  # its scores count


def test_text_input_is_still_cleaned_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = f"Advertisement\n{ARTICLE}\n"
    data = write_pages(tmp_path / "pages.jsonl", [record("t", text_extracted=text, ground_truth=ARTICLE)])
    assert main(["--base-rules", str(RULES_DIR), "--head-disable", "ads", "--data", str(data)]) == 0
    report = capsys.readouterr().out
    assert "1 line changed verdict or cut on 1 page" in report
    assert "Advertisement" in report
