"""Document structure for the docs scanner: fenced code blocks and prose units, with lines.

Markdown and MDX go through markdown-it-py (CommonMark plus tables); reStructuredText is read
line by line for its code directives (`.. code-block:: python`, `.. code::`,
`.. sourcecode::`), literal blocks (`::`), paragraphs, list items and table rows.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from modelmap.scan.text import split_lines


@dataclass(frozen=True)
class CodeBlock:
    """One fenced block: its language and where each content line sits in the document."""

    lang: str
    """Info-string language, lower case ('' when none)."""
    first_line: int
    """1-based document line of the first content line."""
    lines: tuple[str, ...]
    """Content lines as a language scanner should see them."""
    offsets: tuple[int, ...]
    """Per content line: characters of document prefix (indent, `> `) before the content."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass(frozen=True)
class Unit:
    """A prose unit: a paragraph, list item paragraph, table row or heading."""

    first: int
    last: int
    """1-based inclusive document lines."""
    kind: str
    """paragraph | row | heading."""
    context: tuple[tuple[int, int], ...] = ()
    """Nearby line ranges that may hold its source: a list's or table's lead-in and
    trailing paragraph, a table's header row."""
    section: str = ""
    """Text of the headings above it (for deciding whether it is about OpenAI)."""
    header: tuple[str, ...] = ()
    """For a table row, the header cells."""


@dataclass
class Doc:
    """A parsed document."""

    lines: list[str]
    blocks: list[CodeBlock] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    """Every block's 1-based (first, last) lines, for own-line suppression comments."""


def body_lines(lines: list[str]) -> list[str]:
    """The lines markdown-it reads: a leading `---` front matter block blanked."""
    body = list(lines)
    if body and body[0].strip() == "---":
        end = next((i for i in range(1, len(body)) if body[i].strip() in ("---", "...")), 0)
        for i in range(end + 1 if end else 0):
            body[i] = ""
    return body


