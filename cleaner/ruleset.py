"""The rules' types and their loading: a RuleSet from a folder of rule files.

``rulefile.py`` parses and checks one file. A folder's rules, once loaded, are kept in the
user's cache (``rulecache.py``), so that a run of ``cleaner < page.txt`` starts without parsing
YAML or compiling regexes when the files have not changed.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import regex

from cleaner import rulecache
from cleaner.model import Action

# A rule's regex must not match empty text on any of these (``\b``, ``x*``, ``(?=\w)`` would).
_EMPTY_MATCH_PROBES = (
    "",
    "The quick brown fox jumps over the lazy dog.",
    "PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS!",
    "0123456789 - | : ; , ( ) [ ] ' \" © … — “ ” ‘ ’ ? @ # $ % & * / \\ < > = + ~ _",
)


# A rule's yes/no keys, each saying what its dropped line means (see ``Rule``).
RULE_FLAGS = ("ends_article", "ends_page", "inline", "comment_marker", "stays_over_prose")


class RuleError(ValueError):
    """A rule file cannot be used; the message names the file, the rule and the line."""


@dataclass(frozen=True, slots=True)
class Guard:
    """Limits on a line's features that must hold for the rule to match."""

    min_words: int = 0
    max_words: int = 10_000_000
    terminal_punct: bool | None = None
    min_title_case: float = 0.0
    max_title_case: float = 1.0


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule. Everything in it pickles, so worker processes can receive it."""

    id: str
    category: str
    summary: str
    why: str
    action: Action
    source: str  # "path:line" of the rule's start in its file
    phrases: frozenset[str] = frozenset()
    compiled: regex.Pattern[str] | None = field(default=None, compare=False, repr=False)  # see ``pattern``
    pattern_text: str = ""
    match_kind: str = "phrases"  # phrases | line | span
    guard: Guard = field(default_factory=Guard)
    requires: tuple[str, ...] = ()  # the regex is tried only on lines holding one of these
    extent: str = "teasers"
    max_lines: int = 40
    ends_article: bool = False  # its match means the article is over (footer scorers start there)
    inline: bool = False  # sits inside the article's flow (ad labels); says nothing about neighbours
    comment_marker: bool = False  # marks a reader comment (a "says" line, a Reply button)
    ends_page: bool = False  # nothing after it near the end of a text is article (a copyright line)
    stays_over_prose: bool = False  # a match right above a body paragraph is that paragraph's subheading
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    examples_context: str = ""  # text set before every example (an article a comment section follows)
    vetted: bool = False  # shipped with the package and tested on hostile input: no regex time limit

    @property
    def pattern(self) -> regex.Pattern[str] | None:
        """The rule's regex (None for a phrase rule); a vetted rule's is compiled on first use."""
        if self.compiled is None and self.pattern_text:
            object.__setattr__(self, "compiled", compile_pattern(self.pattern_text))
        return self.compiled


@dataclass(frozen=True)
class RuleSet:
    """The rules of one or more folders, in a fixed order: file name, then position in file."""

    rules: tuple[Rule, ...]

    @functools.cached_property
    def _by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @functools.cached_property
    def cut_rules(self) -> tuple[Rule, ...]:
        """The rules that cut spans; they run before the others."""
        return tuple(r for r in self.rules if r.action is Action.CUT)

    @functools.cached_property
    def line_rules(self) -> tuple[Rule, ...]:
        """Every rule that is not a cut, in order."""
        return tuple(r for r in self.rules if r.action is not Action.CUT)

    @functools.cached_property
    def inline_ids(self) -> frozenset[str]:
        """Ids of rules whose drops sit inside the article's flow (the neighbour pass looks through them)."""
        return frozenset(r.id for r in self.rules if r.inline)

    def by_id(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (it must exist)."""
        return self._by_id[rule_id]

    def without(self, names: Iterable[str]) -> RuleSet:
        """Drop the rules whose id or category is named; an unknown name is an error."""
        names = set(names)
        known = {r.id for r in self.rules} | {r.category for r in self.rules}
        unknown = sorted(names - known)
        if unknown:
            raise RuleError(f"cannot disable {', '.join(unknown)}: no rule, category or scorer has that name")
        return RuleSet(tuple(r for r in self.rules if r.id not in names and r.category not in names))



def default_rules_dir() -> Path:
    """The rules shipped inside the package, or the checkout's rules/ folder."""
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def load_rules(folder: Path | str | None = None, extra: Iterable[Path | str] = ()) -> RuleSet:
    """Load every ``*.yaml`` file of ``folder`` (default: the shipped rules), and the rule files
    ``extra`` names besides (files, or folders of them: rules learned from a corpus, a team's own).

    The shipped rules are vetted: the test suite runs each of their regexes on hostile lines,
    so on lines of ordinary length they run without the per-call time limit. Any other
    file's regexes always keep the limit. Rules come from the cache when their files are those
    the cached rules were parsed from. Rule ids must be unique across all the files.
    """
    path = Path(folder) if folder is not None else default_rules_dir()
    if not path.is_dir():
        raise RuleError(f"{path}: not a folder of rule files")
    vetted = path.resolve() == default_rules_dir().resolve()
    files = [(file, vetted) for file in _rule_files(path)]
    for more in map(Path, extra):
        if more.is_dir():
            files += [(file, False) for file in _rule_files(more)]
        elif more.is_file():
            files.append((more, False))
        else:
            raise RuleError(f"{more}: no such rule file or folder")
    key = _cache_key(files)
    cached = rulecache.read(key, _CACHED_TYPES) if key is not None else None
    if isinstance(cached, tuple) and all(isinstance(r, Rule) for r in cached):
        return RuleSet(cached)
    from cleaner.rulefile import load_rule_file  # the YAML parser, only when the files must be read

    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file, file_vetted in files:
        for rule in load_rule_file(file, file_vetted):
            if rule.id in seen:
                raise RuleError(f"{rule.source}: rule '{rule.id}': duplicate id, first at {seen[rule.id]}")
            seen[rule.id] = rule.source
            rules.append(rule)
    if key is not None:
        rulecache.write(key, lambda: _compiled(rules))
    return RuleSet(tuple(rules))


def _rule_files(folder: Path) -> list[Path]:
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")], key=lambda p: p.name)
    if not files:
        raise RuleError(f"{folder}: no *.yaml rule files")
    return files


# What a cache entry may hold besides plain data: the rules, compiled regexes and nothing else.
_CACHED_TYPES = frozenset({
    ("cleaner.ruleset", "Rule"), ("cleaner.ruleset", "Guard"), ("cleaner.model", "Action"),
    ("regex._regex", "compile"),
})
# The modules whose code turns rule files into rules: a change to them is a change of the rules.
_PARSING_MODULES = ("ruleset.py", "rulefile.py", "features.py", "model.py")


def _cache_key(files: Iterable[tuple[Path, bool]]) -> bytes | None:
    """Everything the rules of ``files`` (each with its vetted flag) are made from; None if some
    of it cannot be read."""
    here = Path(__file__).parent
    parts = [sys.version.encode(), regex.__version__.encode()]
    try:
        parts += [(here / name).read_bytes() for name in _PARSING_MODULES]
        for file, vetted in files:
            parts += [b"vetted" if vetted else b"user", str(file).encode("utf-8", "surrogateescape"),
                      file.read_bytes()]
    except OSError:
        return None
    return b"".join(len(part).to_bytes(8, "big") + part for part in parts)


def _compiled(rules: list[Rule]) -> tuple[Rule, ...]:
    """The rules with every regex compiled, as the cache keeps them."""
    for rule in rules:
        _ = rule.pattern
    return tuple(rules)


def compile_pattern(text: str) -> regex.Pattern[str]:
    """A rule's regex, compiled as every rule's is: case-insensitive."""
    return regex.compile(text, regex.IGNORECASE)


# A regex compiles to a copy of a repeated part per least count ("a{1000}" holds a thousand "a"), so
# its size is the product of its nested counts: "(?:a{1000}){1000}" takes 280 MB to compile, and
# "a{1000000000}" all the memory there is. Patterns that would compile to more parts are refused.
MAX_REGEX_PARTS = 100_000
_COUNTED_REPEAT = regex.compile(r"\{(\d*)(?:,(\d*))?\}")


def regex_parts(text: str) -> int:
    """About how many parts a regex compiles to: an atom (a character, an escape, a class) is
    one, a group the sum of its parts, and a counted repeat (``{m}``, ``{m,n}``, ``{m,}``)
    multiplies what it repeats by its least count, as the engine writes out that many copies
    (``(?:\\w+\\s){2,40000}`` compiles small). Alternatives add up."""
    totals = [0]  # the parts so far of each open group, the outermost first
    last = 1  # the parts of the atom or group a counted repeat would apply to
    i = 0
    while i < len(text):
        char = text[i]
        repeat = _COUNTED_REPEAT.match(text, i) if char == "{" else None
        if repeat is not None:
            count = max(int(repeat.group(1) or 0), 1)  # the copies compiled: its least count
            totals[-1] += last * (count - 1)
            last *= count
            i = repeat.end()
            continue
        if char == "(":
            totals.append(0)
        elif char == ")" and len(totals) > 1:
            last = max(totals.pop(), 1)
            totals[-1] += last
        elif char not in "|?*+":
            if char == "\\":
                i += 1
            elif char == "[":
                i = _class_end(text, i)
            totals[-1] += 1
            last = 1
        i += 1
    return sum(totals)


def _class_end(text: str, start: int) -> int:
    """The index of the ``]`` that closes the character class opened at ``start`` (its last index
    where it is not closed): a ``]`` right after ``[`` or ``[^`` is a member, escapes are skipped."""
    i = start + 1
    if i < len(text) and text[i] == "^":
        i += 1
    if i < len(text) and text[i] == "]":
        i += 1
    while i < len(text) and text[i] != "]":
        i += 2 if text[i] == "\\" else 1
    return min(i, len(text) - 1)


def matches_empty_text(pattern: regex.Pattern[str]) -> bool:
    """True if the regex matches empty text somewhere in the probe lines."""
    return any(m.end() == m.start() for probe in _EMPTY_MATCH_PROBES for m in pattern.finditer(probe))


def rule_as_dict(rule: Rule) -> dict[str, object]:
    """A rule as plain data, for `cleaner rules ID` and JSON: everything that decides a match."""
    match: object = sorted(rule.phrases) if rule.match_kind == "phrases" else rule.pattern_text
    data: dict[str, object] = {
        "id": rule.id,
        "category": rule.category,
        "summary": rule.summary,
        "why": rule.why,
        "action": rule.action.value,
        "match": {rule.match_kind: match},
        "source": rule.source,
    }
    if rule.requires:
        data["requires"] = list(rule.requires)
    guard = {k: v for k, v in asdict(rule.guard).items() if v != getattr(Guard(), k)}
    if guard:
        data["guard"] = guard
    if rule.action is Action.DROP_BLOCK:
        data["block"] = {"extent": rule.extent, "max_lines": rule.max_lines}
    flags = [k for k in RULE_FLAGS if getattr(rule, k)]
    if flags:
        data["flags"] = flags
    data["examples"] = {"match": list(rule.examples_match), "no_match": list(rule.examples_no_match),
                        **({"context": rule.examples_context} if rule.examples_context else {})}
    return data
