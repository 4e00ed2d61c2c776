"""What a `modelmap check` run produces, and the JSON shape of a finding (shared by the JSON
report and the cache)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelmap.check.discover import Skipped
from modelmap.findings import Edit, Finding, Fix, Location, Severity


@dataclass(frozen=True)
class Reported:
    """One finding as reported: the finding (path relative to the root) and its source line."""

    finding: Finding
    line_text: str
    """The text of the finding's first line (for fingerprints and context), no newline."""
    context: str = ""
    """Why the finding is set aside (a key of modelmap.check.context.REASONS), or ""."""

    @property
    def location(self) -> Location:
        assert self.finding.location is not None
        return self.finding.location


@dataclass(frozen=True)
class CheckReport:
    """A whole run."""

    root: Path
    """Absolute directory finding paths are relative to."""
    as_of: dt.date
    version: str
    """modelmap's version."""
    curated_verified_on: dt.date
    sdk: str | None
    """`openai X.Y.Z`, the SDK the catalog's generated layer came from."""
    findings: tuple[Reported, ...]
    """Sorted by path, line, column, rule."""
    files: int
    """Files checked."""
    skipped: tuple[Skipped, ...]
    fixed: int = 0
    """Findings removed by --fix in this run."""
    stats: Mapping[str, int] = field(default_factory=dict)
    """Work counters (files, probed, constants, scanned) for --statistics and bench/."""
    catalog: Mapping[str, Any] = field(default_factory=dict)
    """The catalog's provenance (modelmap.catalog.freshness.provenance): age, layer, overlays."""
    foreign: Mapping[str, int] = field(default_factory=dict)
    """Calls judged as not OpenAI's API (model-name rules off), by reason: a provider, a
    host, or "base URL set at run time" (modelmap.check.forward)."""
    bad_ignores: tuple[tuple[str, int, str], ...] = ()
    """(path, line, token) of suppression comments naming no rule (`ignore[MM999]`); line 0
    is a file-level directive."""
    set_aside: tuple[Reported, ...] = ()
    """Findings in a context that never reaches OpenAI (test code, fixtures, history), each
    with its `context`; not in `findings` unless the run was asked to show them."""
    hashes: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Content hash of the bytes each file's findings came from (by path): --fix writes only
    over those exact bytes."""

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.findings if r.finding.severity is severity)


def sort_key(r: Reported) -> tuple[str, int, int, str, str]:
    loc = r.location
    return (loc.path, loc.line, loc.column, r.finding.rule, r.finding.message)


def fix_to_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {"safety": fix.safety, "message": fix.message, "edits": [
        {"line": e.line, "column": e.column, "end_line": e.end_line,
         "end_column": e.end_column, "replacement": e.replacement} for e in fix.edits]}


def finding_to_dict(f: Finding) -> dict[str, Any]:
    """The architecture.md shape of a finding (plus `name` and `sources`)."""
    loc = f.location
    return {
        "path": loc.path if loc else "",
        "line": loc.line if loc else 0,
        "column": loc.column if loc else 0,
        "end_line": loc.end_line if loc else 0,
        "end_column": loc.end_column if loc else 0,
        "rule": f.rule,
        "name": f.name,
        "family": f.family,
        "severity": f.severity.value,
        "message": f.message,
        "fix": fix_to_dict(f.fix),
        "sources": list(f.sources),
    }


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    """Inverse of finding_to_dict."""
    fix = None
    if d.get("fix"):
        raw = d["fix"]
        fix = Fix(raw["safety"], raw["message"], tuple(
            Edit(e["line"], e["column"], e["end_line"], e["end_column"], e["replacement"])
            for e in raw["edits"]))
    loc = Location(d["path"], d["line"], d["column"], d["end_line"], d["end_column"])
    return Finding(rule=d["rule"], name=d["name"], family=d["family"],
                   severity=Severity(d["severity"]), message=d["message"], location=loc,
                   fix=fix, sources=tuple(d.get("sources", ())))
