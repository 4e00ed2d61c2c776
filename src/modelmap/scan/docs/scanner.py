"""The docs scanner: Markdown, MDX and reStructuredText.

Fenced code blocks (and RST `.. code-block::` directives) go to the language scanners by their
info string, and every line and column they report is mapped back to the document:

    python py python3 py3 ipython    -> the Python scanner
    js javascript jsx mjs cjs node   -> the JS/TS scanner (ts typescript tsx likewise)
    toml / yaml yml / json jsonc     -> the config scanners
    bash sh shell zsh console env dotenv -> `NAME=value` lines to the .env scanner, `curl`
                                        requests to the API as raw-HTTP calls

Python and JS snippets shown without their import lines are completed first
(modelmap.scan.docs.snippets), which also carries a foreign client a document imports
(LiteLLM's proxy client) to the later blocks that use it. Fences without a language are not
read.

Prose gets MM601/MM602 (stale volatile claims) and MM603 (a label presented as a model ID);
see modelmap.scan.docs.prose. An unknown model name the prose recommends ("use
`gpt-realtime-turbo`") becomes a call (modelmap.scan.docs.names).
Suppressions: `<!-- modelmap: ignore[MM601] -->` at the end of a line covers that line; on a
line of its own it covers the whole next block (paragraph, table, list or code block). In
RST the comment form is `.. modelmap: ignore[MM601]`.
`<!-- modelmap: ignore-file[...] -->` in the first 10 lines covers the file.
A document nothing can come of is not parsed by markdown-it (modelmap.scan.docs.gate).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from modelmap.findings import Edit, Finding, Location
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.docs.blocks import CodeBlock, Doc
from modelmap.scan.docs.shell import curl_calls, env_lines
from modelmap.scan.docs.snippets import client_context, complete, foreign_calls
from modelmap.scan.suppress import parse_suppressions
from modelmap.validate.call import Call, Span

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog

EXTENSIONS = (".md", ".markdown", ".mdx", ".rst")
"""File name endings this scanner reads."""
_LANG_EXT = {
    **dict.fromkeys(("python", "py", "python3", "py3", "ipython", "pycon", "pycon3"), ".py"),
    **dict.fromkeys(("js", "javascript", "mjs", "cjs", "node"), ".js"),
    **dict.fromkeys(("jsx",), ".jsx"), **dict.fromkeys(("ts", "typescript"), ".ts"),
    **dict.fromkeys(("tsx",), ".tsx"), **dict.fromkeys(("toml",), ".toml"),
    **dict.fromkeys(("yaml", "yml"), ".yaml"), **dict.fromkeys(("json", "jsonc"), ".json"),
}
_SHELL = frozenset({"bash", "sh", "shell", "zsh", "console", "shell-session", "env", "dotenv",
                    "powershell", "ps1", "cmd"})
_OWN_LINE = re.compile(r"^\s*(?:<!--.*-->|\.\.\s+modelmap:.*)\s*$")
_KNOWN_FENCE = re.compile(
    r"(?:```|~~~)\s*[{}.]*(?:" + "|".join(sorted({*_LANG_EXT, *_SHELL}, key=len, reverse=True))
    + ")", re.IGNORECASE)
"""What every fence a block scanner reads has: its marker, then after white space and any
`{}.` the language word (the info string's first word, stripped of `{}.`, in lower case:
only ASCII letters lower-case to these)."""
Scanner = Callable[[str, str, ScanContext], FileScan]


def scan_docs(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Calls from a document's code blocks and findings from its prose."""
    from modelmap.catalog.load import default_catalog
    from modelmap.scan.docs.gate import MENTIONS_US, read_doc

    catalog = ctx.catalog or default_catalog()
    doc = read_doc(relpath, text, catalog, _KNOWN_FENCE)
    if doc is None:
        return FileScan(path=relpath)
    calls: list[Call] = []
    findings: list[Finding] = []
    ignores: dict[int, frozenset[str] | None] = {}
    client: str | None = None  # a foreign client the document's Python blocks set up
    for block in doc.blocks:
        if _LANG_EXT.get(block.lang) == ".py":
            block = _without_prompts(block)
        client = client_context(block, client)
        shown = block
        block = complete(block)
        sub = _scan_block(relpath, block, ctx)
        if sub is None:
            continue
        calls.extend(_move_call(c, block, relpath)
                     for c in foreign_calls(shown, sub.calls, client))
        findings.extend(_move_finding(f, block, relpath) for f in sub.findings)
        for line, codes in sub.line_ignores.items():
            _add(ignores, _doc_line(block, line), codes)
        if sub.file_ignores != frozenset():
            for k in range(len(block.lines)):
                _add(ignores, block.first_line + k, sub.file_ignores)
    findings.extend(_prose(relpath, doc, ctx, catalog))
    calls.extend(_recommended(relpath, doc, catalog))
    if not MENTIONS_US.search(text):  # no suppression comment of the document's own
        return FileScan(path=relpath, calls=tuple(calls), findings=tuple(findings),
                        line_ignores=ignores)
    rst = relpath.lower().endswith(".rst")
    source = re.sub(r"(?m)^(\s*)\.\.(\s+modelmap:)", r"\1<!--\2", text) if rst else text
    sup = parse_suppressions(source, styles=("html",))
    for line, codes in sup.line_ignores.items():
        _add(ignores, line, codes)
        if _OWN_LINE.match(doc.lines[line - 1] if line <= len(doc.lines) else ""):
            for first, last in _next_block(doc, line):
                for k in range(first, last + 1):
                    _add(ignores, k, codes)
    return FileScan(path=relpath, calls=tuple(calls), findings=tuple(findings),
                    line_ignores=ignores, file_ignores=sup.file_ignores)


