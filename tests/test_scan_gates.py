"""The scanners' text gates (`worth_scanning`) are supersets: whenever a scanner finds a call
with the gate switched off, the gate says yes. Checked on every fixture file and on every
source string the scanner tests use (alone and after their usual import headers).

The checker relies on this twice: a file the gate rejects is neither scanned nor are its
imports read (modelmap.check.worker.probe)."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.scan.base import ScanContext
from modelmap.scan.js import scanner as javascript
from modelmap.scan.python import scanner as python

HERE = Path(__file__).parent
CATALOG = default_catalog()
CTX = ScanContext(root="", catalog=CATALOG, as_of=dt.date(2026, 11, 22))


def _strings(module: str) -> list[str]:
    tree = ast.parse((HERE / module).read_text(encoding="utf-8"))
    heads = [n.value.value for n in tree.body if isinstance(n, ast.Assign)
             and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)]
    found = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str) and len(n.value) > 8}
    return sorted(found | {h + s for h in heads for s in found})


def _fixtures(suffixes: tuple[str, ...]) -> list[str]:
    return sorted(str(p.relative_to(HERE)) for p in (HERE / "fixtures").rglob("*")
                  if p.is_file() and p.name.endswith(suffixes))


JS_SOURCES = (_strings("test_scan_js.py") + _strings("test_scan_docs.py")
              + _strings("test_scan_call_shapes.py"))
PY_SOURCES = (_strings("test_scan_python.py") + _strings("test_scan_docs.py")
              + _strings("test_scan_call_shapes.py"))


def _js_calls(text: str, path: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(javascript, "worth_scanning", lambda text: True)
    try:
        return len(javascript.scan_javascript(path, text, CTX).calls)
    except Exception:
        return 0  # not JS at all (a Python or prose string): nothing to compare
    finally:
        monkeypatch.undo()


def py_calls(text: str, monkeypatch: pytest.MonkeyPatch, path: str = "a.py") -> int:
    """Calls the Python scanner finds in `text` with its gate switched off."""
    monkeypatch.setattr(python, "worth_scanning", lambda text: True)
    try:
        return len(python.scan(path, text, CTX).calls)
    finally:
        monkeypatch.undo()


@pytest.mark.parametrize("index", range(len(JS_SOURCES)))
def test_js_gate_admits_every_test_source_with_calls(index: int,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = JS_SOURCES[index]
    if _js_calls(text, "app.ts", monkeypatch):
        assert javascript.worth_scanning(text), text


@pytest.mark.parametrize("index", range(len(PY_SOURCES)))
def test_python_gate_admits_every_test_source_with_calls(
        index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = PY_SOURCES[index]
    if py_calls(text, monkeypatch):
        assert python.worth_scanning(text), text


@pytest.mark.parametrize("rel", _fixtures(javascript.EXTENSIONS))
def test_js_gate_admits_fixture_files(rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (HERE / rel).read_text(encoding="utf-8")
    if _js_calls(text, rel, monkeypatch):
        assert javascript.worth_scanning(text)


@pytest.mark.parametrize("rel", _fixtures((".py",)))
def test_python_gate_admits_fixture_files(rel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelmap.check.worker import read_text

    text = read_text(HERE / rel)[1]  # as the checker reads it (PEP 263 included)
    assert text is not None
    if py_calls(text, monkeypatch):
        assert python.worth_scanning(text)


def test_the_sources_exercise_the_gates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard against a vacuous pass: many sources have calls, and the JS gate rejects some
    text that the old trigger words ("model", "openai") let through."""
    with_calls = sum(1 for s in JS_SOURCES if _js_calls(s, "app.ts", monkeypatch))
    assert with_calls > 50
    assert not javascript.worth_scanning('const model = "x"; export default model;\n')
    assert not javascript.worth_scanning("// see https://platform.openai.com/docs\n")
    assert javascript.worth_scanning("client\n  .chat\n  .completions\n  .create({ model })")
