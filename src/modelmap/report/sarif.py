"""SARIF 2.1.0 for GitHub code scanning (validated against the official schema in tests).

- every rule of the RULES table, with short and full descriptions and help text;
- artifact URIs relative to `base` (the working directory, as in the other formats) under the
  `%SRCROOT%` base id, which `originalUriBaseIds` maps to `base`; a file outside `base` gets
  an absolute `file:` URI and no base id;
- `informationUri` is the project page; each rule's `helpUri` is its page in docs/rules/;
- `partialFingerprints.primaryLocationLineHash` hashes the rule, the file and the flagged
  line's text (whitespace removed) plus an occurrence counter, never the line number, so
  alerts survive lines moving;
- fixes as SARIF `fixes` (replacements of the reported spans).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from modelmap.check.result import CheckReport, Reported
from modelmap.findings import Fix
from modelmap.report import shown_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/modelmap/modelmap"
"""The project's repository (also [project.urls] in pyproject.toml)."""
RULE_DOCS = INFO_URI + "/blob/main/docs/rules/"
"""Where docs/rules/<CODE>-<name>.md is published."""
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rules() -> list[dict[str, Any]]:
    from modelmap.rules import RULES

    out = []
    for r in RULES:
        d = r.docs
        help_text = (f"{d.what}\n\nWhy is this bad? {d.why}\n\nExample:\n{d.example}\n\n"
                     f"Use instead:\n{d.use_instead}\n\nFix safety: {d.fix_safety}")
        help_md = (f"{d.what}\n\n**Why is this bad?** {d.why}\n\n**Example**\n\n```python\n"
                   f"{d.example}\n```\n\n**Use instead**\n\n```python\n{d.use_instead}\n```\n\n"
                   f"**Fix safety:** {d.fix_safety}")
        out.append({
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": d.what},
            "help": {"text": help_text, "markdown": help_md},
            "helpUri": f"{RULE_DOCS}{r.code}-{r.name}.md",
            "defaultConfiguration": {"level": _LEVEL[r.severity.value]},
            "properties": {"tags": [r.family], "precision": "high"},
        })
    return out


def fingerprint(rule: str, uri: str, line_text: str, occurrence: int) -> str:
    """Line-number-free hash: rule, file, and the flagged line's text without whitespace."""
    squeezed = "".join(line_text.split())
    digest = hashlib.sha256(f"{rule}\0{uri}\0{squeezed}".encode()).hexdigest()[:16]
    return f"{digest}:{occurrence}"


def _uri(path: str) -> str:
    # A file name that is not UTF-8 holds surrogate escapes: percent-encode its real bytes.
    raw = path.encode("utf-8", "surrogateescape")
    return "file://" + quote(raw) if Path(path).is_absolute() else quote(raw)


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    end_line = max(end_line, line)
    end_column = end_column if (end_line, end_column) >= (line, column) else column
    return {"startLine": line, "startColumn": max(column, 1), "endLine": end_line,
            "endColumn": max(end_column, 1)}


def _location(uri: str) -> dict[str, str]:
    if uri.startswith("file:"):
        return {"uri": uri}
    return {"uri": uri, "uriBaseId": "%SRCROOT%"}


def _fix(fix: Fix, uri: str) -> dict[str, Any]:
    return {
        "description": {"text": f"{fix.message} ({fix.safety} fix)"},
        "artifactChanges": [{
            "artifactLocation": _location(uri),
            "replacements": [{
                "deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                "insertedContent": {"text": e.replacement},
            } for e in fix.edits],
        }],
    }


def _result(r: Reported, uri: str, index: int, seen: Counter[tuple[str, str, str]]) -> dict[
        str, Any]:
    f, loc = r.finding, r.location
    key = (f.rule, uri, "".join(r.line_text.split()))
    seen[key] += 1
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": _LEVEL[f.severity.value],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": _location(uri),
            "region": _region(loc.line, loc.column, loc.end_line, loc.end_column),
        }}],
        "partialFingerprints": {
            "primaryLocationLineHash": fingerprint(f.rule, uri, r.line_text, seen[key])},
        "properties": {"family": f.family, "name": f.name},
    }
    if f.fix is not None and f.fix.edits:
        out["fixes"] = [_fix(f.fix, uri)]
    return out


def to_dict(report: CheckReport, base: Path | None = None) -> dict[str, Any]:
    """The SARIF log as JSON-ready data; URIs are relative to `base` (default: the root)."""
    base = base or report.root
    rules = _rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = [_result(r, _uri(shown_path(report.root, r.location.path, base)),
                       index.get(r.finding.rule, -1), seen) for r in report.findings]
    notes = [{"level": "note", "message": {
        "text": f"{shown_path(report.root, s.path, base)}: "
                f"{'partly checked' if s.partial else 'skipped'} ({s.reason})"}}
             for s in report.skipped]
    if report.foreign:
        from modelmap.report.text import foreign_note

        notes.append({"level": "note", "message": {"text": foreign_note(report)}})
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "modelmap", "version": report.version,
                                "informationUri": INFO_URI, "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": True,
                             "toolExecutionNotifications": notes}],
            "results": results,
            "properties": {"as_of": report.as_of.isoformat(),
                           "catalog": {"curated_verified_on":
                                       report.curated_verified_on.isoformat(),
                                       "sdk": report.sdk, **_extra(report.catalog)}},
        }],
    }


def format_sarif(report: CheckReport, base: Path | None = None) -> str:
    return json.dumps(to_dict(report, base), indent=2, ensure_ascii=False) + "\n"


def _extra(catalog: Any) -> dict[str, Any]:
    """The catalog's age, SDK layer origin and overlays (after the contract's two keys)."""
    return {k: v for k, v in catalog.items() if k not in ("curated_verified_on", "sdk")}
