"""Stopword lists, read from jusText's data files.

jusText's stoplists are the field's standard for telling prose from page chrome. They are
read straight from the installed package's data folder so that the plain-text path does not
import jusText's HTML machinery (and lxml with it), which would cost start-up time.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path


class StoplistError(ValueError):
    """No stoplist can be read: jusText is missing, or the language has none."""


class UnknownLanguage(StoplistError):
    """The asked-for language has no stoplist."""


def stoplist_name(language: str) -> str:
    """The name of jusText's stoplist for ``language`` given in any case ("german" is "German"),
    as jusText itself, which the HTML reading's fallback calls, spells it. Raises StoplistError."""
    return _stoplist_path(language).stem


@functools.lru_cache(maxsize=8)
def get_stoplist(language: str = "English") -> frozenset[str]:
    """Return jusText's stoplist for ``language`` (its name in any case: "German", "german") as
    lower-case words."""
    words = _stoplist_path(language).read_text(encoding="utf-8").split()
    return frozenset(w.lower() for w in words)


_NAME_SHOWN = 40  # characters of an unknown name repeated in the error


def _stoplist_path(language: str) -> Path:
    """The stoplist file for ``language``, looked up among the stoplists' names in any case: a
    name, never a path to another file."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise StoplistError("jusText is not installed; it provides the stoplists")
    folder = Path(next(iter(spec.submodule_search_locations))) / "stoplists"
    known = {path.stem.casefold(): path for path in folder.glob("*.txt")}
    path = known.get(language.casefold())
    if path is None:
        shown = language if len(language) <= _NAME_SHOWN else language[:_NAME_SHOWN] + "..."
        raise UnknownLanguage(f"no stoplist for {shown!r}; known: {', '.join(sorted(p.stem for p in known.values()))}")
    return path
