"""What rules learned from a site's other pages (``cleaner learn``) add, on sites with several pages.

Takes the benchmark's pages of the hosts with at least ``--min-host-pages`` pages (records without
a host aside) and scores the cleaner with and without learned rules, token F1 as
``accuracy.py`` computes it, on ``text_extracted`` (``Config()``) and ``text_page``
(``Config(whole_page=True)``, as ``cleaner --input page``):

* leave-one-out (the main number): each page is cleaned with the rules learned from the other
  pages of its host only, so no page is scored with rules that saw it;
* learn-on-all: one rule file learned from all these pages at once (every host's rules applied to
  every page, as a user who learns from a crawl and cleans it would run it).

Learning reads the same field that is cleaned. Under the tables: the pages whose F1 the learned
rules lowered, and the lines they dropped that the line-level oracle calls content (70% of the
line's tokens in the ground truth).

    python benchmarks/learned.py [--data PATH] [--min-host-pages 3] [--show 15]
        [--min-pages N] [--min-share S] [--max-inside-share S] [--min-words N] [--max-words N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (HERE, ROOT):  # accuracy.py next to this file; the checkout's cleaner, not an installed one
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from accuracy import DEFAULT_DATA, Doc, fmt, load_docs, markdown, oracle_keeps, prf, tokens  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.corpus import host_of  # noqa: E402
from cleaner.learn import Learner, LearnOptions  # noqa: E402
from cleaner.learncli import decided_by_rules  # noqa: E402
from cleaner.learnfile import load_rule_text, rule_file  # noqa: E402
from cleaner.model import Verdict  # noqa: E402
from cleaner.ruleset import RuleSet  # noqa: E402

LINE_CUT = 110


@dataclass(frozen=True)
class Scored:
    """One page cleaned one way: its scores and the lines the learned rules dropped."""

    precision: float
    recall: float
    f1: float
    learned_drops: tuple[str, ...] = ()


def with_rules(base: Cleaner, text: str) -> Cleaner:
    """``base`` plus the rules of a learned rule file."""
    learned = load_rule_text(text)
    return Cleaner(RuleSet((*base.ruleset.rules, *learned)), base.config, base.disabled_scorers)


def learned_file(docs: Sequence[Doc], base: Cleaner, options: LearnOptions) -> str:
    """The rule file ``cleaner learn`` writes for these pages, grouped by host."""
    learner = Learner(options)
    for doc in docs:
        learner.add(host_of(doc.url) or "", doc.text)
    return rule_file(learner.learned(decided_by_rules(base)), options, len(docs))


def score(cleaner: Cleaner, doc: Doc, learned_ids: frozenset[str] = frozenset()) -> Scored:
    result = cleaner.clean(doc.text)
    p, r, f = prf(result.text, doc.truth)
    drops = tuple(d.text.strip() for d in result.decisions if d.verdict is Verdict.DROP and d.reason in learned_ids)
    return Scored(p, r, f, drops)


def evaluate(docs: list[Doc], whole_page: bool, options: LearnOptions) -> dict[str, list[Scored]]:
    """Per page: the cleaner alone, with rules learned from its host's other pages, with rules
    learned from every page."""
    base = Cleaner.load(ROOT / "rules", config=Config(whole_page=whole_page))
    by_host: dict[str, list[Doc]] = defaultdict(list)
    for doc in docs:
        by_host[host_of(doc.url) or ""].append(doc)
    everything = with_rules(base, learned_file(docs, base, options))
    all_ids = frozenset(r.id for r in everything.ruleset.rules if r.category == "learned")
    out: dict[str, list[Scored]] = {"cleaner": [], "leave-one-out": [], "learn-on-all": []}
    for doc in docs:
        others = [d for d in by_host[host_of(doc.url) or ""] if d is not doc]
        loo = with_rules(base, learned_file(others, base, options))
        loo_ids = frozenset(r.id for r in loo.ruleset.rules if r.category == "learned")
        out["cleaner"].append(score(base, doc))
        out["leave-one-out"].append(score(loo, doc, loo_ids))
        out["learn-on-all"].append(score(everything, doc, all_ids))
    return out


def table(results: dict[str, dict[str, list[Scored]]]) -> str:
    rows = []
    for field, systems in results.items():
        base = systems["cleaner"]
        for name, scored in systems.items():
            n = len(scored)
            changed = sum(abs(s.f1 - b.f1) > 1e-12 for s, b in zip(scored, base, strict=True))
            worse = sum(s.f1 < b.f1 - 1e-12 for s, b in zip(scored, base, strict=True))
            lines = sum(len(s.learned_drops) for s in scored)
            rows.append([f"{name}, {field}", fmt(sum(s.precision for s in scored) / n),
                         fmt(sum(s.recall for s in scored) / n), fmt(sum(s.f1 for s in scored) / n),
                         "—" if name == "cleaner" else str(lines),
                         "—" if name == "cleaner" else f"{changed} / {worse}"])
    return markdown(["system, input", "P", "R", "F1", "lines dropped by learned rules",
                     "pages changed / worse"], rows)


def losses(docs: list[Doc], results: dict[str, dict[str, list[Scored]]], show: int) -> str:
    """The pages the learned rules made worse, and the content lines they dropped."""
    out = []
    for field, systems in results.items():
        for name in ("leave-one-out", "learn-on-all"):
            worse = [(s.f1 - b.f1, doc, s) for doc, s, b in zip(docs, systems[name], systems["cleaner"], strict=True)
                     if s.f1 < b.f1 - 1e-12]
            worse.sort(key=lambda item: (item[0], item[1].id))
            content = Counter()
            for _, doc, s in worse:
                truth = Counter(tokens(doc.truth))
                content.update(f"{host_of(doc.url)}: {line[:LINE_CUT]}" for line in s.learned_drops
                               if oracle_keeps(line, truth))
            out.append(f"\n{name}, {field}: {len(worse)} page(s) worse")
            out += [f"  {delta:+.3f}  {host_of(doc.url)}  {doc.id}" for delta, doc, _ in worse[:show]]
            if content:
                out.append("  content lines (by the oracle) the learned rules dropped on them:")
                out += [f"    {n}x {line}" for line, n in sorted(content.items(), key=lambda i: (-i[1], i[0]))[:show]]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    defaults = LearnOptions()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-host-pages", type=int, default=3)
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument("--min-pages", type=int, default=defaults.min_pages)
    parser.add_argument("--min-share", type=float, default=defaults.min_share)
    parser.add_argument("--max-inside-share", type=float, default=defaults.max_inside_share)
    parser.add_argument("--min-words", type=int, default=defaults.min_words)
    parser.add_argument("--max-words", type=int, default=defaults.max_words)
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"learned.py: no benchmark data at {args.data} (use --data)", file=sys.stderr)
        return 2
    options = LearnOptions(min_pages=args.min_pages, min_share=args.min_share,
                           max_inside_share=args.max_inside_share, min_words=args.min_words,
                           max_words=args.max_words)
    results: dict[str, dict[str, list[Scored]]] = {}
    docs: list[Doc] = []
    for field, whole_page in (("text_extracted", False), ("text_page", True)):
        every = load_docs(args.data, field, None, None)
        hosts = Counter(host_of(d.url) for d in every)
        docs = [d for d in every if host_of(d.url) and hosts[host_of(d.url)] >= args.min_host_pages]
        results[field] = evaluate(docs, whole_page, options)
    n_hosts = len({host_of(d.url) for d in docs})
    print(f"{len(docs)} pages of {n_hosts} hosts with at least {args.min_host_pages} pages; token F1, mean over pages")
    print()
    print(table(results))
    print(losses(docs, results, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
