"""Learning a site's template lines from its pages: counting, thresholds, guards, memory, output."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, RULES_DIR

from cleaner import Cleaner, load_rules
from cleaner.corpus import host_of
from cleaner.examples import example_failures
from cleaner.learn import Learner, LearnOptions, learn, pages_needed
from cleaner.learncli import decided_by_rules
from cleaner.learnfile import check_rule_file, load_rule_text, quote, rule_file, rule_ids
from cleaner.model import Verdict

HEADER = ["Shop All Departments", "Gift Cards and Registry"]
FOOTER = ["Stay Connected With Us", "Customer Service Hours", "Store Locator Near You"]


def paragraph(page: int, n: int) -> str:
    """A body paragraph unique to one page: long, prose, ends as a sentence."""
    return f"Paragraph {n} of story {page} says that the weather was mild in the valley and the farmers were glad."


def page(number: int, middle: list[str] | None = None, paragraphs: int = 3) -> str:
    """Header template, a unique title, body paragraphs (``middle`` lines between the first two),
    footer template."""
    body = [paragraph(number, n) for n in range(paragraphs)]
    lines = [*HEADER, f"Story Number {number} Headline Here", body[0], *(middle or []), *body[1:], *FOOTER]
    return "\n\n".join(lines) + "\n"


def learned_lines(pages: list[tuple[str, str]], **options: object) -> dict[str, set[str]]:
    sites = learn(pages, LearnOptions(**options))  # type: ignore[arg-type]
    return {s.site: {line.text for line in s.lines} for s in sites}


# --- counting and thresholds ----------------------------------------------------------------------


def test_template_lines_recurring_on_every_page_are_learned() -> None:
    found = learned_lines([("shop.example", page(i)) for i in range(4)])
    assert found == {"shop.example": {*HEADER, *FOOTER}}


def test_a_line_counts_once_per_page() -> None:
    learner = Learner()
    learner.add("a.example", page(0) + "\nCustomer Service Hours\n\nCustomer Service Hours\n")
    assert learner.sites["a.example"].lines["customer service hours"].pages == 1
    assert learner.sites["a.example"].pages == 1


def test_share_threshold() -> None:
    """A footer line on 3 of 4 pages passes a 0.5 share, not a 0.8 one; on 2 of 4 it fails the
    three-page minimum although it reaches the share."""
    pages = [("s.example", page(i)) for i in range(4)]
    extra = "Members Save Ten Percent Today"
    pages = [(site, text + (f"\n{extra}\n" if i < 3 else "")) for i, (site, text) in enumerate(pages)]
    assert extra in learned_lines(pages)["s.example"]
    assert extra not in learned_lines(pages, min_share=0.8)["s.example"]
    two = [(site, text.replace(f"\n{extra}\n", "") if i == 2 else text) for i, (site, text) in enumerate(pages)]
    assert extra not in learned_lines(two)["s.example"]
    assert pages_needed(4, 0.5, 3) == 3 and pages_needed(12, 0.5, 3) == 6 and pages_needed(10, 0.55, 3) == 6


def test_sites_with_too_few_pages_are_not_learned() -> None:
    assert learned_lines([("small.example", page(i)) for i in range(2)]) == {}
    assert learned_lines([("small.example", page(i)) for i in range(2)], min_pages=2) != {}


def test_sites_are_counted_apart() -> None:
    pages = [("a.example", page(i)) for i in range(2)] + [("b.example", page(i + 10)) for i in range(2)]
    assert learned_lines(pages) == {}


# --- guards against learning content --------------------------------------------------------------


def test_content_headings_between_body_paragraphs_are_not_learned() -> None:
    """"Ingredients" and "Instructions" recur on every page of a recipe site, but between its
    paragraphs: article content. The template around them is learned."""
    middle = ["Ingredients", "Main Ingredients List", "Instructions For Cooking"]
    found = learned_lines([("recipes.example", page(i, middle)) for i in range(5)], min_words=1)
    assert found["recipes.example"] == {*HEADER, *FOOTER}


def test_inside_share_allows_a_rare_inside_occurrence() -> None:
    pages = [("s.example", page(i)) for i in range(10)]
    pages[0] = ("s.example", page(0, middle=["Stay Connected With Us"]))  # also inside on one page in ten
    assert "Stay Connected With Us" in learned_lines(pages)["s.example"]
    assert "Stay Connected With Us" not in learned_lines(pages, max_inside_share=0.0)["s.example"]


def test_a_recurring_line_among_page_specific_lines_is_not_learned() -> None:
    """After the article, a heading over the page's own list ("Specifications" over its specs)
    recurs alone: its neighbours differ on every page, so it is no template block."""
    pages = []
    for i in range(5):
        text = "\n\n".join([paragraph(i, 0), paragraph(i, 1), "Technical Specifications Sheet",
                            f"Weight: {i + 2} kg", f"Colour: shade {i}"])
        pages.append(("s.example", text))
    assert learned_lines(pages) == {}


def test_a_line_in_the_headline_place_on_some_page_is_not_learned() -> None:
    """A menu link names one of the site's pages; on that page it is the headline."""
    pages = [("s.example", page(i)) for i in range(5)]
    own = page(5).replace("Story Number 5 Headline Here", "Gift Cards and Registry")  # the link's own page
    found = learned_lines([*pages, ("s.example", own)])
    assert found["s.example"] == {"Shop All Departments", *FOOTER}


