"""Top-level statements of a Python file, told apart without parsing it.

`split` cuts a text into its top-level statements: a skeleton of the text with every
comment and string literal emptied (their line breaks kept) shows where each line really
starts; a line at column 0 that is not inside brackets, not after a backslash, not an
`else`/`elif`/`except`/`finally`/`case` or a closing bracket, starts a statement, and
decorators go with what they decorate. Each region keeps its skeleton, so a question about
one function ("does it call an SDK method with `model=`?") is answered from its own code,
never from a string or a comment, at a fraction of the cost of parsing the file.

A text the skeleton cannot follow (old Mac line breaks, brackets that do not balance) is
not split (None): the caller parses the file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

STRING = (r'"""(?:[^"\\]++|\\.|"(?!""))*+"""|' r"'''(?:[^'\\]++|\\.|'(?!''))*+'''|"
          r'"(?:[^"\\\n]++|\\.)*+"|' r"'(?:[^'\\\n]++|\\.)*+'")
"""A string literal from its opening quote (pattern text, for re.DOTALL)."""
LEX = re.compile(r"#[^\n]*|" + STRING, re.DOTALL)
"""Comments and string literals (a prefix such as `f` or `rb` stays in the skeleton)."""
_START = re.compile(r"\n(?=[^\s#])(?!(?:else|elif|except|finally|case)\b|[)\]}])")
"""A line break before a line that starts a top-level statement (in the skeleton), unless
the line before ends with a backslash."""
_GAP = r"(?:[ \t]|\\\r?\n)+"
_HEAD = re.compile(rf"(?:async{_GAP})?def{_GAP}(\w+)|class{_GAP}(\w+)")


def _blank(match: re.Match[str]) -> str:
    found = match.group()
    if found[0] == "#":
        return "#"
    breaks = found.count("\n")
    return "\n" * breaks + " 0" if breaks else "0"


@dataclass
class Region:
    """One top-level statement (with its decorators)."""

    start: int
    """First line (1-based)."""
    end: int
    """Last line (the blank and comment lines after the statement included)."""
    kind: str
    """def | class | code."""
    name: str | None
    """The name a def or class binds."""
    skeleton: str = field(repr=False)
    """The region's text with comments and strings emptied."""


def _deep(match: re.Match[str]) -> str:
    found = match.group()
    if found[0] == "#":
        return "#"
    breaks = found.count("\n")
    return "\n" * breaks + " " * 256 + "0" if breaks else "0"


def skeleton(text: str) -> str | None:
    """`text` with every comment and string literal emptied, line breaks kept, and what
    follows a multi-line string indented deeper than any statement (so no line inside or
    after one looks like a dedent); None for a text with old Mac line breaks."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    skel = LEX.sub(_deep, text)
    return skel if skel.count("\n") == text.count("\n") else None


def split(text: str) -> list[Region] | None:
    """The top-level regions of `text`, or None when they cannot be told apart safely."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    skeleton = LEX.sub(_blank, text)
    if skeleton.count("\n") != text.count("\n"):
        return None  # cannot happen: every replacement keeps its line breaks
    count = text.count("\n") + 1
    cuts = [m.start() + 1 for m in _START.finditer(skeleton)]
    if "\\\n" in skeleton or "\\\r\n" in skeleton:  # a backslash continues the line
        cuts = [c for c in cuts if skeleton[c - 2] != "\\" and skeleton[c - 3:c - 1] != "\\\r"]
    cuts = [0, *cuts, len(skeleton)]
    regions: list[Region] = []
    depth = 0
    line = 1
    begin = 0  # skeleton offset where the current region starts
    first = 1
    head = -1  # skeleton offset of its first statement that is not a decorator
    decorator = False
    for lo, hi in itertools.pairwise(cuts):
        piece = skeleton[lo:hi]
        if not depth:  # a statement starts here
            decorator = piece.startswith("@")
            if not decorator and head < 0:
                head = lo
        depth += (piece.count("(") + piece.count("[") + piece.count("{")
                  - piece.count(")") - piece.count("]") - piece.count("}"))
        if depth < 0:
            return None
        line += piece.count("\n")
        if depth or decorator or hi == lo:
            continue  # inside brackets, or a decorator: the statement goes on
        end = line - 1 if hi < len(skeleton) else count
        m = _HEAD.match(skeleton, head) if head >= 0 else None
        kind, name = ("code", None) if m is None else (
            ("def", m.group(1)) if m.group(1) else ("class", m.group(2)))
        regions.append(Region(first, max(end, first), kind, name, skeleton[begin:hi]))
        begin, first, head = hi, line, -1
    if depth or not regions or begin != len(skeleton):
        return None
    return regions
