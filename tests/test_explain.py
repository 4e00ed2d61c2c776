"""explain(error, as_of): every known API error shape -> its cause key and first checks."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
from collections.abc import Callable
from pathlib import Path

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog
from modelmap.errors import UsageError
from modelmap.explain import CONDITIONS, PLACEHOLDERS, explain, parse_error

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


# The error table of the research notes (API error strings are quoted verbatim) -> row key.
ERRORS = [
    # model_not_found, refined by what the named model is on 2026-11-21
    ("The model `gpt-5.5` does not exist or you do not have access to it.",
     "model-not-found.access"),
    ("The model `gpt-6-astra` does not exist or you do not have access to it.",
     "model-not-found.access"),
    ("The model `GPT-5.5 Instant` does not exist or you do not have access to it.",
     "model-not-found.label"),
    ("The model `gpt-5.3-instant` does not exist or you do not have access to it.",
     "model-not-found.label"),
    ("The model `sora-2` does not exist or you do not have access to it.",
     "model-not-found.shut-down"),
    ("The model `gpt-4` does not exist or you do not have access to it.",
     "model-not-found.shut-down"),
    ("The model `gpt-5.1-mini` does not exist or you do not have access to it.",
     "model-not-found.unknown-id"),
    ("The model `gpt-5.5-turbo-ultra` does not exist or you do not have access to it.",
     "model-not-found.unknown-id"),
    ("The requested model 'gpt-5.3-codex-spark' does not exist.",
     "model-not-found.no-api-access"),
    ("The model `` does not exist or you do not have access to it.", "model-not-found"),
    ("The model `dall-e-3` has been deprecated. Learn more: "
     "https://platform.openai.com/docs/deprecations", "model-deprecated"),
    ("The model `text-davinci-003` has been deprecated, learn more here: "
     "https://platform.openai.com/docs/deprecations", "model-deprecated"),
    # access
    ("Your organization must be verified to use the model `gpt-image-2`. Please go to: "
     "https://platform.openai.com/settings/organization/general and click on Verify "
     "Organization. If you just verified, it can take up to 15 minutes for access to "
     "propagate.", "org-verification"),
    ("Your organization must be verified to stream this model.", "org-verification"),
    ("403 Country, region, or territory not supported", "region-unsupported"),
    ("429 You exceeded your current quota, please check your plan and billing details.",
     "insufficient-quota"),
    ("Rate limit reached for gpt-5.5 in organization org-abc on tokens per min (TPM).",
     "rate-limit"),
    # endpoint and route
    ("This model is only supported in v1/responses and not in v1/chat/completions.",
     "responses-only"),
    ("This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
     "Did you mean to use v1/completions?", "not-chat-model"),
    ("This is a chat model and not supported in the v1/completions endpoint. Did you mean to "
     "use v1/chat/completions?", "chat-model-on-completions"),
    ('model "gpt-5.4" is not accessible via the /chat/completions endpoint', "copilot-route"),
    ("Invalid URL (POST /v1/chat/completions/chat/completions)", "base-url-doubled"),
    ("Unknown request URL: POST /chat/completions. Please check the URL for typos, or see the "
     "docs at https://platform.openai.com/docs/api-reference/.", "base-url-missing-v1"),
    ("The API deployment for this resource does not exist. If you created the deployment "
     "within the last 5 minutes, please wait a moment and try again.", "azure-deployment"),
    ("You tried to access openai.ChatCompletion, but this is no longer supported in "
     "openai>=1.0.0 - see the README at https://github.com/openai/openai-python for the API.",
     "sdk-v0"),
    # parameters
    ("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
     "'max_completion_tokens' instead.", "max-tokens"),
    ("Unsupported parameter: 'temperature' is not supported with this model.",
     "unsupported-parameter"),
    ("Unsupported parameter: 'response_format'. In the Responses API, this parameter has moved "
     "to 'text.format'. Try again with the new parameter.", "responses-param-moved"),
    ("Unsupported value: 'temperature' does not support 0 with this model. Only the default "
     "(1) value is supported.", "temperature-value"),
    ("Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported "
     "values are: 'low', 'medium', 'high', 'xhigh', and 'max'.", "reasoning-effort-value"),
    ("Unsupported value: 'none' is not supported with the 'gpt-5.1-codex' model. Supported "
     "values are: 'low', 'medium', and 'high'.", "reasoning-effort-value"),
    ("Function tools with reasoning_effort are not supported for gpt-6-astra in "
     "/v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort "
     "to 'none'.", "function-tools-reasoning-chat"),
    ("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this "
     "model. Learn more about supported models at the Structured Outputs guide: "
     "https://platform.openai.com/docs/guides/structured-outputs", "json-schema-unsupported"),
    # images
    ("The model 'gpt-image-2' does not support the 'input_fidelity' parameter.",
     "input-fidelity"),
    ("Unknown parameter: 'response_format'.", "image-response-format"),
    ("Unknown parameter: 'input_fidelity'.", "unknown-parameter"),
    ("HTTP 400: Invalid size '1792x936'. Width and height must both be divisible by 16.",
     "image-size-multiple-16"),
    ("Invalid value: '1254x836'. Supported values are: '1024x1024', '1024x1536', '1536x1024', "
     "and 'auto'.", "image-size-fixed"),
    ("The size is not supported by this model.", "dalle-size"),
    ("Transparent background is not supported for this model.", "transparent-background"),
    ("Invalid value: 'gpt-image-2'. Value must be 'dall-e-2'.", "dall-e-2-only"),
    # audio, realtime, video
    ("This model requires that either input content or output modality contain audio.",
     "audio-modality"),
    ("response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'. Use "
     "'json' or 'text' instead.", "transcribe-format"),
    ("The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.",
     "realtime-beta"),
    ("Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer "
     "instead.", "sora-seconds"),
    # Codex
    ('Error loading config.toml: `wire_api = "chat"` is no longer supported.\nHow to fix: set '
     '`wire_api = "responses"` in your provider config.', "codex-wire-api-chat"),
    ("The 'gpt-5.3-codex' model is not supported when using Codex with a ChatGPT account.",
     "codex-chatgpt-signin"),
    ('legacy `profile = "work"` config is no longer supported; use `--profile work` with '
     "`work.config.toml` instead", "codex-legacy-profile"),
    # failed Responses (status "failed" with a code), by code only
    ('{"id": "resp_1", "object": "response", "status": "failed", "error": {"code": '
     '"image_content_policy_violation", "message": "The output was blocked."}}',
     "image-content-policy"),
    ('{"id": "resp_2", "object": "response", "status": "failed", "error": {"code": '
     '"invalid_image", "message": "Could not read the image."}}', "invalid-image"),
    ('{"id": "resp_3", "object": "response", "status": "failed", "error": {"code": '
     '"rate_limit_exceeded", "message": "Slow down."}}', "rate-limit"),
    ('{"error": {"message": "Model not available", "type": "invalid_request_error", '
     '"param": "model", "code": "model_not_found"}}', "model-not-found"),
    # by HTTP status only
    ("HTTP 400: something odd about the request", "http-400"),
    ("HTTP 401: Incorrect API key provided: sk-****.", "http-401"),
    ("Error code: 403 - {'error': {'message': 'Project does not have access', 'type': "
     "'invalid_request_error', 'param': None, 'code': None}}", "http-403"),
    ("404 page not found", "http-404"),
    ("status: 429 Too Many Requests", "http-429"),
    ("Error code: 503 - {'error': {'message': 'The engine is currently overloaded.', "
     "'type': 'server_error', 'param': None, 'code': None}}", "http-500"),
    # nothing known
    ("the flux capacitor is out of sync", "unrecognised"),
    ('{"detail": "Unsupported parameter: max_output_tokens"}', "unrecognised"),
]


@pytest.mark.parametrize(("text", "key"), ERRORS)
def test_error_table(catalog: Catalog, text: str, key: str) -> None:
    assert explain(catalog, text, TODAY).key == key


def test_every_row_is_covered(catalog: Catalog) -> None:
    corpus = Path(__file__).parent / "data" / "explain_corpus.jsonl"  # covers the newer rows
    entries = [json.loads(line) for line in corpus.read_text("utf-8").splitlines() if line]
    covered = {key for _, key in ERRORS} | {e["expected"] for e in entries}
    assert {row.key for row in catalog.errors} <= covered


@pytest.mark.parametrize(("text", "model"), [
    ("Function tools with reasoning_effort are not supported for gpt-6-astra in "
     "/v1/chat/completions.", "gpt-6-astra"),
    ("response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'.",
     "gpt-4o-transcribe"),
    ("Unsupported value: 'none' is not supported with the 'gpt-5.1-codex' model.",
     "gpt-5.1-codex"),
    ("The requested model 'gpt-5.3-codex-spark' does not exist.", "gpt-5.3-codex-spark"),
])
def test_model_is_captured(catalog: Catalog, text: str, model: str) -> None:
    assert explain(catalog, text, TODAY).model == model


def test_valid_current_id_points_at_access_not_the_name(catalog: Catalog) -> None:
    d = explain(catalog, "The model `gpt-5.5` does not exist or you do not have access to "
                         "it.", TODAY)
    assert d.model_status is not None and d.model_status.state == "current"
    assert "name is not the problem" in d.cause
    text = " ".join(d.checks).lower()
    for word in ("organization", "project", "verification", "billing"):
        assert word in text
    assert "typo" not in (d.cause + text).lower()
    assert "closest" not in text


def test_label_points_at_the_api_ids(catalog: Catalog) -> None:
    d = explain(catalog, "The model `GPT-5.5 Instant` does not exist or you do not have "
                         "access to it.", TODAY)
    assert d.resolution is not None and d.resolution.kind == "label"
    assert d.checks[0] == "Use an API ID instead: chat-latest, gpt-5.5."


@pytest.mark.parametrize(("day", "key", "state"), [
    (TODAY, "model-not-found.shut-down", "shut-down"),
    (dt.date(2026, 9, 24), "model-not-found.shut-down", "shut-down"),
    (dt.date(2026, 6, 1), "model-not-found.access", "deprecated"),
])
def test_sora_depends_on_the_date(catalog: Catalog, day: dt.date, key: str, state: str) -> None:
    d = explain(catalog, "The model `sora-2` does not exist or you do not have access to it.",
                day)
    assert (d.key, d.model_status.state if d.model_status else None) == (key, state)


def test_sora_shut_down_cause_names_the_date(catalog: Catalog) -> None:
    d = explain(catalog, "The model `sora-2` does not exist or you do not have access to it.",
                TODAY)
    assert "shut down on 2026-09-24" in d.cause
    assert d.checks[0] == ("Replace it: no source names a successor, so pick a current model "
                           "for the job (`modelmap route`).")
    assert d.surface == "api.videos"  # the model's own surface, not the row's typical one


def test_deprecated_model_gets_a_dated_note(catalog: Catalog) -> None:
    d = explain(catalog, "The model `sora-2` does not exist or you do not have access to it.",
                dt.date(2026, 6, 1))
    assert "sora-2 shuts down on 2026-09-24 (115 days after 2026-06-01)." in d.notes


def test_dead_surface_note(catalog: Catalog) -> None:
    text = "Invalid type for 'seconds': expected one of '4', '8', or '12'"
    assert any("shut down on 2026-09-24" in n for n in explain(catalog, text, TODAY).notes)
    assert not any("shut down" in n for n in explain(catalog, text, dt.date(2026, 6, 1)).notes)


def test_unknown_id_suggestions_skip_dead_models(catalog: Catalog) -> None:
    d = explain(catalog, "The requested model 'gpt-5.1-mini' does not exist.", TODAY)
    assert d.checks[0].startswith("Closest known IDs: gpt-5.4-mini")


# --- input forms --------------------------------------------------------------------------------

ENVELOPE = {"message": "The model `gpt-5.5` does not exist or you do not have access to it.",
            "type": "invalid_request_error", "param": None, "code": "model_not_found"}


@pytest.mark.parametrize(("text", "expected"), [
    (json.dumps({"error": ENVELOPE}),
     (None, "invalid_request_error", "model_not_found", None, "json")),
    (json.dumps(ENVELOPE), (None, "invalid_request_error", "model_not_found", None, "json")),
    ("openai.NotFoundError: Error code: 404 - " + repr({"error": ENVELOPE}),
     (404, "invalid_request_error", "model_not_found", None, "json")),
    ("HTTP/1.1 404 Not Found\n\n" + json.dumps({"error": ENVELOPE}),
     (404, "invalid_request_error", "model_not_found", None, "json")),
    (json.dumps({"type": "error", "status": 400, "error": {
        "type": "invalid_request_error", "code": "unsupported_value", "param": "temperature",
        "message": "Unsupported value: 'temperature' does not support 0 with this model."}}),
     (400, "invalid_request_error", "unsupported_value", "temperature", "json")),
    ("404 The model `gpt-5.5` does not exist or you do not have access to it.",
     (404, None, None, None, "text")),
    ("The model `gpt-5.5` does not exist (code: model_not_found)",
     (None, None, "model_not_found", None, "text")),
])
def test_parse_forms(text: str, expected: tuple[object, ...]) -> None:
    p = parse_error(text)
    assert (p.status, p.type, p.code, p.param, p.form) == expected


@pytest.mark.parametrize("text", [
    json.dumps({"error": ENVELOPE}),
    "Error code: 404 - " + repr({"error": ENVELOPE}),
    ENVELOPE["message"],
])
def test_forms_agree(catalog: Catalog, text: str) -> None:
    assert explain(catalog, text, TODAY).key == "model-not-found.access"


def test_mapping_input(catalog: Catalog) -> None:
    assert explain(catalog, {"error": ENVELOPE}, TODAY).key == "model-not-found.access"


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty error"),
    ("  \n", "empty error"),
    ('{"error": {"message": "unterminated', "not a valid JSON object"),
    ('{"foo": 1}', "no error message or code"),
])
def test_bad_input(catalog: Catalog, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        explain(catalog, text, TODAY)


# --- the data ---------------------------------------------------------------------------------

def test_error_rows_are_well_formed(catalog: Catalog) -> None:
    keys = [row.key for row in catalog.errors]
    assert len(keys) == len(set(keys))
    for row in catalog.errors:
        assert set(row.surfaces) <= set(catalog.surfaces), row.key
        assert row.when is None or row.when in CONDITIONS, row.key
        if row.when == "endpoint-shut-down":
            assert row.path_group is not None, row.key
        elif row.when not in (None, "status"):
            assert row.model_group is not None, row.key
        for text in (row.cause, *row.checks):
            names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            assert names <= PLACEHOLDERS, (row.key, names - PLACEHOLDERS)
        assert row.checks, row.key


def test_rendered_texts_have_no_leftover_placeholders(catalog: Catalog) -> None:
    for text, _ in ERRORS:
        d = explain(catalog, text, TODAY)
        for line in (d.cause, *d.checks):
            assert not re.search(r"\{[a-z_]+\}", line), (text, line)


# --- CLI --------------------------------------------------------------------------------------


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], int]:
    from modelmap.cli import main

    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")
    monkeypatch.setenv("MODELMAP_TODAY", TODAY.isoformat())
    return main


@pytest.mark.parametrize("argv", [["explain", "-", "--json"], ["explain", "--json"]])
def test_cli_reads_stdin(cli: Callable[[list[str]], int], monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"error": ENVELOPE})))
    assert cli(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["key"], data["model"], data["model_status"]["state"], data["surface"]) == (
        "model-not-found.access", "gpt-5.5", "current", "api.responses")
    from modelmap.catalog.load import default_catalog

    version = default_catalog().meta.sdk_version
    assert data["catalog"]["sdk"] == (f"openai {version}" if version else None)
    assert data["as_of"] == "2026-11-21"


def test_cli_reads_a_file_named_as_the_one_argument(cli: Callable[[list[str]], int],
                                                    capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    """A fresh-eyes trial ran `explain /tmp/e.json` and got "unrecognised" for the path."""
    body = tmp_path / "e.json"
    body.write_text(json.dumps({"error": ENVELOPE}))
    assert cli(["explain", str(body), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    assert cli(["explain", json.dumps({"error": ENVELOPE}), "--json"]) == 0
    assert from_file == json.loads(capsys.readouterr().out)
    assert from_file["key"] == "model-not-found.access"
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00")
    assert cli(["explain", str(tmp_path / "bin")]) == 2
    err = capsys.readouterr().err
    assert "bin: cannot read (not UTF-8 text" in err and len(err.strip().splitlines()) == 1


def test_cli_as_of_changes_the_diagnosis(cli: Callable[[list[str]], int],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = "The model `sora-2` does not exist or you do not have access to it."
    assert cli(["explain", text, "--as-of", "2026-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["key"] == "model-not-found.access"
    assert cli(["explain", text, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["key"] == "model-not-found.shut-down"


def test_cli_text_output(cli: Callable[[list[str]], int],
                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["explain", "The", "model", "`GPT-5.5", "Instant`", "does", "not", "exist"]) == 0
    out = capsys.readouterr().out
    assert "diagnosis  model-not-found.label" in out
    assert "check      1. Use an API ID instead: chat-latest, gpt-5.5." in out


@pytest.mark.parametrize(("argv", "stdin", "code"), [
    (["explain", "the flux capacitor"], "", 1),
    (["explain", "-"], "", 2),
    (["explain", "{broken"], "", 2),
    (["explain", "x", "--as-of", "yesterday"], "", 2),
])
def test_cli_exit_codes(cli: Callable[[list[str]], int], monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str,
                        code: int) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert cli(argv) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("modelmap: error:") and err.count("\n") == 1


# --- the cases: param and endpoint decide, never the code alone -----------------------


def test_invalid_value_about_size_is_not_transparency(catalog: Catalog) -> None:
    error = {"error": {"message": "Requested size exceeds the maximum.", "param": "size",
                       "type": "invalid_request_error", "code": "invalid_value"}}
    d = explain(catalog, error, TODAY)
    assert (d.key, d.matched_by) == ("image-size-value", "param")


def test_shared_code_without_param_is_not_sure(catalog: Catalog) -> None:
    d = explain(catalog, {"error": {"message": "Nope.", "code": "invalid_value"}}, TODAY)
    assert (d.key, d.recognised) == ("not-sure", False)
    assert "transparent-background" in d.candidates and len(d.candidates) >= 2


@pytest.mark.parametrize(("day", "key"), [
    (dt.date(2026, 12, 4), "endpoint-shut-down"), (dt.date(2026, 6, 1), "invalid-url")])
def test_invalid_url_on_a_shut_down_endpoint(catalog: Catalog, day: dt.date, key: str) -> None:
    d = explain(catalog, "404 Invalid URL (POST /v1/videos)", day)
    assert d.key == key
    if key == "endpoint-shut-down":
        assert "shut down on 2026-09-24" in d.cause and d.surface == "api.videos"


@pytest.mark.parametrize(("text", "key"), [
    ("Width and height must both be divisible by 16", "image-size-multiple-16"),
    ("Invalid value for 'size'", "image-size-value"),
    ("This model's maximum context length is 128000 tokens.", "context-length"),
])
def test_message_fragments(catalog: Catalog, text: str, key: str) -> None:
    assert explain(catalog, text, TODAY).key == key


def test_endpoint_shut_down_needs_a_path_group(tmp_path: Path) -> None:
    from modelmap.catalog.curated import parse_errors
    from modelmap.errors import CatalogError

    bad = tmp_path / "errors.toml"
    bad.write_text('[[error]]\nkey = "x"\nwhen = "endpoint-shut-down"\npattern = "a (b)"\n'
                   'cause = "c"\nchecks = ["d"]\nsource = "https://e"\nverified_on = 2026-12-04\n')
    with pytest.raises(CatalogError, match="path_group"):
        parse_errors(bad)
