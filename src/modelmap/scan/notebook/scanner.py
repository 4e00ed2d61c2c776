"""Jupyter notebooks (`.ipynb`): code cells get the Python rules, markdown cells the docs rules.

- Code cells are read as one module, in order (a notebook shares one namespace: the client
  made in cell 1 is used in cell 5). IPython syntax is neutralised line by line, keeping line
  numbers: `%magic` and `!shell` lines become `pass`, `x = !cmd` / `x = %magic` become
  `x = None`, `obj?` help lines become `pass`; a cell whose first line is a cell magic that
  does not run Python (`%%bash`, `%%writefile`, `%%html`, ...) is left out. Notebooks whose
  kernel is not Python get the markdown rules only. A cell with a syntax error is reported as
  a partial note naming the cell; the other cells are still checked.
- Markdown cells are read as one document, cells separated by a blank line (headings above
  a cell keep giving context to the cells below).
- Where a finding points: `path` is the notebook, `line` and `column` are those of the
  character in the `.ipynb` file (the line of the JSON source string that holds it), so
  editors, SARIF regions and GitHub annotations open the right spot. The checker prefixes
  the message with `cell N, line M:` (N counts every cell from 1, M is the line within the
  cell) through `FileScan.cells`, and the JSON report adds `cell` and `cell_line`.
- `--fix` rewrites the characters inside the JSON source string in place, escaped as JSON
  (see modelmap.check.fix); the rest of the file stays byte-identical.
- Suppression comments (`# noqa: MM101`, `# modelmap: ignore[...]`, and the HTML comment
  form in markdown) work inside cells; `# modelmap: ignore-file` in the first lines of the
  first code cell covers the notebook.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from modelmap.findings import Edit, Finding, Location
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.notebook.cells import Cell, Notebook, read_notebook
from modelmap.validate.call import Call, Span

PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "memit", "debug",
                                "python", "python3", "ipython", "pypy", "skip"})
"""Cell magics whose body is Python (any other `%%name` cell is left out)."""
_ASSIGNED = re.compile(r"^(\s*)([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*=\s*[!%]")
_HELP = re.compile(r"^\s*(?:\?\??[\w.]+|[\w.]+\?\??)\s*$")


class _Joined:
    """Cells laid end to end as one text; maps its positions back to the notebook file."""

    def __init__(self, book: Notebook, cells: Sequence[Cell],
                 transform: Callable[[Cell], list[str]], gap: int) -> None:
        self.book = book
        self.rows: list[tuple[Cell, int, int]] = []
        """Per joined line: its cell, line number in the cell, offset of the line's start."""
        parts: list[str] = []
        for cell in cells:
            starts = [0, *(m.end() for m in re.finditer("\n", cell.text))]
            body = transform(cell)
            for k, line in enumerate(body):
                parts.append(line)
                self.rows.append((cell, k + 1, starts[k] if k < len(starts) else len(cell.text)))
            for _ in range(gap):
                parts.append("")
                self.rows.append((cell, len(body), len(cell.text)))
        self.text = "\n".join(parts) + "\n"

    def cell_of(self, line: int) -> tuple[Cell, int] | None:
        if not 0 < line <= len(self.rows):
            return None
        cell, number, _ = self.rows[line - 1]
        return cell, number

    def point(self, line: int, column: int) -> tuple[int, int]:
        """(line, column) in the joined text -> (line, column) in the notebook file."""
        if not 0 < line <= len(self.rows):
            return 1, 1
        cell, _, start = self.rows[line - 1]
        index = min(max(start + column - 1, 0), len(cell.text))
        return self.book.lines.position(cell.offsets[index])

    def span(self, span: Any) -> Any:
        if span is None:
            return None
        line, column = self.point(span.line, span.column)
        end_line, end_column = self.point(span.end_line, span.end_column)
        return dataclasses.replace(span, line=line, column=column, end_line=end_line,
                                   end_column=end_column)

    def call(self, call: Call, path: str) -> Call:
        spans: Mapping[str, Span] = {k: self.span(v) for k, v in call.param_spans.items()}
        return dataclasses.replace(
            call, location=self._loc(call.location, path), site=self._loc(call.site, path),
            model_span=self.span(call.model_span), param_spans=spans,
            base_url_span=self.span(call.base_url_span))

    def finding(self, f: Finding, path: str) -> Finding:
        fix = f.fix
        if fix is not None:
            edits = tuple(e for e in (self.span(e) for e in fix.edits) if isinstance(e, Edit))
            fix = dataclasses.replace(fix, edits=edits)
        return dataclasses.replace(f, location=self._loc(f.location, path), fix=fix)

    def _loc(self, loc: Location | None, path: str) -> Location | None:
        moved = self.span(loc)
        return dataclasses.replace(moved, path=path) if moved is not None else None

    def ignores(self, line_ignores: Mapping[int, frozenset[str] | None],
                out: dict[int, frozenset[str] | None]) -> None:
        for line, codes in line_ignores.items():
            if 0 < line <= len(self.rows):
                _add(out, self.point(line, 1)[0], codes)

    def where(self, line: int) -> str:
        found = self.cell_of(line)
        return f"cell {found[0].number}, line {found[1]}" if found else f"line {line}"


