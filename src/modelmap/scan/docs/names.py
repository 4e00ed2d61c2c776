"""Model names a document tells readers to use, without a "model is" cue: as Calls.

"For voice, use `gpt-realtime-turbo`" recommends a name; if no such model exists, readers copy
it and get an error. A name becomes `Call(endpoint="config.model", via="docs")` (validate then
reports MM102) only when all of these hold, tuned for precision:
- it is spelled like an OpenAI model ID, in lower case: `gpt-…`, `o1`…`o9…`, `chatgpt-…`,
  `dall-e-…`, `whisper-…`, `tts-…`, `text-embedding-…`, `sora-…`, `codex-…`,
  `computer-use-…`, `omni-moderation-…` (not `gpt-oss-…`, open weights served by others; not
  a family pattern such as `gpt-4.x`, `gpt-5-*` or `o<N>`);
- it sits in a code span with a recommending word before it in the same sentence (use, set,
  try, switch to, pick, choose, recommend, default to, pass, specify, upgrade/migrate to) or
  "is recommended"/"is the default" after it; or, outside a code span, right after "use",
  "try", "switch to", "upgrade/migrate/move to", "recommend" or "set … to";
- the text is not explaining a mistake ("not a valid ID", "instead of", "don't", ...);
- the catalog does not know the name at all (resolve() says unknown): known, shut-down or
  label names are other rules' business (MM401 in code, MM603 for labels in prose).
"""

from __future__ import annotations

import re

from modelmap.catalog.model import Catalog
from modelmap.findings import Location
from modelmap.scan.docs.blocks import Doc, Unit
from modelmap.scan.docs.prose import _CODE_SPAN, _EXPLAINED
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call, Span

ENDPOINT = "config.model"
_SHAPE = re.compile(
    r"(?:gpt-[a-z0-9][a-z0-9.-]*|o[1-9](?:-[a-z0-9.-]+)?|chatgpt-[a-z0-9.-]+|dall-e-[a-z0-9.-]+"
    r"|whisper-[a-z0-9.-]+|tts-[a-z0-9.-]+|text-embedding-[a-z0-9.-]+|sora-[a-z0-9.-]+"
    r"|codex-[a-z0-9.-]+|computer-use-[a-z0-9.-]+|omni-moderation-[a-z0-9.-]+)")
_PATTERN = re.compile(r"(?:^|[-.])[xn](?:$|[-.])|[-.]$|^gpt-oss|\.\.")
_BEFORE = re.compile(
    r"\b(?:use|using|set|setting|try|switch(?:ing)?\s+to|upgrade\s+to|migrate\s+to|pick|"
    r"choose|select|recommend(?:ed|s)?|defaults?\s+to|pass|specify|configure)\b[^.!?\n]{0,50}$",
    re.IGNORECASE)
_AFTER = re.compile(
    r"^[`*_\s]*(?:\([^)\n]{0,30}\)\s*)?(?:is|are)\s+(?:now\s+)?(?:recommended|the\s+default|"
    r"the\s+best\s+choice|preferred)\b", re.IGNORECASE)
_BARE = re.compile(
    r"\b(?:use|using|try|switch(?:ing)?\s+to|upgrade\s+to|migrate\s+to|move\s+to|recommend"
    r"|set\s+(?:it\s+|the\s+model\s+)?to)"
    r"\s+(?:the\s+)?(?P<v>(?:gpt|o[1-9]|chatgpt|dall|whisper|tts|text-embedding|sora|codex"
    r"|computer-use|omni)[a-z0-9.-]*[a-z0-9])(?![\w-])", re.IGNORECASE)


def prose_calls(relpath: str, doc: Doc, catalog: Catalog) -> list[Call]:
    """Calls for the unknown model names a document's prose recommends."""
    out: list[Call] = []
    for unit in doc.units:
        if unit.kind == "heading":
            continue
        text = "\n".join(doc.lines[unit.first - 1: unit.last])
        if not _SHAPE.search(text) or _EXPLAINED.search(text):
            continue
        index = LineIndex(text)
        spans = list(_CODE_SPAN.finditer(text))
        for m in spans:
            value = m.group(1).strip()
            before = text[max(0, m.start() - 80): m.start()]
            if _BEFORE.search(before) or _AFTER.match(text[m.end(): m.end() + 60]):
                start = m.start(1) + m.group(1).index(value)
                out += _call(relpath, unit, index, value, start, catalog)
        inside = [(m.start(), m.end()) for m in spans]
        for m in _BARE.finditer(text):
            if not any(a <= m.start("v") < b for a, b in inside):
                out += _call(relpath, unit, index, m.group("v"), m.start("v"), catalog)
    return out


def _call(relpath: str, unit: Unit, index: LineIndex, value: str, start: int,
          catalog: Catalog) -> list[Call]:
    if not _SHAPE.fullmatch(value) or _PATTERN.search(value):
        return []
    from modelmap.resolve import resolve

    if resolve(catalog, value).kind != "unknown":
        return []
    s = index.span(start, start + len(value))
    span = Span(s.line + unit.first - 1, s.column, s.end_line + unit.first - 1, s.end_column)
    where = Location(relpath, span.line, span.column, span.end_line, span.end_column)
    return [Call(ENDPOINT, value, location=where, model_span=span, via="docs",
                 origin="prose", site=where)]
