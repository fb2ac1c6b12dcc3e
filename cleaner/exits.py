"""The command's exit statuses and its one-line error: the same for every command."""

from __future__ import annotations

import contextlib
import sys

EXIT_OK = 0  # cleaned
EXIT_EMPTY = 1  # cleaned, and the safety net flagged a document: nothing left, gutted, or not cleaned
EXIT_ERROR = 2  # a usage error, unusable input, unwritable output or a bad rule file


def fail(message: str, status: int = EXIT_ERROR) -> int:
    """Say ``message`` on stderr as one line, and return ``status`` for the caller to exit with."""
    with contextlib.suppress(OSError, ValueError):  # no stderr to say it on (2>&-): the status still tells
        print(f"cleaner: {message}", file=sys.stderr, flush=True)
    return status
