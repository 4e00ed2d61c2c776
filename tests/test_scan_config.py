"""Config scanners (.env, YAML, JSON, TOML, Codex config.toml): text -> exact calls."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.config.env import scan_env
from modelmap.scan.config.scanner import scan_json, scan_toml, scan_yaml
from modelmap.scan.config.tree import parse_json
from modelmap.scan.registry import scanner_for
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call

CFG = "config.model"
OR_URL = "https://openrouter.ai/api/v1"


def run(path: str, text: str) -> list[Call]:
    scanner = scanner_for(path)
    assert scanner is not None
    return list(scanner(path, text, ScanContext(root="", strict=True)).calls)


def rows(path: str, text: str) -> list[tuple[Any, ...]]:
    out = []
    for c in run(path, text):
        assert c.location is not None
        out.append((c.model, c.location.line, c.location.column, c.origin, c.provider,
                    c.base_url))
    return out


# (name, path, text, expected [(model, line, col, origin, provider, base_url)])
CASES: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    # -- .env ------------------------------------------------------------------------------------
    ("env-basic", ".env", "OPENAI_API_KEY=sk-x\nOPENAI_MODEL=gpt-4o-latest  # old\n"
     'EMBEDDING_MODEL="text-embedding-3-small"\nexport CHAT_MODEL=\'gpt-4.1\'\n',
     [("gpt-4o-latest", 2, 14, "OPENAI_MODEL", None, None),
      ("text-embedding-3-small", 3, 18, "EMBEDDING_MODEL", None, None),
      ("gpt-4.1", 4, 20, "CHAT_MODEL", None, None)]),
    ("env-model-list", ".env.example", "OPENAI_MODELS=gpt-4o,gpt-4-vision-preview\n",
     [("gpt-4o", 1, 15, "OPENAI_MODELS", None, None),
      ("gpt-4-vision-preview", 1, 22, "OPENAI_MODELS", None, None)]),
    ("env-foreign-keys-and-values", "prod.env", "OPENAI_API_KEY=x\n"
     "ANTHROPIC_MODEL=claude-3-5-sonnet\nOLLAMA_MODEL=gpt-4o\nLLM_MODEL=llama3\n"
     "MODEL_PATH=/models/x\n", []),
    ("env-provider-switch", ".env", "LLM_PROVIDER=ollama\nMODEL=gpt-4o\nOPENAI_MODEL=gpt-4o\n",
     [("gpt-4o", 3, 14, "OPENAI_MODEL", None, None)]),
    ("env-foreign-base-url", ".env", f"OPENAI_BASE_URL={OR_URL}\nOPENAI_MODEL=openai/gpt-4o\n",
     [("gpt-4o", 2, 21, "OPENAI_MODEL", "openrouter", OR_URL)]),
    ("env-no-openai-context", ".env", "MODEL=gpt-4o\n", []),
    ("env-interpolation", ".env", "OPENAI_KEY=x\nOPENAI_MODEL=${DEFAULT_MODEL}\n", []),
    # -- YAML ------------------------------------------------------------------------------------
    ("yaml-crewai-llm", "agents.yaml", "researcher:\n  role: R\n  llm: openai/gpt-4.1-mini\n"
     "writer:\n  llm: groq/llama-3.1-70b\n",
     [("gpt-4.1-mini", 3, 15, "researcher.llm", None, None)]),
    ("yaml-openai-section", "config.yml", "openai:\n  model: 'gpt-5-thinking'\n"
     '  models: [gpt-4o, "o3-mini-high"]\nanthropic:\n  model: claude-3-opus\n',
     [("gpt-5-thinking", 2, 11, "openai.model", None, None),
      ("gpt-4o", 3, 12, "openai.models[0]", None, None),
      ("o3-mini-high", 3, 21, "openai.models[1]", None, None)]),
    ("yaml-sibling-provider", "c.yaml", "llm:\n  provider: openai\n  model_name: gpt-4o\n"
     "embed:\n  provider: ollama\n  model: gpt-4o\n",
     [("gpt-4o", 3, 15, "llm.model_name", None, None)]),
    ("yaml-foreign-base-url", "c.yaml", f"openai:\n  base_url: {OR_URL}\n"
     "  model: openai/gpt-4o\n",
     [("gpt-4o", 3, 17, "openai.model", "openrouter", OR_URL)]),
    ("yaml-multi-doc-and-lists", "c.yaml", "provider: openai\nagents:\n"
     "  - model: gpt-4o-mini\n  - model: gpt-oss-120b\n---\nopenai_model: dall-e-3\n",
     [("gpt-4o-mini", 3, 12, "agents[0].model", None, None),
      ("dall-e-3", 6, 15, "openai_model", None, None)]),
    ("yaml-no-context", "c.yaml", "model: gpt-4o\n", []),
    ("yaml-litellm-proxy-model-list", "proxy.yaml", "model_list:\n  - model_name: gpt-4-team\n"
     "    litellm_params:\n      model: openai/gpt-4o\n  - model_name: gpt-4o\n"
     "    litellm_params:\n      model: anthropic/claude-3\n",
     [("gpt-4o", 4, 21, "model_list[0].litellm_params.model", None, None)]),
    ("yaml-alias-table-keys", "c.yaml", "openai:\n  aliases:\n    gpt-4: gpt-4o\n"
     "  prices:\n    gpt-4o: 2.5\n", []),
    ("yaml-block-scalar-near-span", "c.yaml", "openai:\n  model: >-\n    gpt-4\n",
     [("gpt-4", 2, 10, "openai.model", None, None)]),
    # -- JSON ------------------------------------------------------------------------------------
    ("json-camel-case", "settings.json",
     '{"llm": {"provider": "openai", "defaultModel": "gpt-4o-turbo", "temperature": 0}}',
     [("gpt-4o-turbo", 1, 49, "llm.defaultModel", None, None)]),
    ("jsonc-comments-trailing-commas", ".vscode/settings.json",
     '{\n  // the OpenAI model\n  "openai.model": "gpt-4o",\n  "x": [1, 2,],\n}\n',
     [("gpt-4o", 3, 20, "openai.model", None, None)]),
    ("json-byte-order-mark", "c.json", '\ufeff{"openai": {"model": "gpt-4"}}',
     [("gpt-4", 1, 24, "openai.model", None, None)]),
    ("json-escaped-value", "c.json", '{"openai": {"model": "gpt\\u002d4"}}',
     [("gpt-4", 1, 22, "openai.model", None, None)]),
    ("json-foreign-section", "c.json",
     '{"openai_key": "x", "ollama": {"model": "gpt-4o"}, "embedder": '
     '{"type": "ollama", "model": "nomic-embed-text"}}', []),
    # -- TOML ------------------------------------------------------------------------------------
    ("toml-openai-table", "app.toml", '[openai]\nmodel = "gpt-4o-mini"  # default\n'
     "fallback_model = 'gpt-4'\n",
     [("gpt-4o-mini", 2, 10, "openai.model", None, None),
      ("gpt-4", 3, 19, "openai.fallback_model", None, None)]),
    ("toml-arrays-and-inline-tables", "app.toml",
     '[llm]\nprovider = "openai"\nmodels = [\n  "gpt-4o",\n  "o1-mini",\n]\n'
     'chat = { model = "gpt-4.1" }\n',
     [("gpt-4o", 4, 4, "llm.models[0]", None, None),
      ("o1-mini", 5, 4, "llm.models[1]", None, None),
      ("gpt-4.1", 7, 19, "llm.chat.model", None, None)]),
    ("toml-no-context", "pyproject.toml", '[tool.thing]\nmodel = "gpt-4o"\n', []),
    ("toml-multiline-string-is-not-a-key", "app.toml",
     'prompt = """\nmodel = "fake"\n"""\n[openai]\nmodel = "gpt-4"\n',
     [("gpt-4", 5, 10, "openai.model", None, None)]),
]


@pytest.mark.parametrize(("name", "path", "text", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_config_calls(name: str, path: str, text: str, expected: list[tuple[Any, ...]]) -> None:
    calls = run(path, text)
    assert all(c.endpoint == CFG and c.via == "config" for c in calls)
    assert rows(path, text) == expected


@pytest.mark.parametrize(("name", "path", "text", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_model_span_is_the_model_text(name: str, path: str, text: str,
                                      expected: list[tuple[Any, ...]]) -> None:
    lines = text.split("\n")
    for call in run(path, text):
        span = call.model_span
        if span is None:
            assert name in ("json-escaped-value", "yaml-block-scalar-near-span")
            continue
        assert lines[span.line - 1][span.column - 1: span.end_column - 1] == call.model


@pytest.mark.parametrize(("scanner", "text"), [
    (scan_yaml, "a: [unclosed\n"), (scan_json, '{"a": }'), (scan_toml, "a = = 1\n"),
])
def test_invalid_files_quiet_for_users_loud_in_strict(scanner: Any, text: str) -> None:
    text = "# model\n" + text if scanner is not scan_json else text + ' "model"'
    assert scanner("c", text, ScanContext(root="")).calls == ()
    with pytest.raises(Exception):  # noqa: B017 - each format raises its own error type
        scanner("c", text, ScanContext(root="", strict=True))


def test_env_scanner_keeps_suppressions() -> None:
    fs = scan_env(".env", "OPENAI_MODEL=gpt-4  # modelmap: ignore[MM401]\n",
                  ScanContext(root="", strict=True))
    assert fs.line_ignores == {1: frozenset({"MM401"})}


@pytest.mark.parametrize(("text", "values"), [
    ('{"a": [1, -2.5e3, true, false, null, "x"]}', [1, -2500.0, True, False, None, "x"]),
    ('  {"a": ["\\"q\\"", "\\u00e9"]}  ', ['"q"', "é"]),
])
def test_json_reader_values(text: str, values: list[Any]) -> None:
    root = parse_json(text, LineIndex(text))
    node = root.get("a")
    assert node is not None and node.elems is not None
    assert [e.value for e in node.elems] == values


@pytest.mark.parametrize("text", ['{"a": 1} x', '{"a" 1}', "[1 2]", '{"a": tru}', "{a: 1}"])
def test_json_reader_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        parse_json(text, LineIndex(text))


# -- Codex config.toml --------------------------------------------------------------------------

CODEX = ('model = "gpt-5.3-codex"\nmodel_provider = "local"\nmodel_reasoning_effort = "xhigh"\n'
         '\n[model_providers.local]\nname = "Local"\nbase_url = "http://localhost:8000/v1"\n'
         'wire_api = "chat"\n\n[profiles.fast]\nmodel = "gpt-5.6-luna"\n')


def test_codex_config_params_and_spans() -> None:
    (call,) = run(".codex/config.toml", CODEX)
    assert (call.endpoint, call.model, call.via) == ("codex.config", "gpt-5.3-codex", "config")
    assert dict(call.params) == {
        "model_provider": "local", "model_reasoning_effort": "xhigh",
        "providers": {"local": {"name": "Local", "base_url": "http://localhost:8000/v1",
                                "wire_api": "chat"}},
        "profiles": ["fast"]}
    spans = {k: (s.line, s.column, s.end_column) for k, s in call.param_spans.items()}
    assert spans == {
        "model_provider": (2, 19, 24), "model_reasoning_effort": (3, 27, 32),
        "providers.local": (5, 2, 23), "providers.local.name": (6, 9, 14),
        "providers.local.base_url": (7, 13, 37), "providers.local.wire_api": (8, 13, 17),
        "profiles.fast": (10, 2, 15)}
    assert call.model_span is not None
    assert (call.model_span.line, call.model_span.column, call.model_span.end_column) == (
        1, 10, 23)
    assert (call.provider, call.base_url) == ("local", "http://localhost:8000/v1")


@pytest.mark.parametrize(("path", "text", "expected"), [
    # detected by keys anywhere; provider routing (None: OpenAI)
    ("conf/x.toml", 'model = "gpt-5.5"\nmodel_provider = "openai"\n', ("gpt-5.5", None, None)),
    ("conf/x.toml", 'model_provider = "ollama"\nmodel = "llama3"\n', ("llama3", "local", None)),
    ("x.toml", 'model = "o3"\nmodel_provider = "p"\n[model_providers.p]\n'
     'base_url = "https://api.openai.com/v1"\n', ("o3", None, "https://api.openai.com/v1")),
    ("x.toml", 'model = "x"\nmodel_provider = "gone"\n', ("x", "gone", None)),
    # detected by path, no model
    ("home/.codex/fast.config.toml", 'model_reasoning_effort = "high"\n', (None, None, None)),
    ("codex/config.toml", 'model = "gpt-5.5"\n', ("gpt-5.5", None, None)),
])
def test_codex_detection_and_route(path: str, text: str, expected: tuple[Any, ...]) -> None:
    (call,) = run(path, text)
    assert call.endpoint == "codex.config"
    assert (call.model, call.provider, call.base_url) == expected


def test_plain_toml_with_model_provider_word_in_a_table_is_not_codex() -> None:
    calls = run("pyproject.toml", '[tool.x]\nmodel_provider = "openai"\nmodel = "gpt-4o"\n')
    assert [(c.endpoint, c.model) for c in calls] == [(CFG, "gpt-4o")]
