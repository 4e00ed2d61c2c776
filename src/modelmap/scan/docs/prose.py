"""Prose findings for the docs scanner: stale volatile claims (MM601/MM602) and product labels
presented as API model IDs (MM603). Tuned for precision: a paragraph that merely names a model
is never a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

from modelmap.catalog.model import Catalog, Label
from modelmap.findings import Finding, Location
from modelmap.resolve import label_for
from modelmap.rules import finding, replace_fix
from modelmap.scan.docs.blocks import Doc, Unit
from modelmap.scan.docs.claims import (
    COLUMN_KINDS,
    Claim,
    claimed_dates,
    find_claims,
    is_history,
    source_date,
)
from modelmap.scan.docs.vocab import openai_named
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Span

_CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_STRONG = (
    re.compile(r"""\bmodel\s*[=:]\s*["'](?P<v>[^"'\n]+)["']"""),
    re.compile(r""""model"\s*:\s*"(?P<v>[^"\n]+)\""""),
    re.compile(r"""(?:--model|-m)[=\s]+["']?(?P<v>[^\s"']+)"""),
    re.compile(r"""\bmodel\s*[=:]\s*(?P<v>[A-Za-z][\w.\-/]*)\s*$"""),
)
_CUE_BEFORE = re.compile(
    r"\b(?:model(?:[\s_-]?(?:id|ids|name|string|parameter|param|field|value))?|api\s+id"
    r"|engine)\b\s*(?:is|=|:|to|of|as|set to)?\s*$", re.IGNORECASE)
_QUOTED = re.compile(
    r"""\bmodel(?:[\s_-]?(?:id|name))?\s*(?:is|=|:|to|of|as)?\s*["“](?P<v>[^"”\n]{2,40})["”]""",
    re.IGNORECASE)
_ID_HEADER = re.compile(
    r"^\W*(?:api\s+)?(?:model\s*(?:id|identifier|string|name)|id|model)\W*$|^\W*api\s+model\W*$",
    re.IGNORECASE)
_API = re.compile(r"\bAPI\b")
_ASCII_DIGIT = re.compile("[0-9]")
_EXPLAINED = re.compile(
    r"\b(?:not an? (?:api |valid )?(?:model )?id|isn'?t an? (?:api |valid )?(?:model )?id"
    r"|not a valid|invalid|wrong|mistakes?|incorrect|instead of|rather than|don'?t|do not"
    r"|never|avoid|typo)\b|[❌✗]", re.IGNORECASE)
"""Words that show a text is explaining the mistake, not making it."""


def prose_findings(relpath: str, doc: Doc, catalog: Catalog, as_of: dt.date | None,
                   ttl: Mapping[str, int], labels: bool = True) -> list[Finding]:
    """MM601/MM602/MM603 findings for every prose unit of a document (`labels=False`: the
    caller knows no unit can hold a label, modelmap.scan.docs.gate.labels_possible)."""
    about: list[bool] = []

    def doc_about() -> bool:
        """Whether the document names OpenAI or a catalog model anywhere (asked only for a
        unit with a claim that does not itself)."""
        if not about:
            about.append(openai_named("\n".join(doc.lines), catalog))
        return about[0]

    out: list[Finding] = []
    for unit in doc.units:
        if unit.kind == "heading":
            continue
        text = "\n".join(doc.lines[unit.first - 1: unit.last])
        index = LineIndex(text)
        if labels:
            out.extend(_labels(relpath, unit, text, index, catalog))
        claim = _claim(relpath, doc, unit, text, index, catalog, doc_about, as_of, ttl)
        if claim is not None:
            out.append(claim)
    return out


def _claim(relpath: str, doc: Doc, unit: Unit, text: str, index: LineIndex,
           catalog: Catalog, doc_about: Callable[[], bool], as_of: dt.date | None,
           ttl: Mapping[str, int]) -> Finding | None:
    claims = sorted({*find_claims(text), *_column_claims(unit, text)},
                    key=lambda c: (c.start, c.kind))
    claims = [c for c in claims if not is_history(text, c, as_of)]
    if not claims:
        return None
    near = "\n".join("\n".join(doc.lines[a - 1: b]) for a, b in unit.context)
    topic = f"{text}\n{near}\n{unit.section}"
    if not (openai_named(topic, catalog) or (_API.search(text) and doc_about())):
        return None
    combined = f"{text}\n{near}"
    when = source_date(combined, claimed_dates(combined, find_claims(combined)))
    if when is None:
        first = claims[0]
        return finding("MM601", f"{first.kind} claim about OpenAI with no dated source nearby: "
                       "add a link and the date you checked it (e.g. 'checked "
                       f"{as_of or 'YYYY-MM-DD'}'), or drop the number",
                       location=_loc(relpath, unit, index, first.start, first.end))
    if as_of is None:
        return None
    age = (as_of - when).days
    for claim in claims:
        limit = ttl.get(claim.kind)
        if limit is not None and age > limit:
            return finding(
                "MM602", f"{claim.kind} claim backed by a source dated {when.isoformat()}, "
                f"{age} days before {as_of.isoformat()}; {claim.kind} facts go stale after "
                f"{limit} days: recheck the source and update the date",
                location=_loc(relpath, unit, index, claim.start, claim.end))
    return None