def _prose(relpath: str, doc: Doc, ctx: ScanContext, catalog: Catalog) -> list[Finding]:
    if not doc.units:
        return []
    from modelmap.scan.docs.gate import labels_possible, prose_text
    from modelmap.scan.docs.prose import prose_findings

    ttl = ctx.ttl_days if ctx.ttl_days is not None else catalog.meta.ttl_days
    return prose_findings(relpath, doc, catalog, ctx.as_of, ttl,
                          labels=labels_possible(prose_text(doc), catalog))


def _recommended(relpath: str, doc: Doc, catalog: Catalog) -> list[Call]:
    from modelmap.scan.docs.gate import names_possible, prose_text

    if not doc.units or not names_possible(prose_text(doc)):
        return []
    from modelmap.scan.docs.names import prose_calls

    return prose_calls(relpath, doc, catalog)


def _next_block(doc: Doc, line: int) -> list[tuple[int, int]]:
    """The block(s) starting on the first non-blank line after `line`."""
    nxt = line + 1
    while nxt <= len(doc.lines) and not doc.lines[nxt - 1].strip():
        nxt += 1
    spans = [s for s in doc.spans if s[0] == nxt]
    return [max(spans, key=lambda s: s[1])] if spans else []


def _add(ignores: dict[int, frozenset[str] | None], line: int,
         codes: frozenset[str] | None) -> None:
    if line in ignores:
        old = ignores[line]
        ignores[line] = None if old is None or codes is None else old | codes
    else:
        ignores[line] = codes


def block_scanner(lang: str) -> tuple[Scanner, str] | None:
    """The scanner for a fenced block's language and the file ending it stands for."""
    ext = _LANG_EXT.get(lang)
    if ext is None:
        return None
    if ext in (".js", ".jsx", ".ts", ".tsx"):
        from modelmap.scan.js.scanner import scan_javascript

        return scan_javascript, ext
    found = _registered("snippet" + ext)
    return (found, ext) if found is not None else None