@lru_cache(maxsize=1)
def _markdown_it() -> Any:
    """One parser for every document (building one took ~5% of a parse). Block structure
    only: inline tokens keep their raw `content`; their children (links, emphasis), which
    nothing here reads, are not built (that was ~40% of the parse)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable("inline")


def parse_markdown(text: str, lines: list[str] | None = None) -> Doc:
    """Markdown/MDX structure (front matter is skipped); `lines`: `split_lines(text)`, when
    the caller has it."""
    lines = split_lines(text) if lines is None else lines
    tokens = _markdown_it().parse("\n".join(body_lines(lines)))
    doc = Doc(lines=lines)
    top = [(t.map[0] + 1, t.map[1], t.type) for t in tokens
           if t.level == 0 and t.map is not None and t.nesting >= 0]
    around = _TopIndex(top).around
    headings: dict[int, str] = {}
    header: tuple[str, ...] = ()
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        first, last = tok.map[0] + 1, tok.map[1]
        if tok.nesting >= 0:
            doc.spans.append((first, last))
        if tok.type == "fence":
            doc.blocks.append(_fence(lines, tok.info, tok.content, first))
        elif tok.type == "heading_open":
            level = int(tok.tag[1])
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = tokens[i + 1].content
            doc.units.append(Unit(first, last, "heading", section=_section(headings)))
        elif tok.type == "tr_open":
            cells = _cells(tokens, i)
            if tokens[i - 1].type == "thead_open":
                header = cells
                continue
            ctx = around(first) + ((_table_head(top, first),) if top else ())
            doc.units.append(Unit(first, last, "row", ctx, _section(headings), header))
        elif tok.type == "paragraph_open":
            doc.units.append(Unit(first, last, "paragraph", around(first),
                                  _section(headings)))
    return doc


def _section(headings: dict[int, str]) -> str:
    return " / ".join(headings[k] for k in sorted(headings))


def _cells(tokens: list, start: int) -> tuple[str, ...]:  # type: ignore[type-arg]
    out: list[str] = []
    for tok in tokens[start + 1:]:
        if tok.type == "tr_close":
            break
        if tok.type == "inline":
            out.append(tok.content)
    return tuple(out)


_CONTAINERS = ("bullet_list_open", "ordered_list_open", "table_open", "blockquote_open")


def _around(top: list[tuple[int, int, str]], line: int) -> tuple[tuple[int, int], ...]:
    """Lead-in and trailing paragraphs of the top-level list/table holding `line`."""
    for k, (first, last, kind) in enumerate(top):
        if first <= line <= last and kind in _CONTAINERS:
            return _neighbours(top, k)
    return ()


def _neighbours(top: list[tuple[int, int, str]], k: int) -> tuple[tuple[int, int], ...]:
    out = []
    if k > 0 and top[k - 1][2] == "paragraph_open":
        out.append(top[k - 1][:2])
    if k + 1 < len(top) and top[k + 1][2] == "paragraph_open":
        out.append(top[k + 1][:2])
    return tuple(out)


class _TopIndex:
    """`_around` in O(log n) per lookup (a linear scan per paragraph was quadratic on long
    documents). Same answer: the first container, in document order, holding the line."""

    def __init__(self, top: list[tuple[int, int, str]]) -> None:
        self.top = top
        conts = [(first, last, k) for k, (first, last, kind) in enumerate(top)
                 if kind in _CONTAINERS]
        self.firsts = [c[0] for c in conts]
        self.keys = [c[2] for c in conts]
        self.reach: list[int] = []  # running max of the containers' last lines
        for _, last, _ in conts:
            self.reach.append(max(last, self.reach[-1]) if self.reach else last)
        self.ordered = self.firsts == sorted(self.firsts)

    def around(self, line: int) -> tuple[tuple[int, int], ...]:
        if not self.ordered:
            return _around(self.top, line)
        started = bisect.bisect_right(self.firsts, line)  # containers with first <= line
        i = bisect.bisect_left(self.reach, line)  # first container with last >= line
        return _neighbours(self.top, self.keys[i]) if i < started else ()


def _table_head(top: list[tuple[int, int, str]], line: int) -> tuple[int, int]:
    for first, last, kind in top:
        if kind == "table_open" and first <= line <= last:
            return first, first
    return line, line


def _fence(lines: list[str], info: str, content: str, fence_line: int) -> CodeBlock:
    lang = info.strip().split()[0].strip("{}.").lower() if info.strip() else ""
    body = content.split("\n")[:-1] if content else []
    offsets = []
    for k, part in enumerate(body):
        doc_line = lines[fence_line + k] if fence_line + k < len(lines) else part
        pos = doc_line.rfind(part) if part else 0
        offsets.append(pos if pos >= 0 and doc_line.endswith(part) else 0)
    return CodeBlock(lang, fence_line + 1, tuple(body), tuple(offsets))


_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?:code-block|code|sourcecode)::\s*(?P<lang>\S*)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|#\.)\s+")
_ADORNMENT = re.compile(r"^([=\-~^\"'`#*+_.:])\1{2,}\s*$")


def parse_rst(text: str) -> Doc:
    """reStructuredText structure: code directives, literal blocks skipped, prose units."""
    lines = split_lines(text)
    doc = Doc(lines=lines)
    i, n = 0, len(lines)
    para: list[int] = []
    section = ""

    def flush() -> None:
        if para:
            doc.units.append(Unit(para[0], para[-1], "paragraph", section=section))
            doc.spans.append((para[0], para[-1]))
            para.clear()

    while i < n:
        line = lines[i]
        m = _DIRECTIVE.match(line)
        literal = not m and line.rstrip().endswith("::") and not line.lstrip().startswith("..")
        if m or literal or line.lstrip().startswith(".. "):
            if literal and line.strip() != "::":
                para.append(i + 1)
            flush()
            j = i + 1
            while j < n and (not lines[j].strip() or _indent(lines[j]) > _indent(line)):
                j += 1
            starts = [k for k in range(i + 1, j)
                      if lines[k].strip() and not lines[k].strip().startswith(":")]
            if m and starts:
                doc.blocks.append(_rst_block(lines, starts[0], j, m["lang"].lower()))
                doc.spans.append((i + 1, j))
            i = j
            continue
        if not line.strip():
            flush()
        elif i + 1 < n and _ADORNMENT.match(lines[i + 1]) and line.strip():
            flush()
            section = line.strip()
            doc.units.append(Unit(i + 1, i + 1, "heading", section=section))
            i += 2
            continue
        elif _ADORNMENT.match(line):
            flush()
        else:
            if _LIST_ITEM.match(line) or line.lstrip().startswith("|"):
                flush()
            para.append(i + 1)
        i += 1
    flush()
    return doc


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _rst_block(lines: list[str], first: int, end: int, lang: str) -> CodeBlock:
    while end > first and not lines[end - 1].strip():
        end -= 1
    body = lines[first:end]
    cut = min(_indent(x) for x in body if x.strip())
    return CodeBlock(lang, first + 1, tuple(x[cut:] for x in body),
                     tuple(cut if x.strip() else 0 for x in body))