def test_prose_long_and_one_word_lines_are_not_learned() -> None:
    disclaimer = "Prices and availability are subject to change without notice and may differ in stores."
    long_line = " ".join(["Menu"] + [f"item{n}" for n in range(13)])
    pages = [("s.example", page(i) + f"\n{disclaimer}\n\nLoading\n\n{long_line}\n\n2024\n") for i in range(4)]
    found = learned_lines(pages)["s.example"]
    assert disclaimer not in found and long_line not in found and "Loading" not in found and "2024" not in found
    assert "Loading" in learned_lines(pages, min_words=1)["s.example"]


def test_lines_the_rules_already_decide_are_left_out(cleaner: Cleaner) -> None:
    shared = "Download Our Apps"  # the shipped promo rules drop it
    pages = [("s.example", page(i) + f"\n{shared}\n") for i in range(4)]
    learner = Learner()
    for site, text in pages:
        learner.add(site, text)
    assert shared in {line.text for s in learner.learned() for line in s.lines}
    assert shared not in {line.text for s in learner.learned(decided_by_rules(cleaner)) for line in s.lines}


# --- memory ---------------------------------------------------------------------------------------


def test_tables_stay_within_their_caps_and_keep_the_template() -> None:
    options = LearnOptions(max_lines_per_site=40, max_lines_total=60)
    learner = Learner(options)
    for i in range(30):
        noise = "\n\n".join(f"Unique Label {i} Number {n}" for n in range(20))
        learner.add("s.example", page(i) + "\n" + noise + "\n")
        learner.add("t.example", page(i + 100))
        assert all(len(c.lines) <= 40 and len(c.pairs) <= 40 for c in learner.sites.values())
        assert learner.tracked <= 60
    assert learner.pruned > 0
    found = {s.site: {line.text for line in s.lines} for s in learner.learned()}
    assert set(FOOTER) <= found["s.example"]
    assert set(FOOTER) <= found["t.example"]


# --- the rule file --------------------------------------------------------------------------------


def corpus_pages() -> list[tuple[str, str]]:
    return [(site, page(i + offset)) for site, offset in (("shop.example", 0), ("news.example", 50)) for i in range(4)]


def test_output_does_not_depend_on_page_order() -> None:
    pages = corpus_pages()
    options = LearnOptions()
    first = rule_file(learn(pages, options), options, len(pages))
    random.Random(7).shuffle(pages)
    assert rule_file(learn(pages, options), options, len(pages)) == first


