"""explain: the surface comes from evidence (path, model, parameter shape), never a guess."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from modelmap.explain import explain
from modelmap.explain_context import pasted_model, pasted_path, shape_surface

DAY = dt.date(2026, 12, 4)

TRACEBACK = '''Traceback (most recent call last):
  File "/app/main.py", line 12, in <module>
    resp = client.responses.create(model="gpt-5.5-pro", input="hi", temperature=0.2)
  File "/venv/lib/python3.11/site-packages/openai/_base_client.py", line 1047, in request
    raise self._make_status_error_from_response(err.response) from None
openai.BadRequestError: Error code: 400 - {'error': {'message': "Unsupported parameter: \
'temperature' is not supported with this model.", 'type': 'invalid_request_error', \
'param': 'temperature', 'code': 'unsupported_parameter'}}'''


@pytest.mark.parametrize("text,key", [
    ("Unknown parameter: 'reasoning_effort'.", "unknown-parameter"),
    ("Rate limit reached for requests", "rate-limit"),
    ("You exceeded your current quota, please check your plan and billing details.",
     "insufficient-quota"),
])
def test_no_endpoint_no_model_means_no_surface(text: str, key: str) -> None:
    d = explain(default_catalog(), text, DAY)
    assert d.key == key
    assert d.surface is None and len(d.surfaces) > 1  # candidates, not a verdict


def test_responses_only_param_path_says_responses() -> None:
    text = ("Invalid 'input[0].content': string too long. Expected a string with maximum "
            "length 10485760, but got a string with length 10485761 instead.")
    d = explain(default_catalog(), text, DAY)
    assert (d.key, d.surface) == ("string-too-long", "api.responses")
    body = {"error": {"message": "string too long", "param": "messages[2].content",
                      "code": "string_above_max_length", "type": "invalid_request_error"}}
    assert explain(default_catalog(), body, DAY).surface == "api.chat_completions"


def test_model_from_a_pasted_code_line() -> None:
    d = explain(default_catalog(), TRACEBACK, DAY)
    assert d.key == "unsupported-parameter"
    assert d.model == "gpt-5.5-pro" and d.surface == "api.responses"
    assert d.resolution is not None and d.resolution.id == "gpt-5.5-pro"


def test_request_path_in_the_pasted_text() -> None:
    d = explain(default_catalog(), "POST /v1/images/edits -> 429 Rate limit reached for "
                "requests", DAY)
    assert d.surface == "api.images"


def test_single_surface_row_keeps_its_surface() -> None:
    d = explain(default_catalog(), "Invalid value: '1920x1080'. Supported values are: "
                "'1024x1024', '1024x1536', '1536x1024', and 'auto'.", DAY)
    assert d.surface == "api.images"


@pytest.mark.parametrize("text,want", [
    ('client.responses.create(model="gpt-5.5-pro", input=x)', "gpt-5.5-pro"),
    ('{"model": "gpt-5.5", "input": "hi"}', "gpt-5.5"),
    ("model='a' ... model='b'", None),  # two models: no guess
    ("the model is slow", None),
])
def test_pasted_model(text: str, want: str | None) -> None:
    assert pasted_model(text) == want


def test_pasted_path_and_shape() -> None:
    assert pasted_path("POST https://api.openai.com/v1/responses failed") == "/v1/responses"
    assert pasted_path("/v1/responses then /v1/images/edits") is None
    assert shape_surface("input[3].role", "") == "api.responses"
    assert shape_surface(None, "Invalid 'input[0].content'") == "api.responses"
    assert shape_surface("input", "") is None  # embeddings and moderations take input too


def test_cli_text_says_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    main(["explain", "Unknown parameter: 'reasoning_effort'.", "--as-of", "2026-12-04"])
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("surface"))
    assert "unknown" in line and "api.images" in line
    main(["explain", "Unknown parameter: 'reasoning_effort'.", "--json"])
    assert json.loads(capsys.readouterr().out)["surface"] is None


@pytest.mark.parametrize("model,key,state", [
    ("ft:gpt-4.1:acme::abc", "model-not-found.access", "deprecated"),
    ("ft:gpt-3.5-turbo-0613:acme::abc", "model-not-found.shut-down", "shut-down"),
])
def test_fine_tune_is_judged_by_its_base(model: str, key: str, state: str) -> None:
    d = explain(default_catalog(), f"The model `{model}` does not exist or you do not have "
                "access to it.", DAY)
    assert d.key == key and d.model == model
    assert d.model_status is not None and d.model_status.state == state
    assert d.surface is not None and d.surface.startswith("api.")


@pytest.mark.parametrize(("text", "said"), [
    ("Error code: 404 - {'error': {'message': 'The model `gpt-5.5-turbo` does not exist or "
     "you do not have access to it.', 'type': 'invalid_request_error', 'param': None, "
     "'code': 'model_not_found'}}",
     "unknown (the error names no endpoint, and gpt-5.5-turbo does not tell which;"),
    ("Error code: 429 - Rate limit reached",
     "unknown (the error names no endpoint or model;"),
])
def test_an_unplaced_surface_says_whether_a_model_was_named(
        text: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh-eyes trial: "the error names no endpoint or model" beside the model it named."""
    main(["explain", text, "--as-of", "2026-12-04"])
    surface = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("surface")]
    assert len(surface) == 1 and said in surface[0]
