"""Input a filter in a pipeline meets: every kind has a defined outcome, cleaned output or a
one-line error with exit 2, never a traceback and never a hang."""

from __future__ import annotations

import bz2
import codecs
import gzip
import json
import lzma
import random
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, RULES_DIR
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_cli import assert_one_line_error, err, out, run

from cleaner import Cleaner
from cleaner.htmlinput import HtmlOptions
from cleaner.parallel import ordered_map
from cleaner.textio import InputError, decode

RULES = ["--rules", str(RULES_DIR)]
PROSE = "The plant opened on Monday after years of delay, officials said in a statement on Friday."
CLEANER = Cleaner.load(RULES_DIR)


# --- encodings and line ends ---------------------------------------------------------------------


@pytest.mark.parametrize(("bom", "codec", "said"), [
    (codecs.BOM_UTF8, "utf-8", None),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
])
def test_a_byte_order_mark_names_the_encoding(bom: bytes, codec: str, said: str | None) -> None:
    proc = run(*RULES, stdin=bom + f"Advertisement\nÉté: {PROSE}\n".encode(codec))
    assert proc.returncode == 0, err(proc)
    assert out(proc) == f"Été: {PROSE}\n"
    assert err(proc) == ("" if said is None else f"cleaner: -: read as {said} (byte-order mark)\n")


@pytest.mark.parametrize(("text", "codec"), [
    ("Der Straßenverkehr in München war am Montag wegen des Streiks überall sehr dicht, sagte die Polizei.",
     "cp1252"),
    ("Привет, мир! Это тестовый текст для проверки кодировки, и он достаточно длинный.", "cp1251"),
])
def test_a_legacy_encoding_is_detected_and_named(text: str, codec: str) -> None:
    proc = run(*RULES, stdin=f"{text}\n".encode(codec))
    assert proc.returncode == 0, err(proc)
    assert out(proc) == f"{text}\n"
    assert err(proc).startswith("cleaner: -: not UTF-8: read as ") and "(detected)" in err(proc)


@pytest.mark.parametrize(("text", "codec"), [
    ("Le café, la naïveté et le résumé de la réunion.", "latin-1"),
    ("“Hello” — she said… It’s late.", "cp1252"),
    ("Le cœur a ses raisons que la raison ne connaît point.", "cp1252"),
    ("Voilà l’œuvre de sa sœur : un bœuf en pâte d’amande, fait à la main.", "cp1252"),
    ("Un vœu pieux, un nœud coulant, les mœurs.", "cp1252"),
])
def test_short_latin_text_in_a_legacy_encoding_is_read_as_cp1252(text: str, codec: str) -> None:
    assert decode(text.encode(codec), "-") == (text, ["not UTF-8: read as cp1252 (detected)"])


def test_bad_bytes_after_a_byte_order_mark_are_counted_and_binary_is_refused() -> None:
    text, notes = decode(codecs.BOM_UTF8 + b"caf\xe9 " + PROSE.encode(), "-")
    assert text == f"caf\ufffd {PROSE}"
    assert notes == ["not valid UTF-8: 1 undecodable byte sequence(s) replaced with U+FFFD"]
    with pytest.raises(InputError, match="binary"):
        decode(codecs.BOM_UTF16_LE + "\x01\x02\x03\x04 ab".encode("utf-16-le") * 500, "-")


def test_damaged_utf8_keeps_its_valid_characters_and_counts_the_rest() -> None:
    text, notes = decode(f"Été à Paris. {PROSE}".encode() + b"\xff\xfe trailing.\n", "-")
    assert text == f"Été à Paris. {PROSE}\ufffd\ufffd trailing.\n"
    assert notes == ["not valid UTF-8: 2 undecodable byte sequence(s) replaced with U+FFFD"]


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_refused_as_binary_where_few_are_control_bytes(seed: int) -> None:
    # About a tenth of random bytes are control bytes, at the control-byte test's threshold; most
    # of the rest are no UTF-8, and no encoding reads them.
    data = random.Random(seed).randbytes(2000)
    with pytest.raises(InputError, match="binary"):
        decode(data, "-")
    with pytest.raises(InputError, match="binary"):  # no control bytes, after a UTF-8 byte-order mark
        decode(codecs.BOM_UTF8 + bytes(b for b in data if b >= 0x20), "-")


