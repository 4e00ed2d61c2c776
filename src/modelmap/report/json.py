"""The JSON contract of docs/architecture.md, plus a `skipped` list.

    {"modelmap": "<version>", "as_of": "YYYY-MM-DD",
     "catalog": {"curated_verified_on": "YYYY-MM-DD", "sdk": "openai X.Y.Z" | null},
     "findings": [{"path", "line", "column", "end_line", "end_column", "rule", "name",
                   "family", "severity", "message", "fix", "sources"}],
     "summary": {"files", "findings", "errors", "warnings"},
     "skipped": [{"path", "reason"}],
     "set_aside": [{...a finding..., "context": "test"|"fixture"|"history"|"placeholder"|
                    "error-example"}]}

`set_aside` lists the findings in contexts that never reach OpenAI (modelmap.check.context);
they are not in `findings` and do not count in `summary` (which adds `set_aside`, their number).
With --show-set-aside they are reported in `findings` instead, each with its `context`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modelmap.check.result import CheckReport, Reported, finding_to_dict
from modelmap.findings import Severity
from modelmap.report import shown_path


def to_dict(report: CheckReport, base: Path | None = None) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    def one(r: Reported) -> dict[str, Any]:
        d = finding_to_dict(r.finding)
        d["path"] = shown_path(report.root, d["path"], base)
        if r.context:
            d["context"] = r.context
        return d

    findings = [one(r) for r in report.findings]
    return {
        "modelmap": report.version,
        "as_of": report.as_of.isoformat(),
        "catalog": {"curated_verified_on": report.curated_verified_on.isoformat(),
                    "sdk": report.sdk},
        "findings": findings,
        "summary": {"files": report.files, "findings": len(report.findings),
                    "errors": report.count(Severity.ERROR),
                    "warnings": report.count(Severity.WARNING),
                    "set_aside": len(report.set_aside)},
        "skipped": [{"path": shown_path(report.root, s.path, base), "reason": s.reason}
                    for s in report.skipped],
        "set_aside": [one(r) for r in report.set_aside],
    }


def format_json(report: CheckReport, base: Path | None = None) -> str:
    return json.dumps(to_dict(report, base), indent=2, ensure_ascii=False) + "\n"
