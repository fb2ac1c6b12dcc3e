"""The ``cleaner`` command: a stdin/stdout filter, ``explain`` and ``rules``.

Exit status: 0 cleaned; 1 nothing survived in some document, or far more was removed than an
article page holds (the caller is told instead of handed an empty or gutted text); 2 usage
error, unreadable input, unwritable output or a bad rule file. Errors are one line on stderr,
never a traceback; an unreadable file does not stop the others.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from cleaner import __version__, learncli
from cleaner.api import Cleaner
from cleaner.bounded import ChildDied
from cleaner.config import Config
from cleaner.document import DEFAULT_HTML_TIMEOUT, INPUT_KINDS, DocumentOptions, Unusable, clean_usable
from cleaner.examples import example_failures, runaway_failure
from cleaner.exits import EXIT_EMPTY, EXIT_ERROR, EXIT_OK, fail
from cleaner.htmlinput import HtmlOptions
from cleaner.model import OUTSIDE, Decision, Result, Verdict
from cleaner.output import (
    OutputError,
    Terminated,
    descriptor_named,
    interrupt_on_sigterm,
    output_stream,
    write_all,
    writes_whole,
)
from cleaner.parallel import WorkerDied, ordered_map
from cleaner.progress import Progress
from cleaner.ruleset import RuleError, rule_as_dict
from cleaner.stats import RunStats
from cleaner.stoplist import StoplistError, UnknownLanguage
from cleaner.textio import InputError, decode, read_bytes

if TYPE_CHECKING:
    from cleaner.jsonl import Unread
    from cleaner.records import RecordOptions

COMMANDS = ("clean", "explain", "rules", "learn")
MAX_HTML_TIMEOUT = 1e6
MAX_JOBS = 256
# The most bytes one document may hold: no article comes near it, and a document costs about six
# times its size in memory while it is cleaned. A larger input is refused after reading this much.
DEFAULT_MAX_BYTES = 128 << 20


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
    common.add_argument("--add-rules", metavar="PATH", action="append", dest=f"add_rules{suffix}", default=default,
                        help="also load the rule file, or folder of rule files, at PATH (repeatable): rules "
                             "learned with 'cleaner learn', or a team's own")
    common.add_argument("--disable", metavar="NAME", action="append", dest=f"disable{suffix}", default=default,
                        help="disable a rule, a rule category or a scorer (repeatable)")
    common.add_argument("--format", choices=("text", "json"), dest=f"format{suffix}", default=default,
                        help="output format (default: text)")
    common.add_argument("--input", choices=INPUT_KINDS, dest=f"input{suffix}", default=default,
                        help="auto (default): html when the input is markup, else text; text: an extractor's "
                             "output with page remnants; page: a whole page as text, menus and footers "
                             "included, of which only the article's region is kept; html: a web page")
    common.add_argument("--max-removed", metavar="SHARE", type=float, dest=f"max_removed{suffix}", default=default,
                        help="flag a document (exit 1, a JSON or JSONL flag) when more than this share of its "
                             f"text is removed (default {Config().max_removed_ratio:g})")
    common.add_argument("--language", metavar="NAME", dest=f"language{suffix}", default=default,
                        help="the text's language: the jusText stoplist by which prose is told from page "
                             f"chrome (default {Config().language}; German, French, Spanish, ...)")
    html = common.add_argument_group("HTML input")
    html.add_argument("--include-comments", action="store_true", dest=f"include_comments{suffix}",
                      default=default, help="keep the page's reader comments (by default only on a page "
                                            "that declares itself a question and its answers or a forum thread)")
    html.add_argument("--no-comments", action="store_true", dest=f"no_comments{suffix}", default=default,
                      help="leave out the page's reader comments, on a page that declares a discussion too")
    html.add_argument("--no-tables", action="store_true", dest=f"no_tables{suffix}", default=default,
                      help="leave tables out")
    html.add_argument("--favor-precision", action="store_true", dest=f"favor_precision{suffix}", default=default,
                      help="the extractor drops more of what may be boilerplate")
    html.add_argument("--favor-recall", action="store_true", dest=f"favor_recall{suffix}", default=default,
                      help="the extractor keeps more of what may be content")
    html.add_argument("--url", metavar="URL", dest=f"url{suffix}", default=default,
                      help="the page's address, for its metadata where the page names none (its canonical link, "
                           "og:url or <base href> wins)")
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
    clean.add_argument("--jsonl", action="store_true",
                       help="the input is JSON lines (gzip-compressed or not): clean one field of each record, "
                            "keep the other fields and the order; a record that cannot be cleaned is written "
                            "unchanged with a 'cleaner_error' field")
    clean.add_argument("--field", metavar="NAME",  # None: not given, which is "text" with --jsonl
                       help="with --jsonl: the field to clean (default: text)")
    clean.add_argument("--metadata", action="store_true",
                       help="with --jsonl: read each HTML page's title, author, date and site name into the "
                            "fields cleaner_title, cleaner_author, cleaner_date and cleaner_sitename")
    clean.add_argument("-j", "--jobs", metavar="N", type=int, default=1,
                       help="clean with N worker processes; the output order is unchanged (default: 1)")
    clean.add_argument("--stats", metavar="FILE",
                       help="write the run's counts as JSON: documents by outcome, and lines and characters "
                            "removed per rule and per scorer")
    explain = sub.add_parser("explain", parents=[after], help="show every line's verdict and reason")
    explain.add_argument("files", nargs="*", metavar="FILE", help="input files; - for stdin")
    for command in (clean, explain):
        command.add_argument("-o", "--output", metavar="FILE",
                             help="write to FILE, whole or not at all; a device, pipe or /dev/stdout is written "
                                  "to directly (default: stdout)")
        command.add_argument("--max-bytes", metavar="N", type=int, default=DEFAULT_MAX_BYTES,
                             help="refuse a document larger than N bytes: a file, or a JSONL line with its line "
                                  f"end (default {DEFAULT_MAX_BYTES:,})")
    rules = sub.add_parser("rules", parents=[after], help="list the rules, or show one with its examples")
    rules.add_argument("rule_id", nargs="?", metavar="ID")
    rules.add_argument("--check", action="store_true", help="run every rule's examples and report failures")
    learncli.add_arguments(sub.add_parser("learn", parents=[after], help="learn sites' template lines from a "
                                          "corpus of JSON lines and write them as a rule file"))
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``; with no command given, ``clean`` is meant (``cleaner < in.txt``).

    Options may come before or after ``clean`` and ``explain`` (``cleaner -o out.txt clean
    in.txt``): their arguments are parsed after the command, where every option is known.
    """
    args = list(argv)
    parser = build_parser()
    at = _first_positional(args, _value_options(parser))
    command = args[at] if at is not None else None
    if command not in COMMANDS and not {"-h", "--help", "--version"} & set(args):
        args.insert(0, "clean")
    elif at is not None and command in ("clean", "explain", "learn"):
        args = [args[at], *args[:at], *args[at + 1:]]
    ns = parser.parse_args(args)
    ns.rules = getattr(ns, "rules_after", None) or ns.rules
    ns.disable = (ns.disable or []) + getattr(ns, "disable_after", [])
    ns.add_rules = (ns.add_rules or []) + getattr(ns, "add_rules_after", [])
    ns.format = getattr(ns, "format_after", None) or ns.format or "text"
    ns.input = getattr(ns, "input_after", None) or ns.input or "auto"
    for flag in ("include_comments", "no_comments", "no_tables", "favor_precision", "favor_recall"):
        setattr(ns, flag, bool(getattr(ns, f"{flag}_after", None) or getattr(ns, flag)))
    if ns.include_comments and ns.no_comments:
        raise UsageError("--include-comments and --no-comments cannot both be given")
    ns.url = getattr(ns, "url_after", None) or ns.url
    given = (getattr(ns, "language_after", None), ns.language)
    ns.language = next((name for name in given if name is not None), Config().language)  # "" is no name
    given = (getattr(ns, "max_removed_after", None), ns.max_removed)
    ns.max_removed = next((share for share in given if share is not None), Config().max_removed_ratio)
    if not 0 <= ns.max_removed <= 1:  # also refuses nan
        raise UsageError("--max-removed must be a share from 0 to 1")
    timeout = getattr(ns, "timeout_after", None)
    timeout = ns.timeout if timeout is None else timeout
    ns.timeout = DEFAULT_HTML_TIMEOUT if timeout is None else timeout
    if not (0 < ns.timeout <= MAX_HTML_TIMEOUT):  # also refuses nan; inf would overflow the timer
        raise UsageError(f"--timeout must be a number of seconds above 0 and at most {MAX_HTML_TIMEOUT:g}")
    if ns.command in ("clean", "explain") and not ns.files:
        ns.files = ["-"]
    if ns.command in ("clean", "explain") and ns.files.count("-") > 1:
        raise UsageError("- (stdin) can be read once only")
    if ns.command in ("clean", "explain") and ns.max_bytes < 1:
        raise UsageError("--max-bytes must be a number of bytes above 0")
    if ns.command == "clean":
        if not 1 <= ns.jobs <= MAX_JOBS:
            raise UsageError(f"--jobs must be a number of worker processes from 1 to {MAX_JOBS}")
        if ns.jsonl and ns.format == "json":
            raise UsageError("--jsonl writes JSON lines already; --format json does not apply")
        if ns.metadata and not ns.jsonl:
            raise UsageError("--metadata applies with --jsonl; --format json shows a page's metadata")
        if ns.metadata and ns.input in ("text", "page"):
            raise UsageError(f"--metadata is read from HTML pages; --input {ns.input} reads none")
        if ns.field is not None and not ns.jsonl:
            raise UsageError("--field applies with --jsonl; a file's whole text is cleaned")
        ns.field = "text" if ns.field is None else ns.field
        if ns.jsonl and not ns.field:
            raise UsageError("--field needs a field name")
        if ns.jsonl:
            from cleaner.records import CLEANER_FIELDS

            if ns.field in CLEANER_FIELDS:
                raise UsageError(f"--field {ns.field}: the cleaner writes that field; name the field with the text")
        if ns.stats and ns.output not in (None, "-") and _same_output(ns.stats, ns.output):
            raise UsageError("--stats and -o name the same file")
    for flag, written in (("-o", getattr(ns, "output", None)), ("--stats", getattr(ns, "stats", None))):
        if written in (None, "-"):
            continue
        for name in getattr(ns, "files", None) or getattr(ns, "corpus", None) or ():
            if _same_file(name, written):
                shown = "stdin's file" if name == "-" else f"the input file {name}"
                raise UsageError(f"{flag} names {shown}: the input would be replaced by the output")
    return ns


