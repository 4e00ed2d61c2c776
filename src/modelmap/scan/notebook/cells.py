"""The cells of a Jupyter notebook, with where each character of their source sits in the file.

A cell's `source` is a JSON string or a list of strings (nbformat 4; nbformat 3 keeps
`worksheets[].cells[].input`). Each source string is decoded here with the file offset of
every character (escapes such as `\\"`, `\\n` and `\\u00e9` included), so a position in a
cell maps to the exact spot in the `.ipynb` file: the line an editor, SARIF or a GitHub
annotation opens, and the span `--fix` rewrites in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from modelmap.scan.config.tree import Node, parse_json
from modelmap.scan.text import LineIndex

_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r",
           "t": "\t"}


@dataclass(frozen=True)
class Cell:
    """One cell: its 1-based number among all cells, kind, source and source offsets."""

    number: int
    kind: str
    """code | markdown | raw (an nbformat 3 heading cell is markdown, `#`s added)."""
    text: str
    offsets: tuple[int, ...]
    """File offset of each character of `text`, plus one for the end (len(text) + 1)."""


@dataclass(frozen=True)
class Notebook:
    """A parsed notebook."""

    cells: tuple[Cell, ...]
    language: str
    """The kernel's language, lower case ('python' when the notebook does not say)."""
    lines: LineIndex
    """Of the whole file."""


def read_notebook(text: str) -> Notebook:
    """Parse a notebook file; raises ValueError when it is not notebook JSON."""
    lines = LineIndex(text)
    root = parse_json(text, lines)
    if root.items is None:
        raise ValueError("not a notebook (the top level is not an object)")
    found = root.get("cells")
    if found is not None and found.elems is not None:
        elems = found.elems
    elif found is None and (root.get("worksheets") is not None
                            or root.get("nbformat") is not None):
        elems = []  # nbformat 3: the cells of every worksheet (none is a valid notebook)
        sheets = root.get("worksheets")
        for sheet in sheets.elems or [] if sheets is not None else []:
            inner = sheet.get("cells")
            elems += inner.elems or [] if inner is not None else []
    else:
        raise ValueError("not a notebook (no cells list)")
    out = []
    for number, node in enumerate(elems, start=1):
        kind = node.get("cell_type")
        source = node.get("source") or node.get("input")
        if kind is None or not isinstance(kind.value, str) or source is None:
            continue
        text_, offsets = _source(source, lines)
        level = node.get("level")
        if kind.value == "heading" and isinstance(level, Node) and isinstance(level.value, int):
            # nbformat 3 heading cell: a markdown heading (the `#`s sit on its first character)
            mark = "#" * max(1, min(level.value, 6)) + " "
            text_, offsets = mark + text_, (offsets[0],) * len(mark) + offsets
            out.append(Cell(number, "markdown", text_, offsets))
            continue
        out.append(Cell(number, kind.value, text_, offsets))
    return Notebook(tuple(out), _language(root), lines)


def _language(root: Node) -> str:
    meta = root.get("metadata")
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        part = meta.get(section) if meta is not None else None
        value = part.get(key) if part is not None else None
        if value is not None and isinstance(value.value, str):
            return value.value.lower()
    return "python"


def _source(node: Node, lines: LineIndex) -> tuple[str, tuple[int, ...]]:
    parts = node.elems if node.elems is not None else [node]
    chars: list[str] = []
    offsets: list[int] = []
    end = None
    for part in parts:
        if not isinstance(part.value, str) or part.near is None:
            continue
        start = lines.offset(part.near.line, part.near.column) + 1  # past the quote
        stop = lines.offset(part.near.end_line, part.near.end_column) - 1
        for ch, at in _decode(lines.text[start:stop], start):
            chars.append(ch)
            offsets.append(at)
        end = stop
    offsets.append(end if end is not None else 0)
    return "".join(chars), tuple(offsets)


def _decode(raw: str, base: int) -> Iterator[tuple[str, int]]:
    """(character, file offset where its spelling starts) for a JSON string's inside."""
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch != "\\":
            yield ch, base + i
            i += 1
            continue
        esc = raw[i + 1:i + 2]
        if esc != "u":
            yield _SIMPLE.get(esc, esc), base + i
            i += 2
            continue
        code = int(raw[i + 2:i + 6], 16)
        if 0xD800 <= code < 0xDC00 and raw[i + 6:i + 8] == "\\u":
            low = int(raw[i + 8:i + 12], 16)
            yield chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), base + i
            i += 12
        else:
            yield chr(code), base + i
            i += 6
