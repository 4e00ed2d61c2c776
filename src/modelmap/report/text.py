"""Ruff-like text: `path:line:col: MM101 [error] message`, then a summary.

A `[*]` after the severity marks a finding `--fix` can repair (`[~]`: only with
--unsafe-fixes). Colours (rich, an optional extra) only when asked for, i.e. on a terminal.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from modelmap.check.result import CheckReport, Reported
from modelmap.findings import Severity
from modelmap.report import shown_path

MAX_SKIPPED = 20
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def marker(r: Reported) -> str:
    fix = r.finding.fix
    if fix is None or not fix.edits:
        return ""
    return " [*]" if fix.safety == "safe" else " [~]"


def summary(report: CheckReport) -> list[str]:
    """The closing lines: counts, fixability, skipped files."""
    lines: list[str] = []
    n = len(report.findings)
    if report.fixed:
        lines.append(f"Fixed {_plural(report.fixed, 'finding')}.")
    if n:
        parts = [_plural(report.count(Severity.ERROR), "error"),
                 _plural(report.count(Severity.WARNING), "warning")]
        if report.count(Severity.INFO):
            parts.append(f"{report.count(Severity.INFO)} info")
        lines.append(f"Found {_plural(n, 'finding')} ({', '.join(parts)}) in "
                     f"{_plural(report.files, 'file')} checked (as of {report.as_of}).")
        safe = sum(1 for r in report.findings if marker(r) == " [*]")
        unsafe = sum(1 for r in report.findings if marker(r) == " [~]")
        if safe:
            more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
            lines.append(f"[*] {safe} fixable with --fix{more}.")
        elif unsafe:
            lines.append(f"[~] {unsafe} fixable with --fix --unsafe-fixes.")
    else:
        lines.append(f"All checks passed: {_plural(report.files, 'file')} checked "
                     f"(as of {report.as_of}).")
    if report.set_aside:
        lines.append(set_aside_line(report))
    if report.skipped:
        reasons = Counter(s.reason.split(" (")[0] for s in report.skipped)
        shown = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))
        lines.append(f"Skipped {_plural(len(report.skipped), 'file')} ({shown}).")
    return lines


def set_aside_line(report: CheckReport) -> str:
    """How many findings were set aside and why (modelmap.check.context)."""
    from modelmap.check.context import REASONS

    why = Counter(r.context for r in report.set_aside)
    shown = ", ".join(f"{REASONS.get(k, k)}: {n}" for k, n in sorted(why.items()))
    return (f"Set aside {_plural(len(report.set_aside), 'finding')} ({shown}); "
            "--show-set-aside reports them.")


def format_text(report: CheckReport, *, color: bool = False, base: Path | None = None,
                show_skipped: bool = True) -> str:
    """The whole text report, ending in a newline."""
    rows: list[tuple[str, str, str, str, str]] = []
    for r in report.findings:
        loc = r.location
        where = f"{shown_path(report.root, loc.path, base)}:{loc.line}:{loc.column}:"
        rows.append((where, r.finding.rule, r.finding.severity.value, marker(r),
                     r.finding.message))
    skipped = []
    if show_skipped:
        skipped = [f"{shown_path(report.root, s.path, base)}: skipped ({s.reason})"
                   for s in report.skipped[:MAX_SKIPPED]]
        if len(report.skipped) > MAX_SKIPPED:
            skipped.append(f"... and {len(report.skipped) - MAX_SKIPPED} more skipped")
    tail = summary(report)
    if color:
        try:
            return _rich(rows, skipped, tail)
        except ImportError:  # rich is an optional extra: plain text without it
            pass
    body = [f"{w} {code} [{sev}]{m} {msg}" for w, code, sev, m, msg in rows]
    return "\n".join([*body, *([""] if body else []), *skipped, *tail]) + "\n"


def _rich(rows: list[tuple[str, str, str, str, str]], skipped: list[str],
          tail: list[str]) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=10_000, soft_wrap=True,
                      highlight=False)
    for where, code, sev, mark, msg in rows:
        line = Text()
        line.append(where, style="bold")
        line.append(" ")
        line.append(code, style=_STYLE.get(sev, ""))
        line.append(f" [{sev}]", style=_STYLE.get(sev, ""))
        line.append(mark, style="green")
        line.append(" " + msg)
        console.print(line)
    if rows:
        console.print()
    for note in skipped:
        console.print(Text(note, style="dim"))
    for i, text in enumerate(tail):
        console.print(Text(text, style="bold" if i == 0 else ""))
    return buf.getvalue()
