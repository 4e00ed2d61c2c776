"""Human text for `modelmap check`, in ruff's shape.

Full (the default):

    app/chat.py:12:54: MM101 [~] 'GPT-5.5 Thinking' is a product label, not an API model ID;
        use gpt-5.5.
       |
    12 |     r = client.chat.completions.create(model="GPT-5.5 Thinking", messages=m)
       |                                              ^^^^^^^^^^^^^^^^^^ error
       = note: A ChatGPT mode (now shown as effort levels). ...
       = fix: ... (unsafe: applied only with --fix --unsafe-fixes)

Concise (`--format concise`): one line per finding, `path:line:col: MM101 [error] [*] message`.

`[*]` marks a finding `--fix` can repair, `[~]` one that needs --unsafe-fixes. Lines are
wrapped at word boundaries (never mid-word) to `width` (`text_width`: $COLUMNS when set, else
the terminal's width up to 120, else 100). Text from scanned files goes through `printable`
(control characters escaped). Colour is plain ANSI, on when asked for.
"""

from __future__ import annotations

import os
import re
import textwrap
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TextIO

from modelmap.check.result import CheckReport, Reported
from modelmap.findings import Severity
from modelmap.report import shown_path
from modelmap.report.term import paint, printable

MAX_SKIPPED = 20
WIDTH = 100
"""Wrap width when the output is not a terminal and COLUMNS is not set."""
MAX_WIDTH = 120
"""The widest a terminal's width is used (longer lines are hard to read)."""
MIN_WIDTH = 40
MAX_SOURCE = 120
"""Longer source lines are shown as a window around the flagged span."""
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SENTENCE_END = re.compile(r"(?<=[.])\s+(?=[A-Z\"'(`\[])")
_ABBREVIATIONS = frozenset({"e.g.", "i.e.", "etc.", "vs.", "cf.", "approx.", "incl.", "no.",
                            "resp.", "esp.", "viz."})
"""A period after these does not end a sentence."""
_OPEN, _CLOSE = "([{", ")]}"


def text_width(stream: TextIO | None) -> int:
    """The wrap width: $COLUMNS when it is a positive number (as in ruff and rich), else the
    width of the terminal `stream` is (at most MAX_WIDTH), else WIDTH; never below
    MIN_WIDTH. Output to a pipe or a file is not sized by any terminal."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    try:
        fd = stream.fileno() if stream is not None and stream.isatty() else None
    except (AttributeError, ValueError, OSError):
        fd = None
    if fd is None:
        return WIDTH
    try:
        return max(min(os.get_terminal_size(fd).columns, MAX_WIDTH), MIN_WIDTH)
    except OSError:
        return WIDTH


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def marker(r: Reported) -> str:
    fix = r.finding.fix
    if fix is None or not fix.edits:
        return ""
    return " [*]" if fix.safety == "safe" else " [~]"


def headline(message: str) -> tuple[str, str]:
    """(first sentence, the rest) of a finding message. A sentence ends at a period followed
    by a space and a capital, quote or bracket, but not inside parentheses, brackets or
    backticks, and not after an abbreviation (e.g., i.e., etc.) or a single-letter initial."""
    for match in _SENTENCE_END.finditer(message):
        before = message[:match.start()]
        depth = sum(before.count(ch) for ch in _OPEN) - sum(before.count(ch) for ch in _CLOSE)
        if depth > 0 or before.count("`") % 2:
            continue
        word = before.rsplit(None, 1)[-1].lstrip("(['\"`") if before.strip() else ""
        if word.lower() in _ABBREVIATIONS or (len(word) == 2 and word[0].isupper()):
            continue
        return before, message[match.end():]
    return message, ""


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
        aside = shown_aside_line(report)
        if aside:
            lines.append(aside)
        safe = sum(1 for r in report.findings if marker(r) == " [*]")
        unsafe = sum(1 for r in report.findings if marker(r) == " [~]")
        if safe:
            more = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
            lines.append(f"[*] {safe} fixable with --fix{more}.")
        elif unsafe:
            lines.append(f"[~] {unsafe} fixable with --fix --unsafe-fixes.")
    elif not report.files:
        lines.append(f"No files checked (as of {report.as_of}).")
    elif partly := sum(1 for s in report.skipped if s.partial):
        # not "All checks passed": lines that were not read can hold a mistake
        lines.append(f"No findings in what was read: {_plural(report.files, 'file')} checked, "
                     f"{partly} of them only in part (as of {report.as_of}).")
    else:
        lines.append(f"All checks passed: {_plural(report.files, 'file')} checked "
                     f"(as of {report.as_of}).")
    if report.foreign:
        lines.append(foreign_note(report))
    if report.set_aside:
        lines.append(set_aside_line(report))
    for partial, head in ((False, "Skipped"), (True, "Partly checked")):
        notes = [s for s in report.skipped if s.partial is partial]
        if notes:
            reasons = Counter(_reason_kind(s.reason) for s in notes)
            shown = ", ".join(f"{k}: {v}" for k, v in sorted(reasons.items()))
            lines.append(f"{head} {_plural(len(notes), 'file')} ({shown}).")
    return [printable(line) for line in lines]


def foreign_note(report: CheckReport) -> str:
    """One line: how many calls were judged as another server's, why, and what to do."""
    n = sum(report.foreign.values())
    why = ", ".join(f"{k}: {v}" for k, v in sorted(report.foreign.items(),
                                                    key=lambda kv: (-kv[1], kv[0])))
    return (f"Judged {_plural(n, 'call')} as not OpenAI's API, so model rules skipped "
            f"{'it' if n == 1 else 'them'} ({why}); if a base URL forwards to OpenAI, add it "
            f"to openai-base-urls (docs/configuration.md).")


