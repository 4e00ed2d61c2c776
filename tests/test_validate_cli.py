"""`modelmap validate` and `modelmap rules` end to end through main()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelmap.cli import main


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")


EXIT = [
    (["validate", "images.generate", "model=gpt-image-2", "size=1920x1080"], 1),
    (["validate", "images.generate", "model=gpt-image-2", "size=1536x864"], 0),
    (["validate", "images.generate", "model=gpt-image-2", "size=3840x2160"], 1),
    (["validate", "images.generate", "model=gpt-image-2", "size=3840x2160", "--fail-on",
      "error"], 0),
    (["validate", "images.generate", "model=gpt-image-2", "size=3840x2160", "--fail-on",
      "warning"], 1),
    (["validate", "responses.create", "model=chat-latest", "--fail-on", "warning"], 0),
    (["validate", "responses.create", "model=chat-latest", "--fail-on", "info"], 1),
    (["validate", "chat.completions.create", "model=openai/gpt-oss-120b", "--base-url",
      "https://api.groq.com/openai/v1"], 0),
    (["validate", "chat.completions.create", "model=openai/gpt-oss-120b"], 1),
    (["validate", "chat.completions.create", "model=gpt-4o"], 1),  # deprecated: a warning
    (["validate", "chat.completions.create", "model=gpt-4o", "--as-of", "2027-01-14"], 1),
    (["validate", "openai.ChatCompletion.create", "model=gpt-5.5"], 1),
    (["validate", "nope.create", "model=x"], 2),
    (["validate", "images.generate", "size"], 2),
    (["validate", "images.generate", "model=5"], 2),
    (["validate", "images.generate", "--path", "/v1/images/generations"], 2),
    (["validate"], 2),
    (["validate", "images.generate", "--as-of", "2026-13-01"], 2),
]


@pytest.mark.parametrize(("argv", "code"), EXIT)
def test_exit_codes(argv: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == code
    if code == 2:
        err = capsys.readouterr().err
        assert err.startswith("modelmap: error: ") and err.count("\n") == 1


@pytest.mark.parametrize(("typed", "key"), [
    ("chat.completions", "chat.completions.create"),
    ("responses", "responses.create"),
    ("client.embeddings", "embeddings.create"),
    ("/v1/chat/completions", "chat.completions.create"),
    ("v1/images/generations", "images.generate"),
    ("https://api.openai.com/v1/responses?x=1", "responses.create"),
    ("api.openai.com/v1/responses", "responses.create"),
])
def test_endpoint_spellings_a_user_would_paste(typed: str, key: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh-eyes trial typed `chat.completions` and the REST path of a curl command."""
    assert main(["validate", typed, "model=gpt-5.5", "-q", "--json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["call"]["endpoint"] == key


@pytest.mark.parametrize(("typed", "hint"), [
    ("chat", "did you mean chat.completions.create, chat.completions.parse"),
    ("chat.completion", "did you mean chat.completions."),
    ("/v1/nope", "use an SDK path such as chat.completions.create"),
    ("/v1/response", "did you mean /v1/responses (responses.create)?"),
    ("https://api.openai.com/v1/chat/completion",
     "did you mean /v1/chat/completions (chat.completions.create)"),
])
def test_an_unknown_endpoint_suggests_what_was_meant(typed: str, hint: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", typed, "model=gpt-5.5"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"modelmap: error: unknown endpoint {typed!r}: ") and hint in err


def test_catalog_surface_without_its_api_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "--surface", "images", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["surface"]["key"] == "api.images"
    assert main(["catalog", "--surface", "image"]) == 2
    assert "unknown surface 'image'; did you mean api.images? known surfaces: " in \
        capsys.readouterr().err


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "images.generate", "model=gpt-image-2", "size=1920x1080"])
    assert capsys.readouterr().out == (
        "error: MM301 [invalid-image-size] size '1920x1080' is invalid for gpt-image-2: both "
        "edges must be multiples of 16 (1080 is not).\n")


def test_clean_output(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "images.generate", "model=gpt-image-2", "size=1536x864"])
    assert capsys.readouterr().out == "no findings for images.generate (as of 2026-11-21)\n"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "responses.create", "model=gpt-6.1-sol", "reasoning.effort=none",
                 "n=2", "--json"]) == 1  # a third-party-only rule: a warning; validate fails on it
    out = json.loads(capsys.readouterr().out)
    assert out["as_of"] == "2026-11-21"
    assert out["call"] == {"endpoint": "responses.create", "model": "gpt-6.1-sol",
                           "params": {"reasoning": {"effort": "none"}, "n": 2}, "base_url": None}
    # n is not a Responses parameter (openai's ResponseCreateParams): MM304 next to MM308
    assert [(f["rule"], f["family"], f["severity"]) for f in out["findings"]] == [
        ("MM304", "unsupported-param", "error"), ("MM308", "invalid-param", "warning")]
    assert out["summary"] == {"findings": 2, "errors": 1, "warnings": 1}


def test_raw_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = tmp_path / "req.json"
    body.write_text(json.dumps({"model": "gpt-image-2", "prompt": "x", "size": "1920x1080",
                                "response_format": "b64_json"}), encoding="utf-8")
    assert main(["validate", "--request", str(body), "--path", "/v1/images/generations",
                 "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in out["findings"]] == ["MM301", "MM304"]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "the request body must be a JSON object"),
])
def test_raw_request_errors(tmp_path: Path, content: str, message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    body = tmp_path / "req.json"
    body.write_text(content, encoding="utf-8")
    assert main(["validate", "--request", str(body), "--path", "/v1/responses"]) == 2
    err = capsys.readouterr().err
    assert str(body) in err and message in err


def test_raw_request_unknown_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = tmp_path / "req.json"
    body.write_text("{}", encoding="utf-8")
    assert main(["validate", "--request", str(body), "--path", "/v1/unknown"]) == 2
    assert "unknown request path '/v1/unknown'" in capsys.readouterr().err


def test_missing_request_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    assert main(["validate", "--request", str(missing), "--path", "/v1/responses"]) == 2
    assert f"{missing}: cannot read" in capsys.readouterr().err


def test_rules_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["code", "name", "family", "severity", "fix", "summary"]
    assert lines[1].split()[:5] == ["MM101", "label-as-id", "label-as-id", "error", "sometimes"]


def test_rules_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "mm301"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("MM301 invalid-image-size (invalid-param, error, fix: none)\n")
    for head in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix safety"):
        assert f"\n{head}\n" in out


def test_rules_json_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "codex-wire-api-chat", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["code"], out["fix"], sorted(out["docs"])) == (
        "MM405", "unsafe", ["example", "fix_safety", "use_instead", "what", "why"])


def test_rules_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "MM999"]) == 2
    assert "no rule 'MM999'" in capsys.readouterr().err
