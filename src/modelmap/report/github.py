"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding.

    ::error file=app/chat.py,line=3,col=12,endLine=3,endColumn=29,title=MM101 label-as-id::msg

Paths are relative to `base` (the workspace). Message data escapes `%`, CR and LF; property
values also escape `:` and `,`; other control characters (ESC, ...) are shown as `\\x1b`.
GitHub shows only a few annotations per step: use SARIF for full scans.
"""

from __future__ import annotations

from pathlib import Path

from modelmap.check.result import CheckReport
from modelmap.report import shown_path
from modelmap.report.term import printable

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: CheckReport, base: Path | None = None) -> str:
    lines = []
    for r in report.findings:
        f, loc = r.finding, r.location
        props = [
            ("file", shown_path(report.root, loc.path, base)),
            ("line", str(loc.line)),
            ("col", str(loc.column)),
            ("endLine", str(max(loc.end_line, loc.line))),
            ("endColumn", str(loc.end_column)),
            ("title", f"{f.rule} {f.name}"),
        ]
        joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        lines.append(f"::{_COMMAND[f.severity.value]} {joined}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)