def _skipped(report: CheckReport, base: Path | None) -> list[str]:
    out = [printable(f"{shown_path(report.root, s.path, base)}: "
                     f"{'partly checked' if s.partial else 'skipped'} ({s.reason})")
           for s in report.skipped[:MAX_SKIPPED]]
    if len(report.skipped) > MAX_SKIPPED:
        out.append(f"... and {len(report.skipped) - MAX_SKIPPED} more skipped")
    return out


def _width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _source(r: Reported, color: bool, width: int = WIDTH) -> list[str]:
    """The gutter, the flagged source line and a caret line under the span; a line longer
    than fits (MAX_SOURCE at most) is shown as a window around the span."""
    loc = r.location
    number = str(loc.line)
    room = max(min(MAX_SOURCE, width - len(number) - 5), 20)
    text = r.line_text.replace("\t", " ")
    start = max(loc.column - 1, 0)
    end = loc.end_column - 1 if loc.end_line <= loc.line else len(text)
    end = max(min(end, len(text)), start + 1)
    if len(text) > room:  # a window around the span
        left = max(0, min(start - 20, len(text) - room))
        shown = text[left:left + room]
        prefix = "…" if left else ""
        text = prefix + shown + ("…" if left + room < len(text) else "")
        start, end = start - left + len(prefix), min(end - left, room) + len(prefix)
    before, span = printable(text[:start]), printable(text[start:end])
    pad = " " * len(number)
    sev = r.finding.severity.value
    caret = " " * _width(before) + "^" * max(_width(span), 1)
    return [f"{pad} |",
            f"{paint(number, 'blue', color)} | {printable(text)}".rstrip(),
            f"{pad} | {paint(caret + ' ' + sev, _STYLE[sev], color)}"]


def _wrap(text: str, first: str, width: int, indent: int) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first,
                         subsequent_indent=" " * indent, break_long_words=False,
                         break_on_hyphens=False) or [first.rstrip()]


