"""cleaner: strips page boilerplate from article text and keeps every line of the article.

The names below are imported on first use (PEP 562), so that ``python -m cleaner`` reaches the
command line's own error handling (an interrupt included) after importing only this file.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.api import Cleaner, clean, clean_html
    from cleaner.config import Config
    from cleaner.htmlinput import HtmlOptions
    from cleaner.model import Decision, Result, Verdict
    from cleaner.ruleset import RuleError, RuleSet, load_rules

__all__ = ["Cleaner", "Config", "Decision", "HtmlOptions", "Result", "RuleError", "RuleSet", "Verdict", "clean",
           "clean_html", "load_rules"]
__version__ = "0.1.0"

_HOMES = {"Cleaner": "api", "clean": "api", "clean_html": "api", "Config": "config", "Decision": "model",
          "HtmlOptions": "htmlinput", "Result": "model", "Verdict": "model", "RuleError": "ruleset",
          "RuleSet": "ruleset", "load_rules": "ruleset"}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"cleaner.{home}"), name)
    globals()[name] = value
    return value
