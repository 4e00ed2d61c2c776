"""`openai-base-urls`: telling `check` that a gateway or a run-time base URL forwards to
OpenAI, and the report saying how many calls were judged as another server's and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelmap.check.forward import forwards, route
from modelmap.cli import main
from modelmap.validate.call import Call
from treeutil import write_tree

SRC = ('import os\nfrom openai import OpenAI\n'
       'c = OpenAI(base_url=os.environ["LLM_BASE_URL"])\n'
       'c.chat.completions.create(model="GPT-5.5 Thinking", messages=[])\n'
       'g = OpenAI(base_url="https://gateway.corp/v1")\n'
       'g.chat.completions.create(model="GPT-5.5 Thinking", messages=[])\n'
       'o = OpenAI()\n'
       'o.chat.completions.create(model="gpt-5.5", messages=[])\n')


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.chdir(tmp_path)


def check(capsys: pytest.CaptureFixture[str], config: str | None) -> dict:
    files = {"a.py": SRC}
    if config is not None:
        files["modelmap.toml"] = config
    write_tree(Path.cwd(), files)
    main(["check", "a.py", "--json"])
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("config", "lines", "foreign"), [
    (None, [], {"base URL set at run time": 1, "gateway.corp": 1}),
    ('openai-base-urls = ["https://gateway.corp/v1"]\n', [6], {"base URL set at run time": 1}),
    ('openai-base-urls = ["https://gateway.corp/v1/"]\n', [6], {"base URL set at run time": 1}),
    ('openai-base-urls = ["*.corp"]\n', [6], {"base URL set at run time": 1}),
    ('openai-base-urls = ["https://gateway.corp/v2"]\n', [],
     {"base URL set at run time": 1, "gateway.corp": 1}),
    ('openai-base-urls = ["runtime"]\n', [4], {"gateway.corp": 1}),
    ('openai_base_urls = ["runtime", "gateway.corp"]\n', [4, 6], {}),
])
def test_forwarding_base_urls(capsys: pytest.CaptureFixture[str], config: str | None,
                              lines: list[int], foreign: dict[str, int]) -> None:
    doc = check(capsys, config)
    assert [f["line"] for f in doc["findings"] if f["rule"] == "MM101"] == lines
    assert doc["foreign_calls"] == foreign


def test_text_report_says_when_calls_were_judged_foreign(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": SRC})
    assert main(["check", "a.py"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("Judged 2 calls as not OpenAI's API, so model rules skipped them "
            "(base URL set at run time: 1, gateway.corp: 1)") in out
    assert "openai-base-urls" in out
    main(["check", "a.py", "--format", "sarif"])
    notes = json.loads(capsys.readouterr().out)["runs"][0]["invocations"][0][
        "toolExecutionNotifications"]
    assert any("Judged 2 calls" in n["message"]["text"] for n in notes)


def test_bad_value_is_a_one_line_error(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": SRC, "modelmap.toml": 'openai-base-urls = "runtime"\n'})
    assert main(["check", "a.py"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "key 'openai-base-urls' must be a list of strings" in err


def test_forwards_and_route() -> None:
    dynamic = Call("chat.completions.create", "m", provider="dynamic")
    gateway = Call("chat.completions.create", "m", base_url="https://GW.corp/v1/",
                   provider="gw.corp")
    default = Call("chat.completions.create", "m")
    assert forwards(dynamic, ["runtime"]) and not forwards(dynamic, ["gw.corp"])
    assert forwards(gateway, ["https://gw.corp/v1"]) and forwards(gateway, ["gw.*"])
    assert not forwards(gateway, ["https://gw.corp/v1beta"])
    assert not forwards(gateway, ["runtime"])
    calls, foreign = route([dynamic, gateway, default], ["runtime"])
    assert [c.provider for c in calls] == ["openai", "gw.corp", None]
    assert foreign == {"gw.corp": 1}