def _labels(relpath: str, unit: Unit, text: str, index: LineIndex,
            catalog: Catalog) -> list[Finding]:
    found: dict[tuple[int, int], tuple[str, Label]] = {}
    if not _has_digit(text):  # every label `_label` accepts has one: none here
        return []
    if "`" not in text and '"' not in text and "“" not in text and unit.kind != "row":
        return []  # no code span, no quoted name, no table cell: nothing to check
    if _EXPLAINED.search(text) or _EXPLAINED.search(" ".join(unit.header)):
        return []

    def check(value: str, start: int) -> None:
        label = _label(catalog, value)
        if label is not None:
            found.setdefault((start, start + len(value)), (value, label))

    for m in _CODE_SPAN.finditer(text):
        inner, base = m.group(1), m.start(1)
        strong = [(s.group("v"), base + s.start("v")) for p in _STRONG for s in p.finditer(inner)]
        for value, start in strong:
            check(value, start)
        bare = inner.strip().strip("\"'")
        if not strong and _CUE_BEFORE.search(text[max(0, m.start() - 40): m.start()]):
            check(bare, base + inner.index(bare))
    for m in _QUOTED.finditer(text):
        check(m.group("v"), m.start("v"))
    if unit.kind == "row":
        _cells(unit, text, check)
    out = []
    for (start, end), (value, label) in sorted(found.items()):
        fix = None
        if label.fix and label.fix_safety in ("safe", "unsafe"):
            fix = replace_fix(label.fix_safety, f"write the API ID '{label.fix}'",
                              _span(unit, index, start, end), label.fix)
        ids = ", ".join(f"'{i}'" for i in label.api_ids) or "no API ID"
        out.append(finding(
            "MM603", f"'{value}' is a product label, not an API model ID (use {ids}). "
            f"{label.caveat}", location=_loc(relpath, unit, index, start, end), fix=fix))
    return out


def _has_digit(text: str) -> bool:
    """A character `str.isdigit` accepts (ASCII digits at C speed, the rest char by char)."""
    return bool(_ASCII_DIGIT.search(text)) or (
        not text.isascii() and any(ch.isdigit() for ch in text))


def _row_cells(text: str) -> list[tuple[int, str]]:
    """(offset, stripped text) of each cell of a one-line table row."""
    if "\n" in text or "|" not in text:
        return []
    lead = text.lstrip().startswith("|")
    start = text.index("|") + 1 if lead else 0
    bounds = [i for i, ch in enumerate(text) if ch == "|" and (i == 0 or text[i - 1] != "\\")]
    out = []
    for end in [b for b in bounds if b >= start]:
        cell = text[start:end]
        value = cell.strip().strip("*_`\"'").strip()
        out.append((start + cell.index(value) if value else start, value))
        start = end + 1
    if not lead and text[start:].strip():
        cell = text[start:]
        value = cell.strip().strip("*_`\"'").strip()
        out.append((start + cell.index(value), value))
    return out


def _cells(unit: Unit, text: str, check: Callable[[str, int], None]) -> None:
    """Check the cells of ID-headed columns in a table row."""
    columns = {k for k, h in enumerate(unit.header) if _ID_HEADER.match(h.strip())}
    for k, (start, value) in enumerate(_row_cells(text)):
        if k in columns and value:
            check(value, start)


def _column_claims(unit: Unit, text: str) -> list[Claim]:
    """Numbers in table columns whose header names a volatile kind (Price, Context, RPM)."""
    if unit.kind != "row" or not unit.header:
        return []
    out = []
    for k, (start, value) in enumerate(_row_cells(text)):
        if k >= len(unit.header) or not any(ch.isdigit() for ch in value):
            continue
        kind = next((name for name, p in COLUMN_KINDS if p.search(unit.header[k])), None)
        if kind is not None:
            out.append(Claim(kind, start, start + len(value)))
    return out


def _label(catalog: Catalog, value: str) -> Label | None:
    if not value or len(value) > 48 or not any(c.isdigit() for c in value):
        return None
    try:
        return label_for(catalog, value)  # what resolve() calls a label, minus its search
    except Exception:
        return None


def _span(unit: Unit, index: LineIndex, start: int, end: int) -> Span:
    s = index.span(start, end)
    return Span(s.line + unit.first - 1, s.column, s.end_line + unit.first - 1, s.end_column)


def _loc(relpath: str, unit: Unit, index: LineIndex, start: int, end: int) -> Location:
    s = _span(unit, index, start, end)
    return Location(relpath, s.line, s.column, s.end_line, s.end_column)