def test_rule_file_loads_beside_the_shipped_rules_and_its_examples_pass(tmp_path: Path) -> None:
    pages = corpus_pages()
    options = LearnOptions()
    text = rule_file(learn(pages, options), options, len(pages))
    assert check_rule_file(text) == []
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "learned.yaml").write_text(text, encoding="utf-8")
    rules = load_rules(folder).rules
    learned = [r for r in rules if r.category == "learned"]
    assert [r.id for r in learned] == ["learned-news-example", "learned-shop-example"]
    assert all(example_failures(r) == [] for r in learned)
    cleaner = Cleaner.load(folder)
    result = cleaner.clean(page(99))
    assert "Stay Connected With Us" not in result.text and paragraph(99, 0) in result.text
    reasons = {d.text: d.reason for d in result.decisions if d.verdict is Verdict.DROP}
    assert reasons["Stay Connected With Us"].startswith("learned-")


def test_rule_file_records_the_evidence() -> None:
    pages = corpus_pages()
    options = LearnOptions()
    text = rule_file(learn(pages, options), options, len(pages))
    assert '- "Stay Connected With Us"  # 4 of 4 pages' in text
    assert "at least 3 of the 4 pages of shop.example" in text
    data = yaml.safe_load(text)
    shop = next(r for r in data["rules"] if r["id"] == "learned-shop-example")
    assert shop["examples"]["no_match"] == [paragraph(0, 0)]  # a body paragraph of the site


def test_empty_rule_file_loads() -> None:
    options = LearnOptions()
    text = rule_file([], options, 0)
    assert load_rule_text(text) == []


@pytest.mark.parametrize("odd", ["say \"hi\" \\ there", "a\u2028b", "x\x85y", "bell\x07", "tab\there",
                                 "no", "null", "# not a comment", "emoji \U0001f600", "\ufeffbom"])
def test_quote_round_trips_through_yaml(odd: str) -> None:
    assert yaml.safe_load(f"value: {quote(odd)}")["value"] == odd


def test_rule_ids_are_kebab_case_and_unique() -> None:
    ids = rule_ids(["a-b.com", "a.b.com", "shop.example", "xn--bcher-kva.example"])
    assert ids["shop.example"] == "learned-shop-example"
    assert ids["a-b.com"] != ids["a.b.com"] and ids["a-b.com"].startswith("learned-a-b-com-")
    assert len(set(ids.values())) == 4


def test_host_of() -> None:
    assert host_of("https://www.Example.com/a?b") == "example.com"
    assert host_of("https://uk.example.com/") == "uk.example.com"
    assert host_of("not a url") is None
    assert host_of("http://[::1") is None


# --- the command ----------------------------------------------------------------------------------


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleaner", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120)


def jsonl(pages: list[tuple[str, str]], field: str = "text") -> bytes:
    return "".join(json.dumps({"url": f"https://{site}/p{i}", field: text}) + "\n"
                   for i, (site, text) in enumerate(pages)).encode()


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and len(err.splitlines()) == 1 and err.startswith("cleaner: ")
    assert all(needle in err for needle in needles), err


