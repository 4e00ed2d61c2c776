"""bench/ceiling.py: the perfect-gate bound classifies each scanned file by what it yields.

A file whose scanner returns a call (a request, even one that validates clean) or a finding
yields; a file its gate lets through whose scan returns neither yields nothing. The bound is
the whole run minus the scans that yielded nothing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "ceiling.py"


@pytest.fixture(scope="module")
def ceiling():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_ceiling", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ceiling"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_ceiling", None)


def test_kinds(ceiling) -> None:  # type: ignore[no-untyped-def]
    assert ceiling.kind_of("a/b.py") == "Python"
    assert ceiling.kind_of("a/README.MD") == "docs"
    assert ceiling.kind_of("x.d.mts") == "JS/TS"
    assert ceiling.kind_of("pyproject.toml") == "configs"
    assert ceiling.kind_of("demo.ipynb") == "notebooks"
    assert ceiling.kind_of(".env") == "configs"


def test_round_splits_yielding_from_empty(ceiling, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "calls.py").write_text(
        "from openai import OpenAI\nclient = OpenAI()\n"
        "client.chat.completions.create(model='gpt-image-2', messages=[])\n"
        "client.responses.create(model='gpt-5.5', input='hi')\n", encoding="utf-8")
    # Through the gate (an SDK path in code), but a method bound, not called: no request.
    (tmp_path / "empty.py").write_text(
        "from openai import OpenAI\n\ndef f(c: OpenAI) -> object:\n"
        "    return c.chat.completions.create\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    out = ceiling.one_round(str(tmp_path))
    assert out["counts"] == {"Python, yields": 1, "Python, yields nothing": 1}
    assert out["scanned"] == 2 and out["probed"] >= 2
    assert 0 < out["scan_yielding"] < out["scan"] <= out["total"]
    assert out["rest"] == pytest.approx(out["total"] - out["probe"] - out["scan"])
    # The worker module is left as it was: a later check runs unpatched.
    from modelmap.check import worker
    assert worker.scan.__module__ == "modelmap.check.worker"
    assert worker.judge.__module__ == "modelmap.check.worker"
