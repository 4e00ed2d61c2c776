"""False findings from LiteLLM's sources in the ecosystem check (issue 10), each from the real
snippet, shortened: proxy configs for a fake endpoint, the proxy client's README, and a
recorded logging payload. Each case keeps its real counterpart reported."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from modelmap.check.context import file_context
from modelmap.cli import main
from modelmap.scan.providers import fake_endpoint
from treeutil import check_env, write_tree

AS_OF = "2026-12-04"
"""gpt-4 is shut down and gpt-5-mini / gpt-4o are deprecated as of this date."""


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    check_env(monkeypatch, tmp_path, AS_OF)


def check(tmp_path: Path, capsys: pytest.CaptureFixture[str],
          files: dict[str, str]) -> dict[str, Any]:
    root = write_tree(tmp_path / "repo", files)
    with contextlib.chdir(root):
        main(["check", ".", "--format", "json"])
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def lines_of(text: str, needle: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line]


def found(doc: dict[str, Any], key: str = "findings") -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["rule"]) for f in doc[key]]


# -- 1. LiteLLM proxy configs for a fake endpoint ------------------------------------------

# litellm/proxy/example_config_yaml/disable_schema_update.yaml (model line 9 there)
FAKE_CONFIG = """\
model_list:
  - model_name: fake-openai-endpoint
    litellm_params:
      model: openai/fake
      api_key: fake-key
      api_base: os.environ/FAKE_OPENAI_API_BASE
  - model_name: gpt-4
    litellm_params:
      model: openai/gpt-4
      api_key: fake-key
      api_base: os.environ/FAKE_OPENAI_API_BASE
"""
# litellm/proxy/example_config_yaml/spend_tracking_config.yaml (model line 4)
FAKE_SPEND = """\
model_list:
  - model_name: fake-openai-endpoint
    litellm_params:
      model: openai/gpt-5-mini
      api_key: fake-key
      api_base: os.environ/FAKE_OPENAI_API_BASE
"""


def test_a_proxy_deployment_on_a_fake_endpoint_is_not_openai(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = check(tmp_path, capsys, {"proxy/disable_schema_update.yaml": FAKE_CONFIG,
                                   "proxy/spend_tracking_config.yaml": FAKE_SPEND})
    assert doc["findings"] == [] and doc["set_aside"] == []
    assert doc["foreign_calls"] == {"fake": 2}


def test_a_proxy_deployment_on_a_real_endpoint_is_still_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = FAKE_CONFIG.replace("FAKE_OPENAI_API_BASE", "OPENAI_API_BASE").replace(
        "fake-key", "os.environ/OPENAI_API_KEY")
    spend = FAKE_SPEND.replace("FAKE_OPENAI_API_BASE", "OPENAI_API_BASE")
    doc = check(tmp_path, capsys, {"proxy/disable_schema_update.yaml": real,
                                   "proxy/spend_tracking_config.yaml": spend})
    assert found(doc) == [("proxy/disable_schema_update.yaml", 9, "MM401"),
                          ("proxy/spend_tracking_config.yaml", 4, "MM402")]


def test_only_the_entry_on_the_fake_endpoint_is_quiet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mixed = FAKE_CONFIG[: FAKE_CONFIG.rindex("      api_base")]  # the gpt-4 entry: no fake base
    doc = check(tmp_path, capsys, {"proxy/config.yaml": mixed})
    assert found(doc) == [("proxy/config.yaml", 9, "MM401")]


def test_fake_endpoint_references() -> None:
    for value in ("os.environ/FAKE_OPENAI_API_BASE", "os.environ/MOCK_API_BASE",
                  "${FAKE_OPENAI_API_BASE}", "$DUMMY_BASE_URL", " os.environ/OPENAI_FAKE "):
        assert fake_endpoint(value), value
    for value in ("os.environ/OPENAI_API_BASE", "os.environ/AZURE_API_BASE",
                  "https://fake.example.com/v1", "os.environ/FAKER_BASE", "FAKE_OPENAI_API_BASE"):
        assert not fake_endpoint(value), value


# -- 2. LiteLLM's proxy client in its README -----------------------------------------------

# litellm/proxy/client/README.md: the client set up in one block, used in later ones.
README = """\
# LiteLLM Proxy Client

```python
from litellm.proxy.client import Client

client = Client(
    base_url="http://localhost:4000",
)
```

Make chat completion requests to your LiteLLM proxy:

```python
response = client.chat.completions.create(
    model="gpt-4",
    messages=[{"role": "user", "content": "Hello"}],
)
```

## Error Handling

