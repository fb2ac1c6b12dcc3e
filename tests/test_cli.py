"""The ``cleaner`` command, run as a real process (python -m cleaner) on the checkout's rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from conftest import ROOT, RULES_DIR, SEEDS_DIR, read_seed, seed_names

from cleaner import Cleaner
from cleaner.ruleset import load_rules

SEED = seed_names()[0]  # the one with ad labels, a byline, a related list and a footer
SEED_PATH = SEEDS_DIR / f"{SEED}.txt"
RULES = ["--rules", str(RULES_DIR)]


def run(*args: str, stdin: bytes | str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        cwd=ROOT,
        input=data if data is not None else b"",
        capture_output=True,
        timeout=timeout,
    )


def out(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stdout.decode("utf-8")


def err(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8", errors="replace")


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], status: int = 2) -> None:
    assert proc.returncode == status, err(proc)
    assert "Traceback" not in err(proc)
    lines = err(proc).splitlines()
    assert len(lines) == 1, err(proc)
    assert lines[0].startswith("cleaner: ")


# --- cleaning --------------------------------------------------------------------------------------


def test_stdin_to_stdout_filter_equals_the_api(cleaner: Cleaner) -> None:
    text = read_seed(SEED)
    proc = run(*RULES, stdin=text)
    assert proc.returncode == 0, err(proc)
    assert out(proc) == cleaner.clean(text).text
    assert err(proc) == ""


@pytest.mark.parametrize("name", seed_names())
def test_clean_file_equals_the_api(cleaner: Cleaner, name: str) -> None:
    proc = run("clean", *RULES, str(SEEDS_DIR / f"{name}.txt"))
    assert proc.returncode == 0, err(proc)
    assert out(proc) == cleaner.clean(read_seed(name)).text


def test_clean_dash_reads_stdin(cleaner: Cleaner) -> None:
    text = read_seed(SEED)
    proc = run("clean", *RULES, "-", stdin=text)
    assert proc.returncode == 0, err(proc)
    assert out(proc) == cleaner.clean(text).text


def test_output_bytes_are_utf8_with_lf() -> None:
    body = "The café opened on Monday, and the queue ran around the block."
    proc = run("clean", *RULES, stdin=f"Headline\r\n\r\n{body}\r\n")
    assert proc.returncode == 0, err(proc)
    assert proc.stdout == f"Headline\n\n{body}\n".encode()


def test_format_json(cleaner: Cleaner) -> None:
    text = read_seed(SEED)
    proc = run("clean", *RULES, "--format", "json", str(SEED_PATH))
    assert proc.returncode == 0, err(proc)
    record = json.loads(out(proc))
    assert {"text", "removed_ratio", "decisions"} <= set(record)
    expected = cleaner.clean(text)
    assert record["text"] == expected.text
    assert 0 < record["removed_ratio"] < 1
    non_blank = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip()]
    assert [d["line"] for d in record["decisions"]] == non_blank
    assert {d["verdict"] for d in record["decisions"]} <= {"keep", "drop", "cut"}


# --- explain and rules -----------------------------------------------------------------------------


def test_explain_lists_every_non_blank_line() -> None:
    text = read_seed(SEED)
    proc = run("explain", *RULES, str(SEED_PATH))
    assert proc.returncode == 0, err(proc)
    rows = out(proc).splitlines()
    rows_by_line = {int(r.split()[0]): r for r in rows if r.split() and r.split()[0].isdigit()}
    non_blank = {i + 1: line.rstrip() for i, line in enumerate(text.splitlines()) if line.strip()}
    assert sorted(rows_by_line) == sorted(non_blank)
    for line_no, line in non_blank.items():
        fields = rows_by_line[line_no].split()
        assert fields[1] in {"keep", "drop", "cut"}
        assert fields[2], "no reason"
        assert rows_by_line[line_no].endswith(line)
    # A dropped ad label names the rule that dropped it; an article paragraph is kept as content.
    assert rows_by_line[5].split()[1:3] == ["drop", "ad-slot-label"]
    assert rows_by_line[14].split()[1:3] == ["keep", "content"]


def test_explain_starts_every_lines_text_in_one_column() -> None:
    """A reason with its detail is longer than the others; the text column stays one column."""
    rows = [r for r in out(run("explain", *RULES, str(SEED_PATH))).splitlines() if r[:5].strip().isdigit()]
    lines = {i + 1: line.rstrip() for i, line in enumerate(read_seed(SEED).splitlines())}
    starts = {len(row) - len(lines[int(row[:5])]) for row in rows}
    assert len(starts) == 1
    assert any(" [" in row[:min(starts)] for row in rows)  # a reason with its detail among them


def test_several_files_come_out_with_a_blank_line_between_their_texts() -> None:
    first, second = SEEDS_DIR / "000_0925cb0db5e6a6c5.txt", SEEDS_DIR / "001_c3ee9d400192d914.txt"
    alone = [out(run(*RULES, str(path))) for path in (first, second)]
    proc = run("clean", *RULES, str(first), str(second))
    assert proc.returncode == 0, err(proc)
    assert out(proc) == alone[0] + "\n" + alone[1]


@pytest.mark.parametrize(("mode", "stdin", "warning"), [
    ("page", "<html><head><title>A</title></head><body><p>The plant opened on Monday.</p></body></html>\n",
     "the text looks like an HTML page but was read as text, so its tags stay; read it as HTML "
     "(clean_html, --input html)"),
    ("text", "<!doctype html><html><body><p>The plant opened on Monday.</p></body></html>\n",
     "the text looks like an HTML page but was read as text, so its tags stay; read it as HTML "
     "(clean_html, --input html)"),
    ("html", "The plant opened on Monday.\nIt had been delayed for years.\n",
     "the input has no markup but was read as HTML (--input html)"),
])
def test_a_forced_input_kind_that_does_not_fit_is_said(mode: str, stdin: str, warning: str) -> None:
    proc = run("--input", mode, *RULES, stdin=stdin)
    assert proc.returncode == 0 and warning in err(proc)


def test_text_with_angle_brackets_but_no_tag_is_warned_as_text_read_as_html() -> None:
    stdin = "From: Jane Doe <jane@example.com>\nThe plant opened on Monday.\nIf a<b, it had been delayed.\n"
    proc = run("--input", "html", *RULES, stdin=stdin)
    assert "the input has no markup but was read as HTML (--input html)" in err(proc)
    assert "Traceback" not in err(proc)


def test_a_fitting_input_kind_says_nothing() -> None:
    assert err(run("--input", "text", *RULES, str(SEED_PATH))) == ""
    assert err(run("--input", "html", *RULES, stdin="<p>The plant opened on Monday after years of delay.</p>")) == ""
    fragment = "Dear reader,<br>The plant opened on <b>Monday</b> after years of delay.<br>"
    assert err(run("--input", "html", *RULES, stdin=fragment)) == ""
    page = "\f<html><body><p>The plant opened on Monday.</p></body></html>"
    assert err(run("--input", "html", *RULES, stdin=page)) == ""


def test_explain_shows_a_long_detail_cut_with_an_ellipsis() -> None:
    from cleaner.cli import EXPLAIN_DETAIL_CHARS, explain_text
    from cleaner.model import Decision, Result, Verdict

    detail = "outside the article's region, lines 77-150 of 3,000, after the menu and before the footer"
    result = Result("", (Decision(3, "Home", Verdict.DROP, "page-frame", 0.7, detail=detail),), 1.0)
    row = explain_text(result).splitlines()[0]
    shown = row[row.index("[") + 1:row.index("]")]
    assert shown.endswith("…") and len(shown) == EXPLAIN_DETAIL_CHARS and detail.startswith(shown[:-1])
    short = Result("", (Decision(3, "Home", Verdict.DROP, "page-frame", 0.7, detail="lines 77-150"),), 1.0)
    assert "[lines 77-150]" in explain_text(short)


def test_rules_lists_every_id(rules_dir: Path) -> None:
    proc = run("rules", *RULES)
    assert proc.returncode == 0, err(proc)
    listed = [line.split()[0] for line in out(proc).splitlines() if line.strip()]
    assert listed == [r.id for r in Cleaner.load(rules_dir).ruleset.rules]


def test_rules_id_prints_the_examples(rules_dir: Path) -> None:
    rule = Cleaner.load(rules_dir).ruleset.by_id("ad-slot-label")
    assert rule is not None
    proc = run("rules", *RULES, "ad-slot-label")
    assert proc.returncode == 0, err(proc)
    page = out(proc)
    assert "ad-slot-label" in page
    for example in rule.examples_match + rule.examples_no_match:
        assert example in page


def test_rules_unknown_id_is_a_usage_error() -> None:
    proc = run("rules", *RULES, "no-such-rule")
    assert_one_line_error(proc)
    assert "no-such-rule" in err(proc)


def test_rules_check_passes_on_the_shipped_rules() -> None:
    proc = run("rules", *RULES, "--check")
    assert proc.returncode == 0, out(proc)


def test_rules_check_names_a_users_regex_that_runs_away(tmp_path: Path) -> None:
    # Its examples pass, and on a corpus it would spend its time limit on every run of a's.
    rule = tmp_path / "slow.yaml"
    rule.write_text("rules:\n  - id: slow-rule\n    summary: A runaway regex.\n    why: Testing.\n"
                    "    action: drop\n    match:\n      line: '(a+)+$'\n"
                    "    examples:\n      match: ['aaaa']\n      no_match: ['bbb']\n", encoding="utf-8")
    proc = run("rules", *RULES, "--add-rules", str(rule), "--check")
    assert proc.returncode == 2
    assert "rule 'slow-rule' ran past" in out(proc) and "1 runaway regexes" in out(proc)


def test_rules_check_names_a_regex_quadratic_in_a_run_of_words_before_its_keyword(tmp_path: Path) -> None:
    # Linear on every line but one that repeats a word many times before "try again": each start
    # of a "please" tries every way to split the run between the pattern's two ".*".
    rule = tmp_path / "slow.yaml"
    rule.write_text("rules:\n  - id: slow-rule\n    summary: A runaway regex.\n    why: Testing.\n"
                    "    action: drop\n    match:\n      line: '\\bplease\\b.*\\btry again\\b.*!'\n"
                    "    examples:\n      match: ['please try again!']\n      no_match: ['try again']\n",
                    encoding="utf-8")
    proc = run("rules", *RULES, "--add-rules", str(rule), "--check")
    assert proc.returncode == 2
    assert "rule 'slow-rule' ran past" in out(proc) and "('please pleas'...)" in out(proc)


def test_rules_with_every_rule_disabled(rules_dir: Path) -> None:
    flags = [arg for p in sorted(rules_dir.glob("*.yaml")) for arg in ("--disable", p.stem)]
    proc = run("rules", *RULES, *flags)
    assert "Traceback" not in err(proc)
    assert proc.returncode in (0, 2)


# --- --disable -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "disable",
    [["ads"], ["ad-slot-label", "ad-slot-label-dressed"]],
    ids=["category", "rule-ids"],
)
def test_disable_keeps_advertisement_lines(disable: list[str]) -> None:
    text = read_seed(SEED)
    flags = [arg for name in disable for arg in ("--disable", name)]
    enabled = run("clean", *RULES, str(SEED_PATH))
    disabled = run("clean", *RULES, *flags, str(SEED_PATH))
    assert enabled.returncode == disabled.returncode == 0, err(disabled)
    assert "Advertisement" not in out(enabled).splitlines()
    # The labels between paragraphs come back (the one in the page footer may still go).
    mid_article = text.splitlines()[:40].count("Advertisement")
    assert mid_article >= 4
    assert out(disabled).splitlines().count("Advertisement") >= mid_article


def test_disable_one_rule_id() -> None:
    seed = str(SEEDS_DIR / "002_755dfe51c7a7b9bf.txt")
    pointer = "Related: Xiaomi gets respite: Win’s court rule suspending US ban on investment"
    enabled = run("clean", *RULES, seed)
    disabled = run("clean", *RULES, "--disable", "related-pointer", seed)
    assert pointer not in out(enabled).splitlines()
    assert pointer in out(disabled).splitlines()


def test_disable_a_scorer() -> None:
    enabled = run("clean", *RULES, str(SEEDS_DIR / "001_c3ee9d400192d914.txt"))
    disabled = run("clean", *RULES, "--disable", "caption-between", str(SEEDS_DIR / "001_c3ee9d400192d914.txt"))
    assert "Xiaomi storefront in Paris, France." not in out(enabled)
    assert "Xiaomi storefront in Paris, France." in out(disabled).splitlines()


def test_disable_unknown_name_is_an_error() -> None:
    assert_one_line_error(run("clean", *RULES, "--disable", "no-such-thing", str(SEED_PATH)))




@pytest.mark.parametrize("disable", [["--disable", "related"], ["--disable=related"]], ids=["space", "equals"])
def test_disable_before_the_command(disable: list[str]) -> None:
    """The help shows `cleaner [--rules DIR] [--disable NAME] [--format ...] {clean,explain,rules}`."""
    proc = run(*disable, "explain", *RULES, str(SEEDS_DIR / "002_755dfe51c7a7b9bf.txt"))
    assert proc.returncode == 0, err(proc)
    row = [r for r in out(proc).splitlines() if r.split() and r.split()[0] == "10"]
    assert row and row[0].split()[1] == "keep", out(proc)


WHOLE_PAGE = "Home\nWorld\nSport\n\n" + "".join(
    f"The council met on Monday to agree the budget for the coming year, item {n}, after a long debate.\n\n"
    for n in range(3)) + "Careers\nSite Map\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_input_page_keeps_the_article_region(where: str) -> None:
    args = ["--input", "page", "clean"] if where == "before" else ["clean", "--input", "page"]
    proc = run(*args, *RULES, stdin=WHOLE_PAGE)
    assert proc.returncode == 0, err(proc)
    kept = out(proc).splitlines()
    assert "Sport" not in kept and "Careers" not in kept
    assert sum("The council met" in line for line in kept) == 3


def test_input_text_is_the_default_and_keeps_short_lines() -> None:
    default, text = run(*RULES, stdin=WHOLE_PAGE), run("--input", "text", *RULES, stdin=WHOLE_PAGE)
    assert out(default) == out(text)
    assert "Sport" in out(default).splitlines()


def test_format_before_the_command() -> None:
    proc = run("--format", "json", "clean", *RULES, str(SEED_PATH))
    assert proc.returncode == 0, err(proc)
    assert "text" in json.loads(out(proc))


# --- exit statuses and errors ----------------------------------------------------------------------


def test_nothing_survives_exits_1() -> None:
    proc = run(*RULES, stdin="Advertisement\n")
    assert proc.returncode == 1
    assert out(proc) == ""
    assert "Traceback" not in err(proc)
    assert "nothing survived" in err(proc)


def test_nothing_survives_in_json_is_flagged() -> None:
    proc = run(*RULES, "--format", "json", stdin="Advertisement\n")
    assert proc.returncode == 1
    record = json.loads(out(proc))
    assert record["text"] == ""
    assert record["empty"] is True


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        ([*RULES], b""),
        ([*RULES], b"  \n\n\t\n"),
        (["clean", *RULES, "/nonexistent/input.txt"], None),
        ([*RULES], bytes(range(256)) * 50),
        (["--rules", "/nonexistent/rules"], "Some text.\n"),
        ([*RULES, "--bogus-option"], "Some text.\n"),
        (["explain", *RULES, "--no-such-flag", str(SEED_PATH)], None),
        (["clean", *RULES, "-", str(SEED_PATH), "-"], "Some text.\n"),
    ],
    ids=["empty", "blank", "missing-file", "binary", "missing-rule-folder", "unknown-option", "explain-bad-flag",
         "stdin-twice"],
)
def test_errors_are_one_line_exit_2(args: list[str], stdin: bytes | str | None) -> None:
    assert_one_line_error(run(*args, stdin=stdin))


def test_stdin_named_twice_is_a_usage_error() -> None:
    proc = run("clean", *RULES, "-", str(SEED_PATH), "-", stdin="Some text.\n")
    assert_one_line_error(proc)
    assert "- (stdin) can be read once only" in err(proc)


@pytest.mark.parametrize("args", [["clean", "--field", "html"], ["--field", "html", "clean"], ["--field", "text"]])
def test_field_without_jsonl_is_a_usage_error_not_ignored(args: list[str]) -> None:
    proc = run(*args, *RULES, str(SEED_PATH))
    assert_one_line_error(proc)
    assert proc.stdout == b""
    assert err(proc) == "cleaner: usage: --field applies with --jsonl; a file's whole text is cleaned " \
                        "(see cleaner --help)\n"


def test_bad_rule_file_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: [oops\n", encoding="utf-8")
    proc = run("clean", "--rules", str(tmp_path), str(SEED_PATH))
    assert_one_line_error(proc)
    assert "bad.yaml:" in err(proc)


def test_missing_file_names_it() -> None:
    proc = run("clean", *RULES, "/nonexistent/input.txt")
    assert "/nonexistent/input.txt" in err(proc)


def test_invalid_utf8_is_cleaned_with_a_note() -> None:
    data = b"Headline\n\nThe caf\xc3\xa9 opened \xff on Monday, and the queue ran around the block for hours.\n"
    proc = run(*RULES, stdin=data)
    assert proc.returncode == 0, err(proc)
    assert out(proc) == "Headline\n\nThe café opened \ufffd on Monday, and the queue ran around the block for hours.\n"
    assert "UTF-8" in err(proc)
    assert "Traceback" not in err(proc)


def test_closed_stdout_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    """``cleaner big.txt | head -c 10``: the reader goes away; no traceback on stderr."""
    big = tmp_path / "big.txt"
    article = "The plant opened on Monday after years of delay, officials said in a statement on Friday."
    big.write_text("\n\n".join(f"Chinese mu {n}: {article}" for n in range(20_000)), encoding="utf-8")  # > a pipe
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", *RULES, str(big)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    head = proc.stdout.read(10)
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8", errors="replace")
    proc.wait(timeout=60)
    assert head == b"Chinese mu"
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr
    assert proc.returncode == 141  # as if SIGPIPE had ended it: a pipeline with pipefail sees the cut


def test_gutted_document_is_flagged_with_exit_1() -> None:
    text = "The plant opened.\n" + "Advertisement\n" * 20 + "Share this article\nFollow us on Twitter\n"
    proc = run(*RULES, "--format", "json", stdin=text)
    assert proc.returncode == 1, err(proc)
    record = json.loads(out(proc))
    assert record["removed_too_much"] is True and record["text"] == "The plant opened.\n"
    assert "removed" in err(proc) and "Traceback" not in err(proc)


def test_an_unreadable_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    proc = run("clean", *RULES, str(SEED_PATH), str(tmp_path / "missing.txt"), str(SEED_PATH))
    assert proc.returncode == 2
    assert out(proc).count(read_seed_output()) == 2
    assert "missing.txt" in err(proc) and "Traceback" not in err(proc)


def read_seed_output() -> str:
    return Cleaner.load(RULES_DIR).clean(SEED_PATH.read_text(encoding="utf-8")).text


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_a_one_line_error() -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "cleaner", *RULES, str(SEED_PATH)], cwd=ROOT,
                              stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert_one_line_error(proc)


def test_replacement_count_leaves_out_characters_already_in_the_input() -> None:
    data = "Ein Absatz mit \ufffd darin und genug Worten, um ein Absatz zu sein, sagte sie.\n".encode() + b"\xff\n"
    proc = run(*RULES, stdin=data)
    assert "1 undecodable" in err(proc), err(proc)


def test_rules_check_probes_the_shipped_rules_folder_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped folder's rules run without a time limit; one edited in a checkout is probed
    like a user's."""
    import cleaner.ruleset
    from cleaner.cli import main

    (tmp_path / "slow.yaml").write_text(
        "rules:\n  - id: slow-rule\n    summary: A runaway regex.\n    why: Testing.\n"
        "    action: drop\n    match:\n      line: '(a+)+$'\n"
        "    examples:\n      match: ['aaaa']\n      no_match: ['bbb']\n", encoding="utf-8")
    monkeypatch.setattr(cleaner.ruleset, "default_rules_dir", lambda: tmp_path)
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    assert load_rules(tmp_path).rules[0].vetted  # the folder counts as the shipped one
    assert main(["rules", "--rules", str(tmp_path), "--check"]) == 2
    assert "rule 'slow-rule' ran past" in capsys.readouterr().out


