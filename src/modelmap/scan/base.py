"""The scanner contract: a file's text in, the calls it makes (and local suppressions) out.

Scanners never judge: they turn source into `Call`s and `validate` decides. A scanner may also
return findings for things that are not calls (a volatile claim in prose, say), built with the
RULES table in modelmap.rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from modelmap.catalog.model import Catalog
from modelmap.findings import Finding
from modelmap.validate.call import Call


@dataclass(frozen=True)
class ScanContext:
    """What a scanner may know beyond the file itself."""

    root: str
    """The checked root directory (absolute), for resolving project-local imports."""
    strict: bool = False
    """Raise on unknown syntax shapes (tests) instead of skipping them quietly (users)."""
    constants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Module-level string constants of other project files, by dotted module name, when the
    checker has collected them (for `from settings import MODEL`)."""
    catalog: Catalog | None = None
    """The catalog config scanners use to tell a model value from other text (None: the
    default catalog)."""
    as_of: dt.date | None = None
    """The check date, for scanners that judge text themselves (the docs scanner ages dated
    claims against it). None: dated claims are not aged, only undated ones are reported."""
    ttl_days: Mapping[str, int] | None = None
    """Freshness window per fact kind (price, quota, limit, lifecycle, ...) with project
    overrides applied (None: the catalog's `meta.ttl_days`)."""
    gated: tuple[Callable[[str], bool], str] | None = field(default=None, compare=False,
                                                            repr=False)
    """(gate, text): the checker already ran this gate (a scanner module's `worth_scanning`)
    on this very text object, and it passed. The scanner whose gate it is skips running it
    again (`passes`); any other gate, or the same gate on other text (a docs code block, a
    notebook's joined cells), still runs."""


def passes(gate: Callable[[str], bool], text: str, ctx: ScanContext) -> bool:
    """`gate(text)`, answered without running the gate when `ctx.gated` says the checker
    already ran this same gate on this same text object and it passed."""
    done = ctx.gated
    return (done is not None and done[0] is gate and done[1] is text) or gate(text)


@dataclass(frozen=True)
class FileScan:
    """What one file yields."""

    path: str
    """Relative path with / separators."""
    calls: tuple[Call, ...] = ()
    findings: tuple[Finding, ...] = ()
    """Findings that are not about a call (prose claims)."""
    line_ignores: Mapping[int, frozenset[str] | None] = field(default_factory=dict)
    """Line -> codes/families suppressed on that line (None: all)."""
    file_ignores: frozenset[str] | None = frozenset()
    """Codes/families suppressed for the whole file (None: all; empty: none)."""
    notes: tuple[str, ...] = ()
    """Parts of the file the scanner could not read (a syntax error it recovered from, with
    its line): the file still counts as checked and its findings stand; the report lists
    the note as a partly checked file."""
    cells: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    """For a notebook: file line -> (cell number, line within the cell); the checker starts
    the message of a finding on such a line with `cell N, line M:`."""
    skip: str | None = None
    """Why the file could not be checked at all (invalid TOML, over the size limit): it is
    reported as skipped with this reason, never as checked and clean."""


Scanner = Callable[[str, str, ScanContext], FileScan]
"""scanner(relative_path, text, context) -> FileScan."""
