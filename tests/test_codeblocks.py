"""Code samples without fences: an extractor's text of a <pre> block is read as code, so that
no rule takes a sample's lines for boilerplate; indented prose and menus are not code."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.codeblocks import code_lines, indented_code_lines

JSX = [
    "Here is the form component:",
    "",
    "    return (",
    "      <form>",
    "        <label>",
    "          First name:",
    "          <input value={form.firstName} />",
    "        </label>",
    "        <label>",
    "          Email:",
    "        </label>",
    "      </form>",
    "    );",
    "",
    "The component keeps the form's state in one object.",
]
COMPOSE = [
    "services:",
    "  web:",
    "    image: nginx:stable",
    "    ports:",
    "      - \"80:80\"",
    "  db:",
    "    image: postgres:18",
]
MAN_PAGE = [
    "       grep searches for PATTERNS in each FILE.  PATTERNS is one or more",
    "       patterns separated by newline characters, and grep prints each line",
    "       that matches a pattern.  Typically PATTERNS should be quoted when",
    "       grep is used in a shell command.",
    "",
    "       A FILE of \"-\" stands for standard input.",
]
INDENTED_MENU = ["    Home", "    About Us", "    Careers", "    Contact Us", "    Share this article"]


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (JSX, list(range(2, 13))),
        (COMPOSE, list(range(7))),
        (MAN_PAGE, []),  # indented prose: no line is shaped like code
        (INDENTED_MENU, []),
        (["x = 1;", "y = 2;"], []),  # too short, and nothing nested
        (["a: 1", "b: 2", "c: 3"], []),  # keys on one level: a list of facts as much as a file
    ],
    ids=["jsx", "compose", "man-page", "indented-menu", "two-lines", "flat-pairs"],
)
def test_indented_code_lines(lines: list[str], code: list[int]) -> None:
    assert indented_code_lines(lines) == code


def test_code_lines_joins_fenced_and_indented_code() -> None:
    lines = ["```", "Share on Facebook", "```", "", *COMPOSE]
    assert code_lines("\n".join(lines), lines) == [0, 1, 2, *range(4, 11)]


def test_no_rule_takes_a_line_of_an_unfenced_code_sample() -> None:
    result = Cleaner.load().clean("\n".join([*JSX, "", "And the containers:", "", *COMPOSE]) + "\n")
    kept = {d.text.strip() for d in result.decisions if d.reason == "content"}
    assert {"First name:", "Email:", "image: nginx:stable", "image: postgres:18"} <= kept