```python
from litellm.proxy.client.exceptions import UnauthorizedError

try:
    response = client.chat.completions.create(
        model="gpt-4",
        messages=[{"role": "user", "content": "Hello"}]
    )
except UnauthorizedError as e:
    print("Authentication failed:", e)
```
"""


def test_a_readme_of_litellms_proxy_client_asks_the_proxy(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = check(tmp_path, capsys, {"proxy/client/README.md": README})
    assert doc["findings"] == []
    assert doc["foreign_calls"] == {"litellm-proxy": 2}


def test_the_same_snippets_with_openais_client_are_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openai = README.replace("from litellm.proxy.client import Client", "from openai import OpenAI")
    openai = openai.replace("client = Client(", "client = OpenAI(").replace(
        "from litellm.proxy.client.exceptions import UnauthorizedError", "import httpx")
    openai = openai.replace('    base_url="http://localhost:4000",\n', "")
    doc = check(tmp_path, capsys, {"README.md": openai})
    assert found(doc) == [("README.md", n, "MM401") for n in lines_of(openai, '"gpt-4"')]


def test_a_later_openai_import_ends_the_proxy_clients_reach(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = README.replace("## Error Handling\n", "## With OpenAI\n\n```python\n"
                           "from openai import OpenAI\n```\n")
    doc = check(tmp_path, capsys, {"README.md": later})
    # the first use is the proxy's; the block after `from openai import OpenAI` is OpenAI's
    # again, but its own import names the proxy client's exceptions: still the proxy
    assert doc["findings"] == []
    bare = later.replace("from litellm.proxy.client.exceptions import UnauthorizedError\n", "")
    doc = check(tmp_path, capsys, {"README.md": bare})
    assert found(doc) == [("README.md", lines_of(bare, '"gpt-4"')[1], "MM401")]


# -- 3. a recorded logging payload ---------------------------------------------------------

# litellm/integrations/azure_sentinel/example_standard_logging_payload.json: `id` on line 2,
# the model 13 lines below it (outside the 8-line window around a finding), api_base far on.
PAYLOAD = """\
{
    "id": "chatcmpl-2299b6a2-82a3-465a-b47c-04e685a2227f",
    "trace_id": "97311c60-9a61-4f48-a814-70139ee57868",
    "call_type": "acompletion",
    "cache_hit": null,
    "stream": true,
    "status": "success",
    "custom_llm_provider": "openai",
    "saved_cache_cost": 0.0,
    "startTime": 1766000068.28466,
    "endTime": 1766000070.07935,
    "completionStartTime": 1766000070.07935,
    "response_time": 1.79468512535095,
    "model": "gpt-4o",
    "metadata": {
      "user_api_key_hash": null,
      "user_api_key_alias": null,
      "user_api_key_team_id": null,
      "user_api_key_org_id": null,
      "user_api_key_user_id": null,
      "user_api_key_team_alias": null
    },
    "hidden_params": {
      "model_id": null,
      "cache_key": null,
      "api_base": "https://api.openai.com",
      "response_cost": 0.00022500000000000002
    }
}
"""


def test_a_recorded_logging_payload_is_a_recording_throughout(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = "integrations/azure_sentinel/example_standard_logging_payload.json"
    doc = check(tmp_path, capsys, {rel: PAYLOAD})
    assert doc["findings"] == []
    assert found(doc, "set_aside") == [(rel, 14, "MM402"), (rel, 26, "MM505")]
    assert {f["context"] for f in doc["set_aside"]} == {"fixture"}


def test_a_config_json_with_the_same_settings_is_still_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the payload's settings without its record fields (`id`, timings): a configuration
    config = PAYLOAD.replace('    "id": "chatcmpl-2299b6a2-82a3-465a-b47c-04e685a2227f",\n',
                             '    "name": "sentinel",\n')
    for key in ("startTime", "endTime", "completionStartTime", "response_time"):
        config = config.replace(f'"{key}"', f'"{key.lower()}_setting"')
    doc = check(tmp_path, capsys, {"settings.json": config})
    assert found(doc) == [("settings.json", 14, "MM402"), ("settings.json", 26, "MM505")]
    # an `id` alone (a config entry's own id) is no record either
    keyed = config.replace('"name": "sentinel"', '"id": "sentinel"')
    doc = check(tmp_path, capsys, {"settings.json": keyed})
    assert found(doc) == [("settings.json", 14, "MM402"), ("settings.json", 26, "MM505")]


def test_payload_detection_reads_the_top_level_only() -> None:
    assert file_context("a/log.json", PAYLOAD)[0] == "fixture"
    assert file_context("a/logs.json", "[" + PAYLOAD + "]")[0] == "fixture"
    nested = '{"example": ' + PAYLOAD + ', "model": "gpt-4o"}'
    assert file_context("a/config.json", nested) == ("", "")
    assert file_context("a/broken.json", PAYLOAD[:-3]) == ("", "")
    assert file_context("a/log.yaml", PAYLOAD) == ("", "")