# --- closed standard streams ---------------------------------------------------------------------------


def _with_closed(fd: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    """The command run with one of its standard descriptors closed (``<&-``, ``>&-``, ``2>&-``)."""
    streams: dict[str, int] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=ROOT, timeout=60, check=False,
                          preexec_fn=lambda: os.close(fd), **streams)


@pytest.mark.parametrize("args", [("clean", str(SEED_PATH)), ("rules",), ("clean", "--jsonl", str(SEED_PATH))],
                         ids=["text", "rules", "jsonl"])
def test_a_closed_stdout_is_one_line_and_status_2(args: tuple[str, ...]) -> None:
    proc = _with_closed(1, *args)
    assert proc.returncode == 2
    assert err(proc) == "cleaner: cannot write the output: standard output is closed\n"


@pytest.mark.parametrize("args", [(), ("clean", "--jsonl"), ("learn",)], ids=["filter", "jsonl", "learn"])
def test_a_closed_stdin_is_one_line_and_status_2(args: tuple[str, ...]) -> None:
    proc = _with_closed(0, *args)
    assert proc.returncode == 2
    assert "cannot read the input: standard input is closed" in err(proc)
    assert "Traceback" not in err(proc)


def test_a_closed_stderr_keeps_the_status_and_its_messages_out_of_the_output() -> None:
    missing = _with_closed(2, "clean", "/nonexistent/page.txt")
    assert (missing.returncode, missing.stdout) == (2, b"")
    assert _with_closed(2, "clean", str(SEED_PATH)).returncode == 0


