"""The JavaScript/TypeScript scanner: tree-sitter syntax trees in, `Call`s out.

Grammars: `.js .mjs .cjs .jsx` use tree-sitter-javascript, `.ts .mts .cts` tree-sitter-typescript
and `.tsx` its tsx dialect (all imported lazily). What it follows is in modelmap.scan.js.calls;
how values are resolved (literals, `const` propagation, `process.env.X ?? "..."`, imports of
project constants) is in modelmap.scan.js.resolve.

Cross-file constants: `module_constants(relpath, text)` lists a file's exported string
constants; the checker collects them into `ScanContext.constants` keyed by the file's relative
path (with its extension, e.g. `src/config.ts`), and `import { MODEL } from './config'` then
resolves through them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from modelmap.scan.base import FileScan, ScanContext, passes
from modelmap.scan.js import shapes as js_shapes
from modelmap.scan.js.aisdk import AI_FUNCTIONS
from modelmap.scan.js.calls import REALTIME_CLASSES, find_calls
from modelmap.scan.js.collect import collect
from modelmap.scan.js.resolve import resolve
from modelmap.scan.js.values import (
    Node,
    Positions,
    text_of,
    unwrap,
)
from modelmap.scan.suppress import parse_suppressions, spread
from modelmap.scan.words import Words
from modelmap.validate.endpoints import ENDPOINTS

_LANGUAGES = {
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
}
EXTENSIONS = tuple(_LANGUAGES)
"""File name endings this scanner reads."""
_CALLED = (*AI_FUNCTIONS, "fetch", "WebSocket")
"""Names a call shape needs as the called function (`generateText(`, `fetch(`,
`new WebSocket(`): each counts only before `(`, `<` (type arguments) or `?.(`. `fetch` also
covers `$fetch` and `ofetch`."""
_SHAPE_WORDS = (*REALTIME_CLASSES, "ky.post", "got.post", "createOpenAI", "OpenAIApi",
                "langchain/", js_shapes.URL_WORD)
"""Words one of modelmap.scan.js.calls' call shapes cannot do without (besides a called
name above, `axios.post`, an SDK endpoint chain or an `openai(...)`/`openai.x(...)` provider
call)."""
_GATE_WORDS = tuple(w for w in dict.fromkeys(_SHAPE_WORDS)
                    if not any(o != w and o in w for o in _SHAPE_WORDS))
"""`_SHAPE_WORDS` less those that contain another: the same test, fewer searches."""
_CALLED_WORDS = tuple(w for w in dict.fromkeys(_CALLED)
                      if not any(o != w and w.endswith(o) for o in _CALLED))
"""`_CALLED` less the names that end with another (`experimental_generateImage`)."""
_CALL_AFTER = re.compile(r"\s*(?:[(<]|\?\.)")
_CALLED_NAMES = frozenset({*_CALLED, "$fetch", "ofetch"})
_DEFINED = re.compile(r"\bfunction\s*\*?\s*$")
"""Right before a name, the keyword that makes it a definition, not a call."""
_AXIOS_POST = re.compile(r"axios\s*\.\s*post\b")
_PROVIDER_CALL = re.compile(r"\bopenai\s*(?:\.\s*\w+\s*)?\(")
"""`openai("id")` or `openai.chat("id")` (not `openai.com`)."""


def _camel(segment: str) -> str:
    head, *rest = segment.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


_ENDPOINT_WORDS = sorted({tuple(_camel(s) for s in key.split(".")) for key in ENDPOINTS}
                         | {tuple(key.split(".")) for key in ENDPOINTS})
"""Each endpoint key as openai-node spells its chain (`images.createVariation`), and as
written (the scanner accepts both spellings)."""


_BY_HEAD: dict[str, list[tuple[str, ...]]] = {}
for _key in _ENDPOINT_WORDS:
    _BY_HEAD.setdefault(_key[0], []).append(_key[1:])
"""`_ENDPOINT_WORDS` grouped by their first segment (the resource)."""


_GATE_SET = frozenset(_GATE_WORDS)
_CALLED_SET = frozenset(_CALLED_WORDS)
_AI_SDK = "@ai-sdk/openai"
_RENAMED = re.compile(r"\bopenai\s+as\s")
"""The AI SDK provider imported under another name (`import { openai as o } from
"@ai-sdk/openai"`; the plain name is a provider call `openai(`, createOpenAI a word)."""
_AGENTS = "@openai/agents"
_AGENTS_CLASSES = frozenset({"Runner", "RealtimeSession"})
_AGENT_IMPORT = re.compile(r"""["']@openai/agents["']""")
"""The Agents SDK shapes: `new Agent(...)` with Agent from exactly `@openai/agents`, and
`new Runner(...)`/`new RealtimeSession(...)` from any `@openai/agents*` package (so the
package name alone, as in agents-core's own comments and imports, opens nothing)."""
_HAVE = Words([*_GATE_SET, *_CALLED_SET, "openai", "axios", _AGENTS, *_AGENTS_CLASSES, _AI_SDK,
               *(seg for key in _ENDPOINT_WORDS for seg in key)])
"""Every word the gate tests for, found in one pass (scan.words)."""


def _provider_call(text: str) -> bool:
    """`_PROVIDER_CALL.search(text)`, tried only where "openai" occurs (a search for the
    pattern from every position cost more than the rest of the gate together)."""
    at = text.find("openai")
    while at >= 0:
        if _PROVIDER_CALL.match(text, at):  # `\b` still sees the character before `at`
            return True
        at = text.find("openai", at + 1)
    return False


def _called(text: str, words: Iterable[str] = _CALLED_WORDS) -> bool:
    """One of `_CALLED` written as the function of a call; `words`: those of `_CALLED_WORDS`
    to look for. The whole identifier must be one of the names (`$fetch`, `ofetch` and the
    `experimental_` AI SDK functions included): the scanner reads these calls only by their
    bare name, so `x.fetch(`, `prefetch(` and a definition (`function generateText(`) are
    not one."""
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if _CALL_AFTER.match(text, end):
                start = at
                while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$"):
                    start -= 1
                if text[start:end] in _CALLED_NAMES and (start == 0 or text[start - 1] != ".") \
                        and not _DEFINED.search(text, max(0, start - 24), start):
                    return True
            at = text.find(word, at + 1)
    return False


@lru_cache(maxsize=64)
def _member(segment: str) -> re.Pattern[str]:
    return re.compile(r"\.\s*" + re.escape(segment) + r"(?![\w$])")


def worth_scanning(text: str) -> bool:
    """Can this JS/TS text hold a call the scanner reports? A superset test on the text:
    a word a call shape needs, a name it calls, or every segment of some endpoint chain
    written as a member access (`.chat`, `. completions`, `?.create`; in any order and
    spacing: chains are often split over lines or through a local such as
    `const chat = client.chat`). The checker asks it before parsing, and before reading a
    file's imports. A chain segment always follows a dot: the scanner reads an endpoint from
    a member chain after at least one receiver (`client.chat.completions.create`), never
    from a bare name or a computed `client["chat"]`. (It replaced a test for
    "model"/"openai" anywhere, then one for the segments anywhere in the text, which let
    nearly every file of an SDK through.)"""
    have = _HAVE(text)
    if have & _GATE_SET or (have & _CALLED_SET and _called(text, have & _CALLED_SET)) or (
            _AGENTS in have and (have & _AGENTS_CLASSES or _AGENT_IMPORT.search(text))) or (
            _AI_SDK in have and _RENAMED.search(text)) or (
            "openai" in have and _provider_call(text)) or (
            "axios" in have and _AXIOS_POST.search(text)):
        return True
    seen: dict[str, bool] = {}  # each segment searched for once (chains share segments)

    def member(seg: str) -> bool:
        hit = seen.get(seg)
        if hit is None:
            hit = seen[seg] = seg in have and _member(seg).search(text) is not None
        return hit

    for head, rests in _BY_HEAD.items():
        if head in have and member(head) and any(all(member(seg) for seg in rest)
                                                 for rest in rests):
            return True
    return False


MAX_BYTES = 3_000_000
"""Larger files (bundles) are skipped."""


def language_for(relpath: str) -> str | None:
    """javascript | typescript | tsx for a path, or None when this scanner does not read it."""
    lower = relpath.lower()
    if lower.endswith((".min.js", ".d.ts", ".d.mts", ".d.cts")):
        return None
    dot = lower.rfind(".")
    return _LANGUAGES.get(lower[dot:]) if dot >= 0 else None


@lru_cache(maxsize=3)
def _parser(language: str) -> Any:
    import tree_sitter

    if language == "javascript":
        import tree_sitter_javascript

        capsule = tree_sitter_javascript.language()
    else:
        import tree_sitter_typescript

        capsule = (tree_sitter_typescript.language_tsx() if language == "tsx"
                   else tree_sitter_typescript.language_typescript())
    return tree_sitter.Parser(tree_sitter.Language(capsule))


def parse(relpath: str, source: bytes, language: str | None = None) -> Node | None:
    """The root node of a file's syntax tree (None for a language this scanner lacks)."""
    language = language or language_for(relpath)
    if language is None:
        return None
    return _parser(language).parse(source).root_node


DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")


def scan_javascript(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Every OpenAI call a JS/TS file makes, with the file's suppression comments."""
    language = language_for(relpath) or "typescript"
    if len(text) > MAX_BYTES:
        return FileScan(path=relpath, skip=f"larger than the JS/TS limit of {MAX_BYTES} "
                                           f"characters ({len(text)})")
    # A declaration file (`.d.ts`, `.d.mts`, `.d.cts`) holds types only: TypeScript rejects
    # statements and initializers there, so it can make no call. Not parsed (the grammar
    # stumbles on some valid compiler output and would report a false partial parse).
    if relpath.endswith(DECLARATION_SUFFIXES) or not passes(worth_scanning, text, ctx):
        sup = parse_suppressions(text, styles=("slash",))
        return FileScan(path=relpath, line_ignores=sup.line_ignores,
                        file_ignores=sup.file_ignores)
    source = text.encode("utf-8", "surrogatepass")
    root = parse(relpath, source, language)
    if root is None:
        return FileScan(path=relpath)
    notes: tuple[str, ...] = ()
    if root.has_error:
        if ctx.strict:
            raise SyntaxError(f"{relpath}: tree-sitter could not parse the file cleanly")
        from modelmap.scan.python.recover import first_error

        where = first_error(root)
        line, what = where if where is not None else (1, "unexpected syntax")
        # Not always the file's fault: the grammar lags the language at times (`instanceof`
        # as an import alias), so the note says what the parser did, not who is wrong.
        notes = (f"parse error at line {line}: {what} (the parser read around it, the rest "
                 "was checked)",)
    info = collect(root, relpath, Positions(source), ctx, _parser(language).language)
    calls = tuple(find_calls(info))
    sup = parse_suppressions(text, styles=("slash",))
    spans = [(c.site.line, c.site.end_line) for c in calls if c.site is not None]
    return FileScan(path=relpath, calls=calls, line_ignores=spread(sup.line_ignores, spans),
                    file_ignores=sup.file_ignores, notes=notes)


def module_constants(relpath: str, text: str) -> dict[str, str]:
    """Exported string constants of one JS/TS file (`export const MODEL = "..."`,
    `export { MODEL }`, `module.exports.MODEL = "..."`), for ScanContext.constants."""
    language = language_for(relpath)
    if language is None or "export" not in text:  # both kinds of export spell the word
        return {}
    source = text.encode("utf-8", "surrogatepass")
    root = parse(relpath, source, language)
    if root is None:
        return {}
    pos = Positions(source)
    info = collect(root, relpath, pos, ScanContext(root=""), _parser(language).language)
    b = info.b
    exported: set[str] = set()
    for node in root.named_children:
        if node.type != "export_statement":
            continue
        for child in node.named_children:
            if child.type == "lexical_declaration":
                exported.update(text_of(d.child_by_field_name("name"))
                                for d in child.named_children
                                if d.type == "variable_declarator")
            elif child.type == "export_clause":
                exported.update(text_of(s.child_by_field_name("name"))
                                for s in child.named_children if s.type == "export_specifier")
    out: dict[str, str] = {}
    for name in exported:
        value = b.values.get(name)
        found = resolve(value, b, pos) if value is not None else None
        if found is not None:
            out[name] = found.text
    for name, value in b.values.items():
        for prefix in ("module.exports.", "exports."):
            if name.startswith(prefix) and unwrap(value) is not None:
                found = resolve(value, b, pos)
                if found is not None:
                    out[name.removeprefix(prefix)] = found.text
    return out
