"""Load rule files strictly: every mistake is an error naming the file, the rule and the line.

A rule file is YAML with one top-level key, ``rules``, holding a list of rules. The file's
name is the rules' category. Loading is strict because a silently ignored typo in a rule
file means boilerplate silently left in (or article text silently lost) on every page:

* unknown keys, missing keys, wrong types and duplicate ids are errors;
* regexes are compiled at load time, so a bad one fails before any text is read (the shipped
  rules' regexes, which the test suite compiles and checks, are compiled on first use instead:
  compiling them all is most of a one-page run's start-up time);
* YAML 1.1 booleans (``no``, ``off``, ``yes``) are refused: ``- No`` must not become ``False``;
* anchors, aliases and tags are refused, which also rules out "billion laughs" files.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import regex
import yaml

from cleaner.features import normalise
from cleaner.model import Action

MAX_RULE_FILE_BYTES = 2_000_000
RULE_KEYS = {"id", "summary", "why", "action", "match", "guard", "block", "ends_article", "inline",
             "comment_marker", "ends_page", "requires", "examples"}
REQUIRED_KEYS = ("id", "summary", "why", "action", "match", "examples")
MATCH_KEYS = {"phrases", "line", "span"}
GUARD_KEYS = {"min_words": int, "max_words": int, "terminal_punct": bool, "max_title_case": float,
              "min_title_case": float}
BLOCK_KEYS = {"extent": str, "max_lines": int}
EXTENTS = ("teasers", "lines", "rest")
_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YAML11_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}
# libyaml's safe loader parses twenty times faster than the pure-Python one: rule loading is
# most of the start-up time of `cleaner < file`. Both give the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# A rule's regex must not match empty text on any of these (``\b``, ``x*``, ``(?=\w)`` would).
_EMPTY_MATCH_PROBES = (
    "",
    "The quick brown fox jumps over the lazy dog.",
    "PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS!",
    "0123456789 - | : ; , ( ) [ ] ' \" © … — “ ” ‘ ’ ? @ # $ % & * / \\ < > = + ~ _",
)


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
            raise RuleError(f"--disable: no rule or category named {', '.join(unknown)}")
        return RuleSet(tuple(r for r in self.rules if r.id not in names and r.category not in names))



def default_rules_dir() -> Path:
    """The rules shipped inside the package, or the checkout's rules/ folder."""
    packaged = Path(__file__).parent / "_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def load_rules(folder: Path | str | None = None) -> RuleSet:
    """Load every ``*.yaml`` file of ``folder`` (default: the shipped rules).

    The shipped rules are vetted: the test suite runs each of their regexes on hostile lines,
    so on lines of ordinary length they run without the per-call time limit. Any other
    folder's regexes always keep the limit.
    """
    path = Path(folder) if folder is not None else default_rules_dir()
    if not path.is_dir():
        raise RuleError(f"{path}: not a folder of rule files")
    vetted = path.resolve() == default_rules_dir().resolve()
    files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")], key=lambda p: p.name)
    if not files:
        raise RuleError(f"{path}: no *.yaml rule files")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file in files:
        for rule in load_rule_file(file, vetted):
            if rule.id in seen:
                raise RuleError(f"{rule.source}: rule '{rule.id}': duplicate id, first at {seen[rule.id]}")
            seen[rule.id] = rule.source
            rules.append(rule)
    return RuleSet(tuple(rules))


