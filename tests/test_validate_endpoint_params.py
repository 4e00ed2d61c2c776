"""Endpoint parameter names and published bounds (catalog/data/endpoint_params.json)."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from pathlib import Path

import openai
import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from modelmap.validate import Call, validate
from modelmap.validate.endpoint_params import DATA, load

DAY = dt.date(2026, 12, 4)


def _codes(endpoint: str, **params: object) -> list[str]:
    model = params.pop("model", None)
    call = Call(endpoint=endpoint, model=model if isinstance(model, str) else None,
                params=params, via="cli")
    return [f.rule for f in validate(default_catalog(), call, DAY)]


def test_vendored_names_match_the_installed_sdk_typeddicts() -> None:
    """Each endpoint's list equals its TypedDict's keys in the pinned `openai` package, read
    through the type system (not the generator's ast reader)."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    assert raw["openai_version"] == openai.__version__
    for key, entry in raw["endpoints"].items():
        _, _, rel = entry["params_source"].partition(":")
        module = importlib.import_module(rel.removesuffix(".py").replace("/", "."))
        bases = [v for k, v in vars(module).items() if k.endswith(("ParamsBase", "Params"))
                 and isinstance(v, type) and hasattr(v, "__optional_keys__")
                 and not k.endswith(("Streaming",))]
        want = {n for cls in bases for n in cls.__required_keys__ | cls.__optional_keys__}
        assert set(entry["params"]) == want, key


def test_generator_reproduces_the_vendored_file(tmp_path: Path) -> None:
    """The ast reader and the spec walker rebuild the shipped names and bounds."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    try:
        gen = importlib.import_module("gen_endpoint_params")
    finally:
        sys.path.pop(0)
    shipped = json.loads(DATA.read_text(encoding="utf-8"))["endpoints"]
    root = Path(openai.__file__).parent
    for key, (rel, cls, _) in gen.WHERE.items():
        assert gen.fields(root / rel, cls) == shipped[key]["params"], key


@pytest.mark.parametrize("endpoint,params,code", [
    ("responses.create", {"model": "gpt-5.5", "frobnicate": 1}, "MM304"),
    ("chat.completions.create", {"model": "gpt-5.5", "max_output_tokens": 100}, "MM304"),
    ("embeddings.create", {"model": "text-embedding-3-small", "input": "x", "size": 3},
     "MM304"),
    ("responses.create", {"model": "gpt-5.5", "max_output_tokens": -5}, "MM306"),
    ("responses.create", {"model": "gpt-5.5", "max_output_tokens": 15}, "MM306"),
    ("responses.create", {"model": "gpt-5.5", "top_p": 1.5}, "MM306"),
    ("embeddings.create", {"model": "text-embedding-3-small", "input": "x", "dimensions": 0},
     "MM306"),
])
def test_unknown_or_out_of_range_is_a_finding(endpoint: str, params: dict[str, object],
                                              code: str) -> None:
    assert code in _codes(endpoint, **params)


@pytest.mark.parametrize("endpoint,params", [
    ("responses.create", {"model": "gpt-5.5", "max_output_tokens": 16, "input": "hi",
                          "reasoning": {"effort": "high"}, "stream": True,
                          "extra_body": {"x": 1}, "timeout": 30}),
    ("chat.completions.create", {"model": "gpt-4.1", "messages": [], "temperature": 2,
                                 "max_completion_tokens": 10}),
    ("embeddings.create", {"model": "text-embedding-3-small", "input": "x",
                           "dimensions": 256}),
])
def test_accepted_requests_stay_quiet(endpoint: str, params: dict[str, object]) -> None:
    codes = _codes(endpoint, **params)
    assert "MM304" not in codes and "MM306" not in codes, codes


def test_model_specific_range_rule_is_not_repeated() -> None:
    """n on images.generate has a params.toml rule (1..10 for GPT image models): one finding."""
    call = Call(endpoint="images.generate", model="gpt-image-2", params={"n": 12}, via="cli")
    found = [f for f in validate(default_catalog(), call, DAY) if f.rule == "MM306"]
    assert len(found) == 1


def test_scanned_calls_are_not_judged_by_name() -> None:
    """A call with a source location came from a scanner, whose params are partial reads."""
    from modelmap.findings import Location

    call = Call(endpoint="responses.create", model="gpt-5.5", params={"frobnicate": 1},
                location=Location(path="a.py", line=1, column=1, end_line=1,
                                  end_column=9))
    assert "MM304" not in [f.rule for f in validate(default_catalog(), call, DAY)]


def test_cli_unknown_param_and_range(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "responses.create", "model=gpt-5.5", "frobnicate=1"]) == 1
    assert "no parameter 'frobnicate'" in capsys.readouterr().out
    assert main(["validate", "responses.create", "model=gpt-5.5",
                 "max_output_tokens=-5"]) == 1
    out = capsys.readouterr().out
    assert "MM306" in out and "at least 16" in out


@pytest.mark.parametrize("blank", ["model=", "model=  "])
def test_cli_empty_model_is_a_usage_error(blank: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "responses.create", blank]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert any("model is empty" in line for line in err)


def test_load_is_cached_and_typed() -> None:
    data = load()
    assert "frobnicate" not in data["responses.create"].params
    assert data["responses.create"].ranges["max_output_tokens"]["min"] == 16


def test_guard_and_other_providers_are_not_judged_by_name() -> None:
    """At run time an unknown name came through extra_body on purpose; another provider's API
    has its own parameters. Bounds still hold for OpenAI's API at run time."""
    cat = default_catalog()
    runtime = Call(endpoint="responses.create", model="gpt-5.5", via="runtime",
                   params={"brand_new_param": 1, "max_output_tokens": 5})
    codes = [f.rule for f in validate(cat, runtime, DAY)]
    assert "MM304" not in codes and "MM306" in codes
    groq = Call(endpoint="chat.completions.create", model="openai/gpt-oss-120b", via="cli",
                base_url="https://api.groq.com/openai/v1",
                params={"messages": [], "reasoning_format": "parsed", "temperature": 3})
    codes = [f.rule for f in validate(cat, groq, DAY)]
    assert "MM304" not in codes and "MM306" not in codes


def test_guarded_client_blocks_out_of_range_but_passes_extra_body() -> None:
    """The real openai client, guarded, against a loopback server."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from typing import Any

    import modelmap
    from modelmap.guard import GuardError

    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            seen.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            body = json.dumps({"id": "resp_1", "object": "response", "created_at": 0,
                               "model": "gpt-5.5", "output": [], "status": "completed",
                               "parallel_tool_calls": True, "tool_choice": "auto",
                               "tools": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        client = modelmap.guard(openai.OpenAI(
            api_key="sk-test", base_url=f"http://127.0.0.1:{httpd.server_address[1]}/v1"),
            provider="openai", as_of=DAY)
        with pytest.raises(GuardError):
            client.responses.create(model="gpt-5.5", input="hi", max_output_tokens=-5)
        assert seen == []
        client.responses.create(model="gpt-5.5", input="hi", max_output_tokens=64,
                                extra_body={"brand_new_param": True})
        assert seen and seen[0]["brand_new_param"] is True
    finally:
        httpd.shutdown()
