"""Parse the "Deprecated values:" block of an openai type docstring into dated notes.

The SDK writes one bullet per group of IDs, e.g.

    - "gpt-4o", "gpt-4o-mini": Announced shutdown date: 2027-01-14. See ... .
    - "gpt-image-1": GPT Image 1 was shut down on October 23, 2026. Use
      gpt-image-2.5-sunburst or gpt-image-2.5-flare instead.
    - "dall-e-2", "dall-e-3": This model was retired on May 12, 2026. Use a GPT ...
    - "gpt-5.1-mini": Not a supported model ID. Retained for SDK compatibility.

Each bullet becomes a DocNote (kind shutdown | retired | unsupported). A bullet of another
shape is returned as `unknown` so the caller can skip it quietly or fail loudly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

HEADER = "Deprecated values:"

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_DATE = (r"(\d{4}-\d{2}-\d{2}|[A-Z][a-z]+\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4})")
_ITEM = re.compile(r"^\s*[-*]\s+")
_IDS = re.compile(r"""^((?:["'`][^"'`]+["'`]\s*,\s*)*["'`][^"'`]+["'`])\s*:\s*(.*)$""", re.S)
_QUOTED = re.compile(r"""["'`]([^"'`]+)["'`]""")
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("unsupported", re.compile(r"\bnot a supported model( ID)?\b", re.I)),
    ("shutdown", re.compile(r"\bshutdown date:?\s*" + _DATE, re.I)),
    ("shutdown", re.compile(r"\b(?:was|were|has been|have been|is|are)\s+shut ?down\s+on\s+"
                            + _DATE, re.I)),
    ("shutdown", re.compile(r"\bshuts? ?down on\s+" + _DATE, re.I)),
    ("retired", re.compile(r"\b(?:was|were|has been|have been|is|are)?\s*retired\s+on\s+"
                           + _DATE, re.I)),
)
_USE = re.compile(r"\bUse\s+(.+?)\s+instead\b", re.I | re.S)
_SPLIT = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+")
_ID_SHAPE = re.compile(r"^[a-z0-9][a-z0-9._:-]*$")


@dataclass(frozen=True)
class DocNote:
    """One bullet of a "Deprecated values" block."""

    ids: tuple[str, ...]
    kind: str
    """shutdown | retired | unsupported | unknown."""
    date: dt.date | None
    replacements: tuple[str, ...]
    """IDs named in 'Use X or Y instead' (empty when none is named)."""
    text: str
    """The bullet's text after the ID list, on one line."""
    line: int
    """Line offset of the bullet inside the docstring (0-based)."""


def parse_date(text: str) -> dt.date | None:
    """ISO `2027-01-14`, `October 23, 2026` or `23 October 2026`; None if not a date."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", text) or None
    if m:
        month, day, year = m.group(1), m.group(2), m.group(3)
    else:
        m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})", text)
        if not m:
            return None
        day, month, year = m.group(1), m.group(2), m.group(3)
    num = _MONTHS.get(month.lower()) or next(
        (v for k, v in _MONTHS.items() if len(month) >= 3 and k.startswith(month.lower())), None)
    if num is None:
        return None
    try:
        return dt.date(int(year), num, int(day))
    except ValueError:
        return None


def has_block(docstring: str) -> bool:
    return HEADER in docstring


def parse_block(docstring: str) -> list[DocNote]:
    """Every bullet of the docstring's "Deprecated values:" block (empty if there is none)."""
    lines = docstring.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip() == HEADER), None)
    if start is None:
        return []
    bullets: list[tuple[int, list[str]]] = []
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            nxt = next((ln for ln in lines[i + 1:] if ln.strip()), None)
            if bullets and (nxt is None or not _ITEM.match(nxt)):
                break
        elif _ITEM.match(line):
            bullets.append((i, [_ITEM.sub("", line, count=1).strip()]))
        elif bullets:
            bullets[-1][1].append(line.strip())
        else:
            bullets.append((i, [line.strip()]))  # prose where a bullet belongs: unknown shape
        i += 1
    return [_note(" ".join(parts), line_no) for line_no, parts in bullets]


def _note(text: str, line: int) -> DocNote:
    text = " ".join(text.split())
    m = _IDS.match(text)
    if not m:
        return DocNote((), "unknown", None, (), text, line)
    ids = tuple(_QUOTED.findall(m.group(1)))
    body = m.group(2).strip()
    found = classify(body)
    if found is None:
        return DocNote(ids, "unknown", None, (), body, line)
    return DocNote(ids, found[0], found[1], found[2], body, line)


def classify(body: str) -> tuple[str, dt.date | None, tuple[str, ...]] | None:
    """(kind, date, replacements) for a note's text, or None when no known shape matches."""
    for kind, rule in _RULES:
        hit = rule.search(body)
        if hit is None:
            continue
        day = parse_date(hit.group(1)) if hit.groups() else None
        if kind != "unsupported" and day is None:
            continue
        return kind, day, _replacements(body)
    return None


def _replacements(body: str) -> tuple[str, ...]:
    m = _USE.search(body)
    if not m:
        return ()
    out = []
    for token in _SPLIT.split(m.group(1)):
        token = token.strip().strip("\"'`").rstrip(".")
        if _ID_SHAPE.match(token) and ("-" in token or any(c.isdigit() for c in token)):
            out.append(token)
    return tuple(dict.fromkeys(out))
