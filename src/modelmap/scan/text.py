"""Line and column arithmetic shared by the scanners (linear set-up, O(log n) look-ups).

Lines break at `\\r\\n`, `\\r` and `\\n` only, as Python's own tokenizer counts them (a form
feed or U+2028 is not a line break), so every scanner agrees with `ast` line numbers.
Columns in results are 1-based character columns; `ast` gives UTF-8 byte offsets, which
`char_col` converts.
"""

from __future__ import annotations

import ast
import bisect
import re
from itertools import accumulate

from modelmap.validate.call import Span

_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTE = re.compile(r"(?i)[rbuf]*('\'\''|\"\"\"|'|\")")


def split_lines(text: str) -> list[str]:
    """The lines of `text` without their line breaks."""
    return _BREAK.split(text)


class LineIndex:
    """Maps character offsets to (line, column) and byte columns to character columns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._lines: list[str] | None = None

    @property
    def starts(self) -> list[int]:
        """Offset of each line's first character (built on first use: most indexes made for
        a text that might hold a finding are never asked)."""
        if self._starts is None:
            text = self.text
            if "\r" in text:
                self._starts = [0, *(m.end() for m in _BREAK.finditer(text))]
            else:  # the common case, at C speed: 1 + length of each line, accumulated
                parts = text.split("\n")
                self._starts = [0, *accumulate(map((1).__add__, map(len, parts[:-1])))]
        return self._starts

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def line_text(self, line: int) -> str:
        """Text of a 1-based line ('' past the end)."""
        lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def position(self, offset: int) -> tuple[int, int]:
        """Character offset -> (1-based line, 1-based column)."""
        starts = self._starts if self._starts is not None else self.starts  # hot: no property
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """(1-based line, 1-based column) -> character offset."""
        starts = self._starts if self._starts is not None else self.starts
        return starts[line - 1] + column - 1

    def span(self, start: int, end: int) -> Span:
        """Character offsets [start, end) -> Span."""
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Span(line, col, end_line, end_col)

    def char_col(self, line: int, byte_col: int) -> int:
        """0-based UTF-8 byte column on a 1-based line -> 0-based character column."""
        text = self.line_text(line)
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    # -- Python ast nodes (byte columns) -------------------------------------------------------

    def node_offsets(self, node: ast.expr) -> tuple[int, int]:
        """Character offsets [start, end) of an ast expression."""
        end_line = node.end_lineno or node.lineno
        start = self.offset(node.lineno, self.char_col(node.lineno, node.col_offset) + 1)
        end = self.offset(end_line, self.char_col(end_line, node.end_col_offset or 0) + 1)
        return start, end

    def node_span(self, node: ast.expr) -> Span:
        return self.span(*self.node_offsets(node))

    def inner_span(self, node: ast.Constant, skip: int = 0) -> Span | None:
        """Span of the characters inside a string literal's quotes, after `skip` leading
        characters; None when the source differs from the value (escapes, implicit
        concatenation)."""
        start, end = self.node_offsets(node)
        raw = self.text[start:end]
        m = _QUOTE.match(raw)
        if m is None or not raw.endswith(m.group(1)) or len(raw) < m.end() + len(m.group(1)):
            return None
        body = raw[m.end(): len(raw) - len(m.group(1))]
        if body != node.value:
            return None
        return self.span(start + m.end() + skip, start + m.end() + len(body))
