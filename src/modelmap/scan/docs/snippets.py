"""Complete the snippets documents show without their set-up lines.

Docs often show only the call: `client.chat.completions.create(model=...)` or
`openai.ChatCompletion.create(...)` with no `import openai`, or openai-node v3's
`openai.createChatCompletion({...})` with no `new OpenAIApi(...)`. The call scanners key some
shapes on imports, so such a block gets the missing lines appended after its last line (line
and column numbers of the block's own lines do not change, and nothing is reported on the
added lines).

A document also sets up what its snippets share: a README of LiteLLM's proxy client imports
`from litellm.proxy.client import Client` in one block and shows `client.chat.completions
.create(model="gpt-4")` in later ones. `client_context` follows the Python blocks' imports
in document order, and `foreign_calls` marks the unrouted calls of a block that shows no
OpenAI client of its own with that foreign provider (the proxy's model groups are not
OpenAI's model names).
"""

from __future__ import annotations

import dataclasses
import re

from modelmap.scan.docs.blocks import CodeBlock
from modelmap.scan.providers import foreign_client_module
from modelmap.validate.call import Call

_PY_IMPORT = re.compile(r"(?m)^\s*(?:import\s+openai\b|from\s+openai\b)")
_ANY_IMPORT = re.compile(r"(?m)^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import|import[ \t]+([\w.]+))")
_JS_IMPORT = re.compile(r"""(?:from\s*|require\s*\(\s*)["']openai["']""")
_JS_V3 = re.compile(r"\bopenai\s*\.\s*create[A-Z]\w*\s*\(")
_PY_LANGS = frozenset({"python", "py", "python3", "py3", "ipython", "pycon", "pycon3"})
_JS_LANGS = frozenset({"js", "javascript", "mjs", "cjs", "node", "jsx", "ts", "typescript",
                       "tsx"})


def complete(block: CodeBlock) -> CodeBlock:
    """The block with the set-up lines it leaves out appended (or unchanged)."""
    text = block.text
    if block.lang in _PY_LANGS and "openai" in text and not _PY_IMPORT.search(text):
        return _append(block, "import openai")
    if block.lang in _JS_LANGS and _JS_V3.search(text) and not _JS_IMPORT.search(text) \
            and "OpenAIApi" not in text:
        return _append(block, 'import { OpenAIApi } from "openai";',
                       "const openai = new OpenAIApi();")
    return block


def _append(block: CodeBlock, *lines: str) -> CodeBlock:
    return dataclasses.replace(block, lines=(*block.lines, *lines),
                               offsets=(*block.offsets, *(0 for _ in lines)))


def client_context(block: CodeBlock, before: str | None) -> str | None:
    """The foreign client provider in force from this block on: the last import of a foreign
    client module (providers.FOREIGN_CLIENT_MODULES) or of `openai` (None) decides."""
    if block.lang not in _PY_LANGS:
        return before
    for match in _ANY_IMPORT.finditer(block.text):
        module = match.group(1) or match.group(2)
        if module.split(".", 1)[0] == "openai":
            before = None
        else:
            before = foreign_client_module(module) or before
    return before


def foreign_calls(block: CodeBlock, calls: tuple[Call, ...],
                  provider: str | None) -> tuple[Call, ...]:
    """A Python block's calls with `provider` set on those sent to the default route (no
    provider, no base URL), when the document's client is a foreign one and the block
    names no OpenAI client of its own (no `openai` in its text)."""
    if provider is None or block.lang not in _PY_LANGS or "openai" in block.text.lower():
        return calls
    return tuple(dataclasses.replace(c, provider=provider)
                 if c.provider is None and c.base_url is None else c for c in calls)
