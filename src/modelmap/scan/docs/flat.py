"""The fenced code blocks of a "flat" Markdown document, read line by line (no markdown-it).

A document is flat when every line that could open or close a fence (` ``` ` or `~~~` after
nothing but spaces, tabs and container marks `> - * + 1. 1)`) starts at column 0, every such
fence is closed, and no HTML block can hold one. `flat_blocks` then returns exactly the
`CodeBlock`s `parse_markdown` finds (tests/test_docs_flat.py compares the two on generated
documents), and None for any other document. Why a column-0 fence line outside a fence and
outside an HTML block always opens a top-level fence in CommonMark (and markdown-it):

- a fence interrupts a paragraph, a setext heading's text, a table, a link reference
  definition, and a block quote's or list item's lazy continuation (it is in each of their
  terminator lists); a list item, block quote or indented code block cannot hold an
  unindented, unmarked line;
- only a table header comes before a fence in markdown-it's rule order, and it needs a `|`
  on its line: such an opener makes the document not flat;
- a backtick fence's info string has no backtick (else the line is text, not a fence);
- HTML blocks: a line starting with `<` may open one, which runs to a blank line (types 6
  and 7) or to its closing mark (types 1-5: `-->`, `?>`, `>`, `]]>`, `</script>` ...). The
  reading assumes the longer of the two and gives up if a fence line falls inside.

Inside a top-level fence the closing line is one of at least as many of the same marker
characters followed by spaces or tabs only; column 0 is the only place one can be here.
Content lines are taken whole (a column-0 fence removes no indent). The docs scanner uses
this only for documents whose prose can yield nothing (it needs no paragraphs, headings or
tables then) and that hold no suppression comment of their own (it needs no block spans).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from modelmap.scan.docs.blocks import Doc, _fence, body_lines
from modelmap.scan.text import split_lines

_CANDIDATE = re.compile(r"^([ \t>*+\-.)0-9]*)(?:```|~~~)", re.MULTILINE)
"""A line that could open or close a fence in some container (group 1: what precedes)."""
_HTML_START = re.compile(r"^[ \t]*<", re.MULTILINE)
_RAW_HTML = (  # CommonMark HTML block types 1-5: start, and the mark that ends the block
    (re.compile(r"<(?:script|pre|style|textarea)(?:\s|>|$)", re.IGNORECASE),
     re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
)


def flat_blocks(text: str) -> Doc | None:
    """A Doc with the document's fenced blocks only (no units, no spans), or None when the
    document is not flat (see the module docstring)."""
    if "\0" in text:  # markdown-it turns NUL into U+FFFD inside a block's content
        return None
    lines = split_lines(text)
    body = body_lines(lines)
    joined = "\n".join(body)
    fences: list[int] = []  # indexes of the lines that could open or close a fence
    row, pos = 0, 0
    for m in _CANDIDATE.finditer(joined):
        if m.group(1):
            return None  # indented, or in a block quote or list item: markdown-it decides
        row += joined.count("\n", pos, m.start())
        pos = m.start()
        fences.append(row)
    doc = Doc(lines=lines)
    if not fences:
        return doc
    html = _line_numbers(_HTML_START.finditer(joined), joined)
    i, k, h = 0, 0, 0  # next line to read; next fence line; next HTML line
    while k < len(fences):
        while h < len(html) and html[h] < fences[k]:
            if html[h] >= i and _html_end(body, html[h]) >= fences[k]:
                return None  # an HTML block may hold this fence line
            h += 1
        i = fences[k]
        line = body[i]
        marker = line[0]
        length = len(line) - len(line.lstrip(marker))
        params = line[length:]
        k += 1
        if length < 3 or (marker == "`" and "`" in params):
            continue  # text, not a fence
        if "|" in line:
            return None  # could be a table header (markdown-it tries tables first)
        while k < len(fences) and not _closes(body[fences[k]], marker, length):
            k += 1
        if k == len(fences):
            return None  # unclosed: runs to the end of the document (or its container)
        close = fences[k]
        content = "".join(body[j] + "\n" for j in range(i + 1, close))
        doc.blocks.append(_fence(lines, params, content, i + 1))
        k += 1
        i = close + 1
    return doc


def _line_numbers(matches: Iterator[re.Match[str]], joined: str) -> list[int]:
    """The 0-based line of each match, in order."""
    out: list[int] = []
    row, pos = 0, 0
    for m in matches:
        row += joined.count("\n", pos, m.start())
        pos = m.start()
        out.append(row)
    return out


def _closes(line: str, marker: str, length: int) -> bool:
    run = len(line) - len(line.lstrip(marker))
    return run >= length and not line[run:].strip(" \t")


def _html_end(body: list[str], i: int) -> int:
    """The last line an HTML block opened on line `i` can reach: up to a blank line, or for
    types 1-5 to the line with their closing mark, whichever is later."""
    end = next((j for j in range(i + 1, len(body)) if not body[j].strip(" \t")), len(body))
    head = body[i].lstrip(" \t")
    for start, stop in _RAW_HTML:
        if start.match(head):
            end = max(end, next((j for j in range(i, len(body)) if stop.search(body[j])),
                                len(body)))
    return end