def _same_file(first: str, second: str) -> bool:
    """Whether an input (a path, or ``-``: the file stdin is redirected from) and an output path
    are one existing regular file (through links, or two spellings of one path); a device or a
    pipe read and written is not one to protect."""
    try:
        if not os.path.isfile(second):
            return False
        if first == "-":
            return sys.stdin is not None and os.path.samestat(os.fstat(sys.stdin.fileno()), os.stat(second))
        return os.path.samefile(first, second)
    except (OSError, ValueError):  # a missing file (the output most often), a closed stdin: not one
        return False


def _same_output(first: str, second: str) -> bool:
    """Whether two output paths are one: the same descriptor (``/dev/stdout`` and ``/dev/stderr``
    are two, even where both lead to one terminal), else the same file."""
    descriptors = descriptor_named(first), descriptor_named(second)
    if descriptors != (None, None):
        return descriptors[0] == descriptors[1]
    return Path(first).resolve() == Path(second).resolve()


def _value_options(parser: argparse.ArgumentParser) -> frozenset[str]:
    """Every option, of the program or of a command, that takes the next argument as its value."""
    parsers = [parser]
    for action in parser._actions:  # argparse keeps a command's parser only in its subparsers action
        if isinstance(action, argparse._SubParsersAction):
            parsers += action.choices.values()
    return frozenset(option for p in parsers for action in p._actions if action.nargs != 0
                     for option in action.option_strings)


