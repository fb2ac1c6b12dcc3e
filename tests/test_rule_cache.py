"""The rule cache: a folder's loaded rules come back from it only while nothing they were made
from has changed, and a missing, damaged, foreign or unwritable cache never changes a result."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, RULES_DIR, SEEDS_DIR, read_seed, seed_names

from cleaner import Cleaner, load_rules, rulecache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


def test_cached_rules_are_the_parsed_rules_with_their_regexes_compiled(cache: Path) -> None:
    parsed = load_rules(RULES_DIR)
    assert len(entries(cache)) == 1
    cached = load_rules(RULES_DIR)
    assert cached.rules == parsed.rules
    for rule in cached.rules:
        if rule.pattern_text:
            assert rule.compiled is not None and rule.compiled.pattern == rule.pattern_text
    for name in seed_names():
        text = read_seed(name)
        assert Cleaner(cached).clean(text) == Cleaner(parsed).clean(text)


def test_an_edited_rule_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    assert load_rules(folder).by_id("ad-slot-label") is not None
    ads = folder / "ads.yaml"
    ads.write_text(ads.read_text(encoding="utf-8").replace("id: ad-slot-label\n", "id: ad-label\n"), encoding="utf-8")
    reloaded = load_rules(folder)
    assert reloaded.by_id("ad-slot-label") is None and reloaded.by_id("ad-label") is not None
    assert reloaded.rules == load_rules(folder).rules  # and the new version is cached in turn


def test_a_damaged_entry_is_a_miss(cache: Path) -> None:
    parsed = load_rules(RULES_DIR)
    (entry,) = entries(cache)
    entry.write_bytes(entry.read_bytes()[:-100])
    assert load_rules(RULES_DIR).rules == parsed.rules
    entry.write_bytes(b"not a cache entry")
    assert load_rules(RULES_DIR).rules == parsed.rules


def test_an_entry_others_could_write_is_ignored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules(RULES_DIR)
    (entry,) = entries(cache)
    entry.chmod(0o666)
    reads: list[object] = []
    real_read = rulecache.read
    monkeypatch.setattr(rulecache, "read", lambda key, allowed: reads.append(real_read(key, allowed)) or None)
    load_rules(RULES_DIR)
    assert reads == [None]


def test_an_entry_builds_only_the_allowed_types(cache: Path) -> None:
    key = b"some key"
    rulecache.write(key, lambda: (Path("a"), 1))  # a type outside the allowed ones
    assert entries(cache)
    assert rulecache.read(key, frozenset()) is None
    assert rulecache.read(key, frozenset({("pathlib", "PosixPath"), ("pathlib", "WindowsPath")})) == (Path("a"), 1)


def test_an_unwritable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))
    assert load_rules(RULES_DIR).rules == load_rules(RULES_DIR).rules
    assert not list(tmp_path.glob("**/*.tmp"))


def test_the_cache_is_off_when_its_folder_is_set_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    assert rulecache.cache_dir() is None


def test_old_entries_are_removed(cache: Path) -> None:
    for n in range(rulecache.MAX_ENTRIES + 3):
        rulecache.write(f"key {n}".encode(), lambda: ())
    assert len(entries(cache)) == rulecache.MAX_ENTRIES


def test_the_command_line_gives_the_same_output_from_the_cache(cache: Path) -> None:
    seed = SEEDS_DIR / f"{seed_names()[0]}.txt"
    env = {**os.environ, "CLEANER_CACHE_DIR": str(cache)}

    def run() -> bytes:
        done = subprocess.run([sys.executable, "-m", "cleaner", "--rules", str(RULES_DIR), str(seed)], cwd=ROOT,
                              env=env, capture_output=True, check=True)
        return done.stdout

    first = run()
    assert len(entries(cache)) == 1
    assert run() == first == Cleaner.load(RULES_DIR).clean(read_seed(seed_names()[0])).text.encode("utf-8")


def test_pickled_rules_are_plain_data_apart_from_the_allowed_types() -> None:
    """Every global a cached rule set refers to is one the reader allows."""
    from cleaner.ruleset import _CACHED_TYPES, _compiled

    found: set[tuple[str, str]] = set()

    class Recorder(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            found.add((module, name))
            return super().find_class(module, name)

    import io

    rules = list(load_rules(RULES_DIR).rules)
    Recorder(io.BytesIO(pickle.dumps(_compiled(rules), protocol=pickle.HIGHEST_PROTOCOL))).load()
    assert found <= _CACHED_TYPES


def test_a_cached_run_imports_no_parser_and_no_html_machinery(cache: Path) -> None:
    """`cleaner < page.txt` with the rules cached imports neither YAML nor JSON, and never
    trafilatura, lxml or jusText's HTML code (the stoplists are read as files), nor the cleaner's
    own HTML reading (``cleaner.html``, ``discussion``, ``pagetext``, ``readings``, ``shop``, ``timelimit``,
    ``reviews``, ``span``), which loads with the first page."""
    probe = (
        "import sys\nfrom cleaner.cli import main\nstatus = main(['--rules', sys.argv[1]])\n"
        "heavy = ('yaml', 'json', 'trafilatura', 'lxml', 'justext', 'cleaner.html', 'cleaner.discussion',\n"
        "         'cleaner.pagetext', 'cleaner.readings', 'cleaner.shop', 'cleaner.timelimit', 'cleaner.reviews',\n"
        "         'cleaner.span')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "CLEANER_CACHE_DIR": str(cache)}
    seed = (SEEDS_DIR / f"{seed_names()[0]}.txt").read_bytes()
    for _ in range(2):  # the first run writes the cache, the second reads it
        done = subprocess.run([sys.executable, "-c", probe, str(RULES_DIR)], cwd=ROOT, env=env, input=seed,
                              capture_output=True, check=True)
    assert done.stderr.decode().strip() == "[]"


def test_writing_never_follows_a_link_left_at_the_temporary_name(cache: Path, tmp_path: Path) -> None:
    key = b"some key"
    entry = rulecache._entry(key)
    assert entry is not None
    cache.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("precious")
    entry.with_name(f".{entry.name}.{os.getpid()}.tmp").symlink_to(victim)
    rulecache.write(key, lambda: ())
    assert victim.read_text() == "precious"