GERMAN = ("Impressum\n"
          "Die Beispiel GmbH wird von ihren beiden Gründern geführt, die das Unternehmen im Jahr 2009 in "
          "Hamburg gegründet haben und es bis heute gemeinsam leiten.\n")


def test_the_language_tells_a_heading_over_prose_from_a_menu_link() -> None:
    # Read by the English stoplist the German paragraph is no prose, and the line over it a lone
    # footer link; read by German's, the line heads the paragraph.
    assert run("--language", "German", stdin=GERMAN).stdout.decode() == GERMAN
    assert run(stdin=GERMAN).stdout.decode() == GERMAN.split("\n", 1)[1]
    assert run("clean", "--language", "german", stdin=GERMAN).stdout.decode() == GERMAN


@pytest.mark.parametrize(("name", "shown"), [("Klingon", "Klingon"), ("", ""), ("../English", "../English"),
                                            ("x" * 5000, "x" * 40 + "...")], ids=["unknown", "empty", "path", "long"])
def test_an_unknown_language_is_one_short_line_and_status_2(name: str, shown: str) -> None:
    proc = run("--language", name, stdin="The plant opened.\n")
    assert proc.returncode == 2
    assert err(proc).startswith(f"cleaner: usage: --language: no stoplist for {shown!r}")
    assert "; known: Afrikaans," in err(proc) and err(proc).count("\n") == 1
    assert len(err(proc)) < 2000


