"""Which lines of a document are code: a tutorial's sample, as written, that no rule judges.

A code sample says whatever its program says: a form's ``First name:`` label, a container's
``image: nginx:1.14.2``, a button's ``Share on Facebook``. Rules that name boilerplate by its
words would take those lines from the middle of the sample. Fenced blocks (``markdown``) are
code by their fences; an extractor's text of a ``<pre>`` block has no fences but keeps its
indentation, and its lines are shaped like code (brackets, semicolons, assignments, tags,
``key:`` pairs), where an indented run of prose or menu items is not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaner.markdown import fenced_code_lines, may_have_fences

# A line shaped like code: ends in a brace or semicolon, opens with a closing bracket, holds an
# empty call, an assignment, an arrow, a tag, a comment or prompt sign at its start, or is a
# lower-case ``key:`` pair (YAML, CSS, a JSON-like object).
_CODE_SHAPED = re.compile(
    r"[{};]\s*$|^\s*[}\])]|\(\)|\s=\s|=>|/>\s*$|</?[A-Za-z][\w.-]*(?:[\s>/]|$)"
    r"|^\s*(?:#|//|\$ )|^\s*-?\s*[a-z_][\w.-]*:(?:\s|$)"
)
# The least a run needs: lines, and one of them indented this far (a <pre> block's nesting).
MIN_RUN_LINES = 3
MIN_NESTED_INDENT = 2


def code_lines(text: str, lines: Sequence[str]) -> list[int]:
    """The indices of ``lines`` (the lines of ``text``) that are code: fenced blocks, and
    indented runs that read as code (``indented_code_lines``)."""
    fenced = fenced_code_lines(lines) if may_have_fences(text) else []
    indented = indented_code_lines(lines) if may_have_indented_code(text) else []
    if not indented:
        return fenced
    return sorted(set(fenced).union(indented))


def may_have_indented_code(text: str) -> bool:
    """True when some line may start an indented code run: the cheap test made on every document."""
    return "\n    " in text or "\n\t" in text or text.startswith(("    ", "\t"))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def indented_code_lines(lines: Sequence[str]) -> list[int]:
    """The indices of the lines of every indented run that reads as code.

    A run is consecutive lines (single blank lines inside it allowed), each indented by two or
    more spaces or shaped like code (a YAML file's top-level keys are not indented). It is code
    when it has ``MIN_RUN_LINES`` lines or more, one of them indented ``MIN_NESTED_INDENT`` or
    more, and at least half of them are shaped like code. Indented prose (a man page's
    paragraphs) and indented menus are runs of lines not shaped like code, and stay open to rules.
    """
    code: list[int] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip() or not (_indent(line) >= 2 or _CODE_SHAPED.search(line)):
            i += 1
            continue
        run: list[int] = []
        shaped = 0
        nested = False
        j, blanks = i, 0
        while j < n:
            line = lines[j]
            if not line.strip():
                blanks += 1
                if blanks > 1:
                    break
                j += 1
                continue
            is_shaped = _CODE_SHAPED.search(line) is not None
            depth = _indent(line)
            if depth < 2 and not is_shaped:
                break
            run.append(j)
            shaped += is_shaped
            nested = nested or depth >= MIN_NESTED_INDENT
            blanks = 0
            j += 1
        if len(run) >= MIN_RUN_LINES and nested and 2 * shaped >= len(run):
            code.extend(run)
        i = j
    return code
