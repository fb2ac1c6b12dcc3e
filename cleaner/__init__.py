"""cleaner: strips page boilerplate from article text and keeps every line of the article."""

from cleaner.api import Cleaner, clean
from cleaner.config import Config
from cleaner.model import Decision, Result, Verdict
from cleaner.ruleset import RuleError, RuleSet, load_rules

__all__ = ["Cleaner", "Config", "Decision", "Result", "RuleError", "RuleSet", "Verdict", "clean", "load_rules"]
__version__ = "0.1.0"
