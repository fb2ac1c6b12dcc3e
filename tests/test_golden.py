"""Golden files: golden/<seed>.txt is the reviewed clean output of seeds/<seed>.txt.

On a mismatch the test fails with a unified diff labelled with the golden's path, so a rule
change shows its effect line by line. ``pytest --update-golden`` writes the goldens from the
current output instead (it creates and overwrites, never deletes); review the diff before
committing them together with the change that caused them.
"""

from __future__ import annotations

import difflib

import pytest
from conftest import GOLDEN_DIR, SEEDS_DIR, read_seed, seed_names

from cleaner import Cleaner


def read_golden(name: str) -> str:
    # Bytes decoded as UTF-8: no newline translation, so a CRLF golden shows up as a difference.
    return (GOLDEN_DIR / f"{name}.txt").read_bytes().decode("utf-8")


def write_golden(name: str, text: str) -> None:
    GOLDEN_DIR.mkdir(exist_ok=True)
    with open(GOLDEN_DIR / f"{name}.txt", "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def golden_diff(name: str, expected: str, actual: str) -> str:
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"golden/{name}.txt",
            tofile=f"cleaned seeds/{name}.txt",
        )
    )


@pytest.mark.parametrize("name", seed_names())
def test_seed_matches_golden(name: str, cleaner: Cleaner, update_golden: bool) -> None:
    actual = cleaner.clean(read_seed(name)).text
    if update_golden:
        write_golden(name, actual)
        return
    if not (GOLDEN_DIR / f"{name}.txt").is_file():
        pytest.skip(f"golden/{name}.txt does not exist yet (the seed/golden pairing test reports it)")
    expected = read_golden(name)
    if actual != expected:
        if "\r" in expected and expected.replace("\r\n", "\n") == actual:
            pytest.fail(f"golden/{name}.txt has CRLF line ends; goldens are LF only (.gitattributes)", pytrace=False)
        pytest.fail(
            f"cleaned seeds/{name}.txt differs from golden/{name}.txt "
            f"(run pytest --update-golden if the change is intended):\n{golden_diff(name, expected, actual)}",
            pytrace=False,
        )


def test_every_seed_has_a_golden_and_every_golden_a_seed(update_golden: bool) -> None:
    seeds = set(seed_names())
    goldens = {p.stem for p in GOLDEN_DIR.glob("*.txt")} if GOLDEN_DIR.is_dir() else set()
    problems = [f"seeds/{n}.txt has no golden/{n}.txt" for n in sorted(seeds - goldens)]
    problems += [f"golden/{n}.txt has no seeds/{n}.txt" for n in sorted(goldens - seeds)]
    if update_golden:
        # The goldens for seeds were just written; a golden without a seed is never deleted.
        problems = [p for p in problems if p.startswith("golden/")]
    assert not problems, "seeds and goldens do not pair up:\n" + "\n".join(problems)


def test_there_are_seeds() -> None:
    assert seed_names(), f"no seeds in {SEEDS_DIR}"


def test_golden_diff_is_labelled_with_the_golden_path() -> None:
    diff = golden_diff("x", "a\nb\n", "a\nc\n")
    assert diff.splitlines()[:2] == ["--- golden/x.txt", "+++ cleaned seeds/x.txt"]
    assert "-b" in diff.splitlines()
    assert "+c" in diff.splitlines()
