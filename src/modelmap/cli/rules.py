"""`modelmap rules [CODE] [--json]`: the RULES table, one rule's docs, or the rules a
selector names.

CODE is what `check --select` takes: a code (MM301) or rule name shows that rule's docs; a
family (`shut-down`), a code prefix (`MM4`) or `ALL` lists the rules it selects."""

from __future__ import annotations

import argparse
from typing import Any

from modelmap.cli import _common as c


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rules, or show one rule's docs")
    p.add_argument("code", nargs="?", metavar="CODE",
                   help="a rule code (MM301) or name: its docs; a family (shut-down) or a "
                        "code prefix (MM4): the rules it selects")
    c.add_json(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from modelmap.errors import UsageError
    from modelmap.rules import BY_CODE, BY_NAME, RULES, Rule

    def as_dict(r: Rule, docs: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"code": r.code, "name": r.name, "family": r.family,
                               "severity": r.severity.value, "fix": r.fix, "summary": r.summary}
        if docs:
            out["docs"] = dict(r.docs.__dict__)
        return out

    rule = None if args.code is None else (BY_CODE.get(args.code.upper())
                                            or BY_NAME.get(args.code.lower()))
    if rule is None:
        listed = list(RULES) if args.code is None else _selected(args.code)
        if not listed:
            raise UsageError(f"no rule {args.code!r}: give a code (MM101), a rule name, a "
                             "family or a code prefix (MM4); `modelmap rules` lists them all")
        if args.json:
            c.print_json([as_dict(r, docs=False) for r in listed])
        else:
            c.print_table("", ["code", "name", "family", "severity", "fix", "summary"],
                          [[r.code, r.name, r.family, r.severity.value, r.fix, r.summary]
                           for r in listed])
        return 0
    if args.json:
        c.print_json(as_dict(rule, docs=True))
        return 0
    d = rule.docs
    print(f"{rule.code} {rule.name} ({rule.family}, {rule.severity.value}, fix: {rule.fix})")
    print(rule.summary)
    for title, body in (("What it does", d.what), ("Why is this bad?", d.why),
                        ("Example", d.example), ("Use instead", d.use_instead),
                        ("Fix safety", d.fix_safety)):
        print(f"\n{title}\n" + "\n".join("  " + line for line in body.splitlines()))
    return 0


def _selected(token: str) -> list[Any]:
    """The rules a `--select` token names (family, code prefix, ALL); [] when none."""
    from modelmap.findings import FAMILIES
    from modelmap.rules import RULES

    t = token.strip()
    if t.upper() == "ALL":
        return list(RULES)
    if t.lower() in FAMILIES:
        return [r for r in RULES if r.family == t.lower()]
    if t.upper().startswith("MM"):
        return [r for r in RULES if r.code.startswith(t.upper())]
    return []