def test_the_rules_examples_hold_whatever_the_language() -> None:
    # The examples are written in English prose; a run for German text checks them as written.
    proc = run("--language", "German", "rules", "--check")
    assert proc.returncode == 0, err(proc)


class _InterruptedImport(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        raise KeyboardInterrupt


@pytest.mark.parametrize("stderr_closed", [False, True])
def test_an_interrupt_during_start_up_is_status_130_and_no_output(stderr_closed: bool,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from cleaner.__main__ import run

    monkeypatch.setitem(sys.modules, "cleaner.cli", _InterruptedImport("cleaner.cli"))
    if stderr_closed:
        monkeypatch.setattr(sys, "stderr", None)
    with pytest.raises(SystemExit) as exit_:
        run()
    assert exit_.value.code == 130
    out, error = capsys.readouterr()
    assert out == ""
    assert error == ("" if stderr_closed else "cleaner: interrupted\n")


def test_a_closed_stdin_with_an_output_file_is_one_line_and_status_2(tmp_path: Path) -> None:
    existing = tmp_path / "out.txt"
    existing.write_text("old\n", encoding="utf-8")
    proc = _with_closed(0, "-o", str(existing))
    assert proc.returncode == 2
    assert "cannot read the input: standard input is closed" in err(proc)
    assert "Traceback" not in err(proc)
