"""Markdown links read as their text, so that rules and features see what a reader sees.

Crawlers that write Markdown (and trafilatura's Markdown output) keep a page's links inline:
``By [Jane Doe](https://example.com/authors/jane) | March 3, 2025`` is a byline, and
``[Share on X](https://x.com/intent/post?url=...)`` a share button. A rule written for the
words, and a line's word and function-word counts, must not see the addresses. Images
(``![alt](src)``) are left as they are: the ``markdown-image`` rule names them. A cut rule
(``(Also Read: [headline](url))``) matches the text too, and its span is widened on the line
to take the links it reaches into whole, so no address is left behind.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

# [text](target) or [text](target "title"), not an image's ![alt](src). The text holds no
# brackets (a linked image, [![alt](src)](target), stays whole); the target may hold one level of
# parentheses, as Wikipedia's addresses do. The target has no spaces but before its title.
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)")
MARKER = "]("


def has_links(text: str) -> bool:
    """True when the line may hold a Markdown link: the cheap test made on every line."""
    return MARKER in text


def visible_text(text: str) -> str:
    """``text`` with each Markdown link replaced by its text."""
    return _LINK.sub(r"\1", text)


def visible_spans(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """The visible text, and each link's place in both texts: its first and last visible offsets
    (its text) and its first and last offsets in ``text`` (from ``[`` to ``)``)."""
    links = []
    pieces = []
    shift = previous = 0
    for match in _LINK.finditer(text):
        pieces.append(text[previous:match.start()])
        pieces.append(match.group(1))
        start = match.start() - shift
        links.append((start, start + len(match.group(1)), match.start(), match.end()))
        shift += match.end() - match.start() - len(match.group(1))
        previous = match.end()
    pieces.append(text[previous:])
    return "".join(pieces), links


def raw_span(links: list[tuple[int, int, int, int]], start: int, end: int) -> tuple[int, int]:
    """A span of the visible text as a span of the line: a span that reaches into a link's text
    takes the whole link, its address included. Each end is placed by the last link before it
    (a binary search: a line may hold thousands of links), past which the line is longer than
    the visible text by that link's ``r_end - v_end``."""
    k = bisect.bisect_right(links, start, key=_visible_start) - 1
    if k < 0:
        raw_start = start
    else:
        _, v_end, r_start, r_end = links[k]
        raw_start = r_start if start < v_end else start + r_end - v_end
    k = bisect.bisect_left(links, end, key=_visible_start) - 1
    if k < 0:
        raw_end = end
    else:
        _, v_end, _, r_end = links[k]
        raw_end = r_end if end <= v_end else end + r_end - v_end
    return raw_start, raw_end


def _visible_start(link: tuple[int, int, int, int]) -> int:
    return link[0]


# A fence opens a code block: three or more backticks, indented at most three spaces; the block
# closes at a fence at least as long, alone on its line. Tildes fence code in Markdown too, but
# rows of them separate sections in plain text far more often.
_FENCE = re.compile(r" {0,3}(`{3,})")


def may_have_fences(text: str) -> bool:
    """True when the text may hold a fenced code block: the cheap test made on every document."""
    return "```" in text


def fenced_code_lines(lines: Sequence[str]) -> list[int]:
    """The indices of the lines of every closed fenced code block, its fences included.

    Code is the article's content as written, whatever its lines say ("Share on Facebook" as a
    button's label in a tutorial's sample): no rule judges it. An unclosed fence protects
    nothing: a stray one in extracted text must not shield the rest of the page from cleaning.
    """
    code: list[int] = []
    opened: tuple[int, str] | None = None
    for i, line in enumerate(lines):
        fence = _FENCE.match(line)
        if opened is None:
            if fence is not None and not (fence.group(1)[0] == "`" and "`" in line[fence.end():]):
                opened = (i, fence.group(1))
        elif fence is not None and fence.group(1)[0] == opened[1][0] and len(fence.group(1)) >= len(opened[1]) \
                and not line[fence.end():].strip():
            code.extend(range(opened[0], i + 1))
            opened = None
    return code
