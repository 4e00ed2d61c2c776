"""A tiny fake scanner + validator for testing `modelmap check`'s plumbing on its own.

The fake scanner reads `*.py`, `*.env*` and `*.txt` files and turns every `model="X"` (or
`MODEL=X` in env files) into a chat call; `MODEL = "X"` at module level is a constant other
files can import with `from mod import MODEL` and use as `model=MODEL`. The fake validator:

    bad-model   -> MM102 error, safe fix to good-model
    label model -> MM101 error, unsafe fix to chat-latest ("Label Model")
    old-model   -> MM401 error
    warn-model  -> MM402 warning
    info-model  -> MM503 info
"""

from __future__ import annotations

import datetime as dt
import re

from modelmap.catalog.model import Catalog
from modelmap.check.toolkit import Toolkit
from modelmap.findings import Finding, Location
from modelmap.rules import finding, replace_fix
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.suppress import parse_suppressions
from modelmap.scan.text import split_lines
from modelmap.validate.call import Call, Span

_KW = re.compile(r"""model\s*=\s*(?:"([^"]*)"|([A-Z_]+)\b)""")
_ENV = re.compile(r"^MODEL=(.*)$")
_CONST = re.compile(r"""^([A-Z_]+)\s*=\s*"([^"]*)"\s*$""")
_IMPORT = re.compile(r"^from\s+([\w.]+)\s+import\s+([A-Z_]+)")


def scanner_for(rel: str) -> object | None:
    name = rel.rsplit("/", 1)[-1]
    if rel.endswith((".py", ".txt", ".js")) or name.startswith(".env"):
        return scan
    return None


def module_constants(rel: str, text: str) -> dict[str, str]:
    out = {}
    for line in split_lines(text):
        m = _CONST.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def constants_for(rel: str) -> object | None:
    return module_constants if rel.endswith(".py") else None


def scan(rel: str, text: str, ctx: ScanContext) -> FileScan:
    calls = []
    imported: dict[str, str] = {}
    local = module_constants(rel, text)
    for number, line in enumerate(split_lines(text), start=1):
        m = _IMPORT.match(line)
        if m and m.group(2) in ctx.constants.get(m.group(1), {}):
            imported[m.group(2)] = ctx.constants[m.group(1)][m.group(2)]
        for kw in _KW.finditer(line):
            loc = Location(rel, number, kw.start() + 1, number, kw.end() + 1)
            if kw.group(1) is not None:
                start = kw.start(1) + 1
                span: Span | None = Span(number, start, number, start + len(kw.group(1)))
                model: str | None = kw.group(1)
            else:
                model = imported.get(kw.group(2)) or local.get(kw.group(2))
                span = None
            calls.append(Call("chat.completions.create", model, location=loc, model_span=span))
        env = _ENV.match(line)
        if env and rel.rsplit("/", 1)[-1].startswith(".env"):
            value = env.group(1)
            span = Span(number, 7, number, 7 + len(value))
            loc = Location(rel, number, 1, number, 7 + len(value))
            calls.append(Call("chat.completions.create", value.strip('"'), location=loc,
                              model_span=span))
    sup = parse_suppressions(text, ("hash",))
    return FileScan(rel, calls=tuple(calls), line_ignores=sup.line_ignores,
                    file_ignores=sup.file_ignores)


def validate(catalog: Catalog, call: Call, as_of: dt.date) -> list[Finding]:
    m = call.model
    where = call.location
    if call.model_span is not None and where is not None:
        s = call.model_span
        where = Location(where.path, s.line, s.column, s.end_line, s.end_column)
    if m == "bad-model":
        return [finding("MM102", "'bad-model' is not a model", location=where,
                        fix=replace_fix("safe", "use good-model", call.model_span,
                                        "good-model"))]
    if m == "Label Model":
        return [finding("MM101", "'Label Model' is a label", location=where,
                        fix=replace_fix("unsafe", "use chat-latest", call.model_span,
                                        "chat-latest"))]
    if m == "old-model":
        return [finding("MM401", f"'old-model' is shut down as of {as_of}", location=where)]
    if m == "warn-model":
        return [finding("MM402", "'warn-model' is deprecated", location=where)]
    if m == "info-model":
        return [finding("MM503", "'info-model' is a rolling alias", location=where)]
    return []


def toolkit(markers: tuple[str, ...] = ()) -> Toolkit:
    return Toolkit(scanner_for=scanner_for, validate=validate,  # type: ignore[arg-type]
                   constants_for=constants_for, markers=markers)  # type: ignore[arg-type]


def rows(report: object) -> list[list[object]]:
    """[path, line, col, rule] per finding, as golden files store them."""
    return [[r.location.path, r.location.line, r.location.column, r.finding.rule]
            for r in report.findings]  # type: ignore[attr-defined]