def _add(out: dict[int, frozenset[str] | None], line: int,
         codes: frozenset[str] | None) -> None:
    if line in out:
        old = out[line]
        out[line] = None if old is None or codes is None else old | codes
    else:
        out[line] = codes


def python_lines(cell: Cell) -> list[str]:
    """A code cell's lines with IPython syntax neutralised (same number of lines)."""
    lines = cell.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if lines and lines[0].startswith("%%"):
        name = lines[0][2:].split(maxsplit=1)[0] if lines[0][2:].strip() else ""
        if name not in PYTHON_CELL_MAGICS:
            return [""] * len(lines)
        lines[0] = ""
    out = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        assigned = _ASSIGNED.match(line)
        if assigned is not None:
            out.append(f"{assigned.group(1)}{assigned.group(2)} = None")
        elif stripped.startswith(("%", "!")) or _HELP.match(line):
            out.append(indent + "pass")
        else:
            out.append(line)
    return out


def _markdown_lines(cell: Cell) -> list[str]:
    lines = cell.text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def scan_notebook(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan one notebook (the Scanner contract)."""
    try:
        book = read_notebook(text)
    except (ValueError, IndexError, RecursionError) as exc:
        if ctx.strict:
            raise
        from modelmap.scan.config.tree import json_error
        from modelmap.scan.text import LineIndex

        if str(exc).startswith("not a notebook"):
            return FileScan(relpath, skip=str(exc))
        why = json_error(exc, LineIndex(text))
        return FileScan(relpath, skip=f"not a readable notebook ({why})")
    calls: list[Call] = []
    findings: list[Finding] = []
    ignores: dict[int, frozenset[str] | None] = {}
    file_ignores: frozenset[str] | None = frozenset()
    notes: list[str] = []
    cells: dict[int, tuple[int, int]] = {}
    parts: list[tuple[_Joined, FileScan]] = []
    code = [c for c in book.cells if c.kind == "code"]
    if code and book.language.startswith(("python", "ipython")):
        from modelmap.scan.python.scanner import scan as scan_python

        joined = _Joined(book, code, python_lines, 0)
        parts.append((joined, scan_python(relpath, joined.text, ctx)))
    markdown = [c for c in book.cells if c.kind == "markdown"]
    if markdown:
        from modelmap.scan.docs.scanner import scan_docs

        joined = _Joined(book, markdown, _markdown_lines, 1)
        parts.append((joined, scan_docs(relpath + ".md", joined.text, ctx)))
    for joined, sub in parts:
        calls += [joined.call(c, relpath) for c in sub.calls]
        findings += [joined.finding(f, relpath) for f in sub.findings]
        joined.ignores(sub.line_ignores, ignores)
        if sub.file_ignores is None or file_ignores is None:
            file_ignores = None
        else:
            file_ignores |= sub.file_ignores
        notes += [_in_cells(note, joined) for note in sub.notes]
        if sub.skip is not None:  # the code cells could not be read at all
            notes.append(_in_cells(sub.skip, joined) + " (no code cell was checked)")
        for line, (cell, number, _) in enumerate(joined.rows, start=1):
            cells.setdefault(joined.point(line, 1)[0], (cell.number, number))
    return FileScan(relpath, tuple(calls), tuple(findings), ignores, file_ignores,
                    tuple(notes), cells=cells)


def _in_cells(note: str, joined: _Joined) -> str:
    """`syntax error at line 7 (lines 7-9 not read ...)` in cell terms."""
    def lines(m: re.Match[str]) -> str:
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        a, b = joined.cell_of(first), joined.cell_of(last)
        if a is None or b is None:
            return m.group(0)
        if a[0] is not b[0]:
            return f"cell {a[0].number}, line {a[1]} to cell {b[0].number}, line {b[1]}"
        return f"cell {a[0].number}, " + (f"lines {a[1]}-{b[1]}" if last != first
                                          else f"line {a[1]}")

    return re.sub(r"\blines? (\d+)(?:-(\d+))?", lines, note)
