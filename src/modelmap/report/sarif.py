"""SARIF 2.1.0 for GitHub code scanning (validated against the official schema in tests).

- every rule of the RULES table, with short and full descriptions and help text;
- artifact URIs relative to `base` (the repository root) under the `%SRCROOT%` base id;
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
INFO_URI = "https://pypi.org/project/modelmap/"
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


def _fix(fix: Fix, uri: str) -> dict[str, Any]:
    return {
        "description": {"text": f"{fix.message} ({fix.safety} fix)"},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
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
            "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
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
    """The SARIF log as JSON-ready data; `base` is the repository root (default: the root)."""
    base = base or report.root
    rules = _rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = [_result(r, _uri(shown_path(report.root, r.location.path, base)),
                       index.get(r.finding.rule, -1), seen) for r in report.findings]
    notes = [{"level": "note", "message": {"text": f"{s.path}: skipped ({s.reason})"}}
             for s in report.skipped]
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
                                       "sdk": report.sdk}},
        }],
    }


def format_sarif(report: CheckReport, base: Path | None = None) -> str:
    return json.dumps(to_dict(report, base), indent=2, ensure_ascii=False) + "\n"