def _first_positional(args: Sequence[str], value_options: frozenset[str]) -> int | None:
    """Where the first argument is that is neither an option nor an option's value."""
    skip = False
    for at, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in value_options:
            skip = True
        elif arg == "-" or not arg.startswith("-"):
            return at
    return None


def _what_was_lost(args: argparse.Namespace | None) -> str:
    """What a run stopped midway leaves: no file where ``-o`` replaces one whole, else part of the output."""
    path = getattr(args, "output", None)
    return "no output file was written" if path not in (None, "-") and writes_whole(path) else \
        "the output is incomplete"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return the exit status."""
    interrupt_on_sigterm()
    if sys.stderr is None:  # started with stderr closed: messages go nowhere (print would send them to
        # stdout, into the output), and the exit status still tells
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (open for the process's life)
    args: argparse.Namespace | None = None
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        config = Config(whole_page=args.input == "page", max_removed_ratio=args.max_removed, language=args.language)
        cleaner = Cleaner.load(args.rules, args.disable, config, args.add_rules)
        if args.command == "rules":
            if sys.stdout is None:
                raise OutputError("cannot write the output: standard output is closed")
            return _rules(cleaner, args, sys.stdout)
        if args.command == "learn":
            return learncli.run(cleaner, args)
        return _clean(cleaner, args)
    except UsageError as exc:
        return fail(f"usage: {exc} (see cleaner --help)")
    except (RuleError, InputError) as exc:
        return fail(str(exc))
    except UnknownLanguage as exc:
        return fail(f"usage: --language: {exc} (see cleaner --help)")
    except StoplistError as exc:  # no jusText to read the stoplists from
        return fail(str(exc))
    except Terminated:
        return fail(f"terminated; {_what_was_lost(args)}", 128 + signal.SIGTERM)
    except KeyboardInterrupt:
        return fail(f"interrupted; {_what_was_lost(args)}", 130)
    except MemoryError:
        return fail(f"out of memory (a document holds about 700 bytes per line and five and a half times its "
                    f"size while it is cleaned, and --max-bytes bounds it; a rule's regex may take more); "
                    f"{_what_was_lost(args)}")
    except (WorkerDied, ChildDied):
        return fail(f"a worker process died (killed, or out of memory); {_what_was_lost(args)}")
    except OutputError as exc:
        return fail(str(exc))
    except BrokenPipeError:
        # The reader went away (``cleaner ... | head``): stop quietly, as the Python docs advise,
        # with the status of a process that SIGPIPE ended, so that `set -o pipefail` sees it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except OSError as exc:  # writing the output failed (a full disk, a closed terminal)
        return fail(f"cannot write the output: {exc.strerror or exc}")


def _json(value: object, indent: int | None = None) -> str:
    """JSON text with non-ASCII characters as they are; json is imported only for JSON output,
    which the plain filter never writes."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent)


