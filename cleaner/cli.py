"""The ``cleaner`` command: a stdin/stdout filter, ``explain`` and ``rules``.

Exit status: 0 cleaned; 1 nothing survived in some document, or far more was removed than an
article page holds (the caller is told instead of handed an empty or gutted text); 2 usage
error, unreadable input, unwritable output or a bad rule file. Errors are one line on stderr,
never a traceback; an unreadable file does not stop the others.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from cleaner import __version__, learncli
from cleaner.api import Cleaner
from cleaner.config import Config
from cleaner.examples import example_failures
from cleaner.html import ExtractionTimeout, HtmlOptions, looks_like_html
from cleaner.model import Result, Verdict
from cleaner.ruleset import RuleError, rule_as_dict
from cleaner.textio import InputError, read_text

EXIT_OK, EXIT_EMPTY, EXIT_ERROR = 0, 1, 2
COMMANDS = ("clean", "explain", "rules", "learn")
INPUT_KINDS = ("auto", "text", "page", "html")
DEFAULT_HTML_TIMEOUT = 30.0  # seconds to read one HTML page before it is given up as unusable
MAX_HTML_TIMEOUT = 1e6
# Options that take the next argument.
VALUE_OPTIONS = ("--rules", "--disable", "--format", "--input", "--timeout", "--url")


class UsageError(Exception):
    """Bad arguments; argparse's own errors are turned into this."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _common_options(suffix: str, default: object) -> _Parser:
    """Options accepted both before and after the command.

    The command's copies store under other names (``suffix``) with no defaults, so that a
    value given before the command is not overwritten by the command's default.
    """
    common = _Parser(add_help=False)
    common.add_argument("--rules", metavar="DIR", dest=f"rules{suffix}", default=default,
                        help="load rules from DIR instead of the shipped ones")
    common.add_argument("--disable", metavar="NAME", action="append", dest=f"disable{suffix}", default=default,
                        help="disable a rule, a rule category or a scorer (repeatable)")
    common.add_argument("--format", choices=("text", "json"), dest=f"format{suffix}", default=default,
                        help="output format (default: text)")
    common.add_argument("--input", choices=INPUT_KINDS, dest=f"input{suffix}", default=default,
                        help="auto (default): html when the input is markup, else text; text: an extractor's "
                             "output with page remnants; page: a whole page as text, menus and footers "
                             "included, of which only the article's region is kept; html: a web page")
    html = common.add_argument_group("HTML input")
    html.add_argument("--include-comments", action="store_true", dest=f"include_comments{suffix}",
                      default=default, help="keep the page's reader comments")
    html.add_argument("--no-tables", action="store_true", dest=f"no_tables{suffix}", default=default,
                      help="leave tables out")
    html.add_argument("--favor-precision", action="store_true", dest=f"favor_precision{suffix}", default=default,
                      help="the extractor drops more of what may be boilerplate")
    html.add_argument("--favor-recall", action="store_true", dest=f"favor_recall{suffix}", default=default,
                      help="the extractor keeps more of what may be content")
    html.add_argument("--url", metavar="URL", dest=f"url{suffix}", default=default,
                      help="the page's address, for its metadata")
    html.add_argument("--timeout", metavar="SECONDS", type=float, dest=f"timeout{suffix}", default=default,
                      help=f"give up reading a page after this long (default {DEFAULT_HTML_TIMEOUT:g})")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cleaner", description="Strip page boilerplate from article text; keep the article.",
                     parents=[_common_options("", None)])
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    after = _common_options("_after", argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    clean = sub.add_parser("clean", parents=[after], help="write the clean text of each FILE (default: stdin)")
    clean.add_argument("files", nargs="*", metavar="FILE", help="input files; - for stdin")
    explain = sub.add_parser("explain", parents=[after], help="show every line's verdict and reason")
    explain.add_argument("files", nargs="*", metavar="FILE", help="input files; - for stdin")
    rules = sub.add_parser("rules", parents=[after], help="list the rules, or show one with its examples")
    rules.add_argument("rule_id", nargs="?", metavar="ID")
    rules.add_argument("--check", action="store_true", help="run every rule's examples and report failures")
    learncli.add_arguments(sub.add_parser("learn", parents=[after], help="learn sites' template lines from a "
                                          "corpus of JSON lines and write them as a rule file"))
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; with no command given, ``clean`` is meant (``cleaner < in.txt``)."""
    args = list(argv)
    if _first_positional(args) not in COMMANDS and not {"-h", "--help", "--version"} & set(args):
        args.insert(0, "clean")
    ns = build_parser().parse_args(args)
    ns.rules = getattr(ns, "rules_after", None) or ns.rules
    ns.disable = (ns.disable or []) + getattr(ns, "disable_after", [])
    ns.format = getattr(ns, "format_after", None) or ns.format or "text"
    ns.input = getattr(ns, "input_after", None) or ns.input or "auto"
    for flag in ("include_comments", "no_tables", "favor_precision", "favor_recall"):
        setattr(ns, flag, bool(getattr(ns, f"{flag}_after", None) or getattr(ns, flag)))
    ns.url = getattr(ns, "url_after", None) or ns.url
    timeout = getattr(ns, "timeout_after", None)
    timeout = ns.timeout if timeout is None else timeout
    ns.timeout = DEFAULT_HTML_TIMEOUT if timeout is None else timeout
    if not (0 < ns.timeout <= MAX_HTML_TIMEOUT):  # also refuses nan; inf would overflow the timer
        raise UsageError(f"--timeout must be a number of seconds above 0 and at most {MAX_HTML_TIMEOUT:g}")
    if ns.command in ("clean", "explain") and not ns.files:
        ns.files = ["-"]
    return ns


def _first_positional(args: Sequence[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in VALUE_OPTIONS:
            skip = True
        elif arg == "-" or not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        cleaner = Cleaner.load(args.rules, args.disable, Config(whole_page=args.input == "page"))
        if args.command == "rules":
            return _rules(cleaner, args, sys.stdout)
        if args.command == "learn":
            return learncli.run(cleaner, args)
        return _clean(cleaner, args, sys.stdout)
    except UsageError as exc:
        return _fail(f"usage: {exc} (see cleaner --help)")
    except (RuleError, InputError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:
        # The reader went away (``cleaner ... | head``): stop quietly, as the Python docs advise.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # writing the output failed (a full disk, a closed terminal)
        return _fail(f"cannot write the output: {exc.strerror or exc}")


def _json(value: object, indent: int | None = None) -> str:
    """JSON text with non-ASCII characters as they are; json is imported only for JSON output,
    which the plain filter never writes."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent)


def _fail(message: str, status: int = EXIT_ERROR) -> int:
    print(f"cleaner: {message}", file=sys.stderr)
    return status


def _clean(cleaner: Cleaner, args: argparse.Namespace, out: TextIO) -> int:
    """Clean each input in turn; one that cannot be read is reported and the rest go on."""
    status = EXIT_OK
    for name in args.files:
        try:
            text, notes = read_text(name)
        except InputError as exc:
            print(f"cleaner: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        for note in notes:
            print(f"cleaner: {name}: {note}", file=sys.stderr)
        try:
            result = _clean_one(cleaner, text, args)
        except ExtractionTimeout as exc:
            print(f"cleaner: {name}: {exc}; the page was not cleaned", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if result.reading == "none":
            causes = f" ({'; '.join(result.warnings)})" if result.warnings else ""
            print(f"cleaner: {name}: no text found in the HTML page{causes}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        for warning in result.warnings:
            print(f"cleaner: {name}: {warning}", file=sys.stderr)
        if args.format == "json":
            record = result.to_dict()
            if len(args.files) > 1:
                record = {"source": name, **record}
            out.write(_json(record) + "\n")
        elif args.command == "explain":
            out.write(explain_text(result, name if len(args.files) > 1 else None))
        else:
            out.write(result.text)
        if result.is_empty:
            print(f"cleaner: {name}: nothing survived cleaning ({len(result.decisions)} lines dropped)",
                  file=sys.stderr)
        elif result.removed_too_much:
            print(f"cleaner: {name}: {result.removed_ratio:.0%} of the text was removed, more than an article "
                  f"page holds (limit {cleaner.config.max_removed_ratio:.0%}); check the output", file=sys.stderr)
        if result.is_empty or result.removed_too_much:
            status = max(status, EXIT_EMPTY)
    out.flush()
    return status


def _clean_one(cleaner: Cleaner, text: str, args: argparse.Namespace) -> Result:
    """Clean one document as ``--input`` says: auto reads markup as HTML and the rest as text."""
    if args.input == "html" or (args.input == "auto" and looks_like_html(text)):
        options = HtmlOptions(include_comments=args.include_comments, include_tables=not args.no_tables,
                              favor_precision=args.favor_precision, favor_recall=args.favor_recall, url=args.url,
                              metadata=args.format == "json")  # only JSON shows the metadata
        return cleaner.clean_html(text, options, args.timeout)
    return cleaner.clean(text)


_READINGS = {
    "trafilatura": "trafilatura's extraction",
    "justext": "jusText (trafilatura found no text)",
    "page-region": "the page's article region (fuller than trafilatura's extraction)",
}


def explain_text(result: Result, source: str | None = None) -> str:
    """One row per non-blank input line: line number, verdict, reason (with a scorer's score and
    what triggered it: a cut span, the heading above, ...), then the line itself, last, so that
    the rows can be searched for a line's text."""
    rows = [f"== {source}"] if source else []
    if result.reading != "text":
        rows.append(f"# HTML page, read by {_READINGS.get(result.reading, result.reading)}")
    for d in result.decisions:
        reason = d.reason if d.verdict is Verdict.KEEP or d.score == 1.0 else f"{d.reason} {d.score:.2f}"
        if d.detail and d.verdict is not Verdict.KEEP:
            reason += f" [{d.detail[:40]}]"
        rows.append(f"{d.line_no:>5}  {d.verdict.value:<4}  {reason:<26}  {d.text}")
    rows.append(f"removed {result.removed_ratio:.1%} of the text")
    return "\n".join(rows) + "\n"


def _rules(cleaner: Cleaner, args: argparse.Namespace, out: TextIO) -> int:
    rules = cleaner.ruleset.rules
    if args.check:
        failures = [f for r in rules for f in example_failures(r, cleaner.config)]
        for failure in failures:
            print(failure, file=out)
        print(f"{len(rules)} rules, {len(failures)} failing examples", file=out)
        return EXIT_ERROR if failures else EXIT_OK
    if args.rule_id:
        rule = cleaner.ruleset.by_id(args.rule_id)
        if rule is None:
            raise UsageError(f"no rule '{args.rule_id}' (cleaner rules lists them)")
        data = rule_as_dict(rule)
        if args.format == "json":
            out.write(_json(data, indent=2) + "\n")
        else:
            out.write(_rule_page(data))
        return EXIT_OK
    if args.format == "json":
        out.write(_json([rule_as_dict(r) for r in rules], indent=2) + "\n")
        return EXIT_OK
    if not rules:
        out.write("no rules\n")
        return EXIT_OK
    width = max(len(r.id) for r in rules)
    for r in rules:
        out.write(f"{r.id:<{width}}  {r.category:<11}  {r.action.value:<10}  {r.summary}\n")
    return EXIT_OK


def _rule_page(data: dict[str, object]) -> str:
    """A rule as a page, like ``ruff rule X``: what it does, why, how it matches, its examples."""
    examples = data["examples"]
    assert isinstance(examples, dict)
    lines = [f"{data['id']}  ({data['category']}, {data['action']})  {data['source']}", "",
             str(data["summary"]), "", f"Why: {data['why']}", ""]
    for key in ("match", "requires", "guard", "block", "flags"):
        if key in data:
            lines.append(f"{key.capitalize()}: {_json(data[key])}")
    if "context" in examples:
        lines += ["", f"Examples follow this context: {_json(examples['context'])}"]
    lines += ["", "Matches:"]
    lines += [f"  {_json(e)}" for e in examples["match"]]
    lines += ["", "Leaves alone:"]
    lines += [f"  {_json(e)}" for e in examples["no_match"]]
    return "\n".join(lines) + "\n"


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":
    run()
