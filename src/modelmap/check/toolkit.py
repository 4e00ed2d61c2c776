"""What a check run plugs together (`Toolkit`) and what every task needs (`State`): kept apart
from the worker so that a warm run, which starts no task, does not import it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog
    from modelmap.check.config import Policy
    from modelmap.check.prefilter import Prefilter
    from modelmap.findings import Finding
    from modelmap.scan.base import Scanner
    from modelmap.validate.call import Call


@dataclass(frozen=True)
class Toolkit:
    """The pieces a run plugs together (real modules by default; fakes in tests)."""

    scanner_for: Callable[[str], Scanner | None]
    validate: Callable[[Catalog, Call, dt.date], list[Finding]]
    constants_for: Callable[[str], Callable[[str, str], Mapping[str, str]] | None]
    markers: tuple[str, ...] = ()
    """Extra prefilter tokens the scanners declare."""
    prefilter_for: Callable[[str], re.Pattern[str] | None] = lambda rel: None
    """The scanner's own prefilter for a file, if it declares one (a file passes when either
    it or the catalog prefilter hits)."""
    gate_for: Callable[[str], Callable[[str], bool] | None] = lambda rel: None
    """The scanner's own superset test for a file's text (`worth_scanning`), if it has one:
    a file it rejects is not scanned (the scanner would return nothing) and its imports are
    not read."""
    reads: Callable[[str], bool] | None = None
    """`scanner_for(path) is not None` without importing scanners (the walk's filter);
    None: ask scanner_for."""


@dataclass
class State:
    """What every task needs; set in the parent before the pool forks."""

    root: Path
    catalog: Catalog
    as_of: dt.date
    policy: Policy
    toolkit: Toolkit
    prefilter: Prefilter | None
    strict: bool = False
    constants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Cross-file constants (a LazyConstants table in real runs)."""
    openai_base_urls: tuple[str, ...] = ()
    """Base URLs the project says forward to OpenAI (modelmap.check.forward)."""
    max_parse: int = 1_000_000
    """Python files larger than this are not parsed (see discover.MAX_PARSE_BYTES)."""
    overlay: Mapping[str, bytes] = field(default_factory=dict)
    """Bytes to check instead of a file's own, by its path as discovered (`--diff` checks
    the result of a fix pass this way, writing nothing)."""


__all__ = ["State", "Toolkit"]