def _full(r: Reported, report: CheckReport, base: Path | None, color: bool,
          width: int) -> list[str]:
    f, loc = r.finding, r.location
    head, rest = headline(printable(f.message))
    where = printable(f"{shown_path(report.root, loc.path, base)}:{loc.line}:{loc.column}:")
    first = f"{where} {f.rule}{marker(r)} "
    wrapped = _wrap(head, first, width, 4)
    top = wrapped[0][len(first):]
    lines = [f"{paint(where, 'bold', color)} "
             f"{paint(f.rule, _STYLE[f.severity.value], color)}"
             f"{paint(marker(r), 'green', color)} {top}".rstrip(), *wrapped[1:]]
    lines += _source(r, color, width)
    pad = " " * len(str(loc.line))
    notes: list[tuple[str, str]] = []
    if r.context:  # shown by --show-set-aside: say what set it aside
        notes.append(("set aside", _why(r.context)))
    if rest:
        notes.append(("note", rest))
    if f.fix is not None and f.fix.edits:
        how = "" if f.fix.safety == "safe" else "; unsafe: applied only with --unsafe-fixes"
        notes.append(("fix", printable(f.fix.message) + how))
    notes += [("source", printable(s)) for s in f.sources if s not in f.message]
    for label, text in notes:
        opener = f"{pad} = {label}: "
        for line in _wrap(text, opener, width, len(opener)):
            lines.append(paint(line, "dim", color))
    return [*lines, ""]


def _concise(r: Reported, report: CheckReport, base: Path | None, color: bool) -> str:
    f, loc = r.finding, r.location
    where = printable(f"{shown_path(report.root, loc.path, base)}:{loc.line}:{loc.column}:")
    sev = f.severity.value
    return (f"{paint(where, 'bold', color)} {paint(f.rule, _STYLE[sev], color)} "
            f"{paint(f'[{sev}]', _STYLE[sev], color)}{paint(marker(r), 'green', color)} "
            f"{printable(f.message)}" + (f" [set aside: {r.context}]" if r.context else ""))


def _reason_kind(reason: str) -> str:
    """`syntax error at line 4: ...` -> `syntax error`; `invalid TOML: ...` -> `invalid
    TOML`; `binary file` stays."""
    return reason.split(" (")[0].split(" at ")[0].split(": ")[0]


def set_aside_line(report: CheckReport) -> str:
    """How many findings were set aside and why (modelmap.check.context)."""
    why = Counter(r.context for r in report.set_aside)
    shown = ", ".join(f"{_why(k)}: {n}" for k, n in sorted(why.items()))
    return (f"Set aside {_plural(len(report.set_aside), 'finding')} ({shown}); "
            "--show-set-aside reports them.")


def shown_aside_line(report: CheckReport) -> str | None:
    """With --show-set-aside: how many of the reported findings would have been set aside."""
    why = Counter(r.context for r in report.findings if r.context)
    if not why:
        return None
    shown = ", ".join(f"{_why(k)}: {n}" for k, n in sorted(why.items()))
    n = sum(why.values())
    return (f"{n} of them {'is' if n == 1 else 'are'} shown by --show-set-aside and would "
            f"otherwise be set aside ({shown}).")


def _why(context: str) -> str:
    from modelmap.check.context import REASONS

    return REASONS.get(context, context)


def format_text(report: CheckReport, *, color: bool = False, base: Path | None = None,
                show_skipped: bool = True, concise: bool = False,
                width: int = WIDTH) -> str:
    """The whole text report, ending in a newline."""
    body: list[str] = []
    for r in report.findings:
        if concise:
            body.append(_concise(r, report, base, color))
        else:
            body += _full(r, report, base, color, width)
    if concise and body:
        body.append("")
    skipped = [paint(s, "dim", color) for s in _skipped(report, base)] if show_skipped else []
    tail = summary(report)
    if not concise:
        tail = [w for line in tail for w in _wrap(line, "", width, 2)]
    if tail:
        tail[0] = paint(tail[0], "bold", color)
    return "\n".join([*body, *skipped, *tail]) + "\n"


def statistics(report: CheckReport) -> list[tuple[int, str, str, str]]:
    """(count, code, fix marker, rule name) per rule, most frequent first."""
    counts = Counter((r.finding.rule, r.finding.name) for r in report.findings)
    fixable = {r.finding.rule for r in report.findings if marker(r) == " [*]"}
    rows = [(n, code, "[*]" if code in fixable else "   ", name)
            for (code, name), n in counts.items()]
    return sorted(rows, key=lambda row: (-row[0], row[1]))


def format_statistics(report: CheckReport) -> str:
    """`--statistics`: counts per rule, then the summary (like ruff)."""
    rows = [f"{n:>5}\t{code}\t{mark}\t{name}" for n, code, mark, name in statistics(report)]
    return "\n".join([*rows, *([""] if rows else []), *summary(report)]) + "\n"
