"""One exit-code rule for every command (README "Exit codes"): 0 clean or known, 1 findings
or an unknown / shut-down answer, 2 usage or input error; `validate` and `check` share the
default threshold (warning). Plus the messages a newcomer tripped over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelmap.cli import main
from treeutil import write_tree


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(("argv", "code"), [
    (["resolve", "gpt-5.5"], 0),
    (["resolve", "GPT-5.5 Thinking"], 0),          # a label is known: the answer says what to use
    (["resolve", "no-such-model-x"], 1),
    (["resolve", "gpt-5.5", "no-such-model-x"], 1),
    (["resolve", "no-such-model-x", "--json"], 1),
    (["resolve", "gpt-4.1-nano"], 1),               # shut down on 2026-10-23
    (["status", "gpt-4o"], 0),                      # deprecated: still served
    (["status", "gpt-4o", "--as-of", "2027-02-01"], 1),
    (["status", "gpt-4o", "--as-of", "2027-02-01", "--json"], 1),
    (["status", "no-such-model-x"], 1),
    # validate fails on warnings by default, like check; --fail-on error relaxes both.
    (["validate", "chat.completions.create", "model=gpt-4o"], 1),
    (["validate", "chat.completions.create", "model=gpt-4o", "--fail-on", "error"], 0),
    (["validate", "chat.completions.create", "model=gpt-5.5"], 0),
    (["validate", "chat.completions.create"], 2),
])
def test_exit_code_rule(argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == code
    if code == 2:
        err = capsys.readouterr().err
        assert err.startswith("modelmap: error: ") and err.count("\n") == 1


def test_check_and_validate_share_the_default_threshold(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, {"a.py": "from openai import OpenAI\nc = OpenAI()\n"
                                  "c.chat.completions.create(model='gpt-4o', messages=[])\n"})
    check = main(["check", "a.py", "--json"])
    assert [f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]] == [
        "warning"]
    validate = main(["validate", "chat.completions.create", "model=gpt-4o"])
    assert check == validate == 1
    assert main(["check", "a.py", "--fail-on", "error"]) == main(
        ["validate", "chat.completions.create", "model=gpt-4o", "--fail-on", "error"]) == 0


def test_validate_without_model_never_says_no_findings(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "chat.completions.create"]) == 2
    out = capsys.readouterr()
    assert "no findings" not in out.out + out.err
    assert "no model given" in out.err
    assert main(["validate", "videos.create"]) == 1  # the endpoint alone is shut down
    out = capsys.readouterr()
    assert "MM403" in out.out and "no model given" in out.err


@pytest.mark.parametrize("model", ["GPT-5.5 Thinking", "gpt-5.5-turbo-typo"])
def test_allowed_models_reports_a_label_or_typo_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], model: str) -> None:
    write_tree(tmp_path, {
        "modelmap.toml": '[policy]\nallowed-models = ["gpt-5.5"]\n',
        "a.py": "from openai import OpenAI\nc = OpenAI()\n"
                f"c.responses.create(model='{model}', input='q')\n"})
    main(["check", "a.py", "--json"])
    rules = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert len(rules) == 1 and rules[0] in ("MM101", "MM102")


def test_mm509_names_the_v0_shape_and_the_v1_call(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "openai.ChatCompletion.create", "model=gpt-5.5"])
    out = capsys.readouterr().out
    assert "openai.ChatCompletion.create is an openai<1.0 call shape" in out
    assert "Use OpenAI().chat.completions.create(model=...)" in out


def test_resolve_unknown_with_suggestion_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "gpt5.5"]) == 1
    fields = dict(line.split(None, 1) if not line.startswith("did you mean") else
                  ("did you mean", line.removeprefix("did you mean").strip())
                  for line in capsys.readouterr().out.splitlines())
    assert fields["kind"].startswith("unknown")
    assert (fields.get("did you mean") or fields["suggest"]).startswith("gpt-5.5")
    assert "use" not in fields  # an unknown name is never told to "use" something


def test_resolve_shows_days_left_and_replacement_like_status(
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["status", "o3"])
    status = capsys.readouterr().out
    main(["resolve", "o3"])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("status"))
    assert "days left" in line and "replacement" in line
    day = status.split("(shutdown ")[1].split(",")[0]  # e.g. "2026-12-11"
    left = status.split(", ")[1].split(")")[0]  # e.g. "7 days left"
    assert day in line and left in line
    replacement = status.split("replacement: ")[1].split(" (as of")[0]
    assert replacement in line


def test_catalog_overview_and_surface_view_count_alike(
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["catalog", "--json"])
    surfaces = {s["key"]: s for s in json.loads(capsys.readouterr().out)["surfaces"]}
    for key in ("api.images", "api.responses", "api.embeddings"):
        main(["catalog", "--surface", key, "--json"])
        models = json.loads(capsys.readouterr().out)["models"]
        snaps = sum(1 for m in models if m["kind"] == "snapshot")
        assert (surfaces[key]["models"], surfaces[key]["snapshots"]) == (
            len(models) - snaps, snaps)
        main(["catalog", "--surface", key])
        title = capsys.readouterr().out.splitlines()[1]
        assert f": {len(models) - snaps} model" in title and f"{snaps} snapshot" in title
