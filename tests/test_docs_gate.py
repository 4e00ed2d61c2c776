"""The docs scanner's shortcuts change no result.

- `flat_blocks` (fences read line by line) returns markdown-it's blocks or gives up;
- the prose gate (modelmap.scan.docs.gate) never drops a document the scanner reports on:
  every document is scanned both ways, with the shortcuts and with markdown-it always;
- `openai_named` answers as `BRANDS or` the full vocabulary regex did;
- `FOLD` holds every non-ASCII letter IGNORECASE equates with an ASCII one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.catalog.load import default_catalog
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.docs import gate, scanner
from modelmap.scan.docs.blocks import parse_markdown
from modelmap.scan.docs.claims import BRANDS, FOLD, fold
from modelmap.scan.docs.flat import flat_blocks
from modelmap.scan.docs.vocab import openai_named, vocabulary_for, vocabulary_names

ROOT = Path(__file__).resolve().parent.parent
CTX = ScanContext(root=str(ROOT), strict=True, as_of=dt.date(2026, 12, 4))

# Lines a generated document is made of: fences of every kind, containers, HTML, tables.
LINES = [
    "```python", "```py", "```", "````", "~~~", "~~~js", "```js title=x", "``` bash", "```{.py}",
    "```py `x`", "```py | x", "  ```", "   ```py", "    ```", "\t```", "> ```py", "- ```py",
    "1. ```", "> ```", "```  ", "`````", "~~~~ python",
    "import openai", "client.chat.completions.create(model=\"gpt-4o\")", "x = 1",
    "openai.ChatCompletion.create(model='gpt-4')", "export OPENAI_MODEL=gpt-4",
    "curl https://api.openai.com/v1/chat/completions -d '{\"model\": \"gpt-4o\"}'",
    "", "", "", "text with gpt-4o", "Use `gpt-realtime-turbo` for voice.",
    "GPT-4o costs $5 per 1M tokens.", "The `GPT-5.5 Instant` model is fast.",
    "<div>", "</div>", "<!--", "-->", "<!-- note -->", "<script>", "</script>", "<details>",
    "  <img src=x>", "<?php", "?>", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<pre>",
    "- item", "  - nested", "1. step", "> quote", ">", "| a | b |", "|---|---|", "| 1 | 2 |",
    "# Head", "Title", "===", "---", "***", "    indented code", "[ref]: https://x.test",
    "[ref]:", "---", "...", "lazy continuation", "\\```", "a ``` b",
]


def _doc(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30), st.booleans())
def test_flat_blocks_are_markdown_its_blocks(lines: list[str], crlf: bool) -> None:
    text = _doc(lines)
    if crlf:
        text = text.replace("\n", "\r\n")
    flat = flat_blocks(text)
    if flat is not None:
        assert flat.blocks == parse_markdown(text).blocks
        assert flat.lines == parse_markdown(text).lines


def test_flat_blocks_are_not_vacuous() -> None:
    text = "# T\n\nSee:\n\n```python\nimport openai\n```\n\n<div>\n\nx\n\n~~~~js\na\n~~~~\n"
    flat = flat_blocks(text)
    assert flat is not None and [b.lang for b in flat.blocks] == ["python", "js"]
    assert flat.blocks == parse_markdown(text).blocks


@pytest.mark.parametrize("text", [
    "- item\n\n  ```py\n  x\n  ```\n",          # in a list item
    "> ```py\n> x\n> ```\n",                     # in a block quote
    "<details>\n```py\nx\n```\n</details>\n",    # HTML block up to the blank line
    "<!--\n\n```py\nx\n```\n-->\n",              # comment across a blank line
    "```py\nx\n",                                # unclosed
    "```py | a\n|---|---|\n```\n",               # a table header, then an unclosed fence
    "```py\n  ```\n```\n",                       # an indented closing line
])
def test_flat_blocks_give_up_where_markdown_it_decides(text: str) -> None:
    assert flat_blocks(text) is None


def _slow(relpath: str, text: str, monkeypatch: pytest.MonkeyPatch) -> FileScan:
    """The scan without any shortcut: markdown-it reads every document, every prose pass
    runs."""
    with monkeypatch.context() as m:
        m.setattr(gate, "flat_blocks", lambda text: None)
        m.setattr(scanner, "_KNOWN_FENCE", re.compile(""))
        m.setattr(gate, "labels_possible", lambda prose, catalog: True)
        m.setattr(gate, "names_possible", lambda prose: True)
        return scanner.scan_docs(relpath, text, CTX)


_REPO_DOCS = sorted(p for pattern in ("*.md", "*.mdx", "*.rst", "*.markdown")
                    for p in ROOT.glob(f"**/{pattern}")
                    if ".corpus" not in p.parts and ".git" not in p.parts
                    and ".venv" not in p.parts)


def test_the_repository_has_documents_to_compare() -> None:
    assert len(_REPO_DOCS) > 20


@pytest.mark.parametrize("path", _REPO_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_documents_scan_the_same_with_the_gate(path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(ROOT).as_posix()
    assert scanner.scan_docs(rel, text, CTX) == _slow(rel, text, monkeypatch)


# Paragraphs for generated documents: what each prose pass reports, and near misses.
PROSE = [
    "OpenAI charges $5 per 1M tokens.", "The API costs $2 per month.", "It costs $3.",
    "gpt-4o has a 128k context window.", "Our tool is free for everyone.",
    "Use `gpt-realtime-turbo` for voice.", "Try gpt-9-ultra today.", "Use `gpt-4o` here.",
    "Set the model to \"GPT-5.5 Instant\".", "Pass `model=\"GPT-5 Thinking\"`.",
    "Pass `model=\"ＧＰＴ－５．５ Ｉｎｓｔａｎｔ\"`.", "The model is \"gpt 5.5 instant\".",
    "The text-embedding-3-small model costs $0.02 per 1M tokens.", "Rate limit is 500 RPM.",
    "Sora 2 videos cost $1 each (checked 2026-01-01, https://openai.com/pricing).",
    "dall-e-3 will be shut down on 2027-01-14.", "Whisper: 25 MB file limit.",
    "| Model | Price |\n|---|---|\n| gpt-4o | $5 |", "| Model ID | Notes |\n|---|---|\n"
    "| GPT-5.5 Instant | fast |", "Plain words about nothing in particular.",
    "- a list item with gpt-4o\n- and 100 requests per minute", "> a quote, 10 MB max",
    "## OpenAI pricing", "## Other", "<!-- modelmap: ignore[MM601] -->", "<div>\n</div>",
    "The gpt-audio model, 20 MB max upload.", "rate-lımit of 60 on gpt-realtime",
]
BLOCKS = [
    "```python\nimport openai\nopenai.chat.completions.create(model=\"gpt-4\")\n```",
    "```py\nclient.responses.create(model=\"gpt-4o-mini\")\n```",
    "```js\nconst r = await openai.chat.completions.create({model: \"gpt-3.5-turbo\"});\n```",
    "```bash\nexport OPENAI_MODEL=gpt-4\ncurl https://api.openai.com/v1/chat/completions "
    "-d '{\"model\": \"gpt-4\"}'\n```", "```yaml\nmodel: gpt-4\n```", "```\nmodel=gpt-4\n```",
    "```python\nprint('hello')  # noqa: MM999\n```", "  ```py\n  import openai\n  ```",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PROSE + BLOCKS), max_size=8), st.booleans())
def test_generated_documents_scan_the_same_with_the_gate(parts: list[str], rst: bool) -> None:
    text = "\n\n".join(parts) + "\n"
    rel = "doc.rst" if rst else "doc.md"
    with pytest.MonkeyPatch.context() as mp:
        slow = _slow(rel, text, mp)
    assert scanner.scan_docs(rel, text, CTX) == slow


@pytest.mark.parametrize(("text", "parsed"), [
    ("# Notes\n\nNothing about any vendor here, 5 items.\n", False),
    ("# Notes\n\n```python\nprint('hi')\n```\n", False),
    ("# Notes\n\nOpenAI charges $5 per 1M tokens.\n", True),
    ("# Notes\n\nUse `gpt-realtime-turbo`.\n", True),
    ("# Notes\n\n```python\nopenai.chat.completions.create(model='gpt-4')\n```\n", False),
])
def test_the_gate_parses_only_documents_whose_prose_can_yield(
        text: str, parsed: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not vacuous: documents whose prose cannot yield skip markdown-it, and still yield
    their blocks' calls."""
    calls: list[str] = []
    real = gate.parse_markdown
    monkeypatch.setattr(gate, "parse_markdown", lambda t, *a: calls.append(t) or real(t, *a))
    got = scanner.scan_docs("doc.md", text, CTX)
    assert bool(calls) is parsed
    assert got == _slow("doc.md", text, monkeypatch)