def test_command_writes_a_rule_file_from_gzip_and_stdin_alike(tmp_path: Path) -> None:
    data = jsonl(corpus_pages())
    corpus = tmp_path / "corpus.jsonl.gz"
    corpus.write_bytes(gzip.compress(data))
    out = tmp_path / "learned.yaml"
    proc = run("learn", "--rules", str(RULES_DIR), str(corpus), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "8 pages of 2 site(s)" in proc.stderr.decode()
    piped = run("learn", "--rules", str(RULES_DIR), stdin=data)
    assert piped.returncode == 0 and piped.stdout == out.read_bytes()
    assert check_rule_file(out.read_text(encoding="utf-8")) == []
    check = run("rules", "--check", "--rules", str(tmp_path))
    assert check.returncode == 0 and b"0 failing examples" in check.stdout


def test_a_utf16_corpus_is_learned_from_as_its_utf8_twin_and_said_so(tmp_path: Path) -> None:
    data = jsonl(corpus_pages())
    utf8 = run("learn", "--rules", str(RULES_DIR), stdin=data)
    utf16 = run("learn", "--rules", str(RULES_DIR), stdin=data.decode("utf-8").encode("utf-16"))
    assert utf16.returncode == 0 and utf16.stdout == utf8.stdout
    assert "cleaner: -: read as UTF-16 (byte-order mark)" in utf16.stderr.decode()


def test_learned_rules_load_beside_the_shipped_ones_with_add_rules(tmp_path: Path) -> None:
    learned = tmp_path / "learned.yaml"
    assert run("learn", "--rules", str(RULES_DIR), "-o", str(learned), stdin=jsonl(corpus_pages())).returncode == 0
    text = page(99).encode()
    plain = run("--rules", str(RULES_DIR), stdin=text)
    added = run("--rules", str(RULES_DIR), "--add-rules", str(learned), stdin=text)
    assert b"Stay Connected With Us" in plain.stdout
    assert b"Stay Connected With Us" not in added.stdout and paragraph(99, 0).encode() in added.stdout
    check = run("rules", "--check", "--rules", str(RULES_DIR), "--add-rules", str(tmp_path))
    assert check.returncode == 0 and b"0 failing examples" in check.stdout
    twice = run("--rules", str(RULES_DIR), "--add-rules", str(learned), "--add-rules", str(learned), stdin=text)
    assert twice.returncode == 2 and b"duplicate id" in twice.stderr
    missing = run("--rules", str(RULES_DIR), "--add-rules", str(tmp_path / "nope.yaml"), stdin=text)
    assert missing.returncode == 2 and b"no such rule file or folder" in missing.stderr


def test_a_line_with_a_lone_surrogate_is_not_learned_and_the_rest_is(tmp_path: Path) -> None:
    pages = [(site, text.replace("Stay Connected With Us", "Stay Connected \ud800 With Us"))
             for site, text in corpus_pages()]
    data = "".join(json.dumps({"url": f"https://{site}/p{i}", "text": text}) + "\n"
                   for i, (site, text) in enumerate(pages))
    out = tmp_path / "learned.yaml"
    proc = run("learn", "--rules", str(RULES_DIR), "-o", str(out), stdin=data.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Stay Connected" not in out.read_text(encoding="utf-8")
    assert check_rule_file(out.read_text(encoding="utf-8")) == [] and "learned-" in out.read_text(encoding="utf-8")


def test_a_deeply_nested_record_is_a_one_line_error() -> None:
    line = b'{"url": "https://a.example/", "text": "a b c", "n": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    assert_one_line_error(run("learn", "--by", "none", stdin=line), ":1:", "nested more than")


def test_command_field_and_by_none(tmp_path: Path) -> None:
    data = b"".join(json.dumps({"body": text}).encode() + b"\n" for _, text in corpus_pages()[:4])
    proc = run("learn", "--rules", str(RULES_DIR), "--field", "body", "--by", "none", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"id: learned-all-pages" in proc.stdout
    skipped = run("learn", "--rules", str(RULES_DIR), "--field", "body", stdin=data)
    assert skipped.returncode == 0 and b"4 record(s) without a host" in skipped.stderr
    assert b"rules: []" in skipped.stdout


@pytest.mark.parametrize(("data", "needles"), [
    (b'{"url": "https://a.example/", "text": "x"}\nnot json\n', ("<stdin>", ":2:", "not JSON")),
    (b'{"url": "https://a.example/", "text": "a\tb"}\n', (":1:", "not JSON (Invalid control character at: column 41)")),
    (b'{"url": "https://a.example/", "body": "x"}\n', (":1:", "no field 'text'")),
    (b'["a list"]\n', (":1:", "JSON object")),
    (b'{"text": 5}\n', ("field 'text' must be text",)),
    (b'{"text": "x", "url": 5}\n', ("field 'url' must be text",)),
    (b"\x1f\x8b\x08\x00garbage", ("damaged compressed data",)),
])
def test_command_bad_input_is_a_one_line_error(data: bytes, needles: tuple[str, ...]) -> None:
    assert_one_line_error(run("learn", "--rules", str(RULES_DIR), stdin=data), *needles)


def test_command_missing_file_and_bad_options(tmp_path: Path) -> None:
    assert_one_line_error(run("learn", str(tmp_path / "nope.jsonl")), "no such file")
    assert_one_line_error(run("learn", "--min-share", "0", stdin=b""), "min_share")
    assert_one_line_error(run("learn", "--min-pages", "1", stdin=b""), "min_pages")
