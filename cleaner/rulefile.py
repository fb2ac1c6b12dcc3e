"""Parse one rule file strictly: every mistake is an error naming the file, the rule and the line.

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

from collections.abc import Iterable
from pathlib import Path

import regex
import yaml

from cleaner.features import normalise
from cleaner.model import Action
from cleaner.ruleset import (
    MAX_REGEX_PARTS,
    RULE_FLAGS,
    Guard,
    Rule,
    RuleError,
    compile_pattern,
    matches_empty_text,
    regex_parts,
)

MAX_RULE_FILE_BYTES = 2_000_000
RULE_KEYS = {"id", "summary", "why", "action", "match", "guard", "block", *RULE_FLAGS, "requires", "examples"}
REQUIRED_KEYS = ("id", "summary", "why", "action", "match", "examples")
MATCH_KEYS = {"phrases", "line", "span"}
GUARD_KEYS = {"min_words": int, "max_words": int, "terminal_punct": bool, "max_title_case": float,
              "min_title_case": float}
BLOCK_KEYS = {"extent": str, "max_lines": int}
EXTENTS = ("teasers", "lines", "rest", "table")
_ID = regex.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YAML11_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}
# How to write a value of a key that is not text, where "quote it" would give a string the key refuses.
_TYPED_ADVICE = {bool: "write true or false", int: "write a number", float: "write a number"}
# libyaml's safe loader parses twenty times faster than the pure-Python one: rule loading is
# most of the start-up time of `cleaner < file`. Both give the same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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

    def scalar(self, node: yaml.Node, key: str, advice: str = "quote it") -> str:
        """The value as written; ``advice`` says how to write one that reads as a YAML 1.1
        boolean, and differs with what the key takes: a quoted ``'yes'`` is text, not a boolean."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"'{key}' must be a single value")
        yaml11_bool = node.tag.endswith(":bool") or (node.style is None and node.value.lower() in _YAML11_BOOL_WORDS)
        if yaml11_bool and node.value not in ("true", "false"):
            raise self.error(node, f"'{key}': {node.value!r} reads as a YAML 1.1 boolean; {advice}")
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
        value = self.scalar(node, key, _TYPED_ADVICE.get(kind, "quote it"))
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
    for key in RULE_FLAGS:
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
        stays_over_prose=flags["stays_over_prose"],
        examples_match=ctx.texts(examples["match"], "examples.match"),
        examples_no_match=ctx.texts(examples["no_match"], "examples.no_match"),
        examples_context=ctx.text(examples["context"], "examples.context") if "context" in examples else "",
        vetted=vetted,
    )


def _compile(ctx: _Ctx, node: yaml.Node, text: str) -> regex.Pattern[str]:
    parts = regex_parts(text)
    if parts > MAX_REGEX_PARTS:
        raise ctx.error(node, f"the regex repeats too much: it would compile to about {parts:,} parts, "
                              f"more than {MAX_REGEX_PARTS:,} (counted repeats multiply what they repeat)")
    try:
        pattern = compile_pattern(text)
    except regex.error as exc:
        raise ctx.error(node, f"bad regex: {exc}") from None
    if matches_empty_text(pattern):
        raise ctx.error(node, "the regex can match empty text, so it would match lines it does not name")
    return pattern
