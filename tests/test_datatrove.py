"""The datatrove step: a real pipeline (JSONL in, two tasks, JSONL and stats out), and the step's
promises on its own: what it drops, what it writes in the metadata, how it loads and ships."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, RULES_DIR, read_seed, seed_names
from test_html import P1, P3, PAGE

from cleaner import Cleaner, Config, RuleError, Verdict
from cleaner.htmlinput import HtmlOptions

pytest.importorskip("datatrove", reason="the datatrove extra is not installed (pip install -e '.[test]')")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.integrations.datatrove import CleanerFilter

# An article with a byline and an ad label, and its clean text (reviewed by hand: both are boilerplate).
STORM = (
    "Harbour Closed as Storm Nears the Coast\n"
    "By Jane Doe | Updated: 3 March 2021 10:15 IST\n\n"
    "The port authority closed the harbour on Tuesday morning, saying that waves of up to six metres were "
    "expected along the coast by the evening.\n\n"
    "Advertisement\n\n"
    "Fishing boats were moved to the inner basin, and the ferry service to the islands was suspended until the "
    "storm has passed.\n"
)
STORM_CLEAN = (
    "Harbour Closed as Storm Nears the Coast\n\n"
    "The port authority closed the harbour on Tuesday morning, saying that waves of up to six metres were "
    "expected along the coast by the evening.\n\n"
    "Fishing boats were moved to the inner basin, and the ferry service to the islands was suspended until the "
    "storm has passed.\n"
)
# Nothing but page furniture: nothing survives, so the document is dropped.
FURNITURE = "Advertisement\nShare this article\n© 2021 Example Media Ltd. All rights reserved.\n"
GUTTED = "The plant opened.\n" + "Advertisement\n" * 20  # more than 90% removed, but not empty


def total(stat: object) -> float:
    """A stat's total as datatrove writes it: a bare number, or a dict holding ``total``."""
    return stat["total"] if isinstance(stat, dict) else stat  # type: ignore[return-value,index]


def write_jsonl(path: Path, docs: dict[str, str]) -> None:
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in docs.items()), encoding="utf-8")


