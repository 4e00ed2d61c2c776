"""The JSON contract of docs/architecture.md, plus a `skipped` list.

    {"modelmap": "<version>", "as_of": "YYYY-MM-DD",
     "catalog": {"curated_verified_on": "YYYY-MM-DD", "sdk": "openai X.Y.Z" | null,
                 "age_days", "stale_after_days", "stale", "sdk_origin", "sdk_generated_on",
                 "overlays"},
     "findings": [{"path", "line", "column", "end_line", "end_column", "rule", "name",
                   "family", "severity", "message", "fix", "sources"}],
     "summary": {"files", "findings", "errors", "warnings"},
     "skipped": [{"path", "reason"[, "partial": true]}],
     "foreign_calls": {"<reason>": <count>},
     "set_aside": [{...a finding..., "context": "test"|"fixture"|"history"|"placeholder"|
                    "error-example"}]}

`foreign_calls` counts the calls judged as not OpenAI's API (a provider, a host, or "base URL
set at run time"), on which model-name rules stayed quiet (modelmap.check.forward).

A finding in a notebook (`.ipynb`) also has `cell` (1-based, counting every cell) and
`cell_line` (the line within that cell), read from the `cell N, line M:` its message starts
with; its `line`/`column` are positions in the notebook file (see modelmap.scan.notebook.scanner).
`partial: true` marks a file that was checked except for a part it could not read (a syntax
error the scanner recovered from): its findings are in `findings`.

`set_aside` lists the findings in contexts that never reach OpenAI (modelmap.check.context);
they are not in `findings` and do not count in `summary` (which adds `set_aside`, their number).
With --show-set-aside they are reported in `findings` instead, each with its `context`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from modelmap.check.result import CheckReport, Reported, finding_to_dict
from modelmap.findings import Severity
from modelmap.report import shown_path

_CELL = re.compile(r"cell (\d+), line (\d+): ")


def to_dict(report: CheckReport, base: Path | None = None) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    def one(r: Reported) -> dict[str, Any]:
        d = finding_to_dict(r.finding)
        d["path"] = shown_path(report.root, d["path"], base)
        cell = _CELL.match(d["message"]) if d["path"].endswith(".ipynb") else None
        if cell is not None:
            d["cell"], d["cell_line"] = int(cell.group(1)), int(cell.group(2))
        if r.context:
            d["context"] = r.context
        return d

    findings = [one(r) for r in report.findings]
    return {
        "modelmap": report.version,
        "as_of": report.as_of.isoformat(),
        "catalog": {"curated_verified_on": report.curated_verified_on.isoformat(),
                    "sdk": report.sdk, **_extra(report.catalog)},
        "findings": findings,
        "summary": {"files": report.files, "findings": len(report.findings),
                    "errors": report.count(Severity.ERROR),
                    "warnings": report.count(Severity.WARNING),
                    "set_aside": len(report.set_aside)},
        "skipped": [{"path": shown_path(report.root, s.path, base), "reason": s.reason,
                     **({"partial": True} if s.partial else {})} for s in report.skipped],
        "foreign_calls": dict(sorted(report.foreign.items())),
        "set_aside": [one(r) for r in report.set_aside],
    }


def format_json(report: CheckReport, base: Path | None = None) -> str:
    return json.dumps(to_dict(report, base), indent=2, ensure_ascii=False) + "\n"


def _extra(catalog: Any) -> dict[str, Any]:
    """The catalog's age, SDK layer origin and overlays (after the contract's two keys)."""
    return {k: v for k, v in catalog.items() if k not in ("curated_verified_on", "sdk")}
