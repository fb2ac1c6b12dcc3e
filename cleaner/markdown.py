"""Markdown links read as their text, so that rules and features see what a reader sees.

Crawlers that write Markdown (and trafilatura's Markdown output) keep a page's links inline:
``By [Jane Doe](https://example.com/authors/jane) | March 3, 2025`` is a byline, and
``[Share on X](https://x.com/intent/post?url=...)`` a share button. A rule written for the
words, and a line's word and function-word counts, must not see the addresses. Images
(``![alt](src)``) are left as they are: the ``markdown-image`` rule names them.
"""

from __future__ import annotations

import re

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
