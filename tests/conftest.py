"""Shared fixtures: the checkout's paths, its rules loaded once, and the --update-golden option.

Tests load the checkout's ``rules/`` folder explicitly: an installed (or editable) copy of the
package carries its own ``cleaner/_rules`` that does not follow edits to ``rules/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
SEEDS_DIR = ROOT / "seeds"
GOLDEN_DIR = ROOT / "golden"

# Test the checkout's package, not an installed copy that may be older.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The rule cache is off unless a test turns it on in a folder of its own: tests never write to
# the user's cache folder, and every other test parses the rule files it names (the command-line
# tests' processes inherit this).
os.environ["CLEANER_CACHE_DIR"] = ""

from cleaner import Cleaner  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="write golden/<seed>.txt from the current output instead of comparing (never deletes)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def rules_dir() -> Path:
    """The checkout's rules/ folder (not the copy shipped inside an installed wheel)."""
    path = Path(__file__).parent.parent / "rules"
    assert path.is_dir(), f"no rules folder at {path}"
    return path


@pytest.fixture(scope="session")
def cleaner(rules_dir: Path) -> Cleaner:
    """The checkout's rules with default settings, loaded once per session."""
    return Cleaner.load(rules_dir)


def seed_names() -> list[str]:
    """Names (without .txt) of the seed documents, sorted."""
    return sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))


def read_seed(name: str) -> str:
    return (SEEDS_DIR / f"{name}.txt").read_bytes().decode("utf-8")