@pytest.mark.parametrize(("text", "codec"), [
    ("日本語のテキストです。東京都の天気は晴れ、明日は雨が降るでしょう。会議は三時から。" * 3, "shift_jis"),
    ("这是一个中文文本的例子。今天北京的天气很好，明天可能会下雨。会议将在下午三点开始。" * 3, "gb18030"),
    ("이것은 한국어 텍스트의 예입니다. 오늘 서울의 날씨는 맑고 내일은 비가 올 것입니다." * 3, "euc_kr"),
    ("Это ещё один пример текста на русском языке, и он достаточно длинный для проверки.", "koi8_r"),
    ("Агентство «ТАСС» сообщило сегодня, что заседание правительства перенесено на пятницу.", "cp1251"),
])
def test_text_in_another_encoding_whose_bytes_pair_as_utf8_by_chance_is_detected(text: str, codec: str) -> None:
    # "щё" in KOI8-R and "С»" in cp1251 are valid UTF-8 pairs: such text is not taken for
    # damaged UTF-8, and its many undecodable bytes do not make it binary.
    decoded, notes = decode(text.encode(codec), "-")
    assert decoded == text and notes[0].startswith("not UTF-8: read as ")


def test_utf8_with_a_footer_in_another_encoding_keeps_its_utf8() -> None:
    body = "Привет, это русский текст в кодировке UTF-8. " * 5
    text, notes = decode(body.encode() + ("Подвал сайта, все права защищены. " * 3).encode("cp1251"), "-")
    assert text.startswith(body) and notes[0].startswith("not valid UTF-8: ")
    assert decode("Zürich".encode() + b"\xff\n", "-")[0] == "Zürich\ufffd\n"  # one bad byte in a short text


@pytest.mark.parametrize(("codec", "encoding", "order"), [
    ("utf-16-le", "UTF-16", "little"), ("utf-16-be", "UTF-16", "big"),
    ("utf-32-le", "UTF-32", "little"), ("utf-32-be", "UTF-32", "big"),
])
def test_utf16_or_utf32_without_its_byte_order_mark_is_named_in_the_error(codec: str, encoding: str,
                                                                           order: str) -> None:
    with pytest.raises(InputError, match=f"looks like {encoding} [(]{order}-endian[)] without a byte-order mark"):
        decode(f"{PROSE}\n".encode(codec), "-")
    with pytest.raises(InputError, match="looks like binary data"):
        decode(bytes(range(256)) * 8, "-")


def test_crlf_and_lone_cr_line_ends_come_out_as_lf() -> None:
    second = PROSE.replace("Monday", "Tuesday")
    proc = run(*RULES, stdin=f"Advertisement\r\n{PROSE}\r{second}\r\n".encode())
    assert proc.stdout == f"{PROSE}\n{second}\n".encode()


def test_damaged_utf8_is_in_the_json_warnings_as_a_jsonl_record_has_it() -> None:
    data = f"Été à Paris. {PROSE}".encode() + b"\xff trailing words of the closing sentence.\n"
    note = "not valid UTF-8: 1 undecodable byte sequence(s) replaced with U+FFFD"
    as_json = run("--format", "json", *RULES, stdin=data)
    assert json.loads(as_json.stdout)["warnings"] == [note]
    assert err(as_json) == f"cleaner: -: {note}\n"  # said once on stderr, as before


def test_nul_characters_are_removed_and_counted() -> None:
    data = f"{PROSE[:10]}\x00{PROSE[10:]}\x00\n".encode()
    proc = run(*RULES, stdin=data)
    assert proc.returncode == 0 and out(proc) == f"{PROSE}\n"
    assert err(proc) == "cleaner: -: 2 NUL character(s) removed\n"
    as_json = run("--format", "json", *RULES, stdin=data)  # in the warnings, as clean() says it
    assert json.loads(as_json.stdout)["warnings"] == ["2 NUL character(s) removed"]
    assert err(as_json) == err(proc)


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n", codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le"),
                                  b"\x00" * 4096, bytes(range(256)) * 64])