def _registered(name: str) -> Scanner | None:
    """The scanner modelmap.scan.registry picks for a file name (None: no scanner)."""
    try:
        from modelmap.scan.registry import scanner_for
    except ImportError:  # registry not there: the scanners this module knows directly
        from modelmap.scan.config import env
        from modelmap.scan.config import scanner as config
        from modelmap.scan.python import scanner as python

        by_end: dict[str, Scanner] = {".py": python.scan, ".toml": config.scan_toml,
                                      ".yaml": config.scan_yaml, ".json": config.scan_json,
                                      ".env": env.scan_env}
        return next((f for end, f in by_end.items() if name.endswith(end)), None)
    found: Scanner | None = scanner_for(name)
    return found


def _scan_block(relpath: str, block: CodeBlock, ctx: ScanContext) -> FileScan | None:
    if block.lang in _SHELL:
        return _scan_shell(relpath, block, ctx)
    picked = block_scanner(block.lang)
    if picked is None:
        return None
    scanner, ext = picked
    # Snippets are often partial (`...`, prompts), so block scanners run lenient even under
    # --strict (which is about unknown shapes, not broken snippets); JS/TS still yields the
    # calls tree-sitter recovers around the error.
    try:
        sub = scanner(f"{relpath}{ext}", block.text, dataclasses.replace(ctx, strict=False))
    except SyntaxError:
        return None
    # A Python snippet that does not parse is a template or pseudo-code (`from {sdk} import
    # ...`), not a program: what a reader could copy is unclear, so it yields nothing.
    return None if ext == ".py" and (sub.notes or sub.skip) else sub


def _without_prompts(block: CodeBlock) -> CodeBlock:
    """A `>>> ` / `... ` console session as plain code (output lines blanked)."""
    if not any(line.startswith(">>>") for line in block.lines):
        return block
    lines, offsets = [], []
    for line, offset in zip(block.lines, block.offsets, strict=True):
        prompt = line.startswith((">>> ", "... ")) or line in (">>>", "...")
        lines.append(line[4:] if prompt else "")
        offsets.append(offset + 4 if prompt else offset)
    return dataclasses.replace(block, lines=tuple(lines), offsets=tuple(offsets))


def _scan_shell(relpath: str, block: CodeBlock, ctx: ScanContext) -> FileScan:
    calls = list(curl_calls(relpath, block.text))
    findings: tuple[Finding, ...] = ()
    env = env_lines(block.text)
    scanner = _registered(".env") if env is not None else None
    if env is not None and scanner is not None:
        sub = scanner(f"{relpath}.env", env, ctx)
        calls.extend(sub.calls)
        findings = sub.findings
    return FileScan(path=relpath, calls=tuple(calls), findings=findings)


def _doc_line(block: CodeBlock, line: int) -> int:
    return block.first_line + line - 1


def _col(block: CodeBlock, line: int, column: int) -> int:
    k = line - 1
    return column + (block.offsets[k] if 0 <= k < len(block.offsets) else 0)


def _move_span(span: Any, block: CodeBlock) -> Any:
    if span is None:
        return None
    return dataclasses.replace(
        span, line=_doc_line(block, span.line), column=_col(block, span.line, span.column),
        end_line=_doc_line(block, span.end_line),
        end_column=_col(block, span.end_line, span.end_column))


def _move_loc(loc: Location | None, block: CodeBlock, path: str) -> Location | None:
    moved = _move_span(loc, block)
    return dataclasses.replace(moved, path=path) if moved is not None else None


def _move_call(call: Call, block: CodeBlock, path: str) -> Call:
    spans: Mapping[str, Span] = {k: _move_span(v, block) for k, v in call.param_spans.items()}
    return dataclasses.replace(
        call, location=_move_loc(call.location, block, path),
        site=_move_loc(call.site, block, path), model_span=_move_span(call.model_span, block),
        param_spans=spans, base_url_span=_move_span(call.base_url_span, block))


def _move_finding(f: Finding, block: CodeBlock, path: str) -> Finding:
    fix = f.fix
    if fix is not None:
        edits = tuple(_move_span(e, block) for e in fix.edits)
        fix = dataclasses.replace(fix, edits=tuple(e for e in edits if isinstance(e, Edit)))
    return dataclasses.replace(f, location=_move_loc(f.location, block, path), fix=fix)