def _clean(cleaner: Cleaner, args: argparse.Namespace) -> int:
    """Clean every input into the output; write the stats file when asked."""
    stats_path = getattr(args, "stats", None)
    stats_file = output_stream(stats_path) if stats_path else contextlib.nullcontext(None)
    with output_stream(args.output) as out, stats_file as stats_out:  # both fail here, before any work
        run = _run_jsonl if getattr(args, "jsonl", False) else _run_files
        status, stats = run(cleaner, args, out)
        if stats_out is not None:
            stats_out.write((_json(stats.to_dict(), indent=2) + "\n").encode())
    return status


def _document_options(args: argparse.Namespace) -> DocumentOptions:
    comments = True if args.include_comments else False if args.no_comments else None
    html = HtmlOptions(include_comments=comments, include_tables=not args.no_tables,
                       favor_precision=args.favor_precision, favor_recall=args.favor_recall, url=args.url,
                       metadata=args.format == "json" or args.command == "explain"  # who shows it
                       or getattr(args, "metadata", False))
    return DocumentOptions(args.input, html, args.timeout)


FAILURES_NAMED = 10  # records that could not be cleaned, named on stderr by input and line; then a count


def _run_jsonl(cleaner: Cleaner, args: argparse.Namespace, out: BinaryIO) -> tuple[int, RunStats]:
    """Clean one field of every record; every record goes out, in order, whatever befalls it.
    The first records that could not be cleaned are named on stderr by input and line."""
    from cleaner.jsonl import batches, numbered_records  # JSON and gzip are for this mode only
    from cleaner.records import RecordOptions

    context = (cleaner, RecordOptions(args.field, _document_options(args), args.max_bytes, args.metadata))
    progress = Progress("records")
    unreadable: list[str] = []
    failures = 0

    def report(message: str) -> None:  # an input that cannot be read: say so, go on with the next
        unreadable.append(message)
        print(f"cleaner: {message}", file=sys.stderr)

    def note(message: str) -> None:  # how an input was read: said, not counted
        print(f"cleaner: {message}", file=sys.stderr)

    positions: collections.deque[list[tuple[str, int]]] = collections.deque()

    def line_batches() -> Iterator[list[bytes | Unread]]:  # the workers get the lines; the places stay here
        for batch in batches(numbered_records(args.files, args.max_bytes, report, note)):
            positions.append([(name, line_no) for name, line_no, _ in batch])
            yield [line for _, _, line in batch]

    try:
        for (cleaned, errors), stats in ordered_map(_clean_batch, context, line_batches(), args.jobs):
            places = positions.popleft()
            for line in cleaned:
                write_all(out, line)
            for at, error in errors:
                failures += 1
                if failures <= FAILURES_NAMED:
                    name, line_no = places[at]
                    print(f"cleaner: {'stdin' if name == '-' else name}, line {line_no}: {error}", file=sys.stderr)
            progress.update(stats)
    finally:
        progress.close()
    totals = progress.totals
    summary = totals.summary()
    if failures > FAILURES_NAMED:
        summary += f" (the first {FAILURES_NAMED} named above)"
    if unreadable:
        summary += f"; {len(unreadable)} input(s) could not be read whole"
    print(f"cleaner: {summary}", file=sys.stderr)
    status = EXIT_ERROR if totals.failed or unreadable else EXIT_EMPTY if totals.flagged else EXIT_OK
    return status, totals