def test_empty_blank_and_binary_input_is_a_one_line_error(data: bytes) -> None:
    assert_one_line_error(run(*RULES, stdin=data))


@pytest.mark.parametrize(("data", "kind"), [
    (gzip.compress(PROSE.encode()), "gzip-compressed data, not text; decompress it first"),
    (bz2.compress(PROSE.encode()), "bzip2-compressed data, not text; decompress it first"),
    (lzma.compress(PROSE.encode()), "xz-compressed data, not text; decompress it first"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n" + PROSE.encode(), "a PDF document, not text"),
])
def test_compressed_data_and_pdf_are_refused_with_what_they_are(data: bytes, kind: str) -> None:
    # gzip and PDF pass the control-byte test often enough to come out as pages of U+FFFD.
    with pytest.raises(InputError, match=f"^-: {re.escape(kind)}"):
        decode(data, "-")
    assert_one_line_error(run(*RULES, stdin=data))


def test_text_that_opens_like_a_compressed_files_name_is_text() -> None:
    assert decode(f"BZh is not a header. {PROSE}".encode(), "-")[0] == f"BZh is not a header. {PROSE}"


# --- size ----------------------------------------------------------------------------------------


def test_a_100_mb_single_line_is_cleaned_whole() -> None:
    line = " ".join([PROSE[:-1]] * (100_000_000 // len(PROSE))) + "."
    proc = run(*RULES, stdin=line.encode(), timeout=300)
    assert proc.returncode == 0, err(proc)
    assert len(proc.stdout) == len(line) + 1 and proc.stdout.startswith(PROSE[:-1].encode())


def test_a_stream_past_the_size_limit_is_refused_without_reading_it_all() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "--max-bytes", "1000000", *RULES], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sent = 0

    def feed() -> None:  # up to 1 GB; the reader stops long before
        nonlocal sent
        assert proc.stdin is not None
        chunk = (PROSE + "\n").encode() * 10_000
        try:
            while sent < 1 << 30:
                proc.stdin.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    assert proc.stderr is not None
    stderr = proc.stderr.read()  # not communicate(): it would close stdin under the writer
    proc.wait(timeout=120)
    writer.join(timeout=120)
    assert proc.returncode == 2
    assert stderr.decode() == "cleaner: -: larger than 1,000,000 bytes, the most one document may hold (--max-bytes)\n"
    assert sent < 100 << 20  # it stopped reading at the limit (plus what the pipe held)


def test_a_jsonl_record_with_a_50_mb_field_is_cleaned() -> None:
    text = "Advertisement\n" + "\n".join(f"{n}: {PROSE}" for n in range(50_000_000 // (len(PROSE) + 9)))
    proc = run("--jsonl", *RULES, stdin=json.dumps({"id": 1, "text": text}).encode() + b"\n", timeout=300)
    assert proc.returncode == 0, err(proc)
    assert json.loads(proc.stdout) == {"id": 1, "text": text.removeprefix("Advertisement\n")}


def test_a_jsonl_record_past_the_size_limit_is_an_error_record_and_the_next_one_is_read() -> None:
    big = json.dumps({"id": 1, "text": PROSE * 100}).encode()
    stream = big + b"\n" + json.dumps({"id": 2, "text": PROSE}).encode() + b"\n" + big  # the last without LF
    proc = run("--jsonl", "--max-bytes", "1000", *RULES, stdin=stream)
    assert proc.returncode == 2
    first, second, third = (json.loads(line) for line in proc.stdout.splitlines())
    for record, size in ((first, len(big) + 1), (third, len(big))):  # the line end counts
        assert record == {"id": 1, "cleaner_error": f"a record of {size:,} bytes, more than one document may hold "
                                                    "(1,000 bytes, --max-bytes); it was not read past its first "
                                                    "fields (id), which go out as they came"}
    assert second == {"id": 2, "text": PROSE}
    assert "3 records: 1 cleaned, 2 not cleaned (2 too large)" in err(proc)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc")
def test_a_huge_jsonl_line_is_not_held_in_memory() -> None:
    line = b'{"text": "' + b"a" * (300 << 20) + b'"}\n'
    probe = ("import sys\nfrom cleaner.cli import main\n"
             f"status = main(['--jsonl', '--max-bytes', '1000000', '--rules', {str(RULES_DIR)!r}])\n"
             "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
             "print(peak, status, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, input=line, capture_output=True, timeout=120)
    assert json.loads(proc.stdout)["cleaner_error"].startswith("a record of 314,572,813 bytes")
    peak_kb, status = map(int, proc.stderr.decode().splitlines()[-1].split())
    assert status == 2
    assert peak_kb < 200_000  # the 300 MB line was skipped a piece at a time, not held


def test_a_utf16_jsonl_record_past_the_size_limit_is_measured_in_utf8_and_the_next_one_is_read() -> None:
    big = json.dumps({"id": 1, "text": PROSE * 100}) + "\n"  # 9,000 bytes in UTF-8, twice that in UTF-16
    stream = codecs.BOM_UTF16_LE + (big + json.dumps({"id": 2, "text": PROSE}) + "\n").encode("utf-16-le")
    proc = run("--jsonl", "--max-bytes", "1000", *RULES, stdin=stream)
    assert proc.returncode == 2
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first == {"id": 1, "cleaner_error": f"a record of {len(big):,} bytes, more than one document may hold "
                                               "(1,000 bytes, --max-bytes); it was not read past its first "
                                               "fields (id), which go out as they came"}
    assert second == {"id": 2, "text": PROSE}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from /proc")
def test_a_huge_utf16_jsonl_line_is_not_held_in_memory() -> None:
    line = codecs.BOM_UTF16_LE + ('{"text": "' + "a" * (150 << 20) + '"}\n').encode("utf-16-le")
    probe = ("import sys\nfrom cleaner.cli import main\n"
             f"status = main(['--jsonl', '--max-bytes', '1000000', '--rules', {str(RULES_DIR)!r}])\n"
             "peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
             "print(peak, status, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, input=line, capture_output=True, timeout=120)
    assert json.loads(proc.stdout)["cleaner_error"].startswith("a record of 157,286,413 bytes")  # in UTF-8
    peak_kb, status = map(int, proc.stderr.decode().splitlines()[-1].split())
    assert status == 2
    assert peak_kb < 100_000  # the 300 MB line was transcoded and skipped a piece at a time, not held


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_input_is_read_only_a_few_batches_ahead_of_the_output(jobs: int) -> None:
    pulled = 0

    def endless() -> object:
        nonlocal pulled
        while True:
            pulled += 1
            yield pulled

    results = ordered_map(_double, None, endless(), jobs, window=4)
    assert [next(results) for _ in range(10)] == [2 * n for n in range(1, 11)]
    results.close()
    assert pulled <= 10 + 4


def _double(context: None, n: int) -> int:
    return 2 * n


# --- hostile rules -------------------------------------------------------------------------------


CATASTROPHIC = """rules:
  - id: nested-plus
    summary: Drops a line of a's.
    why: A user's rule with nested quantifiers.
    action: drop
    match:
      line: '(a+)+$'
    examples:
      match: ["aaaa"]
      no_match: ["bbb"]
"""


def test_a_catastrophic_user_regex_passes_the_document_through_marked(tmp_path: Path) -> None:
    (tmp_path / "user.yaml").write_text(CATASTROPHIC, encoding="utf-8")
    text = f"{PROSE}\n{'a' * 5000}!\n"
    proc = run("--rules", str(tmp_path), stdin=text, timeout=60)
    assert proc.returncode == 1
    assert out(proc) == text
    assert "nested-plus" in err(proc) and "passed through unchanged" in err(proc)
    assert "Traceback" not in err(proc)
    records = run("--jsonl", "--rules", str(tmp_path), stdin=json.dumps({"text": text}).encode() + b"\n")
    got = json.loads(records.stdout)
    assert got["text"] == text and got["cleaner_flag"] == "passed_through"
    assert "nested-plus" in got["cleaner_warnings"][0]


BILLION_LAUGHS = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
rules: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
"""


@pytest.mark.parametrize(("content", "needle"), [
    (BILLION_LAUGHS, "anchors are not allowed"),
    ("rules:\n" + "  # padding\n" * 300_000, "more than a rule file may hold"),
    ("\x00\x01 not yaml \x02", "not valid YAML"),
    ("- just\n- a list\n", "expected a mapping"),
    ("rules: !!python/object/apply:os.system ['true']\n", "tags are not allowed"),
], ids=["billion-laughs", "huge", "not-yaml", "not-a-rule-mapping", "python-tag"])
def test_a_hostile_rule_file_is_a_one_line_error(tmp_path: Path, content: str, needle: str) -> None:
    (tmp_path / "user.yaml").write_text(content, encoding="utf-8")
    proc = run("--add-rules", str(tmp_path / "user.yaml"), stdin=PROSE, timeout=60)
    assert_one_line_error(proc)
    assert needle in err(proc)


# --- fuzz ----------------------------------------------------------------------------------------

TAGS = ["html", "body", "div", "p", "a", "script", "style", "table", "tr", "td", "article", "nav", "ul", "li",
        "h1", "span", "br", "img", "!--", "![CDATA[", "meta", "title", "head", "iframe", "svg"]
html_soup = st.lists(
    st.one_of(
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(TAGS).map(lambda t: f'<{t} class="x" href="javascript:1" charset="utf-16">'),
        st.text(max_size=40),
        st.just(PROSE),
        st.sampled_from(["&amp;", "&#0;", "&#xD800;", "&nbsp;", "<!DOCTYPE html>", "<?xml version='1.0'?>", ">", "<"]),
        # a discussion's declarations (``discussion.declared_discussion``), whole or in pieces, and its comments
        st.sampled_from(['<div itemscope itemtype="https://schema.org/QAPage">', '<div class="comment">',
                         '<script type="application/ld+json">', '{"@type": ["DiscussionForumPosting"',
                         '"mainEntity": {"@graph": [', "]}}", "</script>", "<!--", "-->"]),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup)
def test_any_html_is_cleaned_or_found_empty_never_raising(page: str) -> None:
    result = CLEANER.clean_html(page, HtmlOptions(metadata=False), timeout=30)
    assert result.reading in ("trafilatura", "justext", "page-region", "page-span", "none")
    assert CLEANER.clean_html(page, HtmlOptions(metadata=False), timeout=30).text == result.text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_decode_to_text_or_a_clear_input_error(data: bytes) -> None:
    try:
        text, _notes = decode(data, "-")
    except InputError as exc:
        assert str(exc).startswith("-: ")
        return
    assert "\x00" not in text and text.strip()
    assert CLEANER.clean(text).text == CLEANER.clean(text).text


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), html_soup.map(str.encode)))
@example(b"<html><html>\x00")  # a page with no text, read with a NUL removed: the error alone is said
def test_the_command_line_answers_any_bytes_in_one_line_or_cleans_them(data: bytes) -> None:
    proc = run(*RULES, stdin=data, timeout=120)
    assert "Traceback" not in err(proc)
    assert proc.returncode in (0, 1, 2)
    if proc.returncode == 2:
        assert_one_line_error(proc)


# --- the safety net ------------------------------------------------------------------------------


@pytest.mark.parametrize(("share", "status"), [("0.3", 1), ("0.5", 0)])
def test_the_share_removed_before_a_document_is_flagged_is_configurable(share: str, status: int) -> None:
    text = f"{PROSE}\nAdvertisement\nShare this article\nAdvertisement\n"  # a third of it boilerplate
    proc = run(*RULES, "--max-removed", share, stdin=text)
    assert proc.returncode == status and out(proc) == f"{PROSE}\n"
    assert ("more than an article page holds" in err(proc)) == (status == 1)
    records = run("--jsonl", *RULES, "--max-removed", share, stdin=json.dumps({"text": text}).encode() + b"\n")
    assert (json.loads(records.stdout).get("cleaner_flag") == "removed_too_much") == (status == 1)


@pytest.mark.parametrize("share", ["-0.1", "1.5", "nan", "x"])
def test_a_share_outside_zero_to_one_is_a_usage_error(share: str) -> None:
    assert_one_line_error(run(*RULES, "--max-removed", share, stdin=PROSE))


@pytest.mark.parametrize(("text", "codec"), [
    ("Zażółć gęślą jaźń. Wczoraj w Krakowie odbyło się spotkanie mieszkańców miasta.", "cp1250"),
    ("Najnowsze wiadomości z regionu", "cp1250"),  # ś before a consonant: œ in cp1252, where French has a vowel
    ("Bezpieczeństwo i prywatność", "cp1250"),
    ("Wiadomości sportowe: mecz zakończył się remisem.", "cp1250"),
    ("Команда pip install requests; затем python manage.py runserver --settings=config.local", "cp1251"),
])
def test_text_that_reads_implausibly_as_cp1252_is_detected(text: str, codec: str) -> None:
    decoded, notes = decode(text.encode(codec), "-")
    assert decoded == text and notes == [f"not UTF-8: read as {codec} (detected)"]


def test_a_page_s_declared_charset_is_believed() -> None:
    page = '<html><head><meta charset="windows-1251"><title>Новости</title></head><body><p>Вчера в Москве.</p>'
    decoded, notes = decode(page.encode("cp1251"), "-")
    assert decoded == page and notes == ["not UTF-8: read as cp1251 (declared by the page)"]


def test_a_page_that_declares_utf8_but_is_not_is_read_in_the_encoding_it_is_in() -> None:
    # Its bytes were just found not to be UTF-8: the declaration is wrong, and believed, it made
    # every accented letter U+FFFD, uncounted.
    page = '<html><head><meta charset="utf-8"><title>Caf\u00e9</title></head><body><p>Un caf\u00e9 cr\u00e8me.</p>'
    decoded, notes = decode(page.encode("latin-1"), "-")
    assert decoded == page and notes == ["not UTF-8: read as cp1252 (detected)"]


def test_bytes_a_declared_charset_leaves_undefined_are_counted() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 au lait.</p>'
    decoded, notes = decode(page.encode("cp1252").replace(b" au", b"\x81 au"), "-")
    assert decoded == page.replace(" au", "\ufffd au")
    assert notes == ["not UTF-8: read as cp1252 (declared by the page)",
                     "1 byte(s) that cp1252 leaves undefined replaced with U+FFFD"]
    repairs: list[str] = []  # what was done to the text goes where the caller keeps a result's warnings
    assert decode(page.encode("cp1252").replace(b" au", b"\x81 au"), "-", repairs)[1] == notes[:1]
    assert repairs == notes[1:]


def test_an_error_record_for_a_record_past_the_size_limit_stands_when_cleaned_again() -> None:
    """Its first fields may hold the text: cleaned again, it would pass for the whole record and
    lose the fields that were never read."""
    big = json.dumps({"id": 7, "text": PROSE, "html": "<p>" + "a" * 5000 + "</p>"}).encode() + b"\n"
    first = run("--jsonl", "--max-bytes", "1000", *RULES, stdin=big)
    assert json.loads(first.stdout)["text"] == PROSE  # it lay whole in the opening, and goes out as it came
    second = run("--jsonl", "--max-bytes", "1000", *RULES, stdin=first.stdout)
    assert second.stdout == first.stdout
    assert second.returncode == 2 and "1 not cleaned (1 too large)" in err(second)


def test_out_of_memory_is_one_line_and_status_2() -> None:
    # A million short lines take about 700 MB; under a 600 MB address-space limit the process sees
    # MemoryError, where the kernel's OOM killer would end it without a word.
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))

    proc = subprocess.run([sys.executable, "-m", "cleaner"], input=b"x\n" * 1_000_000, capture_output=True,
                          cwd=ROOT, timeout=120, preexec_fn=limited, check=False)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert proc.stderr.decode().startswith("cleaner: out of memory")
    assert proc.stderr.count(b"\n") == 1


@pytest.mark.parametrize(("label", "codec"), [("utf-16", "cp1252"), ("us-ascii", "cp1252"), ("iso-8859-1", "cp1252")])
def test_a_declared_charset_is_read_as_browsers_read_it(label: str, codec: str) -> None:
    # A UTF-16 label found in ASCII bytes cannot be true; ASCII and Latin-1 labels mean windows-1252.
    page = f'<html><head><meta charset="{label}"></head><body><p>Caf\u00e9 \u201ccr\u00e8me\u201d.</p>'
    decoded, notes = decode(page.encode(codec), "-")
    assert decoded == page
    assert notes[0].startswith("not UTF-8: read as cp1252")
