"""Write learned template lines as a rule file, in the schema of ``rules/*.yaml``, for review.

One ``drop`` rule per site, its phrases the site's template lines as a page wrote them, each with
its evidence in a comment (pages of the site where it sat outside the article), its examples
taken from the corpus: the most widespread lines must match, one of the site's body paragraphs
must not. The output is the same, byte for byte, for the same counts: sites in name order, lines
by pages then text, ids made from the site's name alone.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cleaner.examples import example_failures
from cleaner.learn import LearnedSite, LearnOptions
from cleaner.ruleset import Rule, RuleError

MATCH_EXAMPLES = 3  # lines of a site shown as its rule's match examples
NO_MATCH_FALLBACK = "This sentence is article text, which the rule leaves alone."
# What a YAML double-quoted scalar cannot hold as it is: characters outside YAML's printable set,
# and the line separators that YAML folds as line ends.
_UNPRINTABLE = re.compile("[^\x09\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def rule_id(site: str) -> str:
    """The rule's id for a site: ``learned-`` and the site's name in kebab-case."""
    slug = re.sub(r"[^a-z0-9]+", "-", site.lower()).strip("-")
    return f"learned-{slug or 'site'}"


def rule_ids(sites: Sequence[str]) -> dict[str, str]:
    """Each site's rule id; sites whose names give the same id each get a hash of the name too."""
    ids = {site: rule_id(site) for site in sites}
    taken = Counter(ids.values())
    for site, rid in ids.items():
        if taken[rid] > 1:
            ids[site] = f"{rid}-{hashlib.sha1(site.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    return ids


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON's escapes, plus \\u for what YAML refuses)."""
    escaped = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                            else f"\\U{ord(m.group()):08x}", escaped)


def rule_file(sites: Sequence[LearnedSite], options: LearnOptions, pages: int) -> str:
    """The YAML rule file for the learned sites (``pages``: all pages counted, for the header)."""
    out = [
        f"# Template lines learned by `cleaner learn` from {pages} pages. A line is learned when, on",
        f"# {options.min_pages} pages or more and at least {options.min_share:g} of its site's pages, it sat outside",
        "# the article (before its first body paragraph or after its last) next to a line that recurs",
        f"# with it, and has {options.min_words} to {options.max_words} words. Beside each phrase: the pages of its",
        "# site it was seen on there. Review them as any rule change: a phrase that is article text must go.",
    ]
    if not sites:
        out.append("rules: []")
        return "\n".join(out) + "\n"
    out.append("rules:")
    ids = rule_ids([s.site for s in sites])
    for site in sites:
        out += _rule(site, ids[site.site])
    return "\n".join(out) + "\n"


def _rule(site: LearnedSite, rid: str) -> list[str]:
    n = len(site.lines)
    summary = f"Drops {n} template line{'s' if n > 1 else ''} of {site.site}, learned from its pages."
    lines = [
        f"  - id: {rid}",
        f"    summary: {quote(summary)}",
        "    why: " + quote(
            f"Each line was seen on at least {site.needed} of the {site.pages} pages of {site.site}, outside the "
            "article and next to another recurring line: the site's template, not an article's text."),
        "    action: drop",
        "    match:",
        "      phrases:",
    ]
    lines += [f"        - {quote(line.text)}  # {line.pages} of {site.pages} pages" for line in site.lines]
    lines += ["    examples:", "      match:"]
    lines += [f"        - {quote(line.text)}" for line in site.lines[:MATCH_EXAMPLES]]
    lines += ["      no_match:", f"        - {quote(site.sample_body or NO_MATCH_FALLBACK)}"]
    return lines


def load_rule_text(text: str) -> list[Rule]:
    """The rules of a rule file's ``text``, loaded as the file ``learned.yaml`` would be."""
    from cleaner.rulefile import load_rule_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "learned.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_rule_file(path)
        except RuleError as exc:  # named as the file it will be, not as the scratch copy
            raise RuleError(str(exc).replace(str(path), path.name)) from None


def check_rule_file(text: str) -> list[str]:
    """Load ``text`` as a rule file and run its examples: the problems found."""
    try:
        rules = load_rule_text(text)
    except RuleError as exc:
        return [str(exc)]
    return [failure for rule in rules for failure in example_failures(rule)]
