"""Docs scanner: code blocks go to the language scanners, lines and columns map back exactly."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.docs.blocks import parse_markdown, parse_rst
from modelmap.scan.docs.scanner import scan_docs


def calls(text: str, path: str = "README.md") -> list[tuple[Any, ...]]:
    fs = scan_docs(path, text, ScanContext(root="", strict=True))
    out = []
    for c in fs.calls:
        assert c.location is not None and c.location.path == path
        span = (c.model_span.line, c.model_span.column) if c.model_span else None
        out.append((c.endpoint, c.model, c.location.line, c.location.column, span))
    return out


CHAT = "chat.completions.create"
IMG = "images.generate"

# (name, path, document, expected [(endpoint, model, line, col, model_span (line, col))])
CASES: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    ("ts-fence", "README.md",
     "# Demo\n\n```ts\nconst r = await client.chat.completions.create({ model: 'gpt-4o' });\n```\n",
     [(CHAT, "gpt-4o", 4, 17, (4, 58))]),
    ("fence-in-list-item", "README.md",
     "1. Install.\n2. Call it:\n\n   ```js\n   openai.images.generate({ model: 'dall-e-3' });\n"
     "   ```\n",
     [(IMG, "dall-e-3", 5, 4, (5, 37))]),
    ("fence-in-blockquote", "README.md",
     "> Note:\n> ```javascript\n> openai.responses.create({ model: 'o3' });\n> ```\n",
     [("responses.create", "o3", 3, 3, (3, 37))]),
    ("tilde-fence-and-attributes", "docs/a.mdx",
     "import { Tabs } from 'x';\n\n<Tabs>\n\n~~~ts title=\"app.ts\" provider=\"openai\"\n"
     "const x = 1;\nawait openai.responses.create({ model: 'gpt-5.5' });\n~~~\n\n</Tabs>\n",
     [("responses.create", "gpt-5.5", 7, 7, (7, 41))]),
    ("python-fence", "README.md",
     "Text.\n\n```python\nfrom openai import OpenAI\nclient = OpenAI()\n"
     "client.images.generate(model=\"gpt-image-2\", prompt=\"x\")\n```\n",
     [(IMG, "gpt-image-2", 6, 1, (6, 31))]),
    ("python-const-in-block", "README.md",
     "```py\nMODEL = \"gpt-4o\"\nfrom openai import OpenAI\n"
     "OpenAI().chat.completions.create(model=MODEL, messages=[])\n```\n",
     [(CHAT, "gpt-4o", 2, 9, (2, 10))]),
    ("pycon-prompts", "README.md",
     "```pycon\n>>> from openai import OpenAI\n>>> OpenAI().images.generate(\n"
     "...     model=\"dall-e-3\", prompt=\"x\")\n<Image ...>\n```\n",
     [(IMG, "dall-e-3", 3, 5, (4, 16))]),
    ("partial-js-snippet", "README.md",
     "```js\nconst c = await openai.chat.completions.create({\n  model: \"gpt-4o\",\n"
     "  messages: [...],\n});\n```\n",
     [(CHAT, "gpt-4o", 2, 17, (3, 11))]),
    ("unknown-and-missing-language", "README.md",
     "```\nclient.chat.completions.create(model='gpt-4o')\n```\n\n```ruby\n"
     "client.chat(parameters: { model: 'gpt-4o' })\n```\n", []),
    ("curl-json", "README.md",
     "```bash\ncurl https://api.openai.com/v1/images/generations \\\n"
     "  -H \"Content-Type: application/json\" \\\n  -d '{\n    \"model\": \"gpt-image-2\",\n"
     "    \"size\": \"1536x1024\"\n  }'\n```\n",
     [(IMG, "gpt-image-2", 2, 1, (5, 15))]),
    ("curl-form", "README.md",
     "```sh\ncurl https://api.openai.com/v1/audio/transcriptions \\\n  -F file=@a.mp3 \\\n"
     "  -F model=whisper-1\n```\n",
     [("audio.transcriptions.create", "whisper-1", 2, 1, (4, 12))]),
    ("curl-other-host", "README.md",
     "```shell\ncurl http://localhost:8000/v1/chat/completions -d '{\"model\": \"llama3\"}'\n```\n",
     [(CHAT, "llama3", 2, 1, (2, 63))]),
    ("front-matter-skipped", "README.md",
     "---\nmodel: gpt-4\nprice: $5 per 1M tokens for OpenAI\n---\n\n# Title\n", []),
    ("rst-code-block", "docs/index.rst",
     "Usage\n=====\n\n.. code-block:: python\n   :linenos:\n\n   from openai import OpenAI\n"
     "   OpenAI().images.generate(model=\"dall-e-3\", prompt=\"x\")\n\nAfter.\n",
     [(IMG, "dall-e-3", 8, 4, (8, 36))]),
    ("rst-code-js-and-literal-block", "docs/index.rst",
     "Call it::\n\n    client.chat.completions.create(model='gpt-4o')\n\n"
     ".. code:: javascript\n\n    openai.chat.completions.create({ model: 'gpt-4.1' });\n",
     [(CHAT, "gpt-4.1", 7, 5, (7, 46))]),
]


@pytest.mark.parametrize(("name", "path", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_blocks_map_back_to_document(name: str, path: str, text: str,
                                     expected: list[tuple[Any, ...]]) -> None:
    assert calls(text, path) == expected


def test_curl_body_params_and_base_url() -> None:
    text = ("```bash\ncurl http://localhost:8000/v1/chat/completions -d '{\"model\": \"m\", "
            "\"temperature\": 0.2}'\n```\n")
    (call,) = scan_docs("a.md", text, ScanContext(root="")).calls
    assert (call.base_url, call.provider, dict(call.params)) == (
        "http://localhost:8000/v1", "local", {"temperature": 0.2})
    assert call.site is not None and (call.site.line, call.site.end_line) == (2, 2)


def test_export_lines_go_to_the_env_scanner() -> None:
    text = ("```bash\npip install openai\nexport OPENAI_API_KEY=sk-...\n"
            "export OPENAI_MODEL=gpt-5.5\npython app.py\n```\n")
    got = [(c.endpoint, c.model, c.location.line, c.location.column)
           for c in scan_docs("a.md", text, ScanContext(root="")).calls if c.location]
    assert got == [("config.model", "gpt-5.5", 4, 21)]


def test_suppressions() -> None:
    text = ("<!-- modelmap: ignore-file[MM402] -->\n\n<!-- modelmap: ignore[MM401] -->\n"
            "```python\nfrom openai import OpenAI\n"
            "OpenAI().chat.completions.create(model='gpt-4', messages=[])\n```\n\n"
            "```python\nfrom openai import OpenAI\n"
            "OpenAI().chat.completions.create(model='gpt-4', messages=[])  # noqa: MM101\n```\n\n"
            "gpt-4 costs $30 per 1M tokens. <!-- modelmap: ignore[stale-claim] -->\n")
    fs = scan_docs("a.md", text, ScanContext(root=""))
    assert fs.file_ignores == frozenset({"MM402"})
    assert {k: v for k, v in fs.line_ignores.items() if k > 1} == {
        3: frozenset({"MM401"}), 4: frozenset({"MM401"}), 5: frozenset({"MM401"}),
        6: frozenset({"MM401"}), 7: frozenset({"MM401"}), 11: frozenset({"MM101"}),
        14: frozenset({"stale-claim"})}


def test_rst_comment_suppression() -> None:
    text = ".. modelmap: ignore[MM601]\n\ngpt-image-2 costs $0.04 per image.\n"
    fs = scan_docs("a.rst", text, ScanContext(root=""))
    assert [(f.rule, f.location.line) for f in fs.findings if f.location] == [("MM601", 3)]
    assert fs.line_ignores == {1: frozenset({"MM601"}), 3: frozenset({"MM601"})}


def test_markdown_units_and_context() -> None:
    doc = parse_markdown("# A\n\n## B\n\nLead:\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\nAfter.\n")
    rows = [u for u in doc.units if u.kind == "row"]
    assert [(u.first, u.last, u.section, u.header) for u in rows] == [(9, 9, "A / B", ("x", "y"))]
    assert rows[0].context == ((5, 5), (11, 11), (7, 7))


def test_rst_units_skip_directives() -> None:
    doc = parse_rst("Title\n=====\n\nPara one\ncontinues.\n\n.. note::\n\n   Inside note.\n\n"
                    "- item a\n- item b\n")
    assert [(u.kind, u.first, u.last) for u in doc.units] == [
        ("heading", 1, 1), ("paragraph", 4, 5), ("paragraph", 11, 11), ("paragraph", 12, 12)]
    assert doc.blocks == []
