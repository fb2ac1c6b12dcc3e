"""``cleaner clean --jsonl``: one field of each record cleaned, every record out, in order."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, RULES_DIR, read_seed, seed_names
from test_cli import err, run

from cleaner import Cleaner
from cleaner.document import DocumentOptions
from cleaner.htmlinput import HtmlOptions
from cleaner.jsonl import Unread
from cleaner.records import (
    BYLINES_FIELD,
    ERROR_FIELD,
    FLAG_FIELD,
    RAW_FIELD,
    READING_FIELD,
    REASON_FIELD,
    WARNINGS_FIELD,
    RecordOptions,
    clean_record,
    leading_fields,
)
from cleaner.scorers import SCORERS
from cleaner.stats import RunStats

RULES = ["--rules", str(RULES_DIR)]
ARTICLE = "The plant opened on Monday after years of delay, officials said in a statement on Friday."


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def parse(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.splitlines()]


def seed_records() -> list[dict[str, object]]:
    return [{"id": name, "text": read_seed(name), "lang": "en"} for name in seed_names()]


# --- cleaning ------------------------------------------------------------------------------------


def test_each_record_gets_the_apis_clean_text_and_keeps_its_other_fields_in_order(cleaner: Cleaner) -> None:
    records = seed_records()
    proc = run("clean", "--jsonl", *RULES, stdin=jsonl(*records))
    assert proc.returncode == 0, err(proc)
    got = parse(proc.stdout)
    for record, out in zip(records, got, strict=True):
        assert out["id"] == record["id"] and out["lang"] == "en"
        text = str(record["text"])
        expected = cleaner.clean(text)
        assert out["text"] == (expected.text if text.endswith("\n") else expected.text.removesuffix("\n"))
        bylines = {BYLINES_FIELD: list(expected.metadata.bylines)} if expected.metadata.bylines else {}
        assert out == {"id": record["id"], "text": out["text"], "lang": "en", **bylines}  # in this order
        assert list(out) == [*record, *bylines]
    assert any(BYLINES_FIELD in out for out in got)
    assert err(proc).startswith(f"cleaner: {len(records)} records: {len(records)} cleaned;")


def test_another_field_is_cleaned_with_field() -> None:
    proc = run("--jsonl", "--field", "body", *RULES,
               stdin=jsonl({"text": "Advertisement", "body": f"Advertisement\n{ARTICLE}"}))
    assert parse(proc.stdout) == [{"text": "Advertisement", "body": ARTICLE}]


def test_a_value_without_a_final_line_end_gets_none_back() -> None:
    proc = run("--jsonl", *RULES, stdin=jsonl({"text": f"Advertisement\n{ARTICLE}"}, {"text": f"{ARTICLE}\n"}))
    assert [r["text"] for r in parse(proc.stdout)] == [ARTICLE, f"{ARTICLE}\n"]


def test_html_records_are_read_as_pages_under_auto() -> None:
    page = (f"<!doctype html><html><head><title>T</title></head><body><nav>Home | News</nav>"
            f"<article><p>{ARTICLE}</p><p>{ARTICLE.replace('Monday', 'Tuesday')}</p></article></body></html>")
    proc = run("--jsonl", "--field", "html", *RULES, stdin=jsonl({"html": page}, {"html": ARTICLE}), timeout=120)
    texts = [r["html"] for r in parse(proc.stdout)]
    assert "Home" not in texts[0] and ARTICLE in texts[0]
    assert texts[1] == ARTICLE


# --- nothing lost --------------------------------------------------------------------------------


BAD_LINES = [
    (b"not json at all", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b'{"id": 7}', "field missing"),
    (b'{"id": 8, "text": 5}', "field not a string"),
]


def test_a_record_that_cannot_be_cleaned_goes_out_unchanged_with_an_error_field() -> None:
    good = jsonl({"id": 1, "text": ARTICLE})
    stream = good + b"".join(line + b"\n" for line, _ in BAD_LINES) + good
    proc = run("--jsonl", *RULES, stdin=stream)
    assert proc.returncode == 2
    got = parse(proc.stdout)
    assert len(got) == 2 + len(BAD_LINES)
    assert got[0] == got[-1] == {"id": 1, "text": ARTICLE}
    assert got[1] == {ERROR_FIELD: "not JSON: Expecting value: column 1", RAW_FIELD: "not json at all"}
    assert got[2][RAW_FIELD] == "[1, 2]" and "not a JSON object" in str(got[2][ERROR_FIELD])
    assert got[3] == {"id": 7, ERROR_FIELD: "no field 'text'"}
    assert got[4] == {"id": 8, "text": 5, ERROR_FIELD: "field 'text' is a number, not a string"}
    # Each failed record is named by its input and line, so that it can be found; then the summary.
    assert err(proc).strip().splitlines() == [
        "cleaner: stdin, line 2: not JSON: Expecting value: column 1",
        "cleaner: stdin, line 3: not a JSON object but a list",
        "cleaner: stdin, line 4: no field 'text'",
        "cleaner: stdin, line 5: field 'text' is a number, not a string",
        "cleaner: 6 records: 2 cleaned, 4 not cleaned (1 field missing, "
        "1 field not a string, 1 not JSON, 1 not a JSON object); 0.0% of the text removed"]


def test_only_the_first_failed_records_are_named_then_counted(tmp_path: Path) -> None:
    from cleaner.cli import FAILURES_NAMED

    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl({"text": ARTICLE}) + b"\n" + b"{}\n" * (FAILURES_NAMED + 5))
    lines = err(run("--jsonl", "-j", "2", *RULES, str(source))).strip().splitlines()
    assert lines[:-1] == [f"cleaner: {source}, line {n}: no field 'text'" for n in range(3, 3 + FAILURES_NAMED)]
    assert lines[-1].endswith(f"(the first {FAILURES_NAMED} named above)")


def test_blank_lines_are_no_records_and_crlf_line_ends_are_read() -> None:
    proc = run("--jsonl", *RULES, stdin=b'\n  \n{"text": "' + ARTICLE.encode() + b'"}\r\n\n')
    assert proc.returncode == 0 and parse(proc.stdout) == [{"text": ARTICLE}]


def test_everything_removed_is_flagged_not_passed_on_silently() -> None:
    proc = run("--jsonl", *RULES, stdin=jsonl({"text": "Advertisement\nShare this article"}, {"text": ARTICLE}))
    assert proc.returncode == 1
    got = parse(proc.stdout)
    assert got[0] == {"text": "", FLAG_FIELD: "empty"}
    assert got[1] == {"text": ARTICLE}
    assert "1 flagged (1 empty)" in err(proc)


def test_an_empty_text_is_flagged_as_empty() -> None:
    proc = run("--jsonl", *RULES, stdin=jsonl({"id": 9, "text": "  "}))
    assert proc.returncode == 1 and parse(proc.stdout) == [{"id": 9, "text": "", FLAG_FIELD: "empty"}]


def test_invalid_utf8_is_replaced_and_said_in_the_record() -> None:
    proc = run("--jsonl", *RULES, stdin=b'{"text": "caf\xe9 ' + ARTICLE.encode() + b'"}\n')
    [record] = parse(proc.stdout)
    assert record["text"] == f"caf\ufffd {ARTICLE}"
    assert record[WARNINGS_FIELD] == ["not valid UTF-8: 1 undecodable byte sequence(s) replaced with U+FFFD"]


def test_a_lone_surrogate_in_the_text_is_replaced_and_said_in_the_record() -> None:
    # No UTF-8 writer takes one, so readers of the output (orjson's, datatrove's) refuse the record;
    # a pair stays the character it spells. Other fields are not the cleaner's to change.
    line = b'{"text": "\\ud800 \\ud83d\\ude00 ' + ARTICLE.encode() + b'", "note": "\\udfff"}\n'
    proc = run("--jsonl", *RULES, stdin=line)
    assert proc.returncode == 0, err(proc)
    assert parse(proc.stdout) == [{"text": f"\ufffd \U0001f600 {ARTICLE}", "note": "\udfff",
                                   WARNINGS_FIELD: ["1 lone surrogate(s) replaced with U+FFFD"]}]


def test_a_record_that_fails_goes_out_as_it_came_with_no_note_of_changes_not_made() -> None:
    # The field is not rewritten on the error path, so no note may say its NULs or surrogates went.
    line = b'{"text": "<html><body><script>\\ud800\\u0000</script></body></html>"}\n'
    [record] = parse(run("--jsonl", "--input", "html", *RULES, stdin=line).stdout)
    assert record["text"] == "<html><body><script>\ud800\x00</script></body></html>"
    assert ERROR_FIELD in record and WARNINGS_FIELD not in record


def test_the_cleaners_own_fields_are_replaced_when_output_is_cleaned_again() -> None:
    first = run("--jsonl", *RULES, stdin=jsonl({"text": "Advertisement"}, {"id": 1}, {"text": ARTICLE},
                                               {"text": f"{BYLINE}\n{ARTICLE}"}, {"text": PAGE}))
    assert BYLINES_FIELD in parse(first.stdout)[3] and READING_FIELD in parse(first.stdout)[4]
    again = run("--jsonl", *RULES, stdin=first.stdout)
    assert again.stdout == first.stdout


def test_a_line_that_was_no_record_goes_out_unchanged_when_cleaned_again_with_its_cause() -> None:
    lines = [b"not json at all", b"[1, 2]", b"caf\xe9 not json", b'{"a":\r x}', b'{"text": 1e999}']
    stream = jsonl({"text": ARTICLE}) + b"".join(line + b"\n" for line in lines)
    first = run("--jsonl", *RULES, stdin=stream)
    assert [RAW_FIELD in record for record in parse(first.stdout)] == [False, *[True] * len(lines)]
    again = run("--jsonl", *RULES, stdin=first.stdout)
    assert again.returncode == first.returncode == 2
    assert again.stdout == first.stdout  # byte for byte: the first run's cause and key order
    assert err(again) == err(first)  # each named by its line, then counted by its cause
    assert "5 not cleaned (4 not JSON, 1 not a JSON object)" in err(again)


@pytest.mark.parametrize("record", [
    {ERROR_FIELD: "not JSON: Expecting value: column 1", RAW_FIELD: "x", "text": ARTICLE},  # it holds the field
    {ERROR_FIELD: "no field 'text'", RAW_FIELD: "x"},  # a cause no line that was no record has
])
def test_a_record_that_is_no_earlier_answer_to_a_line_is_judged_as_any_other(record: dict[str, object]) -> None:
    [got] = parse(run("--jsonl", *RULES, stdin=jsonl(record)).stdout)
    assert got == ({RAW_FIELD: "x", "text": ARTICLE} if "text" in record else {RAW_FIELD: "x", ERROR_FIELD:
                                                                              "no field 'text'"})


BYLINE = "By Jane Doe | Updated: 26 March 2021"
PAGE = ("<html><head><title>Plant opens</title><meta name='author' content='Jane Doe'></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Plant opens</h1>"
        f"<p>{BYLINE}</p><p>{ARTICLE} It employs four hundred people.</p>"
        "<p>Production starts next month, and the first shipments are planned for the autumn.</p>"
        "</article></body></html>")


def cleaned(record: dict[str, object], cleaner: Cleaner, options: RecordOptions | None = None) -> dict[str, object]:
    line = clean_record(jsonl(record), cleaner, options or RecordOptions(), RunStats())
    result: dict[str, object] = json.loads(line)
    return result


def test_a_byline_the_rules_remove_is_kept_in_the_record(cleaner: Cleaner) -> None:
    record = cleaned({"text": f"{BYLINE}\n{ARTICLE}", "id": 7}, cleaner)
    assert record == {"text": ARTICLE, "id": 7, BYLINES_FIELD: [BYLINE]}


def test_a_page_record_says_its_reading_and_why_and_its_metadata_when_asked(cleaner: Cleaner) -> None:
    html = RecordOptions(document=DocumentOptions("html", HtmlOptions(metadata=False)))  # the command's default
    record = cleaned({"text": PAGE}, cleaner, html)
    assert BYLINE not in str(record["text"]) and ARTICLE in str(record["text"])
    assert record[BYLINES_FIELD] == [BYLINE]
    assert record[READING_FIELD] == "trafilatura"
    assert "fewer than 1.1 times the extraction's" in str(record[REASON_FIELD])
    assert not {"cleaner_title", "cleaner_author", "cleaner_date"} & set(record)  # not read unless asked
    with_metadata = RecordOptions(document=DocumentOptions("html", HtmlOptions(metadata=True)))
    record = cleaned({"text": PAGE}, cleaner, with_metadata)
    assert (record["cleaner_title"], record["cleaner_author"]) == ("Plant opens", "Jane Doe")
    assert record["cleaner_date"] == "2021-03-26"


def test_metadata_on_the_command_line_reads_the_pages_fields_and_needs_jsonl() -> None:
    proc = run("--jsonl", "--metadata", "--input", "html", *RULES, stdin=jsonl({"text": PAGE}))
    assert proc.returncode == 0, err(proc)
    [record] = parse(proc.stdout)
    assert record["cleaner_title"] == "Plant opens" and record[BYLINES_FIELD] == [BYLINE]
    refused = run("clean", "--metadata", *RULES, stdin=ARTICLE)
    assert refused.returncode == 2 and "--metadata applies with --jsonl" in err(refused)
    for kind in ("text", "page"):  # no page is read, so no metadata would be
        refused = run("clean", "--jsonl", "--metadata", "--input", kind, *RULES, stdin=jsonl({"text": PAGE}))
        assert refused.returncode == 2 and refused.stdout == b""
        assert f"--metadata is read from HTML pages; --input {kind} reads none" in err(refused)


def test_metadata_asked_of_a_field_read_as_text_is_said_in_the_records_warnings() -> None:
    proc = run("--jsonl", "--metadata", *RULES, stdin=jsonl({"text": ARTICLE}, {"text": PAGE}))
    assert proc.returncode == 0, err(proc)
    text, page = parse(proc.stdout)
    assert text == {"text": ARTICLE, WARNINGS_FIELD: ["field 'text' was read as text, not as an HTML page "
                                                      "(--input auto), so it has no page metadata"]}
    assert page["cleaner_title"] == "Plant opens" and WARNINGS_FIELD not in page
    again = run("--jsonl", "--metadata", *RULES, stdin=proc.stdout)  # the page's reading stands: no warning
    assert again.stdout == proc.stdout


def test_a_record_cleaned_again_keeps_what_an_earlier_run_took_out_and_adds_what_it_takes(
        cleaner: Cleaner) -> None:
    earlier: dict[str, object] = {"text": f"By John Roe\n{ARTICLE}", BYLINES_FIELD: [BYLINE],
                                  READING_FIELD: "page-region", REASON_FIELD: "why", "cleaner_title": "Plant opens"}
    record = cleaned(earlier, cleaner)
    assert record == {"text": ARTICLE, BYLINES_FIELD: [BYLINE, "By John Roe"], READING_FIELD: "page-region",
                      REASON_FIELD: "why", "cleaner_title": "Plant opens"}
    assert cleaned(record, cleaner) == record
    assert cleaned({"text": f"{BYLINE}\n{ARTICLE}", BYLINES_FIELD: [BYLINE]}, cleaner)[BYLINES_FIELD] == [BYLINE]


def test_a_byline_is_listed_once_and_a_field_of_another_shape_is_kept_in_the_list_with_a_warning(
        cleaner: Cleaner) -> None:
    record = cleaned({"text": f"{BYLINE}\n{BYLINE}\n{ARTICLE}"}, cleaner)
    assert record == {"text": ARTICLE, BYLINES_FIELD: [BYLINE]}
    for odd, said in (("my note", "a string"), ({"a": 1}, "an object"), (None, "null")):
        record = cleaned({"text": f"{BYLINE}\n{ARTICLE}", BYLINES_FIELD: odd}, cleaner)
        assert record[BYLINES_FIELD] == [odd, BYLINE]  # nothing the record held is lost
        assert record[WARNINGS_FIELD] == [f"{BYLINES_FIELD} held {said}, not a list: it is now a list of that "
                                          "value, then the bylines removed"]
    mixed = cleaned({"text": f"{BYLINE}\n{ARTICLE}", BYLINES_FIELD: [1, "x", "x"]}, cleaner)
    assert mixed[BYLINES_FIELD] == [1, "x", "x", BYLINE] and WARNINGS_FIELD not in mixed
    untouched = cleaned({"text": ARTICLE, BYLINES_FIELD: "my note"}, cleaner)  # no byline removed: no change
    assert untouched[BYLINES_FIELD] == "my note" and WARNINGS_FIELD not in untouched


def test_a_page_cleaned_again_as_html_keeps_the_reading_of_the_page(cleaner: Cleaner) -> None:
    """The second run reads the first one's text, which is no page: the page's reading stands."""
    html = RecordOptions(document=DocumentOptions("html", HtmlOptions(metadata=True)))
    first = cleaned({"text": PAGE}, cleaner, html)
    again = cleaned(first, cleaner, html)
    assert {k: v for k, v in again.items() if k != WARNINGS_FIELD} == first
    assert first[READING_FIELD] == "trafilatura" and first["cleaner_title"] == "Plant opens"


def test_a_page_in_a_record_that_says_it_was_read_is_read_again() -> None:
    """The field holds markup: it is a page, whatever an earlier reading the record carries says."""
    stale = {"text": PAGE, READING_FIELD: "page-region", REASON_FIELD: "old", "cleaner_title": "Old title",
             "cleaner_sitename": "Old site"}
    proc = run("--jsonl", "--metadata", *RULES, stdin=jsonl(stale))
    [record] = parse(proc.stdout)
    assert record[READING_FIELD] == "trafilatura" and record[REASON_FIELD] != "old"
    assert record["cleaner_title"] == "Plant opens" and record["cleaner_author"] == "Jane Doe"
    assert "cleaner_sitename" not in record  # of the earlier reading, which this one replaces


def test_cleaned_text_with_tag_like_words_read_as_html_again_keeps_the_pages_reading(cleaner: Cleaner) -> None:
    """A code sample's "<strong>" in the text the cleaner wrote makes it no page."""
    html = RecordOptions(document=DocumentOptions("html", HtmlOptions(metadata=False)))
    earlier = {"text": f"{ARTICLE}\nWrap it in <strong>bold</strong> to stress it.", READING_FIELD: "page-region",
               REASON_FIELD: "the region has more words"}
    record = cleaned(earlier, cleaner, html)
    assert (record[READING_FIELD], record[REASON_FIELD]) == ("page-region", "the region has more words")


