"""Docs prose rules on a labelled set: precision and recall, plus exact unit cases.

Run with `-s` to see the figures: `pytest tests/test_doc_claims.py -s -k labelled`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from modelmap.findings import Finding
from modelmap.rules import BY_CODE
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.docs.claims import find_claims, find_dates, source_date
from modelmap.scan.docs.scanner import scan_docs

AS_OF = dt.date(2026, 11, 21)
LABELLED = Path(__file__).parent / "fixtures" / "docs_labelled" / "snippets.toml"
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.8
DOC_RULES = ("MM601", "MM602", "MM603")


def _kept(fs: FileScan) -> list[Finding]:
    """Findings left after the file's own suppression comments (as the checker applies them)."""
    out = []
    for f in fs.findings:
        assert f.location is not None
        codes = fs.line_ignores.get(f.location.line, frozenset())
        if codes is None or f.rule in codes or f.family in codes:
            continue
        out.append(f)
    return out


def prose(text: str, as_of: dt.date | None = AS_OF) -> list[Finding]:
    fs = scan_docs("doc.md", text, ScanContext(root="", strict=True, as_of=as_of))
    return [f for f in _kept(fs) if f.rule in DOC_RULES]


def _snippets() -> list[dict[str, object]]:
    with LABELLED.open("rb") as fh:
        return list(tomllib.load(fh)["snippet"])


def test_labelled_set_is_big_enough_and_half_clean() -> None:
    snippets = _snippets()
    clean = [s for s in snippets if not s["labels"]]
    assert len(snippets) >= 40
    assert len(clean) >= 20
    assert len({s["id"] for s in snippets}) == len(snippets)
    assert {code for s in snippets for code in s["labels"]} == set(DOC_RULES)  # type: ignore[attr-defined]


def _score(snippets: list[dict[str, object]]) -> tuple[int, int, int, list[str]]:
    """(true positives, false positives, false negatives, mismatches) over snippets."""
    tp = fp = fn = 0
    wrong: list[str] = []
    for snippet in snippets:
        expected = Counter(snippet["labels"])  # type: ignore[arg-type]
        got = Counter(f.rule for f in prose(str(snippet["text"])))
        hit = sum((expected & got).values())
        tp += hit
        fp += sum(got.values()) - hit
        fn += sum(expected.values()) - hit
        if expected != got:
            wrong.append(f"{snippet['id']}: expected {sorted(expected.elements())}, "
                         f"got {sorted(got.elements())}")
    return tp, fp, fn, wrong


def _figures(name: str, tp: int, fp: int, fn: int, count: int) -> tuple[float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"  {name:<28} {count:>3} snippets  precision {precision:.3f} ({tp}/{tp + fp})  "
          f"recall {recall:.3f} ({tp}/{tp + fn})")
    return precision, recall


def test_labelled_precision_and_recall() -> None:
    snippets = _snippets()
    groups = {
        "all": snippets,
        "tuning set": [s for s in snippets if not str(s["id"]).startswith("held")],
        "held-out 1 (tuned on later)": [s for s in snippets
                                        if str(s["id"]).startswith("held-")],
        "held-out 2 (never tuned on)": [s for s in snippets
                                        if str(s["id"]).startswith("held2-")],
    }
    print("\ndocs prose rules (MM601/MM602/MM603) on the labelled set:")
    results = {}
    for name, group in groups.items():
        tp, fp, fn, wrong = _score(group)
        results[name] = (_figures(name, tp, fp, fn, len(group)), wrong)
    (precision, recall), wrong = results["all"]
    for line in wrong:
        print("  mismatch:", line)
    assert precision >= PRECISION_FLOOR, wrong
    assert recall >= RECALL_FLOOR, wrong


