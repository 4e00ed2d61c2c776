"""Findings: a rule's verdict on a call or a text. The RULES table lives in modelmap.rules."""

from __future__ import annotations

from enum import StrEnum

from modelmap.record import record


class Severity(StrEnum):
    """How bad a finding is; `--fail-on` compares by `order`."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def order(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


FAMILIES = (
    "label-as-id", "unknown-model", "wrong-surface", "shut-down", "deprecated", "invalid-param",
    "unsupported-param", "route-advice", "stale-claim", "route-config", "policy", "image-output",
)


@record
class Location:
    """Where a finding points: 1-based line and column, end exclusive column."""

    path: str
    """Relative to the checked root, with / separators ('' at run time)."""
    line: int
    column: int
    end_line: int
    end_column: int


@record
class Edit:
    """Replace the span with `replacement` (1-based, end column exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@record
class Fix:
    """A proposed change; only `safe` ones are applied by --fix."""

    safety: str
    """safe | unsafe."""
    message: str
    edits: tuple[Edit, ...]


@record
class Finding:
    """One verdict."""

    rule: str
    """Rule code, e.g. MM101."""
    name: str
    """Kebab-case rule name."""
    family: str
    """One of FAMILIES."""
    severity: Severity
    message: str
    location: Location | None = None
    fix: Fix | None = None
    sources: tuple[str, ...] = ()
    """URLs of the facts the verdict rests on."""
