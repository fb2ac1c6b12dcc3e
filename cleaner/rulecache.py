"""Loaded rule sets kept in the user's cache folder, so a run starts without parsing rule files.

Parsing the shipped rules' YAML and compiling their regexes is most of the start-up time of
``cleaner < page.txt``; reading the loaded rules back takes about a millisecond (a compiled regex
pickles as its program, not as its text). An entry starts with its key: everything the rules
were made from, namely the rule files' paths and bytes, the source of the modules that parse
them and the versions of Python and regex. It is used only when that key is byte for byte the
same, so an edit to a rule file or to the parsing code is seen at once.

The cache never changes a result and never fails a run: a folder that cannot be written is
left alone, an entry that cannot be read, or that another user owns or could have written, is
ignored, and reading an entry builds nothing but the types the caller allows.
``CLEANER_CACHE_DIR`` names the folder (default ``$XDG_CACHE_HOME/cleaner`` or
``~/.cache/cleaner``); set to an empty string, it turns the cache off.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import stat
import zlib
from collections.abc import Callable
from pathlib import Path

_MAGIC = b"cleaner rule cache 1\n"
MAX_ENTRIES = 8  # entries kept per folder (one per version of the rules); older ones are removed


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    configured = os.environ.get("CLEANER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "cleaner"
    try:
        return Path.home() / ".cache" / "cleaner"
    except RuntimeError:  # no home folder
        return None


def _entry(key: bytes) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"rules-{zlib.crc32(key):08x}.pickle"


def _header(key: bytes) -> bytes:
    return _MAGIC + len(key).to_bytes(8, "big") + key


class _Unpickler(pickle.Unpickler):
    """Builds only the allowed types: an entry is data, never code to run."""

    def __init__(self, data: bytes, allowed: frozenset[tuple[str, str]]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed

    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in self.allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a rule cache entry")
        return super().find_class(module, name)


def read(key: bytes, allowed: frozenset[tuple[str, str]]) -> object | None:
    """The value stored under ``key``, or None if there is none that can be trusted."""
    path = _entry(key)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            getuid = getattr(os, "getuid", None)
            if getuid is not None and (info.st_uid != getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return None
            data = handle.read()
    except OSError:
        return None
    header = _header(key)
    if not data.startswith(header):
        return None
    try:
        value: object = _Unpickler(data[len(header):], allowed).load()
    except Exception:  # a damaged entry is a miss: the rules are parsed again
        return None
    return value


def write(key: bytes, make_value: Callable[[], object]) -> None:
    """Store ``make_value()`` under ``key``; called only once the folder proves writable."""
    path = _entry(key)
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # A new file only (never through a link someone else left there), readable by its owner.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with open(os.open(temporary, flags, 0o600), "wb") as handle:
            handle.write(_header(key))
            pickle.dump(make_value(), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # readers see the old entry or the new one, never half of one
        _prune(path.parent)
    except Exception:  # the cache is an optimisation: any failure leaves the run as it was
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)
