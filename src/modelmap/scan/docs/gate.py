"""What a document's prose can yield, decided on its text before anything is parsed.

`read_doc` runs markdown-it only when something can come of a document's paragraphs or
blocks: a flat document (modelmap.scan.docs.flat) whose prose can yield nothing gets its
fenced blocks read line by line, one with no fence a block scanner reads gets nothing read.
`prose_possible(prose, whole, catalog)` says whether any of the three prose passes can report
anything in a document. `prose` is the document's text with its
fenced code blocks' contents blanked (no prose unit, table row, heading or list/table context
reaches into them; the whole text when the blocks are not known yet), `whole` the document
lines joined by "\\n" (what the "names OpenAI anywhere" search reads). Each test is a
superset of its pass, for these reasons:

- claims (MM601/MM602): a unit's claim counts only when its topic (the unit, the paragraphs
  around its list or table, the headings above it) names OpenAI, or it says "API" and the
  document names OpenAI somewhere; every part of a topic is document lines, and the patterns
  read no newline, so a topic that names OpenAI means the prose does. The claim itself is a
  match of one of claims.py's patterns in a unit (lines of the prose; the patterns read line
  ends inside a unit as "\\n", as here, and look at most one character past a unit's end,
  where a "\\n" answers their boundary tests as the end of the text does), or a number under a
  table column whose header names a kind (the header is a line of the prose with a `|`);
- labels (MM603): a value counts only when it holds a digit and `normalize()` turns it into a
  catalog label key; the key then has a digit, and each of its `-`-separated pieces is a run
  of the value's NFKC form in lower case. A value is bounded by quotes, backticks, pipes or
  white space, which NFKC never joins to a neighbour, so each piece is also in the whole
  prose's NFKC lower-case form (or, for ASCII prose, its lower-case form);
- recommended names: a name becomes a call only when it is spelled in lower case like an
  OpenAI ID (names._SHAPE, in full) right after a backtick or white space (a code span's
  start, or after "use", "try", ...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from modelmap.catalog.model import Catalog
from modelmap.scan.docs.blocks import Doc, parse_markdown, parse_rst
from modelmap.scan.docs.flat import flat_blocks
from modelmap.scan.docs.names import _SHAPE
from modelmap.scan.docs.prose import _API, _has_digit
from modelmap.scan.docs.vocab import openai_named
from modelmap.scan.text import split_lines

_NAME_AFTER_SPACE = re.compile(rf"[`\s](?:{_SHAPE.pattern})")
MENTIONS_US = re.compile("modelmap", re.IGNORECASE)
"""Every suppression comment a document can hold names modelmap (modelmap.scan.suppress)."""


def read_doc(relpath: str, text: str, catalog: Catalog,
             known_fence: re.Pattern[str]) -> Doc | None:
    """The document's structure, as much of it as can matter; None when nothing in it can
    yield. `known_fence` matches in every document with a fence a block scanner reads."""
    if relpath.lower().endswith(".rst"):
        return parse_rst(text)
    if not MENTIONS_US.search(text):  # own-line suppressions need markdown-it's spans
        flat = flat_blocks(text)
        if flat is not None:
            if not prose_possible(prose_text(flat), "\n".join(flat.lines), catalog):
                return flat if flat.blocks else None
            return parse_markdown(text, flat.lines)
        elif not known_fence.search(text):
            whole = "\n".join(split_lines(text))
            if not prose_possible(whole, whole, catalog):
                return None
    return parse_markdown(text)


def prose_text(doc: Doc) -> str:
    """The document's lines with its code blocks' contents blanked, joined by "\n"."""
    if not doc.blocks:
        return "\n".join(doc.lines)
    lines = list(doc.lines)
    for block in doc.blocks:
        for k in range(block.first_line - 1, block.first_line - 1 + len(block.lines)):
            if k < len(lines):
                lines[k] = ""
    return "\n".join(lines)


def prose_possible(prose: str, whole: str, catalog: Catalog) -> bool:
    """Whether any prose pass (claims, labels, recommended names) can report something (see
    the module docstring for why each test is safe); the cheaper tests first."""
    return (names_possible(prose) or _claims_possible(prose, whole, catalog)
            or labels_possible(prose, catalog))


def names_possible(prose: str) -> bool:
    """Whether some prose unit can recommend a name (modelmap.scan.docs.names)."""
    return bool(_NAME_AFTER_SPACE.search(prose))


def _claims_possible(prose: str, whole: str, catalog: Catalog) -> bool:
    """Whether some unit's topic can name OpenAI. (Whether a unit holds a claim is left to
    the claims pass: the four claim patterns over a whole document cost about as much as
    parsing it.)"""
    if not openai_named(whole, catalog):
        return False  # no topic can name OpenAI, and "API" alone needs the document to
    return openai_named(prose, catalog) or bool(_API.search(prose))


def labels_possible(prose: str, catalog: Catalog) -> bool:
    """Whether some prose unit can hold a product label (MM603)."""
    keys = _label_pieces(tuple(catalog.labels))
    if keys is None:
        return True
    if not keys or not _has_digit(prose):
        return False
    low = prose.lower()
    if not prose.isascii() and not unicodedata.is_normalized("NFKC", prose):
        low += "\n" + unicodedata.normalize("NFKC", prose).lower()
    found: dict[str, bool] = {}  # each piece searched for once (keys share "gpt", "5.5")
    for key in keys:
        for piece in key:
            hit = found.get(piece)
            if hit is None:
                hit = found[piece] = piece in low
            if not hit:
                break
        else:
            return True
    return False


@lru_cache(maxsize=4)
def _label_pieces(keys: tuple[str, ...]) -> tuple[tuple[str, ...], ...] | None:
    """The `-`-separated pieces of each label key with a digit (only such keys can come from
    a value with a digit: NFKC keeps a digit of every `isdigit` character); None when a key
    is not ASCII (no piece test then)."""
    if not all(k.isascii() for k in keys):
        return None
    return tuple(tuple(p for p in k.split("-") if p) for k in keys
                 if any(ch.isdigit() for ch in k))