@pytest.mark.parametrize("field", ["cleaner_title", "cleaner_reading", "cleaner_bylines", "cleaner_error"])
def test_a_field_the_cleaner_writes_cannot_be_the_field_cleaned(field: str) -> None:
    proc = run("--jsonl", "--field", field, *RULES, stdin=jsonl({field: ARTICLE}))
    assert proc.returncode == 2 and proc.stdout == b""
    assert err(proc).strip() == f"cleaner: usage: --field {field}: the cleaner writes that field; name the field " \
                                "with the text (see cleaner --help)"


def test_gzip_input_is_told_by_its_bytes_on_stdin_and_in_files(tmp_path: Path) -> None:
    data = jsonl(*seed_records())
    plain = run("--jsonl", *RULES, stdin=data)
    packed = tmp_path / "records.jsonl"  # compressed, whatever its name says
    packed.write_bytes(gzip.compress(data))
    assert run("--jsonl", *RULES, stdin=gzip.compress(data)).stdout == plain.stdout
    assert run("clean", "--jsonl", *RULES, str(packed)).stdout == plain.stdout


BOMS = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


@pytest.mark.parametrize(("codec", "said"), [("utf-8", None), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"),
                                             ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")])
def test_an_input_with_a_byte_order_mark_is_read_in_its_encoding_record_for_record(tmp_path: Path, codec: str,
                                                                                   said: str | None) -> None:
    # The second record is longer than the piece transcoded at a time, so characters (an emoji is
    # two UTF-16 code units) fall across the pieces' ends.
    records = [{"id": 1, "text": f"Advertisement\nÉté \U0001f600: {ARTICLE}"},
               {"id": 2, "text": "".join(f"{n} \U0001f600 {ARTICLE}\n" for n in range(2_000))}]
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    plain = run("--jsonl", *RULES, stdin=text.encode())
    assert len(parse(plain.stdout)) == 2 and plain.returncode == 0, err(plain)
    data = BOMS[codec] + text.encode(codec)
    packed = tmp_path / "records.jsonl.gz"
    packed.write_bytes(gzip.compress(data))
    runs = ((run("--jsonl", *RULES, stdin=data), "-"), (run("clean", "--jsonl", *RULES, str(packed)), str(packed)))
    for proc, name in runs:
        assert proc.returncode == 0, err(proc)
        assert proc.stdout == plain.stdout
        note = [] if said is None else [f"cleaner: {name}: read as {said} (byte-order mark)"]
        assert err(proc).splitlines() == [*note, err(plain).strip()]


@pytest.mark.parametrize(("codec", "encoding", "order"), [
    ("utf-16-le", "UTF-16", "little"), ("utf-16-be", "UTF-16", "big"),
    ("utf-32-le", "UTF-32", "little"), ("utf-32-be", "UTF-32", "big"),
])
def test_utf16_or_utf32_without_its_byte_order_mark_is_refused_as_a_text_file_is_and_the_next_input_read(
        tmp_path: Path, codec: str, encoding: str, order: str) -> None:
    unmarked = jsonl({"text": ARTICLE}).decode().encode(codec)
    said = f"looks like {encoding} ({order}-endian) without a byte-order mark; convert it to UTF-8, or add the mark"
    assert err(run(*RULES, stdin=f"{ARTICLE}\n".encode(codec))) == f"cleaner: -: {said}\n"  # as a file of text is
    proc = run("--jsonl", *RULES, stdin=unmarked)
    assert proc.returncode == 2 and proc.stdout == b""
    assert err(proc).splitlines()[0] == f"cleaner: -: {said}"
    packed, plain = tmp_path / "unmarked.jsonl.gz", tmp_path / "plain.jsonl"
    packed.write_bytes(gzip.compress(unmarked))
    plain.write_bytes(jsonl({"text": ARTICLE}))
    proc = run("clean", "--jsonl", *RULES, str(packed), str(plain))
    assert proc.returncode == 2 and parse(proc.stdout) == [{"text": ARTICLE}]
    assert err(proc).splitlines() == [f"cleaner: {packed}: {said}", "cleaner: 1 records: 1 cleaned; 0.0% of the text "
                                      "removed; 1 input(s) could not be read whole"]


@pytest.mark.parametrize(("codec", "label"), [("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32")])
def test_undecodable_utf16_is_replaced_and_counted_in_its_record_and_for_its_input(codec: str, label: str) -> None:
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in (
        {"id": 1, "text": f"\ud800 {ARTICLE}"}, {"id": 2, "text": f"\ufffd {ARTICLE}"},  # the input's own U+FFFD
        {"id": 3, "text": f"\udc00\udc00 {ARTICLE}"}))
    data = BOMS[codec] + lines.encode(codec, "surrogatepass")
    proc = run("--jsonl", *RULES, stdin=data)
    assert proc.returncode == 0, err(proc)
    said = f"not valid {label}: {{}} undecodable byte sequence(s) replaced with U+FFFD"
    assert parse(proc.stdout) == [{"id": 1, "text": f"\ufffd {ARTICLE}", WARNINGS_FIELD: [said.format(1)]},
                                  {"id": 2, "text": f"\ufffd {ARTICLE}"},
                                  {"id": 3, "text": f"\ufffd\ufffd {ARTICLE}", WARNINGS_FIELD: [said.format(2)]}]
    assert err(proc).splitlines()[:2] == [f"cleaner: -: read as {label} (byte-order mark)",
                                          f"cleaner: -: {said.format(3)}"]
    assert run("--jsonl", "-j", "2", *RULES, stdin=data).stdout == proc.stdout  # a worker's records say it too


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_damaged_or_missing_inputs_lose_no_record_read_and_the_next_input_is_read(tmp_path: Path,
                                                                                  jobs: str) -> None:
    records = [{"n": n, "text": f"{n}: {ARTICLE}"} for n in range(300)]
    data = jsonl(*records)
    packed = gzip.compress(data)
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(packed[: len(packed) // 2])
    whole = tmp_path / "whole.jsonl"
    whole.write_bytes(jsonl(*records[:5]))
    proc = run("clean", "--jsonl", "-j", jobs, *RULES, str(tmp_path / "missing.jsonl"), str(damaged), str(whole),
               timeout=120)
    assert proc.returncode == 2
    got = parse(proc.stdout)
    recoverable = len(_gunzip_prefix(damaged.read_bytes()).splitlines())  # the whole lines zcat gets back
    assert [r["n"] for r in got] == [*range(recoverable), *range(5)]
    lines = err(proc).splitlines()
    assert lines[0] == f"cleaner: {tmp_path / 'missing.jsonl'}: no such file"
    assert lines[1].startswith(f"cleaner: {damaged}: damaged compressed data")
    assert lines[2].startswith(f"cleaner: {recoverable + 5} records: {recoverable + 5} cleaned;")
    assert lines[2].endswith("; 2 input(s) could not be read whole")


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs a file whose reading fails")
def test_an_input_the_system_cannot_read_is_said_so_not_called_damaged_compressed_data() -> None:
    # Reading /proc/self/mem from its start fails with EIO, as a failing disk's file does.
    proc = run("clean", "--jsonl", *RULES, "/proc/self/mem")
    assert proc.returncode == 2
    assert err(proc).splitlines()[0] == ("cleaner: /proc/self/mem: cannot read: Input/output error; "
                                         "the records before it were read")


def _gunzip_prefix(data: bytes) -> bytes:
    """What a decompressor gets from the start of damaged gzip data, to the last whole line."""
    import zlib

    out = zlib.decompressobj(wbits=31).decompress(data)
    return out[: out.rfind(b"\n") + 1]


def test_a_page_past_its_time_limit_is_an_error_record() -> None:
    page = f"<!doctype html><html><body>{'<p>' + ARTICLE + '</p>' * 2000}</body></html>"
    proc = run("--jsonl", "--field", "html", "--timeout", "0.000001", *RULES, stdin=jsonl({"html": page}),
               timeout=120)
    assert proc.returncode == 2
    [record] = parse(proc.stdout)
    assert record["html"] == page and "took more than" in str(record[ERROR_FIELD])


def test_a_fault_in_the_cleaner_costs_one_record_not_the_stream(cleaner: Cleaner,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("cleaner.records.clean_usable", broken)
    stats = RunStats()
    line = clean_record(jsonl({"text": ARTICLE}), cleaner, RecordOptions(), stats)
    assert json.loads(line) == {"text": ARTICLE, ERROR_FIELD: "internal error: ZeroDivisionError: boom"}
    assert stats.failed == {"internal error": 1}


def test_a_record_out_of_memory_is_said_to_be(cleaner: Cleaner, monkeypatch: pytest.MonkeyPatch) -> None:
    def too_big(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr("cleaner.records.clean_usable", too_big)
    stats = RunStats()
    line = clean_record(jsonl({"text": ARTICLE}), cleaner, RecordOptions(), stats)
    assert json.loads(line) == {"text": ARTICLE,
                                ERROR_FIELD: f"out of memory cleaning this record's {len(ARTICLE):,} characters"}
    assert stats.failed == {"out of memory": 1}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_nesting_is_judged_the_same_in_every_process(jobs: str) -> None:
    def nested(depth: int) -> bytes:
        return b'{"text": "' + ARTICLE.encode() + b'", "n": ' + b"[" * depth + b"]" * depth + b"}"

    proc = run("--jsonl", "-j", jobs, *RULES, stdin=b"\n".join(nested(d) for d in (150, 199, 200, 990, 5000)),
               timeout=120)
    got = parse(proc.stdout)
    assert [r.get("cleaner_error") for r in got] == [None, None] + ["not JSON: nested more than 200 levels deep"] * 3


@pytest.mark.parametrize("line", [
    b'{"text": "' + ARTICLE.encode() + b'", "s": "' + b"[" * 300 + b'"}',  # brackets inside a string
    b'{"text": "' + ARTICLE.encode() + b'", "a\\\\": ' + b"[" * 199 + b"]" * 199 + b"}",  # a key ending in \\
    b'{"text": "' + ARTICLE.encode() + b'", "q\\"[[[": ' + b"[" * 199 + b"]" * 199 + b"}",  # an escaped quote
])
def test_brackets_inside_strings_are_not_nesting(line: bytes) -> None:
    [record] = parse(run("--jsonl", *RULES, stdin=line + b"\n").stdout)
    assert ERROR_FIELD not in record and record["text"] == ARTICLE


def test_a_record_cut_off_inside_a_string_is_no_nesting() -> None:
    """The rest of the line belongs to the unclosed string: its brackets are text, and the
    scan takes the string in one step (a scan that retried at every quote took minutes)."""
    from cleaner.jsonl import nested_too_deeply

    assert not nested_too_deeply('{"html": "' + '\\"' * 2_000 + "[" * 201)


@pytest.mark.parametrize("line", [b'{"text": "x", "n": NaN}', b'{"text": "x", "n": -Infinity}',
                                  b'{"text": "x", "n": 1e400}'])
def test_values_json_does_not_allow_are_refused_not_rewritten(line: bytes) -> None:
    proc = run("--jsonl", *RULES, stdin=line + b"\n")
    def not_json(constant: str) -> None:
        raise AssertionError(f"{constant} written")

    record = json.loads(proc.stdout, parse_constant=not_json)  # the output is strict JSON
    assert record[RAW_FIELD] == line.decode() and str(record[ERROR_FIELD]).startswith("not JSON: ")


def test_a_repeated_key_is_reported_and_numbers_keep_their_value() -> None:
    proc = run("--jsonl", *RULES, stdin=b'{"a": 1, "text": "' + ARTICLE.encode() + b'", "a": 2, "f": 0.1, '
                                         b'"big": 123456789012345678901234567890}\n')
    [record] = parse(proc.stdout)
    assert record == {"a": 2, "text": ARTICLE, "f": 0.1, "big": 123456789012345678901234567890,
                      WARNINGS_FIELD: ["repeated key(s) 'a': the last value kept"]}


def test_a_line_with_lone_cr_line_ends_is_said_to_need_lf() -> None:
    proc = run("--jsonl", *RULES, stdin=b'{"text": "a b"}\r{"text": "c d"}\r')
    [record] = parse(proc.stdout)
    assert "lines must end with LF" in str(record[ERROR_FIELD])


def test_nul_characters_in_a_field_are_removed_as_in_files() -> None:
    proc = run("--jsonl", *RULES, stdin=jsonl({"text": f"{ARTICLE[:10]}\u0000{ARTICLE[10:]}"}))
    assert parse(proc.stdout) == [{"text": ARTICLE, WARNINGS_FIELD: ["1 NUL character(s) removed"]}]


def test_a_line_that_is_not_json_keeps_its_decoding_warning() -> None:
    proc = run("--jsonl", *RULES, stdin=b"caf\xc3\xa9 \xff\n")
    [record] = parse(proc.stdout)
    assert record[RAW_FIELD] == "café \ufffd" and record[WARNINGS_FIELD] == [
        "not valid UTF-8: 1 undecodable byte sequence(s) replaced with U+FFFD"]


def test_clean_options_may_come_before_the_command(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl({"text": ARTICLE}))
    target = tmp_path / "out.jsonl"
    proc = run("--jsonl", "-o", str(target), "clean", *RULES, str(source))
    assert proc.returncode == 0, err(proc)
    assert parse(target.read_bytes()) == [{"text": ARTICLE}]


def test_jsonl_and_json_format_together_are_a_usage_error() -> None:
    proc = run("--jsonl", "--format", "json", *RULES, stdin=jsonl({"text": ARTICLE}))
    assert proc.returncode == 2 and "--format json does not apply" in err(proc)


# --- workers, stats, output file -----------------------------------------------------------------


def mixed_stream() -> bytes:
    records = [*seed_records(), {"id": "x"}, {"text": "Advertisement"}] * 12
    return jsonl(*records) + b"not json\n"


def test_two_workers_write_the_same_bytes_as_one() -> None:
    one = run("--jsonl", *RULES, stdin=mixed_stream())
    two = run("--jsonl", "-j", "2", *RULES, stdin=mixed_stream(), timeout=120)
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert len(parse(one.stdout)) == mixed_stream().count(b"\n")


def test_files_with_two_workers_come_out_in_order(tmp_path: Path) -> None:
    paths = []
    for name in seed_names():
        path = tmp_path / f"{name}.txt"
        path.write_text(read_seed(name), encoding="utf-8")
        paths.append(str(path))
    args = ["clean", "--format", "json", *RULES, *paths, "-", str(tmp_path / "missing.txt")]
    one = run(*args, stdin=ARTICLE)
    two = run(*args, "-j", "2", stdin=ARTICLE, timeout=120)
    assert one.returncode == two.returncode == 2
    assert two.stdout == one.stdout and two.stderr == one.stderr
    assert [r["source"] for r in parse(one.stdout)] == [*paths, "-"]


@pytest.mark.parametrize("jobs", ["1", "0", "x", "1000"])
def test_jobs_must_be_a_sensible_count(jobs: str) -> None:
    proc = run("--jsonl", "-j", jobs, *RULES, stdin=jsonl({"text": ARTICLE}))
    assert proc.returncode == (0 if jobs == "1" else 2), err(proc)


def test_stats_count_every_removal_by_rule_and_scorer(cleaner: Cleaner, tmp_path: Path) -> None:
    stats_path = tmp_path / "stats.json"
    proc = run("--jsonl", "--stats", str(stats_path), *RULES, stdin=mixed_stream())
    stats = json.loads(stats_path.read_text())
    texts = [str(r["text"]) for r in seed_records()] * 12 + ["Advertisement"] * 12
    expected: dict[str, int] = {}
    for text in texts:
        for d in cleaner.clean(text).decisions:
            if d.verdict.value == "drop":
                expected[d.reason] = expected.get(d.reason, 0) + 1
    assert {r: v["lines_dropped"] for r, v in stats["removals"].items() if v["lines_dropped"]} == expected
    assert stats["documents"] == len(parse(proc.stdout))
    assert stats["failed"] == {"field missing": 12, "not JSON": 1}
    assert stats["flagged"] == {"empty": 12}
    assert stats["cleaned"] == len(seed_names()) * 12
    assert stats["bytes_in"] == len(mixed_stream())  # every line read, the one that is not JSON included
    assert set(SCORERS) & set(stats["removals"])  # scorers' removals are counted as well as rules'



def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    proc = run("--jsonl", "-o", str(target), *RULES, stdin=jsonl({"text": ARTICLE}))
    assert proc.returncode == 0 and proc.stdout == b""
    assert parse(target.read_bytes()) == [{"text": ARTICLE}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_output_through_a_symbolic_link_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous\n")
    target.chmod(0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(target.name)
    proc = run("-o", str(link), *RULES, stdin=ARTICLE)
    assert proc.returncode == 0, err(proc)
    assert link.is_symlink() and target.read_text() == ARTICLE + "\n"
    assert target.stat().st_mode & 0o777 == 0o600  # the file's mode stays as it was


@pytest.mark.parametrize("command", ["clean", "explain"])
def test_output_onto_an_input_file_is_refused_and_the_input_kept(tmp_path: Path, command: str) -> None:
    # Written whole first, the output would replace the input before it is read: the raw data lost.
    source = tmp_path / "in.txt"
    source.write_text(ARTICLE + "\n")
    link = tmp_path / "link.txt"
    link.symlink_to(source.name)
    for output in (source, link):
        proc = run(command, "-o", str(output), *RULES, str(tmp_path / "other.txt"), str(source))
        assert proc.returncode == 2 and "-o names the input file" in err(proc)
        assert source.read_text() == ARTICLE + "\n"
    if command == "clean":
        proc = run(command, "--stats", str(link), *RULES, str(source))
        assert proc.returncode == 2 and "--stats names the input file" in err(proc)
        assert source.read_text() == ARTICLE + "\n"
    with source.open("rb") as stdin:  # stdin redirected from the file: `cleaner -o in.txt < in.txt`
        proc = subprocess.run([sys.executable, "-m", "cleaner", command, "-o", str(source), *RULES], stdin=stdin,
                              capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and "-o names stdin's file" in err(proc)
    assert source.read_text() == ARTICLE + "\n"


def test_learn_output_onto_its_corpus_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "crawl.jsonl"
    corpus.write_text(json.dumps({"text": ARTICLE, "url": "https://example.com/a"}) + "\n")
    before = corpus.read_bytes()
    proc = run("learn", "-o", str(corpus), str(corpus))
    assert proc.returncode == 2 and "-o names the input file" in err(proc)
    assert corpus.read_bytes() == before


def test_an_output_named_gz_is_written_gzip_compressed_the_same_bytes_every_run(tmp_path: Path) -> None:
    records = jsonl({"text": ARTICLE}, {"text": f"Advertisement\n{ARTICLE}"})
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    for target in (first, second):
        proc = run("--jsonl", "-o", str(target), *RULES, stdin=records)
        assert proc.returncode == 0, err(proc)
    assert first.read_bytes() == second.read_bytes()  # no time or name in the header
    assert gzip.decompress(first.read_bytes()) == run("--jsonl", *RULES, stdin=records).stdout
    text = tmp_path / "clean.txt.gz"  # text output too: the name says what it holds
    assert run("-o", str(text), *RULES, stdin=ARTICLE).returncode == 0
    assert gzip.decompress(text.read_bytes()).decode() == ARTICLE + "\n"


def test_output_onto_a_named_pipe_is_written_into_it(tmp_path: Path) -> None:
    # Renaming a file over the pipe would replace it (and over /dev/null, the device): the
    # reader would never see the output.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    proc = run("-o", str(pipe), *RULES, stdin=ARTICLE)
    reader.join(timeout=30)
    assert proc.returncode == 0, err(proc)
    assert received == [(ARTICLE + "\n").encode()]
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


@pytest.mark.parametrize("name", ["/dev/stdout", "/proc/self/fd/1", "link-to-stdout"])
def test_output_onto_stdout_by_name_writes_through_it(tmp_path: Path, name: str) -> None:
    # /dev/stdout names the file the shell opened: renaming a file over it would lose what a
    # `>> log` held; the output goes through the open descriptor instead.
    log = tmp_path / "log.txt"
    log.write_text("an earlier line\n")
    if name == "link-to-stdout":
        (tmp_path / name).symlink_to("/dev/stdout")
        name = str(tmp_path / name)
    with log.open("ab") as appended:
        proc = subprocess.run([sys.executable, "-m", "cleaner", "-o", name, *RULES], input=ARTICLE.encode(),
                              stdout=appended, stderr=subprocess.PIPE, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert log.read_text() == f"an earlier line\n{ARTICLE}\n"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names of descriptors as Linux has them")
@pytest.mark.parametrize("name", ["/dev/fd/3", "/proc/thread-self/fd/3", "fds/3"])
def test_output_onto_another_open_descriptor_writes_through_it(tmp_path: Path, name: str) -> None:
    # The shell opens descriptor 3 for appending; "fds" is a link to /dev/fd, so there the
    # descriptor is named through a linked folder.
    (tmp_path / "fds").symlink_to("/dev/fd")
    log = tmp_path / "log.txt"
    log.write_text("an earlier line\n")
    command = 'exec "$0" -m cleaner -o "$1" --rules "$2" 3>>log.txt'
    proc = subprocess.run(["sh", "-c", command, sys.executable, name, str(RULES_DIR)], input=ARTICLE.encode(),
                          capture_output=True, cwd=tmp_path, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert log.read_text() == f"an earlier line\n{ARTICLE}\n"


@pytest.mark.parametrize(("name", "message"), [
    ("/dev/stdout", "it is closed"),
    ("/dev/fd/99999999999", "No such file or directory"),
])
def test_output_onto_a_descriptor_that_cannot_take_it_is_a_one_line_error(name: str, message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "cleaner", "-o", name, *RULES], input=ARTICLE.encode(),
                          stdout=subprocess.DEVNULL if name != "/dev/stdout" else None, stderr=subprocess.PIPE,
                          cwd=ROOT, timeout=60, close_fds=True,
                          **({"preexec_fn": lambda: os.close(1)} if name == "/dev/stdout" else {}))
    assert proc.returncode == 2 and proc.stderr.decode() == f"cleaner: cannot write {name}: {message}\n"


def test_stats_on_stderr_and_output_on_stdout_are_two_outputs() -> None:
    # Under 2>&1 (or on a terminal) both names lead to one file; they are still two descriptors.
    proc = subprocess.run([sys.executable, "-m", "cleaner", "--jsonl", "-o", "/dev/stdout", "--stats", "/dev/stderr",
                           *RULES], input=jsonl({"text": ARTICLE}), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stdout
    assert json.dumps({"text": ARTICLE}).encode() in proc.stdout and b'"documents": 1' in proc.stdout
    assert run("--jsonl", "-o", "/dev/stdout", "--stats", "/dev/fd/1", *RULES, stdin=b"").returncode == 2


def test_what_an_interrupted_run_says_it_leaves(tmp_path: Path) -> None:
    from argparse import Namespace

    from cleaner.cli import _what_was_lost

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert _what_was_lost(Namespace(output=str(tmp_path / "out.txt"))) == "no output file was written"
    for output in ("/dev/stdout", str(pipe), "/dev/null", None, "-"):
        assert _what_was_lost(Namespace(output=output)) == "the output is incomplete"
    assert _what_was_lost(None) == "the output is incomplete"


def test_output_onto_a_loop_of_links_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    proc = run("-o", str(tmp_path / "a"), *RULES, stdin=ARTICLE)
    loop = tmp_path / "a"
    assert proc.returncode == 2 and err(proc) == f"cleaner: cannot write {loop}: Too many levels of symbolic links\n"
    assert (tmp_path / "a").is_symlink()


def test_output_into_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "out.txt"
    proc = run("-o", str(target), *RULES, stdin=ARTICLE)
    assert proc.returncode == 2 and "Traceback" not in err(proc)
    assert err(proc) == f"cleaner: cannot write {target}: No such file or directory\n"


def test_output_onto_a_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    proc = run("--jsonl", "-o", str(tmp_path), *RULES, stdin=jsonl({"text": ARTICLE}))
    assert proc.returncode == 2 and err(proc) == f"cleaner: cannot write {tmp_path}: it is a folder\n"


def test_a_stats_file_that_cannot_be_written_leaves_the_output_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n")
    stats = tmp_path / "no" / "stats.json"
    proc = run("--jsonl", "-o", str(target), "--stats", str(stats), *RULES, stdin=jsonl({"text": ARTICLE}))
    assert proc.returncode == 2 and err(proc) == f"cleaner: cannot write {stats}: No such file or directory\n"
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_ctrl_c_that_reaches_a_worker_while_it_starts_is_discarded() -> None:
    """The worker is interrupted while it unpickles its context, before it runs any code of ours:
    the signal must wait, blocked, until the worker ignores it."""
    script = ("import sys\n"
              f"sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]\n"
              "from cleaner.parallel import ordered_map\n"
              "from interrupting_context import InterruptsOnArrival, double\n"
              "print(list(ordered_map(double, InterruptsOnArrival(), range(6), jobs=2)))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.stderr.decode() == "" and proc.stdout.decode() == "[0, 2, 4, 6, 8, 10]\n"


def _answer_ctrl_c() -> None:
    """Run in the child before it starts: a test run started in the background (``nohup``, or
    ``cmd &`` in a script) ignores SIGINT and its children inherit that, so the Ctrl-C these
    tests send would be lost and the run would wait for the end of its input."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.8, 1.2])
def test_ctrl_c_while_workers_start_is_one_line(tmp_path: Path, delay: float) -> None:
    """A terminal's Ctrl-C goes to the whole process group, workers that are still starting included."""
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--jsonl", "-j", "2", "-o", str(target), *RULES],
                            cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_answer_ctrl_c)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(jsonl(*[{"text": ARTICLE}] * 2000))
    proc.stdin.flush()
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    watchdog = threading.Timer(60, os.killpg, (proc.pid, signal.SIGKILL))  # a lost Ctrl-C fails, not hangs
    watchdog.start()
    try:
        stderr = proc.stderr.read().decode()
    finally:
        watchdog.cancel()
    assert proc.wait(timeout=30) == 130
    assert stderr == "cleaner: interrupted; no output file was written\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker processes in /proc")
def test_a_killed_worker_is_one_line_and_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--jsonl", "-j", "2", "-o", str(target), *RULES],
                            cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None

    def feed() -> None:  # more than it cleans in a minute, then the end of the input
        assert proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(jsonl(*[{"text": ARTICLE}] * 200_000))
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = [pid for pid in _children(proc.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    os.kill(workers[0], signal.SIGKILL)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 2
    assert stderr == ("cleaner: a worker process died (killed, or out of memory); no output file was written\n")
    assert list(tmp_path.iterdir()) == []


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.parametrize(("signum", "status", "jobs"), [(signal.SIGTERM, 143, "1"), (signal.SIGINT, 130, "2")])
def test_an_interrupted_run_leaves_no_output_file_and_no_traceback(tmp_path: Path, signum: int, status: int,
                                                                    jobs: str) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n")
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--jsonl", "-j", jobs, "-o", str(target), *RULES],
                            cwd=ROOT, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
                            preexec_fn=_answer_ctrl_c)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(jsonl(*[{"text": ARTICLE}] * 500))  # more records, but the stream stays open
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # let it clean what it has
    proc.send_signal(signum)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == status
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    assert target.read_text() == "previous\n"


def test_the_progress_bar_shows_records_megabytes_and_the_share_removed(
        cleaner: Cleaner, capsys: pytest.CaptureFixture[str]) -> None:
    from cleaner.progress import Progress

    progress = Progress("records", enabled=True)
    batch = RunStats()
    for text in ("Advertisement\n" + ARTICLE, ARTICLE):
        batch.add_result(cleaner.clean(text), 1_000_000)
    progress.update(batch)
    progress.close()
    bar = capsys.readouterr().err
    assert "2 records" in bar and "2.0 MB" in bar and f"{progress.totals.removed_share:.1%} removed" in bar
    assert progress.totals.documents == 2


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    proc = run("--jsonl", *RULES, stdin=jsonl({"text": ARTICLE}))
    assert err(proc).count("\n") == 1 and "\r" not in err(proc)


def test_gzip_on_a_pipe_that_delivers_one_byte_first_is_still_gzip() -> None:
    import io

    from cleaner.jsonl import _readable

    class Trickle(io.RawIOBase):  # a pipe: one byte on the first read, the rest later
        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            n = min(len(buffer), 1 if len(self.data) == len(packed) else len(self.data))
            buffer[:n], self.data = self.data[:n], self.data[n:]
            return n

    packed = gzip.compress(jsonl({"text": ARTICLE}))
    assert _readable(Trickle(packed)).read() == jsonl({"text": ARTICLE})  # type: ignore[arg-type]


@pytest.mark.parametrize(("head", "fields"), [
    (b'{"id": 7, "url": "https://example.com/a", "text": "The council met on', {"id": 7, "url": "https://example.com/a"}),
    (b' \r\n{"id":"a\\u00e9" , "meta": {"tags": [1, {"k": null}]}, "text": "',
     {"id": "a\u00e9", "meta": {"tags": [1, {"k": None}]}}),
    (b'{"id": 1, "n": 12', {"id": 1}),  # the number may go on past the head's end
    (b'{"id": 1, "ok": tr', {"id": 1}),
    (b'{"id": 1, "score": NaN, "x": 2', {"id": 1}),  # not strict JSON: read no further
    (b'{"id": 1 "x": 2', {}),
    (b'{"cleaner_error": "earlier", "id": 3, "text": "', {"cleaner_error": "earlier", "id": 3}),
    (b'["id", 1', {}),
    (b'{"id": ' + b"[" * 300, {}),
    (b"", {}),
])
def test_a_record_too_long_to_read_keeps_the_fields_that_lie_whole_in_its_opening(head: bytes,
                                                                               fields: dict[str, object]) -> None:
    assert leading_fields(head) == fields


def test_an_error_record_for_a_record_too_long_to_read_leads_with_its_first_fields() -> None:
    head = b'{"id": "doc-9", "cleaner_flag": "empty", "text": "' + b"x" * 100
    out = json.loads(clean_record(Unread(5_000, head), Cleaner.load(RULES_DIR), RecordOptions(max_bytes=1_000),
                                  RunStats()))
    assert list(out) == ["id", "cleaner_error"]  # the earlier run's flag is said of that run: dropped
    assert out["id"] == "doc-9" and "past its first fields (id)" in out["cleaner_error"]


def test_a_key_repeated_in_the_opening_of_a_record_too_long_to_read_is_said_as_in_a_record_read_whole() -> None:
    line = b'{"id": 1, "meta": {"k": 1, "k": 2}, "id": 2, "text": "' + ARTICLE.encode() * 30 + b'"}\n'
    said = ["repeated key(s) 'k': the last value kept", "repeated key(s) 'id': the last value kept"]
    [read] = parse(run("--jsonl", *RULES, stdin=line).stdout)
    assert (read["id"], read["meta"], read[WARNINGS_FIELD]) == (2, {"k": 2}, said)
    unread = run("--jsonl", "--max-bytes", "1000", *RULES, stdin=line)
    assert parse(unread.stdout) == [{"id": 2, "meta": {"k": 2}, ERROR_FIELD: f"a record of {len(line):,} bytes, more "
                                     "than one document may hold (1,000 bytes, --max-bytes); it was not read past its "
                                     "first fields (id, meta), which go out as they came", WARNINGS_FIELD: said}]
    assert run("--jsonl", *RULES, stdin=unread.stdout).stdout == unread.stdout  # and stands when cleaned again
