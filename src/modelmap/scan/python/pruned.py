"""Function bodies a Python scan cannot need, blanked before parsing a large file.

A scan reports calls only on its hint lines (see scanner._Finder._hit_lines), so the body of
a function (or method, at any depth) holding no such line never yields a call. `prune` keeps
every `def` header, puts `...` on the body's first line and empties its other lines: line
and column numbers of everything kept stay exact. It reads the text with strings and
comments emptied (regions.skeleton), so a `def`, a bracket or a line at column zero inside a
string is never taken for code.

A body is kept when it holds a line matching the scanner's import-free hint patterns, a
wrapper or v0 name the file imports from a wrapper package (aliases included), or a module of
those packages followed by a wrapper name. A blanked body keeps its import statements
(imports anywhere decide what the module's names mean), each on its own lines and moved to
the body's indentation; a body whose import shares its line or ends in a backslash is kept.
What the scan may still need from a blanked body is checked after
the parse, and the scanner then parses the whole file (NeedFull): a hint line computed from
the parsed imports or a helper call site (`Pruned.covers`), a `self.<attr>` lookup of a name
written as `.<name> =` or `.<name>:` in a blanked body (`Pruned.attrs`, see Guarded).

A body is blanked only when its brackets balance and its last line does not end in a
backslash; a text the skeleton cannot follow is not pruned. A syntax error inside a blanked
body goes unreported (such a body has no hint line, so it cannot hide a call); strict scans
never prune.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any, Protocol

from modelmap.scan.python.names import PACKAGE_PATTERN, UNIMPORTED, V0_CLASSES, WRAPPER_NAMES
from modelmap.scan.python.regions import skeleton


class Hints(Protocol):
    """What the scanner and its pruning need of a hint pattern."""

    def finditer(self, string: str) -> Iterator[re.Match[str]]: ...


MIN_SIZE = 8000
"""Characters below which a file is parsed whole (pruning would not pay)."""
_DEF = re.compile(r"def[ \t]+\w")
"""A `def` (one that starts its line, see _indent)."""
_ASYNC = re.compile(r"[ \t]*async[ \t]+")
_IMPORT = re.compile(r"import\b")
"""In a skeleton (no strings or comments), the word `import` is an import."""
_STATEMENT = re.compile(r"[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import\b")
"""A skeleton line that starts an import statement."""
_ATTR = re.compile(r"\.[ \t]*(\w+)[ \t]*(?::|=(?!=))")
_FROM = re.compile(rf"from[ \t]+{PACKAGE_PATTERN}\b[\w.]*[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)")
_MODULE = re.compile(rf"import[ \t]+({PACKAGE_PATTERN}\b[\w.]*)(?:[ \t]+as[ \t]+(\w+))?")
_NAMES = (*WRAPPER_NAMES, *V0_CLASSES)


@dataclass(frozen=True)
class Pruned:
    """A text with some function bodies blanked."""

    text: str
    spans: list[tuple[int, int]]
    """Blanked line ranges (1-based, inclusive), sorted."""
    attrs: frozenset[str]
    """Names written as `.<name> =` or `.<name>:` in a blanked body."""

    def covers(self, lines: list[int]) -> bool:
        """Does any of the sorted `lines` fall in a blanked body?"""
        starts = [s for s, _ in self.spans]
        for line in lines:
            i = bisect.bisect_right(starts, line) - 1
            if i >= 0 and self.spans[i][1] >= line:
                return True
        return False


@cache
def _dedent(width: int) -> re.Pattern[str]:
    """A line break before a non-blank, non-comment line indented at most `width`."""
    return re.compile(rf"\n(?=[ \t]{{0,{width}}}[^ \t\n#\r])")


class NeedFull(Exception):
    """The scan needs a blanked body: parse the whole file."""


class Guarded(dict[str, list[Any]]):
    """`ModuleInfo.self_attrs` of a tree with blanked bodies: asking for an attribute a
    blanked body may assign raises NeedFull (the answer could be incomplete)."""

    def __init__(self, hidden: frozenset[str]) -> None:
        super().__init__()
        self.hidden = hidden

    def _check(self, key: object) -> None:
        if key in self.hidden:
            raise NeedFull(key)

    def __contains__(self, key: object) -> bool:
        self._check(key)
        return super().__contains__(key)

    def __getitem__(self, key: str) -> list[Any]:
        self._check(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._check(key)
        return super().get(key, default)


def parse(text: str, starts: list[int], hints: Sequence[Hints]
          ) -> tuple[Pruned, ast.Module] | None:
    """The pruned text and its tree, or None (parse the whole text): nothing to blank, or
    the pruned text does not parse (the whole text then reports its own error)."""
    cut = prune(text, starts, hints)
    if cut is None:
        return None
    try:
        return cut, ast.parse(cut.text)
    except (SyntaxError, ValueError, RecursionError):
        return None


def _words(text: str) -> list[re.Pattern[str]]:
    """Names the file may call a wrapper or v0 class by: those imported from a wrapper
    package (with their aliases), modules of those packages, names bound to an SDK chain."""
    names = {n for n in UNIMPORTED if n in text}
    modules = set()
    for m in _FROM.finditer(text):
        for item in m.group(1).strip("()").split(","):
            parts = item.split()
            if parts and parts[0] in _NAMES:
                names.add(parts[-1])
    for m in _MODULE.finditer(text):
        modules.add(m.group(2) or m.group(1).split(".", 1)[0])
    out = []
    if names:
        out.append(re.compile(rf"\b(?:{_alternatives(names)})\s*[(.]"))
    if modules:
        out.append(re.compile(rf"(?:{_alternatives(modules)})\s*\.\s*(?:{_alternatives(set(_NAMES))})\b"))
    return out


def _alternatives(words: set[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def prune(text: str, starts: list[int], hints: Sequence[Hints]) -> Pruned | None:
    """`text` with the bodies that hold no hint line blanked, or None (nothing blanked, or a
    text the skeleton cannot follow). `starts`: the text's line starts; `hints`: the
    scanner's patterns that do not depend on the file's imports."""
    skel = skeleton(text)
    if skel is None:
        return None
    keep = sorted({bisect.bisect_right(starts, m.start())
                   for pattern in (*hints, *_words(text)) for m in pattern.finditer(text)})
    sstarts = [0, *accumulate(map((1).__add__, map(len, skel.split("\n")[:-1])))]
    spans: list[tuple[int, int]] = []
    indents: list[str] = []
    attrs: set[str] = set()
    imports: list[list[tuple[int, bool]]] = []
    done = -1  # skeleton offset up to which bodies are blanked
    for m in _DEF.finditer(skel):
        if m.start() < done:
            continue
        line = skel.rfind("\n", 0, m.start()) + 1
        indent = skel[line:m.start()]
        if indent.strip(" \t"):
            if not _ASYNC.fullmatch(indent):
                continue
            indent = indent[:len(indent) - len(indent.lstrip(" \t"))]
        head = _header_end(skel, m.start())
        if head is None:
            continue
        end = _dedent(len(indent)).search(skel, head)
        cut = end.start() if end is not None else len(skel)
        first = bisect.bisect_right(sstarts, head + 1)
        last = bisect.bisect_right(sstarts, max(cut - 1, head + 1))
        i = bisect.bisect_left(keep, first)
        if (i < len(keep) and keep[i] <= last) or skel[cut - 1:cut] == "\\":
            continue
        body = skel[head + 1:cut]
        if not body.strip(" \t\n#") or _unbalanced(body):
            continue
        kept = _imports_in(body, first) if _IMPORT.search(body) else []
        if kept is None:
            continue
        spans.append((first, last))
        indents.append(indent)
        imports.append(kept)
        attrs.update(_ATTR.findall(body))
        done = cut
    if not spans:
        return None
    out = text.split("\n")
    for (first, last), indent, kept in zip(spans, indents, imports, strict=True):
        lines = {k: out[k - 1] for k, _ in kept}
        out[first - 1] = indent + " ..."
        for k in range(first, last):
            out[k] = ""
        for k, starts_statement in kept:  # re-indented to the body's (one space past the def)
            out[k - 1] = indent + " " + lines[k].lstrip(" \t") if starts_statement else lines[k]
    return Pruned("\n".join(out), spans, frozenset(attrs))


def _imports_in(body: str, first: int) -> list[tuple[int, bool]] | None:
    """The lines of a body's import statements ((line, starts the statement)), to keep when
    the body is blanked: imports anywhere decide what the module's names mean. None when
    one cannot be kept alone (it shares its line or ends in a backslash)."""
    out: list[tuple[int, bool]] = []
    lines = body.split("\n")
    k = 0
    while k < len(lines):
        line = lines[k]
        if _IMPORT.search(line) is None:
            k += 1
            continue
        if _STATEMENT.match(line) is None or line.rstrip().endswith("\\"):
            return None
        out.append((first + k, True))
        piece = line
        while _unbalanced(piece):  # `from x import (` ... `)`
            k += 1
            if k >= len(lines) or lines[k].rstrip().endswith("\\"):
                return None
            piece += lines[k]
            out.append((first + k, False))
        if ";" in piece:
            return None
        k += 1
    return out


def _header_end(skel: str, start: int) -> int | None:
    """Offset of the `:` ending the def header at `start` when the body starts on the next
    line; None otherwise (a one-line def, or a header we cannot follow)."""
    colon = skel.find(":", start)
    while colon >= 0:
        piece = skel[start:colon]
        if not _unbalanced(piece):
            eol = skel.find("\n", colon)
            if eol < 0 or skel[colon + 1:eol].strip(" \t#\r"):
                return None
            return eol
        colon = skel.find(":", colon + 1)
    return None


def _unbalanced(piece: str) -> bool:
    return (piece.count("(") != piece.count(")") or piece.count("[") != piece.count("]")
            or piece.count("{") != piece.count("}"))
