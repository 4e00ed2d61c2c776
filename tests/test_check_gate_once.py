"""The scanner gates (`worth_scanning`) run once per file in a check: probe asks them, and a
scan of the same bytes takes probe's verdict (`ScanContext.gated`) instead of asking again.
A docs code block, a changed file, another gate or another text still asks its gate."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.check import worker
from modelmap.check.config import Config
from modelmap.check.runner import Settings, run_check
from modelmap.check.select import Selector
from modelmap.scan.base import ScanContext, passes
from modelmap.scan.js import scanner as javascript
from modelmap.scan.python import scanner as python
from treeutil import write_tree

DAY = dt.date(2026, 11, 21)
PY_CALL = ('from openai import OpenAI\n\nclient = OpenAI()\n'
           'client.chat.completions.create(model="gpt-4-32k", messages=[])\n')
TS_CALL = ('import OpenAI from "openai";\nconst client = new OpenAI();\n'
           'await client.chat.completions.create({ model: "gpt-4-32k", messages: [] });\n')
TREE = {
    "app.py": PY_CALL,
    "lib.py": 'MODEL = "gpt-4-32k"\n',  # the prefilter hits, the gate turns it away
    "web.ts": TS_CALL,
    "README.md": "# Use\n\n```python\n# a block\n" + PY_CALL + "```\n\n```ts\n// a block\n"
                 + TS_CALL + "```\n",
}


def test_passes_trusts_only_the_same_gate_on_the_same_text() -> None:
    asked: list[str] = []

    def gate(text: str) -> bool:
        asked.append(text)
        return False

    text = "".join(["import openai\n", "x = 1\n"])
    ctx = ScanContext(root="", gated=(gate, text))
    assert passes(gate, text, ctx) and asked == []
    twin = "".join(["import openai\n", "x = 1\n"])  # equal text, another object
    assert twin == text and twin is not text
    assert not passes(gate, twin, ctx) and asked == [twin]
    assert not passes(lambda t: False, text, ctx)  # another gate
    assert not passes(gate, text, ScanContext(root="")) and asked == [twin, text]


def _count(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """Count each gate's calls per text (the scanners and the toolkit both look the gate up
    on its module, so they see the counting one)."""
    seen: Counter[tuple[str, str]] = Counter()
    for name, module in (("py", python), ("js", javascript)):
        real: Callable[[str], bool] = module.worth_scanning

        def counted(text: str, name: str = name, real: Callable[[str], bool] = real) -> bool:
            seen[name, text] += 1
            return real(text)

        monkeypatch.setattr(module, "worth_scanning", counted)
    return seen


def _check(root: Path) -> list[tuple[str, int, str]]:
    settings = Settings(paths=(root,), root=root, catalog=default_catalog(), as_of=DAY,
                        config=Config(path=None, base=root), selector=Selector(),
                        cache_dir=None, jobs=1)
    report = run_check(settings)
    assert not report.skipped
    return sorted((f.finding.location.path, f.finding.location.line, f.finding.rule)
                  for f in report.findings if f.finding.location is not None)


def test_each_file_is_gated_once_and_blocks_still_ask(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, TREE)
    seen = _count(monkeypatch)
    found = _check(tmp_path)
    assert {path for path, _, _ in found} == {"app.py", "web.ts", "README.md"}
    assert seen["py", PY_CALL] == 1  # app.py: probe only (the scan took its verdict)
    assert seen["js", TS_CALL] == 1  # web.ts: likewise
    assert seen["py", TREE["lib.py"]] == 1
    # The README's blocks never went through probe: their scanners ask their gates.
    blocks = [key for key in seen if key[1] not in TREE.values()]
    assert {name for name, _ in blocks} == {"py", "js"}
    # Same findings as when every scan asks its gate again.
    for module in (python, javascript):
        monkeypatch.setattr(module, "passes", lambda gate, text, ctx: gate(text))
    assert _check(tmp_path) == found


def test_a_file_changed_after_probe_is_gated_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path, {"app.py": PY_CALL})
    broken = "import os\ndef f(:\n"  # no call (the gate says no), and a syntax error
    probe = worker.probe

    def probe_then_edit(task: worker.Task) -> dict[str, object]:
        out = probe(task)
        Path(task[1]).write_text(broken, encoding="utf-8")
        return out

    monkeypatch.setattr(worker, "probe", probe_then_edit)
    seen = _count(monkeypatch)
    settings = Settings(paths=(tmp_path,), root=tmp_path, catalog=default_catalog(),
                        as_of=DAY, config=Config(path=None, base=tmp_path),
                        selector=Selector(), cache_dir=None, jobs=1)
    report = run_check(settings)
    assert seen["py", broken] == 1  # the scan read other bytes: it asked the gate
    # ... which turned them away: nothing reported, no parse note from a scan of them.
    assert report.findings == () and report.skipped == ()