def read_jsonl(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner.load(RULES_DIR)


def test_a_two_task_pipeline_writes_the_clean_texts_and_the_cleaners_stats(tmp_path: Path, cleaner: Cleaner) -> None:
    seeds = {name: read_seed(name) for name in seed_names()}
    assert len(seeds) >= 4
    names = sorted(seeds)
    inputs = tmp_path / "in"
    inputs.mkdir()
    # One file per task: the reader shards by file.
    first = {n: seeds[n] for n in names[: len(names) // 2]} | {"storm": STORM}
    second = {n: seeds[n] for n in names[len(names) // 2:]} | {"furniture": FURNITURE}
    write_jsonl(inputs / "a.jsonl", first)
    write_jsonl(inputs / "b.jsonl", second)
    docs = first | second

    LocalPipelineExecutor(
        [
            JsonlReader(str(inputs)),
            CleanerFilter(rules_dir=RULES_DIR),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    written = {str(r["id"]): r for r in read_jsonl(tmp_path / "out")}
    results = {k: cleaner.clean(v) for k, v in docs.items()}
    assert set(written) == set(docs) - {"furniture"}
    for doc_id, record in written.items():
        assert record["text"] == results[doc_id].text, doc_id
    assert written["storm"]["text"] == STORM_CLEAN
    storm_meta = written["storm"]["metadata"]
    assert isinstance(storm_meta, dict)
    assert storm_meta["cleaner_bylines"] == ["By Jane Doe | Updated: 3 March 2021 10:15 IST"]
    assert storm_meta["cleaner_reading"] == "text" and storm_meta["cleaner_removed_too_much"] is False
    assert 0 < storm_meta["cleaner_removed_ratio"] < 0.5

    # Both tasks wrote their stats, and the merged file adds them up.
    assert sorted(p.name for p in (tmp_path / "logs" / "stats").iterdir()) == ["00000.json", "00001.json"]
    merged = json.loads((tmp_path / "logs" / "stats.json").read_text())
    (step,) = [s["stats"] for s in merged if "cleaner" in s["name"]]
    assert total(step["total"]) == len(docs)
    assert total(step["forwarded"]) == len(docs) - 1
    assert total(step["dropped_empty"]) == 1
    lines: Counter[str] = Counter()
    for result in results.values():
        for d in result.decisions:
            lines["line-total"] += 1
            lines["line-kept" if d.verdict is Verdict.KEEP else f"line-{d.verdict.value}-{d.reason}"] += 1
    assert lines["line-drop-ad-slot-label"] >= 2 and lines["line-drop-byline"] >= 1  # STORM and FURNITURE's
    for label, count in lines.items():
        assert total(step[label]) == count, label
    removed = sum(r.removed_ratio for r in results.values())
    assert total(step["removed_ratio"]) == pytest.approx(removed)


def test_a_dropped_document_reaches_the_exclusion_writer_with_its_text(tmp_path: Path) -> None:
    step = CleanerFilter(rules_dir=RULES_DIR, exclusion_writer=JsonlWriter(str(tmp_path), compression=None))
    kept = list(step.run(iter([Document(FURNITURE, "furniture"), Document(STORM, "storm")])))
    assert [d.id for d in kept] == ["storm"]
    (excluded,) = read_jsonl(tmp_path)
    assert excluded["id"] == "furniture" and excluded["text"] == FURNITURE
    assert excluded["metadata"]["filter_reason"] == "empty"  # type: ignore[index]
    assert excluded["metadata"]["cleaner_removed_ratio"] == 1.0  # type: ignore[index]
    counts = {label: stat.total for label, stat in step.stats.stats.items() if label.startswith("line-")}
    assert counts == {"line-total": 8, "line-kept": 3, "line-drop-ad-slot-label": 2, "line-drop-byline": 1,
                      "line-drop-share-prompt": 1, "line-drop-copyright-credit": 1}


def test_a_dropped_document_with_a_lone_surrogate_can_be_written(tmp_path: Path) -> None:
    # No UTF-8 writer takes a lone surrogate: the exclusion writer's would fail on the text as it came.
    step = CleanerFilter(rules_dir=RULES_DIR, exclusion_writer=JsonlWriter(str(tmp_path), compression=None))
    assert list(step.run(iter([Document("Share this article \ud83d\n", "s")]))) == []
    (excluded,) = read_jsonl(tmp_path)
    assert excluded["text"] == "Share this article \ufffd\n"


def test_a_gutted_document_is_kept_and_flagged_unless_it_is_to_be_dropped() -> None:
    (kept,) = CleanerFilter(rules_dir=RULES_DIR).run(iter([Document(GUTTED, "g")]))
    assert kept.text == "The plant opened.\n" and kept.metadata["cleaner_removed_too_much"] is True
    assert kept.metadata["cleaner_flag"] == "removed_too_much"
    strict = CleanerFilter(rules_dir=RULES_DIR, drop_removed_too_much=True)
    assert list(strict.run(iter([Document(GUTTED, "g")]))) == []
    assert strict.stats["dropped_removed_too_much"].total == 1


def test_html_input_is_read_as_a_page_with_the_documents_url(cleaner: Cleaner) -> None:
    url = "https://example.com/xiaomi"
    step = CleanerFilter(rules_dir=RULES_DIR, input_kind="auto", html_options=HtmlOptions(metadata=True))
    page, text = step.run(iter([Document(PAGE, "page", metadata={"url": url}), Document(STORM, "text")]))
    expected = cleaner.clean_html(PAGE, HtmlOptions(url=url))
    assert page.text == expected.text and P1 in page.text and "Careers" not in page.text
    assert page.metadata["cleaner_reading"] == expected.reading != "text"
    assert page.metadata["cleaner_reading_reason"] == expected.reading_reason != ""
    assert page.metadata["cleaner_title"] == "Xiaomi to Make Cars at Great Wall Plant"
    assert text.text == STORM_CLEAN and text.metadata["cleaner_reading"] == "text"
    assert "cleaner_reading_reason" not in text.metadata
    assert step.stats[f"reading-{expected.reading}"].total == 1


def test_a_lone_surrogate_in_a_page_is_replaced_and_said_in_the_metadata() -> None:
    # The parser stops reading a page at a lone surrogate: the document lost its article's end.
    step = CleanerFilter(rules_dir=RULES_DIR, input_kind="html")
    (page,) = step.run(iter([Document(PAGE.replace(P1, f"{P1[:40]}\ud83d{P1[40:]}"), "page")]))
    assert f"{P1[:40]}\ufffd{P1[40:]}" in page.text and P3 in page.text
    assert "1 lone surrogate(s) replaced with U+FFFD" in page.metadata["cleaner_warnings"]
    assert page.text.encode("utf-8")


def test_page_input_is_the_whole_page_reading() -> None:
    step = CleanerFilter(rules_dir=RULES_DIR, input_kind="page")
    page_cleaner = Cleaner.load(RULES_DIR, config=Config(whole_page=True))
    text = read_seed(seed_names()[0])
    (doc,) = step.run(iter([Document(text, "p")]))
    assert doc.text == page_cleaner.clean(text).text
    assert step.config.whole_page


def test_rules_load_once_per_process_and_the_step_ships_without_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dill  # datatrove's executors ship pipelines with dill

    rules = shutil.copytree(RULES_DIR, tmp_path / "rules")  # a folder no other test has loaded
    loads = []
    real_load = Cleaner.load

    def counting_load(*args: object, **kwargs: object) -> Cleaner:
        loads.append(args)
        return real_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Cleaner, "load", counting_load)
    step = CleanerFilter(rules_dir=rules, disable=["ads"])
    shipped = pickle.dumps(step)
    assert len(shipped) < 2000  # the settings, not the rules
    docs = [Document(STORM, str(i)) for i in range(5)]
    texts = [d.text for d in step.run(iter(docs))]
    for copy in (pickle.loads(shipped), dill.loads(dill.dumps(step))):
        assert [d.text for d in copy.run(iter([Document(STORM, "x")]))] == texts[:1]
    assert len(loads) == 1
    assert "Advertisement" in texts[0]  # the disabled category stayed off


def test_bad_settings_fail_when_the_pipeline_is_built() -> None:
    with pytest.raises(ValueError, match="input_kind"):
        CleanerFilter(input_kind="pdf")  # type: ignore[arg-type]
    with pytest.raises(RuleError, match="no-such-rule"):
        CleanerFilter(rules_dir=RULES_DIR, disable=["no-such-rule"])


def python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_importing_cleaner_does_not_import_datatrove() -> None:
    proc = python("import sys, cleaner, cleaner.cli, cleaner.integrations; print('datatrove' in sys.modules)")
    assert proc.stdout.strip() == "False", proc.stderr


def test_without_datatrove_the_import_error_names_the_extra() -> None:
    proc = python("import sys; sys.modules['datatrove'] = None; import cleaner.integrations.datatrove")
    assert proc.returncode != 0
    message = "ImportError: cleaner.integrations.datatrove needs datatrove: pip install 'datatrove>=0.10' orjson"
    assert message in proc.stderr


def test_extra_rule_files_load_beside_the_rules(tmp_path: Path) -> None:
    extra = tmp_path / "site.yaml"
    extra.write_text(
        "rules:\n"
        "  - id: site-newsletter-box\n"
        "    summary: Drops a site's newsletter box title.\n"
        "    why: A template line of one site, learned from its pages.\n"
        "    action: drop\n"
        "    match:\n"
        "      phrases: [\"Fishing boats were moved\"]\n"
        "    examples:\n"
        "      match: [\"Fishing boats were moved\"]\n"
        "      no_match: [\"Fishing boats were moved to the inner basin on Tuesday.\"]\n",
        encoding="utf-8")
    (plain,) = CleanerFilter(rules_dir=RULES_DIR).run(iter([Document(STORM + "Fishing boats were moved\n", "s")]))
    assert plain.text.endswith("\nFishing boats were moved\n")
    doc = Document(STORM + "Fishing boats were moved\n", "s")
    (out,) = CleanerFilter(rules_dir=RULES_DIR, extra_rules=[extra]).run(iter([doc]))
    assert out.text == STORM_CLEAN
