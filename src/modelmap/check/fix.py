"""Apply findings' fixes: only their spans, atomically, keeping encoding and newlines.

- A fix is applied whole or not at all; a fix whose edits overlap an already chosen one is
  left for the next pass (the CLI re-checks and repeats until nothing changes).
- Bytes are decoded as UTF-8; a UTF-8 BOM is kept. A Python file that is not UTF-8 but
  declares its encoding (PEP 263) is fixed in, and written back in, that encoding. Line
  breaks are `\\r\\n`, `\\r` or `\\n` (as the scanners count lines); text outside the
  spans is untouched, so line endings and everything else stay byte-identical.
- A span may cover a string literal with or without its quotes. When it covers the quotes
  (and any string prefix) and the replacement is a bare value, the quotes stay.
- A fix applies only to the exact bytes that were checked: a file whose content hash differs
  from the one the run scanned (or that changes while the fix is written) is left alone with
  a note. Writes go through `check/safe_write.py`: a temporary file in the same directory,
  then `os.replace`, keeping owner, group and mode; read-only and hard-linked files are
  refused with a note; a symlink's target (inside the checked tree, see discover) is written.
- Fixing is idempotent: a fixed span no longer produces the finding, so a second run finds
  nothing to change.
- Notebooks (`.ipynb`): spans are positions in the JSON file inside a cell's source string
  (see modelmap.scan.notebook.scanner). The span's text is decoded as JSON, the replacement worked
  out on the decoded text (quotes kept as above), and written back JSON-escaped, so only
  those characters of the file change. A span that does not lie inside one JSON string is
  not fixed.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from modelmap.check.cache import content_hash
from modelmap.check.discover import Skipped
from modelmap.check.result import CheckReport
from modelmap.check.safe_write import replace_checked
from modelmap.findings import Edit, Fix
from modelmap.fsread import read_regular

BOM = b"\xef\xbb\xbf"
_BREAK = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_QUOTED = re.compile(r"(?s)([rRbBuU]{0,2})(\"\"\"|'''|\"|'|`)(.*)\2")


@dataclass(frozen=True)
class FileFix:
    """The new text of one file."""

    path: Path
    """The file to write (symlinks resolved)."""
    rel: str
    """As reported."""
    before: bytes
    after: bytes
    fixed: int
    """Findings whose fix is in `after`."""


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    """Whether --fix (safe only) or --fix --unsafe-fixes applies this fix."""
    return fix is not None and bool(fix.edits) and (
        fix.safety == "safe" or (unsafe and fix.safety == "unsafe"))


def plan(report: CheckReport, unsafe: bool = False) -> list[FileFix]:
    """The fixes to write for a report's findings, one FileFix per changed file."""
    return plan_notes(report, unsafe)[0]


CHANGED = "changed since it was checked: not fixed"


def plan_notes(report: CheckReport, unsafe: bool = False,
               contents: Mapping[str, bytes] | None = None,
               ) -> tuple[list[FileFix], list[Skipped]]:
    """`plan`, plus a note for each file with fixes that cannot be applied: its bytes are
    not the ones the run scanned (`report.hashes`), or it cannot be read as a regular file.
    `contents`: bytes to fix instead of a file's own, by reported path (see `preview`)."""
    by_file: dict[str, list[Fix]] = {}
    for r in report.findings:
        if applicable(r.finding.fix, unsafe):
            assert r.finding.fix is not None
            by_file.setdefault(r.location.path, []).append(r.finding.fix)
    out = []
    notes = []
    for rel, fixes in sorted(by_file.items()):
        path = (report.root / rel).resolve()
        try:
            before = contents[rel] if contents and rel in contents else read_regular(path)
        except OSError as exc:
            notes.append(Skipped(rel, f"unreadable ({exc.strerror}): not fixed"))
            continue
        if before is None:
            notes.append(Skipped(rel, "not a regular file: not fixed"))
            continue
        if content_hash(before) != report.hashes.get(rel):
            notes.append(Skipped(rel, CHANGED))
            continue
        result = apply_fixes(before, fixes, json_strings=rel.endswith(".ipynb"))
        if result is not None and result[0] != before:
            out.append(FileFix(path, rel, before, result[0], result[1]))
    return out, notes


def preview(report: CheckReport, unsafe: bool,
            recheck: Callable[[Mapping[str, bytes]], CheckReport],
            passes: int) -> tuple[list[FileFix], list[Skipped]]:
    """What `--fix` writes, nothing written (for `--diff`): the same passes as the fix loop,
    each applied in memory and checked again by `recheck` (a run that reads the given bytes,
    by absolute path, instead of the files'), until a pass changes nothing. One FileFix per
    file: its bytes now, its bytes after the last pass, and the fixes of every pass."""
    total: dict[str, FileFix] = {}
    contents: dict[str, bytes] = {}
    notes: list[Skipped] = []
    for _ in range(passes):
        plans, notes = plan_notes(report, unsafe, contents)
        if not plans:
            break
        for p in plans:
            first = total.get(p.rel)
            total[p.rel] = FileFix(p.path, p.rel, first.before if first else p.before, p.after,
                                   (first.fixed if first else 0) + p.fixed)
            contents[p.rel] = p.after
        report = recheck({str(report.root / rel): data for rel, data in contents.items()})
    return [f for _, f in sorted(total.items()) if f.after != f.before], notes