def load_rule_file(path: Path, vetted: bool = False) -> list[Rule]:
    """Parse and validate one rule file; ``vetted`` for the shipped rules (see ``Rule.vetted``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleError(f"{path}: cannot read: {exc.strerror}") from None
    if len(raw) > MAX_RULE_FILE_BYTES:
        raise RuleError(f"{path}: {len(raw)} bytes, more than a rule file may hold ({MAX_RULE_FILE_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: not UTF-8 (byte {exc.start})") from None
    root = _compose(path, text)
    category = path.stem
    if root is None:
        raise RuleError(f"{path}: empty file; expected 'rules:' and a list of rules")
    if not isinstance(root, yaml.MappingNode):
        raise RuleError(f"{path}:{_line(root)}: expected a mapping with the key 'rules'")
    top = _mapping(path, root, "file")
    if set(top) != {"rules"}:
        extra = sorted(set(top) - {"rules"}) or ["(missing 'rules')"]
        raise RuleError(f"{path}:{_line(root)}: the file must hold only 'rules:', found {', '.join(extra)}")
    seq = top["rules"]
    if not isinstance(seq, yaml.SequenceNode):
        raise RuleError(f"{path}:{_line(seq)}: 'rules' must be a list")
    return [_rule(path, category, node, vetted) for node in seq.value]


def _compose(path: Path, text: str) -> yaml.Node | None:
    try:
        for token in yaml.scan(text, Loader=_LOADER):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken, yaml.TagToken)):
                kind = type(token).__name__.replace("Token", "").lower()
                raise RuleError(f"{path}:{token.start_mark.line + 1}: YAML {kind}s are not allowed in rule files")
        return yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise RuleError(f"{path}:{line}: not valid YAML: character {exc.character!r} is not allowed") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).replace("\n", " ")
        raise RuleError(f"{where}: not valid YAML: {problem}") from None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(path: Path, node: yaml.MappingNode, what: str) -> dict[str, yaml.Node]:
    """The mapping's values by key (``_key_node`` finds a key's own node for error lines)."""
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise RuleError(f"{path}:{_line(key_node)}: {what}: keys must be plain words")
        key = str(key_node.value)
        if key in out:
            raise RuleError(f"{path}:{_line(key_node)}: {what}: key '{key}' given twice")
        out[key] = value_node
    return out


def _key_node(node: yaml.MappingNode, key: str) -> yaml.Node:
    """The node of ``key`` itself in a mapping (its line is where the key is written)."""
    return next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key)


class _Ctx:
    """Where we are, for error messages."""

    def __init__(self, path: Path, rule_id: str) -> None:
        self.path = path
        self.rule_id = rule_id

    def error(self, node: yaml.Node, message: str) -> RuleError:
        return RuleError(f"{self.path}:{_line(node)}: rule '{self.rule_id}': {message}")

    def scalar(self, node: yaml.Node, key: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"'{key}' must be a single value")
        yaml11_bool = node.tag.endswith(":bool") or (node.style is None and node.value.lower() in _YAML11_BOOL_WORDS)
        if yaml11_bool and node.value not in ("true", "false"):
            raise self.error(node, f"'{key}': {node.value!r} reads as a YAML 1.1 boolean; quote it")
        return str(node.value)

    def text(self, node: yaml.Node, key: str) -> str:
        value = self.scalar(node, key)
        if node.tag.endswith(":bool"):
            raise self.error(node, f"'{key}': {value} reads as a boolean, not text; quote it")
        if not value.strip():
            raise self.error(node, f"'{key}' must be non-empty text")
        return value

    def texts(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise self.error(node, f"'{key}' must be a non-empty list of strings")
        return tuple(self.text(item, key) for item in node.value)

    def typed(self, node: yaml.Node, key: str, kind: type) -> object:
        value = self.scalar(node, key)
        try:
            if kind is bool:
                if value not in ("true", "false"):
                    raise ValueError
                return value == "true"
            if kind is int:
                return int(value)
            if kind is float:
                return float(value)
        except ValueError:
            raise self.error(node, f"'{key}' must be {kind.__name__}, got {value!r}") from None
        return value

    def mapping(self, node: yaml.Node, key: str, allowed: Iterable[str]) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"'{key}' must be a mapping")
        out = _mapping(self.path, node, f"rule '{self.rule_id}': {key}")
        unknown = sorted(set(out) - set(allowed))
        if unknown:
            raise self.error(_key_node(node, unknown[0]),
                             f"{key}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
        return out


def _rule(path: Path, category: str, node: yaml.Node, vetted: bool) -> Rule:
    if not isinstance(node, yaml.MappingNode):
        raise RuleError(f"{path}:{_line(node)}: each rule must be a mapping")
    fields = _mapping(path, node, "rule")
    rule_id = fields["id"].value if "id" in fields and isinstance(fields["id"], yaml.ScalarNode) else "?"
    ctx = _Ctx(path, str(rule_id))
    unknown = sorted(set(fields) - RULE_KEYS)
    if unknown:
        raise ctx.error(_key_node(node, unknown[0]),
                        f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(RULE_KEYS))})")
    missing = [k for k in REQUIRED_KEYS if k not in fields]
    if missing:
        raise ctx.error(node, f"missing key '{missing[0]}'")
    rule_id = ctx.text(fields["id"], "id")
    if not _ID.match(rule_id):
        raise ctx.error(fields["id"], "id must be kebab-case (lower-case words joined by '-')")
    action_text = ctx.text(fields["action"], "action")
    try:
        action = Action(action_text)
    except ValueError:
        allowed = ", ".join(a.value for a in Action)
        raise ctx.error(fields["action"], f"unknown action {action_text!r} (allowed: {allowed})") from None

    match = ctx.mapping(fields["match"], "match", MATCH_KEYS)
    if len(match) != 1:
        raise ctx.error(fields["match"], "match needs exactly one of: phrases, line, span")
    kind, match_node = next(iter(match.items()))
    if (kind == "span") != (action is Action.CUT):
        raise ctx.error(match_node, "a 'span' match goes with action 'cut', and only with it")
    phrases: frozenset[str] = frozenset()
    pattern = None
    pattern_text = ""
    if kind == "phrases":
        listed = ctx.texts(match_node, "match.phrases")
        phrases = frozenset(normalise(p) for p in listed)
        if "" in phrases:
            raise ctx.error(match_node, "a phrase normalises to nothing (only punctuation?)")
    else:
        pattern_text = ctx.text(match_node, f"match.{kind}")
        if not vetted:
            pattern = _compile(ctx, match_node, pattern_text)

    requires: tuple[str, ...] = ()
    if "requires" in fields:
        if not pattern_text:
            raise ctx.error(fields["requires"], "'requires' speeds up regex matches; phrase rules need none")
        requires = tuple(sorted({w.casefold() for w in ctx.texts(fields["requires"], "requires")}))

    guard = Guard()
    if "guard" in fields:
        values = {k: ctx.typed(v, f"guard.{k}", GUARD_KEYS[k])
                  for k, v in ctx.mapping(fields["guard"], "guard", GUARD_KEYS).items()}
        guard = Guard(**values)  # type: ignore[arg-type]
        if not (0.0 <= guard.min_title_case <= 1.0 and 0.0 <= guard.max_title_case <= 1.0):
            raise ctx.error(fields["guard"], "guard: title-case limits are shares, between 0 and 1")
        if guard.min_words > guard.max_words or guard.min_title_case > guard.max_title_case:
            raise ctx.error(fields["guard"], "guard: a minimum is above its maximum, so the rule never matches")

    extent, max_lines = "teasers", 40
    if "block" in fields:
        if action is not Action.DROP_BLOCK:
            raise ctx.error(fields["block"], "'block' is only for action 'drop-block'")
        block = ctx.mapping(fields["block"], "block", BLOCK_KEYS)
        if "extent" in block:
            extent = ctx.text(block["extent"], "block.extent")
            if extent not in EXTENTS:
                raise ctx.error(block["extent"], f"block.extent must be one of {', '.join(EXTENTS)}")
        if "max_lines" in block:
            max_lines = int(ctx.typed(block["max_lines"], "block.max_lines", int))  # type: ignore[call-overload]
            if max_lines < 1:
                raise ctx.error(block["max_lines"], "block.max_lines must be at least 1")

    flags = {}
    for key in ("ends_article", "inline", "comment_marker", "ends_page"):
        flags[key] = bool(ctx.typed(fields[key], key, bool)) if key in fields else False
        if flags[key] and action not in (Action.DROP, Action.DROP_BLOCK):
            raise ctx.error(fields[key], f"'{key}' says what a dropped line means: it needs action drop or drop-block")

    examples = ctx.mapping(fields["examples"], "examples", {"match", "no_match", "context"})
    for needed in ("match", "no_match"):
        if needed not in examples:
            raise ctx.error(fields["examples"], f"examples need '{needed}' (a rule is tested both ways)")
    return Rule(
        id=rule_id,
        category=category,
        summary=ctx.text(fields["summary"], "summary"),
        why=ctx.text(fields["why"], "why"),
        action=action,
        source=f"{path}:{_line(node)}",
        phrases=phrases,
        compiled=pattern,
        pattern_text=pattern_text,
        match_kind=kind,
        guard=guard,
        requires=requires,
        extent=extent,
        max_lines=max_lines,
        ends_article=flags["ends_article"],
        inline=flags["inline"],
        comment_marker=flags["comment_marker"],
        ends_page=flags["ends_page"],
        examples_match=ctx.texts(examples["match"], "examples.match"),
        examples_no_match=ctx.texts(examples["no_match"], "examples.no_match"),
        examples_context=ctx.text(examples["context"], "examples.context") if "context" in examples else "",
        vetted=vetted,
    )


def compile_pattern(text: str) -> regex.Pattern[str]:
    """A rule's regex, compiled as every rule's is: case-insensitive."""
    return regex.compile(text, regex.IGNORECASE)


def matches_empty_text(pattern: regex.Pattern[str]) -> bool:
    """True if the regex matches empty text somewhere in the probe lines."""
    return any(m.end() == m.start() for probe in _EMPTY_MATCH_PROBES for m in pattern.finditer(probe))


def _compile(ctx: _Ctx, node: yaml.Node, text: str) -> regex.Pattern[str]:
    try:
        pattern = compile_pattern(text)
    except regex.error as exc:
        raise ctx.error(node, f"bad regex: {exc}") from None
    if matches_empty_text(pattern):
        raise ctx.error(node, "the regex can match empty text, so it would match lines it does not name")
    return pattern


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
    flags = [k for k in ("ends_article", "ends_page", "inline", "comment_marker") if getattr(rule, k)]
    if flags:
        data["flags"] = flags
    data["examples"] = {"match": list(rule.examples_match), "no_match": list(rule.examples_no_match),
                        **({"context": rule.examples_context} if rule.examples_context else {})}
    return data
