"""Suppression comments: which findings a file asks modelmap to keep quiet about.

Forms (the comment opener depends on the language: `#`, `//`, `<!-- ... -->`):

    x = "gpt-4"  # modelmap: ignore[MM101, shut-down]   codes or family names, this line
    x = "gpt-4"  # modelmap: ignore                      everything on this line
    x = "gpt-4"  # noqa: MM101, E501                     only MM codes count
    // modelmap: ignore[MM101]                           JS/TS
    <!-- modelmap: ignore[MM101] -->                     Markdown/HTML
    # modelmap: ignore-file[MM401]                       whole file, in the first 10 lines

    x = "gpt-4"  # noqa                                  everything on this line
    const x = "gpt-4"; // noqa: MM101                    JS/TS: `// noqa`, `/* noqa */` too

A bare `# noqa` silences every modelmap code on its line, as it silences every code in ruff
and flake8. `# noqa: E501` without an MM code does not silence modelmap. Codes are matched
upper-case (`MM101`), family and rule names lower-case (`shut-down`, `label-as-id`); a code
or name that no rule has (`ignore[MM999]`) is reported by `check` as a warning on stderr
(`unknown_codes`).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from modelmap.scan.text import LineIndex

FILE_LEVEL_LINES = 10
"""`ignore-file` is honoured only in the first this-many lines."""

COMMENT_STYLES: Mapping[str, tuple[str, ...]] = {
    "hash": ("#",),
    "slash": ("//", "/*"),
    "html": ("<!--",),
}
"""Comment openers per style; a scanner passes the styles its language uses."""

_OPENERS = {"#": r"\#", "//": r"//", "/*": r"/\*", "<!--": r"<!--"}
_NOQA_OPENERS = ("#", "//", "/*")
"""The openers `noqa` follows (as in ruff, flake8 and eslint-style tools); not HTML."""
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_MM_CODE = re.compile(r"MM\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Suppressions:
    """What a file suppresses."""

    line_ignores: dict[int, frozenset[str] | None] = field(default_factory=dict)
    """1-based line -> codes/families suppressed on that line (None: all)."""
    file_ignores: frozenset[str] | None = frozenset()
    """Codes/families suppressed for the whole file (None: all; empty: none)."""


@functools.cache
def _directive(openers: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(_OPENERS[o] for o in openers)
    return re.compile(
        rf"(?:{alts})[ \t]*modelmap[ \t]*:[ \t]*(?P<kind>ignore-file|ignore)\b"
        r"(?:[ \t]*\[(?P<codes>[^\]\n]*)\])?",
        re.IGNORECASE,
    )


@functools.cache
def _noqa(openers: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """`noqa: codes` and bare `noqa` after any of the line-comment openers (`#`, `//`,
    `/*`); None for styles without them (HTML)."""
    alts = "|".join(_OPENERS[o] for o in openers if o in _NOQA_OPENERS)
    if not alts:
        return None
    return (re.compile(rf"(?:{alts})[ \t]*noqa[ \t]*:[ \t]*(?P<codes>[A-Za-z0-9_, \t-]+)",
                       re.IGNORECASE),
            re.compile(rf"(?:{alts})[ \t]*noqa\b(?![ \t]*:)", re.IGNORECASE))


def normalize_codes(raw: str) -> frozenset[str]:
    """`mm101, Shut-Down` -> {'MM101', 'shut-down'}."""
    out = set()
    for token in _TOKEN.findall(raw):
        out.add(token.upper() if _MM_CODE.fullmatch(token) else token.lower())
    return frozenset(out)


def _merge(old: frozenset[str] | None, new: frozenset[str] | None,
           present: bool) -> frozenset[str] | None:
    if not present:
        return new
    if old is None or new is None:
        return None
    return old | new


def parse_suppressions(text: str, styles: Iterable[str] = ("hash",)) -> Suppressions:
    """Find suppression comments in `text` for the given comment styles (see COMMENT_STYLES).

    A directive with an empty bracket (`ignore[]`) suppresses nothing. Linear: two regex scans
    over the whole text, line numbers by bisection over line starts built only on a hit.
    """
    openers = tuple(o for s in styles for o in COMMENT_STYLES[s])
    hits: list[tuple[int, str, frozenset[str] | None]] = []
    for match in _directive(openers).finditer(text):
        codes = None if match.group("codes") is None else normalize_codes(match["codes"])
        hits.append((match.start(), match["kind"].lower(), codes))
    noqa = _noqa(openers)
    if noqa is not None:
        for match in noqa[0].finditer(text):
            mm = frozenset(c.upper() for c in _MM_CODE.findall(match["codes"]))
            if mm:
                hits.append((match.start(), "ignore", mm))
        for match in noqa[1].finditer(text):
            hits.append((match.start(), "ignore", None))
    if not hits:
        return Suppressions()
    starts = LineIndex(text).starts
    lines: dict[int, frozenset[str] | None] = {}
    file_codes: frozenset[str] | None = frozenset()
    for offset, kind, codes in sorted(hits, key=lambda h: h[0]):
        number = bisect.bisect_right(starts, offset)
        if kind == "ignore-file":
            if number <= FILE_LEVEL_LINES:
                file_codes = _merge(file_codes, codes, file_codes != frozenset())
        elif codes is None or codes:
            lines[number] = _merge(lines.get(number), codes, number in lines)
    return Suppressions(lines, file_codes)


def spread(line_ignores: Mapping[int, frozenset[str] | None],
           spans: Iterable[tuple[int, int]]) -> dict[int, frozenset[str] | None]:
    """Let a suppression on any line of a multi-line statement cover all its lines.

    `spans` are (first_line, last_line) of statements (e.g. a call spread over lines); the
    result maps every line of a span to the union of the suppressions found inside it.
    """
    out = dict(line_ignores)
    if not line_ignores:
        return out
    for first, last in spans:
        if last <= first:
            continue
        inside = [n for n in range(first, last + 1) if n in line_ignores]
        if not inside:
            continue
        union: frozenset[str] | None = frozenset()
        for n in inside:
            union = _merge(union, line_ignores[n], True)
        for n in range(first, last + 1):
            out[n] = _merge(out.get(n), union, n in out)
    return out


def unknown_codes(line_ignores: Mapping[int, frozenset[str] | None],
                  file_ignores: frozenset[str] | None) -> list[tuple[int, str]]:
    """(line, token) for every suppressed code or name that no rule has (line 0: a file-level
    directive), each token once, at its first line."""
    if not line_ignores and not file_ignores:
        return []  # nothing suppressed (most files)
    known = _known_codes()
    first: dict[str, int] = {}
    sets = [(0, file_ignores), *sorted(line_ignores.items())]
    for line, codes in sets:
        for code in sorted(codes or ()):
            if code not in known and code not in first:
                first[code] = line
    return sorted((line, code) for code, line in first.items())


@functools.cache
def _known_codes() -> frozenset[str]:
    """Every rule code and name, and every family (tuples fixed at import)."""
    from modelmap.findings import FAMILIES
    from modelmap.rules import RULES

    return frozenset({r.code for r in RULES} | {r.name for r in RULES} | set(FAMILIES))