def _clean_batch(context: tuple[Cleaner, RecordOptions], lines: list[bytes | Unread]
                 ) -> tuple[tuple[list[bytes], list[tuple[int, str]]], RunStats]:
    """A worker's task: a batch of JSON lines, cleaned, the errors of those that could not be
    (by their place in the batch), and the batch's stats."""
    from cleaner.records import clean_record_told

    cleaner, options = context
    stats = RunStats()
    cleaned, errors = [], []
    for at, line in enumerate(lines):
        out, error = clean_record_told(line, cleaner, options, stats)
        cleaned.append(out)
        if error is not None:
            errors.append((at, error))
    return (cleaned, errors), stats


@dataclass
class _FileOutcome:
    """One input file's output, its messages for stderr, exit status and stats."""

    output: str = ""
    messages: list[str] = field(default_factory=list)
    status: int = EXIT_OK
    stats: RunStats = field(default_factory=RunStats)


def _run_files(cleaner: Cleaner, args: argparse.Namespace, out: BinaryIO) -> tuple[int, RunStats]:
    """Clean each input in turn; one that cannot be read is reported and the rest go on."""
    context = (cleaner, args, _document_options(args))
    status = EXIT_OK
    progress = Progress("files", enabled=False if len(args.files) == 1 else None)
    # Clean texts of several files are written one after another with a blank line between, so
    # that no two documents' lines run together (--format json keeps them apart as records).
    separated = args.format == "text" and args.command != "explain"
    written = False
    try:
        inputs = _read_files(args.files, args.max_bytes)
        for outcome in ordered_map(_clean_file, context, inputs, getattr(args, "jobs", 1)):
            if separated and written and outcome.output:
                write_all(out, b"\n")
            written = written or bool(outcome.output)
            write_all(out, outcome.output.encode("utf-8"))
            for message in outcome.messages:
                print(f"cleaner: {message}", file=sys.stderr)
            status = max(status, outcome.status)
            progress.update(outcome.stats)
    finally:
        progress.close()
    return status, progress.totals


def _read_files(names: Sequence[str], limit: int) -> Iterator[tuple[str, list[bytes | InputError]]]:
    """Each file's bytes, read here so that workers need no access to stdin. They come in a list
    that ``_clean_file`` empties, so that they are freed once decoded: held for the whole
    cleaning, a long document's bytes added its size again to the peak memory."""
    for name in names:
        try:
            yield name, [read_bytes(name, limit)]
        except InputError as exc:
            yield name, [exc]


