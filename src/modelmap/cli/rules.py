"""`modelmap rules [CODE] [--json]`: the RULES table, or one rule's docs."""

from __future__ import annotations

import argparse
from typing import Any

from modelmap.cli import _common as c


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the rules, or show one rule's docs")
    p.add_argument("code", nargs="?", metavar="CODE", help="a rule code (MM301) or name")
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

    if args.code is None:
        if args.json:
            c.print_json([as_dict(r, docs=False) for r in RULES])
        else:
            c.print_table("", ["code", "name", "family", "severity", "fix", "summary"],
                          [[r.code, r.name, r.family, r.severity.value, r.fix, r.summary]
                           for r in RULES])
        return 0
    rule = BY_CODE.get(args.code.upper()) or BY_NAME.get(args.code.lower())
    if rule is None:
        raise UsageError(f"no rule {args.code!r}: see `modelmap rules` for the list")
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