# (text, as_of, expected [(rule, line, column)])
EXACT: list[tuple[str, dt.date | None, list[tuple[str, int, int]]]] = [
    ("gpt-image-2 costs $0.04 per image.\n", AS_OF, [("MM601", 1, 19)]),
    ("# OpenAI\n\nIntro.\n\n- gpt-5.5 has a 400k context window\n", AS_OF,
     [("MM601", 5, 17)]),
    ("The free tier allows 3 images per day with gpt-image-2 (source: help center, checked "
     "2026-01-10).\n", AS_OF, [("MM602", 1, 5)]),
    # Without a check date a dated claim is not aged; an undated one is still reported.
    ("gpt-image-2 costs $0.04 (source: https://openai.com/api/pricing/, 2025-01-01).\n", None,
     []),
    ("gpt-image-2 costs $0.04.\n", None, [("MM601", 1, 19)]),
    ("| Model ID | Notes |\n|---|---|\n| **GPT-5.5 Thinking** | hard tasks |\n", AS_OF,
     [("MM603", 3, 5)]),
    ("Set `model: gpt-5.5-instant` in the config.\n", AS_OF, [("MM603", 1, 13)]),
    ("Prose about gpt-5.5-instant without code is fine.\n", AS_OF, []),
    # A shutdown date is part of the claim, not its source date.
    ("dall-e-3 shuts down on 2027-01-14 ([deprecations](https://platform.openai.com/docs/"
     "deprecations)).\n", AS_OF, [("MM601", 1, 10)]),
    ("dall-e-3 shuts down on 2027-01-14 ([deprecations](https://platform.openai.com/docs/"
     "deprecations), checked 2026-11-01).\n", AS_OF, []),
    # A shutdown already past as of the check date is history; without a check date it counts.
    ("dall-e-3 shut down on 2026-11-14.\n", AS_OF, []),
    ("dall-e-3 shut down on 2026-11-14.\n", None, [("MM601", 1, 10)]),
    # Text that explains the mistake is not making it.
    ("`model=\"GPT-5.5 Thinking\"` is a ChatGPT mode, not an API model ID.\n", AS_OF, []),
]


@pytest.mark.parametrize(("text", "as_of", "expected"), EXACT)
def test_exact_findings(text: str, as_of: dt.date | None,
                        expected: list[tuple[str, int, int]]) -> None:
    got = [(f.rule, f.location.line, f.location.column) for f in prose(text, as_of)
           if f.location is not None]
    assert got == expected


def test_label_fix_replaces_only_the_label() -> None:
    (f,) = prose("Use the model ID `ChatGPT Images 2.0` for images.\n")
    assert f.fix is not None and f.fix.safety == "safe"
    edit = f.fix.edits[0]
    assert (edit.line, edit.column, edit.end_column, edit.replacement) == (1, 19, 37,
                                                                           "gpt-image-2")


def test_expired_message_names_age_and_ttl() -> None:
    (f,) = prose("gpt-image-2 costs $0.04 ([pricing](https://openai.com/api/pricing/), checked "
                 "2026-11-01).\n")
    assert f.rule == "MM602"
    assert "2026-11-01, 20 days before 2026-11-21" in f.message
    assert "after 14 days" in f.message


@pytest.mark.parametrize(("ttl", "codes"), [(None, ["MM602"]), ({"price": 30}, []),
                                             ({"price": 19}, ["MM602"])])
def test_project_ttl_override(ttl: dict[str, int] | None, codes: list[str]) -> None:
    text = ("gpt-image-2 costs $0.04 ([pricing](https://openai.com/api/pricing/), "
            "checked 2026-11-01).\n")
    ctx = ScanContext(root="", as_of=AS_OF, ttl_days=ttl)
    assert [f.rule for f in scan_docs("a.md", text, ctx).findings] == codes


@pytest.mark.parametrize(("text", "kinds"), [
    ("costs $5 per 1M tokens", ["price"]),
    ("a 128k context window", ["limit"]),
    ("500 RPM and 30,000 TPM", ["quota", "quota"]),
    ("it is free of charge", ["price"]),
    ("shuts down on 2026-09-24", ["lifecycle"]),
    ("is deprecated", []),
    ("feel free to ask", []),
    ("up to 25 MB per file", ["limit"]),
    ("a rate limit of 60", ["quota"]),
    ("429 Rate Limit, and >=500 errors are retried", []),
    ("you are free to write your own parser", []),
    ("set to 'flex' for 50% cheaper processing", ["price"]),
])
def test_claim_kinds(text: str, kinds: list[str]) -> None:
    assert [c.kind for c in find_claims(text)] == kinds


@pytest.mark.parametrize(("text", "dates"), [
    ("checked 2026-05-08", [dt.date(2026, 5, 8)]),
    ("as of May 8, 2026", [dt.date(2026, 5, 8)]),
    ("on 8 May 2026", [dt.date(2026, 5, 8)]),
    ("as of Feb 2026", [dt.date(2026, 2, 28)]),
    ("in 2026", []),
    ("2026-02-30", []),
])
def test_dates(text: str, dates: list[dt.date]) -> None:
    assert [d.date for d in find_dates(text)] == dates


@pytest.mark.parametrize(("text", "when"), [
    ("(source: https://x.example, 2026-05-08)", dt.date(2026, 5, 8)),
    ("verified 2026-05-08", dt.date(2026, 5, 8)),
    ("as of 2026-05-08", None),
    ("[pricing](https://x.example)", None),
])
def test_source_date(text: str, when: dt.date | None) -> None:
    assert source_date(text) == when


def test_docs_rules_are_in_the_rules_table() -> None:
    assert [BY_CODE[c].family for c in DOC_RULES] == ["stale-claim", "stale-claim",
                                                       "label-as-id"]
