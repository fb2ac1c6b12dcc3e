"""Split input text into line blocks.

Extractors such as trafilatura write one paragraph, heading or list item per line, so a
line is the unit the cleaner keeps or drops. Only LF, CRLF and lone CR end a line: Unicode
line separators inside a paragraph stay part of it, so no paragraph is ever split.
"""

from __future__ import annotations

import itertools
import operator

from cleaner.model import Block, built_whole

_BOM = "\ufeff"


def split_lines(text: str) -> list[Block]:
    """Return one Block per input line, trailing whitespace removed, BOM dropped."""
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:  # CRLF first, as one line end, then a lone CR
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the final line end does not start another line
    # A line without trailing whitespace is blank only when empty. The blocks are made as tuples
    # in C (Block's own __new__ is a Python function): a document has thousands of lines.
    lines = list(map(str.rstrip, lines))
    fields = zip(itertools.count(), itertools.count(1), lines, map(operator.not_, lines))
    return list(map(built_whole, itertools.repeat(Block), fields))
