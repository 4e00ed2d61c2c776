"""Read what can be read of a Python file with a syntax error.

`ast` stops at the first error, and a file that does not parse used to be reported as checked
and clean. Here the top-level region around the error (from the last line that starts a
statement at column 0 before it, to the line before the next one) is blanked, keeping every
line break so line and column numbers stay those of the file, and the text is parsed again;
repeated for later errors up to `MAX_ROUNDS` times. `else`/`elif`/`except`/`finally` lines
belong to the statement above them, so a broken `if` or `try` goes as a whole, and
decorators go with what they decorate. The caller
reports the first error and how many lines were left out as a note on the file.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

MAX_ROUNDS = 40
"""Parses tried before giving up on a file (each round blanks at least one line)."""
_PARTS = re.compile(r"(\r\n|\r|\n)")
_CONTINUES = re.compile(r"(?:else|elif|except|finally|case)\b|[)\]}]")


@dataclass(frozen=True)
class Recovered:
    """The outcome for one broken file."""

    tree: ast.Module | None
    """The tree of the readable part (None: nothing could be parsed)."""
    text: str
    """The text that tree was parsed from: the file with the unreadable lines blanked."""
    line: int
    """Line of the first syntax error."""
    message: str
    """Its message, as Python gives it."""
    blanked: tuple[int, ...] = ()
    """Lines (1-based) left out, in order."""

    def note(self, where: str = "") -> str:
        """`syntax error at line 4: invalid syntax (lines 4-6 not read, the rest was
        checked)`; `where` replaces `line 4` (a notebook names the cell)."""
        place = where or f"line {self.line}"
        if self.tree is None:
            return f"syntax error at {place}: {self.message}"
        return f"syntax error at {place}: {self.message} ({_lines(self.blanked)} not read, " \
               "the rest was checked)"


def _lines(blanked: tuple[int, ...]) -> str:
    if len(blanked) == 1:
        return f"line {blanked[0]}"
    if blanked[-1] - blanked[0] + 1 == len(blanked):
        return f"lines {blanked[0]}-{blanked[-1]}"
    return f"{len(blanked)} lines"


def recover_python(text: str, error: SyntaxError) -> Recovered:
    """Parse `text` (which raised `error`) leaving out the regions that do not parse."""
    parts = _PARTS.split(text)
    contents = parts[0::2]
    first_line = error.lineno or 1
    message = error.msg or "invalid syntax"
    blanked: set[int] = set()
    current: BaseException = error
    for _ in range(MAX_ROUNDS):
        line = getattr(current, "lineno", None) or len(contents)
        region = _region(contents, min(max(line, 1), len(contents)), blanked)
        if not region:
            break
        for number in region:
            contents[number - 1] = ""
            blanked.add(number)
        parts[0::2] = contents
        candidate = "".join(parts)
        try:
            tree = ast.parse(candidate)
        except SyntaxError as exc:
            current = exc
            continue
        except (ValueError, RecursionError):
            break
        if not any(line.strip() and not line.lstrip().startswith("#") for line in contents):
            break  # nothing left to read
        return Recovered(tree, candidate, first_line, message, tuple(sorted(blanked)))
    return Recovered(None, text, first_line, message)


def _starts(line: str) -> bool:
    """Does this line start a top-level statement?"""
    return bool(line) and not line[0].isspace() and line[0] != "#" and not _CONTINUES.match(
        line)


def _region(contents: list[str], line: int, blanked: set[int]) -> list[int]:
    """The non-blank lines of the top-level region holding `line` (or, when that region is
    already blank, of the nearest region above it that is not)."""
    while True:
        start = line
        while start > 1 and not _starts(contents[start - 1]):
            start -= 1
        above = start - 1
        while above >= 1 and (not contents[above - 1].strip()
                              or contents[above - 1].startswith("@")):
            if contents[above - 1].startswith("@"):
                start = above  # a decorator goes with what it decorates
            above -= 1
        end = line
        while end < len(contents) and not _starts(contents[end]):
            end += 1
        found = [n for n in range(start, end + 1)
                 if contents[n - 1].strip() and n not in blanked]
        if found or start <= 1:
            return found
        line = start - 1


def first_error(root: Any) -> tuple[int, str] | None:
    """(1-based line, what) of the first ERROR or MISSING node of a tree-sitter tree whose
    root `has_error` (tree-sitter recovers around it: the rest of the tree is usable)."""
    node = root
    while node is not None:
        if node.is_missing:
            return node.start_point[0] + 1, f"missing {node.type!r}"
        if node.type == "ERROR" and not any(c.has_error for c in node.children):
            return node.start_point[0] + 1, "unexpected syntax"
        node = next((c for c in node.children if c.has_error or c.is_missing), None)
    return None