def _clean_file(context: tuple[Cleaner, argparse.Namespace, DocumentOptions],
                item: tuple[str, list[bytes | InputError]]) -> _FileOutcome:
    """A worker's task: one input file, cleaned and rendered as the command and format ask."""
    cleaner, args, options = context
    name, parcel = item
    data = parcel.pop()
    size = 0 if isinstance(data, InputError) else len(data)
    outcome = _FileOutcome()
    repairs: list[str] = []  # what was done to the text: said with the result's warnings
    try:
        if isinstance(data, InputError):
            raise data
        text, notes = decode(data, name, repairs)
    except InputError as exc:
        outcome.messages.append(str(exc))
        outcome.status = EXIT_ERROR
        outcome.stats.add_failure("unreadable", size)
        return outcome
    del data  # the text holds the document now
    try:
        result = clean_usable(cleaner, text, options)
    except Unusable as exc:  # one line: the notes on how the bytes were read are of no output
        outcome.messages.append(f"{name}: {exc}")
        outcome.status = EXIT_ERROR
        outcome.stats.add_failure(exc.cause, size)
        return outcome
    if repairs:  # NULs removed: in the warnings --format json writes, as clean() has them
        result = replace(result, warnings=(*repairs, *result.warnings))
    outcome.messages += [f"{name}: {note}" for note in notes]
    outcome.messages += [f"{name}: {warning}" for warning in result.warnings]
    several = len(args.files) > 1
    if args.format == "json":
        record = result.to_dict()
        outcome.output = _json({"source": name, **record} if several else record) + "\n"
    elif args.command == "explain":
        outcome.output = explain_text(result, name if several else None)
    else:
        outcome.output = result.text
    outcome.stats.add_result(result, size)
    flag = result.flag
    if flag == "empty":
        outcome.messages.append(f"{name}: nothing survived cleaning ({len(result.decisions)} lines dropped)")
    elif flag == "removed_too_much":
        outcome.messages.append(
            f"{name}: {result.removed_ratio:.0%} of the text was removed, more than an article page holds "
            f"(limit {cleaner.config.max_removed_ratio:.0%}); check the output")
    if flag:
        outcome.status = EXIT_EMPTY
    return outcome


_READINGS = {
    "trafilatura": "trafilatura's extraction",
    "justext": "jusText (trafilatura found no text)",
    "page-region": "the page's article region (fuller than trafilatura's extraction)",
    "page-span": "the page's text from trafilatura's first line to its last (with the parts it skipped)",
}


EXPLAIN_DETAIL_CHARS = 60  # a reason's detail is cut to this many characters, with an ellipsis


def _shortened(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` - 1 characters and an ellipsis: a cut detail says so."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def explain_text(result: Result, source: str | None = None) -> str:
    """One row per non-blank input line: line number, verdict, reason (with a scorer's score and
    what triggered it: a cut span, the heading above, ...), then the line itself, last, so that
    the rows can be searched for a line's text."""
    rows = [f"== {source}"] if source else []
    if result.reading != "text":
        rows.append(f"# HTML page, read by {_READINGS.get(result.reading, result.reading)}")
        if result.reading_reason:
            rows.append(f"# why: {result.reading_reason}")
        meta = result.metadata
        for name, value in (("title", meta.title), ("author", meta.author), ("date", meta.date),
                            ("site", meta.sitename), ("url", meta.url)):
            if value:
                rows.append(f"# {name}: {value}")
    reasons = [_explained_reason(d) for d in result.decisions]
    width = max(map(len, reasons), default=0)  # the line's text starts in one column on every row
    for d, reason in zip(result.decisions, reasons, strict=True):
        rows.append(f"{d.line_no:>5}  {d.verdict.value:<4}  {reason:<{width}}  {d.text}")
    summary = f"removed {result.removed_ratio:.1%} of the text"
    outside = sum(d.reason == OUTSIDE for d in result.decisions)
    if outside:  # the share counts the span's lines: say what the extractor's edges left out
        summary += (f" from the extraction's first line to its last; {outside} line(s) of the page above "
                    "and below them were left out, as the extractor left them")
    rows.append(summary)
    return "\n".join(rows) + "\n"


def _explained_reason(d: Decision) -> str:
    """The reason column of ``explain``: the rule or scorer, a scorer's score, what triggered it."""
    reason = d.reason if d.verdict is Verdict.KEEP or d.score == 1.0 else f"{d.reason} {d.score:.2f}"
    if d.detail and d.verdict is not Verdict.KEEP:
        reason += f" [{_shortened(d.detail, EXPLAIN_DETAIL_CHARS)}]"
    return reason


def _rules(cleaner: Cleaner, args: argparse.Namespace, out: TextIO) -> int:
    rules = cleaner.ruleset.rules
    if args.check:
        failures = [f for r in rules for f in example_failures(r, cleaner.config)]
        # Every rule is probed, the shipped ones too: they run without a time limit, and in a
        # checkout they may have been edited since the test suite vetted them (half a second).
        runaway = [message for r in rules if (message := runaway_failure(r)) is not None]
        for failure in failures + runaway:
            print(failure, file=out)
        print(f"{len(rules)} rules, {len(failures)} failing examples, {len(runaway)} runaway regexes", file=out)
        return EXIT_ERROR if failures or runaway else EXIT_OK
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

