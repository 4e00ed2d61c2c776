"""Complete the snippets documents show without their set-up lines.

Docs often show only the call: `client.chat.completions.create(model=...)` or
`openai.ChatCompletion.create(...)` with no `import openai`, or openai-node v3's
`openai.createChatCompletion({...})` with no `new OpenAIApi(...)`. The call scanners key some
shapes on imports, so such a block gets the missing lines appended after its last line (line
and column numbers of the block's own lines do not change, and nothing is reported on the
added lines).
"""

from __future__ import annotations

import dataclasses
import re

from modelmap.scan.docs.blocks import CodeBlock

_PY_IMPORT = re.compile(r"(?m)^\s*(?:import\s+openai\b|from\s+openai\b)")
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