@pytest.mark.parametrize("text", [
    # "API" and a claim in prose; OpenAI named only in a code block
    "```python\nimport openai\n```\n\nThe API costs $2 per month.\n",
    # a label spelled in full-width letters (NFKC makes it `GPT-5.5 Instant`)
    "Pass `model=\"ＧＰＴ－５．５ Ｉｎｓｔａｎｔ\"` to it.\n",
    # a call in a fence inside a list item (not flat: markdown-it finds the block)
    "- step\n\n  ```python\n  openai.chat.completions.create(model=\"gpt-4\")\n  ```\n",
    # a curl call in a fence inside a list item, in a document that names no OpenAI model
    "- step\n\n  ```bash\n  curl https://api.example.test/v1/chat/completions"
    " -d '{\"model\": \"foo-1\"}'\n  ```\n",
    # a call in a fence inside a block quote
    "> ```js\n> openai.chat.completions.create({model: \"gpt-4\"})\n> ```\n",
])
def test_documents_only_a_careful_gate_keeps(text: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    slow = _slow("doc.md", text, monkeypatch)
    assert slow.calls or slow.findings  # each yields something, through one path only
    assert scanner.scan_docs("doc.md", text, CTX) == slow


def test_generated_documents_do_report() -> None:
    """The generated documents above are not all silent."""
    found = scanner.scan_docs("doc.md", "\n\n".join(PROSE) + "\n", CTX)
    assert {f.rule for f in found.findings} >= {"MM601", "MM603"}
    assert any(c.model == "gpt-realtime-turbo" for c in found.calls)


def test_fold_covers_every_ignorecase_equivalent() -> None:
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    found: dict[int, str] = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for m in re.finditer(letter, every, re.IGNORECASE):
            found[ord(m.group())] = letter
    assert found == FOLD


NAMES = vocabulary_names(default_catalog())


def _variant(name: str, data: st.DataObject) -> str:
    out = []
    for ch in name:
        pick = data.draw(st.sampled_from(["same", "upper", "lower", "fold"]))
        if pick == "upper":
            ch = ch.upper()
        elif pick == "lower":
            ch = ch.lower()
        elif pick == "fold":
            ch = {"i": "İ", "s": "ſ", "k": "K"}.get(ch.lower(), ch)
        out.append(ch)
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_openai_named_is_brands_or_the_vocabulary(data: st.DataObject) -> None:
    name = _variant(data.draw(st.sampled_from(NAMES)), data)
    before = data.draw(st.sampled_from(["", " ", "x", ".", "-", "\n", "(", "a-"]))
    after = data.draw(st.sampled_from(["", " ", "x", ".", ".5", "-", "\n", ")", "s"]))
    text = before + name + after
    vocab = vocabulary_for(NAMES)
    expected = bool(BRANDS.search(text) or vocab.search(text))
    assert openai_named(text, default_catalog()) is expected


def test_fold_keeps_lengths() -> None:
    assert fold("GPT İſK") == "gpt isk"