def apply_fixes(data: bytes, fixes: Iterable[Fix],
                json_strings: bool = False) -> tuple[bytes, int] | None:
    """New bytes and the number of fixes applied (None: not UTF-8 text). `json_strings`:
    every span lies inside a JSON string (a notebook cell's source)."""
    bom = data.startswith(BOM)
    try:
        text = data[len(BOM):].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError:
        return _in_declared_encoding(data, fixes, json_strings)
    starts = [0, *(m.end() for m in _BREAK.finditer(text))]
    newline = _dominant_newline(text)
    chosen: list[tuple[int, int, str]] = []
    applied = 0
    for fix in sorted(fixes, key=lambda f: min((e.line, e.column) for e in f.edits)):
        spans = [_offsets(e, starts, len(text)) for e in fix.edits]
        if any(s is None for s in spans):
            continue
        ranges = [s for s in spans if s is not None]
        news = [(_json_replacement(text[a:b], e.replacement, text) if json_strings
                 else _replacement(text[a:b], e.replacement, newline))
                for (a, b), e in zip(ranges, fix.edits, strict=True)]
        if any(new is None for new in news):
            continue
        if any((a < e2 and b > s2) or (a == b == s2) for a, b in ranges for s2, e2, _ in chosen):
            continue  # overlaps a fix already chosen: next pass
        for (a, b), new in zip(ranges, news, strict=True):
            assert new is not None
            chosen.append((a, b, new))
        applied += 1
    for a, b, new in sorted(chosen, reverse=True):
        text = text[:a] + new + text[b:]
    encoded = text.encode("utf-8")
    return (BOM + encoded if bom else encoded), applied


def _in_declared_encoding(data: bytes, fixes: Iterable[Fix],
                          json_strings: bool) -> tuple[bytes, int] | None:
    """A Python file in the encoding its PEP 263 line declares (read so by the checker):
    fixed as text and written back in that encoding (None: no such line, or a replacement
    the encoding cannot hold)."""
    import io
    import tokenize

    from modelmap.check.fileread import python_source_text

    text = python_source_text(data)
    if text is None:
        return None
    encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
    done = apply_fixes(text.encode("utf-8"), fixes, json_strings)
    if done is None:
        return None
    try:
        return done[0].decode("utf-8").encode(encoding), done[1]
    except UnicodeEncodeError:
        return None


def _offsets(edit: Edit, starts: list[int], size: int) -> tuple[int, int] | None:
    if not (0 < edit.line <= len(starts) and 0 < edit.end_line <= len(starts)):
        return None
    a = starts[edit.line - 1] + edit.column - 1
    b = starts[edit.end_line - 1] + edit.end_column - 1
    if edit.column < 1 or edit.end_column < 1 or not 0 <= a <= b <= size:
        return None
    return a, b


def _replacement(old: str, new: str, newline: str) -> str:
    match = _QUOTED.fullmatch(old)
    if match and not _QUOTED.fullmatch(new) and len(old) >= 2:
        new = match.group(1) + match.group(2) + new + match.group(2)
    return new.replace("\r\n", "\n").replace("\n", newline) if newline != "\n" else new


def _json_replacement(old: str, new: str, text: str) -> str | None:
    """The JSON spelling of `new` for the JSON-string characters `old` (None: `old` is not
    the inside of one JSON string). Non-ASCII is written as the file writes it."""
    try:
        decoded = json.loads(f'"{old}"')
    except ValueError:
        return None
    if not isinstance(decoded, str):
        return None
    value = _replacement(decoded, new, "\n")
    return json.dumps(value, ensure_ascii=text.isascii())[1:-1]


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((crlf, "\r\n"), (lf, "\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def write(fix: FileFix) -> str | None:
    """Replace the file's content atomically if it still is `fix.before` (see safe_write):
    None when written, else the note saying why not. A failed write raises FixWriteError
    (one line; the file is unchanged)."""
    return replace_checked(fix.path, fix.before, fix.after, shown=fix.rel)


def unified_diff(fix: FileFix, shown: str | None = None) -> str:
    """A unified diff of the change (for --diff); nothing is written. `shown` is the file's
    path as the report shows it (relative to where the command runs, so `git apply` applies the
    diff there); default: its path relative to the checked root."""
    name = fix.rel if shown is None else shown
    def lines(data: bytes) -> list[str]:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # a PEP 263 Python file (the only other kind fixed)
            from modelmap.check.fileread import python_source_text

            text = python_source_text(data) or data.decode("utf-8", "replace")
        return [line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                for line in _LINE.findall(text)]

    return "".join(difflib.unified_diff(lines(fix.before), lines(fix.after),
                                        fromfile=f"a/{name}", tofile=f"b/{name}"))
