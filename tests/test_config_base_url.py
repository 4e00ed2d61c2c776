"""Base URLs in settings files (.env, compose, YAML, JSON, TOML, Dockerfile, shell): the
finding points at the URL's value, fires without a model beside it, and names the request
path of the call being judged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from modelmap.validate import validate
from modelmap.validate.call import Call
from treeutil import check_env, write_tree

AS_OF = "2026-12-04"
BARE = "https://api.openai.com"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    check_env(monkeypatch, tmp_path, AS_OF)
    (tmp_path / "repo").mkdir()
    monkeypatch.chdir(tmp_path / "repo")


def check_json(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, object]]:
    main(["check", str(root), "--json", "--no-cache"])
    findings: list[dict[str, object]] = json.loads(capsys.readouterr().out)["findings"]
    return findings


def at(findings: list[dict[str, object]], rule: str) -> list[tuple[str, int, int]]:
    out = []
    for f in findings:
        if f["rule"] == rule:
            line, column = f["line"], f["column"]
            assert isinstance(line, int) and isinstance(column, int)
            out.append((str(f["path"]).rsplit("/", 1)[-1], line, column))
    return sorted(out)


# (file name, text, (line, column) of the URL's first character)
WITH_MODEL = [
    (".env", f"OPENAI_MODEL=gpt-5.5\nOPENAI_BASE_URL={BARE}\n", (2, 17)),
    ("docker-compose.yml", "services:\n  app:\n    environment:\n"
     f"      - OPENAI_MODEL=gpt-5.5\n      - OPENAI_BASE_URL={BARE}\n", (5, 25)),
    ("compose.yaml", "services:\n  app:\n    environment:\n      OPENAI_MODEL: gpt-5.5\n"
     f"      OPENAI_BASE_URL: {BARE}\n", (5, 24)),
    ("settings.yaml", f"openai:\n  model: gpt-5.5\n  base_url: {BARE}\n", (3, 13)),
    ("app.toml", f'[openai]\nmodel = "gpt-5.5"\nbase_url = "{BARE}"\n', (3, 13)),
    ("config.json", '{\n  "openai": {\n    "model": "gpt-5.5",\n'
     f'    "baseURL": "{BARE}"\n  }}\n}}\n', (4, 17)),
    ("Dockerfile", f"FROM python:3.12\nENV OPENAI_MODEL=gpt-5.5 \\\n    OPENAI_BASE_URL={BARE}\n",
     (3, 21)),
    ("run.sh", f'export OPENAI_MODEL=gpt-5.5\nexport OPENAI_BASE_URL="{BARE}"\n', (2, 25)),
]


@pytest.mark.parametrize(("name", "text", "where"), WITH_MODEL, ids=[c[0] for c in WITH_MODEL])
def test_base_url_finding_points_at_the_url(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            name: str, text: str,
                                            where: tuple[int, int]) -> None:
    root = write_tree(tmp_path / "repo", {name: text})
    assert at(check_json(capsys, root), "MM505") == [(name, *where)]


# The same files without the model line: the URL is still checked.
WITHOUT_MODEL = [
    (".env", f"OPENAI_BASE_URL={BARE}\n", (1, 17)),
    ("docker-compose.yml", "services:\n  app:\n    environment:\n"
     f"      - OPENAI_BASE_URL={BARE}\n", (4, 25)),
    ("compose.yaml", f"services:\n  app:\n    environment:\n      OPENAI_BASE_URL: {BARE}\n",
     (4, 24)),
    ("settings.yaml", f"openai:\n  base_url: {BARE}\n", (2, 13)),
    ("app.toml", f'[openai]\nbase_url = "{BARE}"\n', (2, 13)),
    ("config.json", f'{{"openai": {{"baseURL": "{BARE}"}}}}\n', (1, 25)),
    ("Dockerfile", f"FROM python:3.12\nENV OPENAI_BASE_URL={BARE}\n", (2, 21)),
    ("run.sh", f'export OPENAI_BASE_URL="{BARE}"\n', (1, 25)),
]


@pytest.mark.parametrize(("name", "text", "where"), WITHOUT_MODEL,
                         ids=[c[0] for c in WITHOUT_MODEL])
def test_base_url_checked_without_a_model(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          name: str, text: str, where: tuple[int, int]) -> None:
    root = write_tree(tmp_path / "repo", {name: text})
    assert at(check_json(capsys, root), "MM505") == [(name, *where)]


def test_one_finding_per_url_with_several_models(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "repo", {".env": (
        f"OPENAI_BASE_URL={BARE}/v1/v1\nOPENAI_MODEL=gpt-5.5\nEMBEDDING_MODEL="
        "text-embedding-3-small\n")})
    assert at(check_json(capsys, root), "MM506") == [(".env", 1, 17)]


@pytest.mark.parametrize(("name", "text"), [
    # a correct URL, another server's URL, a URL under a generic key, another vendor's section
    (".env", "OPENAI_BASE_URL=https://api.openai.com/v1\n"),
    (".env", "OPENAI_API_KEY=x\nOPENAI_BASE_URL=http://localhost:11434/v1\n"),
    ("site.yaml", "openai_key: x\nurl: https://api.openai.com\n"),
    ("settings.yaml", "anthropic:\n  base_url: https://api.anthropic.com/v1/v1\n"),
    ("hugo.toml", 'baseURL = "https://example.org/"\n'),
    ("tsconfig.json", '{"compilerOptions": {"baseUrl": "./src"}, "openai": true}\n'),
])
def test_no_base_url_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                             text: str) -> None:
    root = write_tree(tmp_path / "repo", {name: text})
    assert [f["rule"] for f in check_json(capsys, root)] == []


def test_model_less_call_is_not_counted_as_foreign(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path / "repo", {".env": "OPENAI_BASE_URL=http://localhost:11434/v1\n"})
    main(["check", ".", "--no-cache"])
    assert "not OpenAI's API" not in capsys.readouterr().out


@pytest.mark.parametrize(("endpoint", "path"), [
    ("responses.create", "/responses"),
    ("chat.completions.create", "/chat/completions"),
    ("embeddings.create", "/embeddings"),
    ("images.generate", "/images/generations"),
])
def test_route_messages_name_the_calls_own_path(endpoint: str, path: str) -> None:
    catalog = default_catalog()
    day = dt.date.fromisoformat(AS_OF)

    def message(url: str, rule: str) -> str:
        found = [f for f in validate(catalog, Call(endpoint, "gpt-5.5", base_url=url), day)
                 if f.rule == rule]
        assert len(found) == 1, found
        return found[0].message

    assert f"requests go to {path} instead of /v1{path}" in message(BARE, "MM505")
    assert f"requests go to /v1/v1{path} " in message(f"{BARE}/v1/v1", "MM506")
    other = "/responses" if path != "/responses" else "/chat/completions"
    assert f"requests go to ...{other}{path}." in message(f"{BARE}/v1{other}", "MM504")


def test_validate_cli_names_the_responses_path(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "responses.create", "model=gpt-5.5", "--base-url", BARE])
    err = capsys.readouterr()
    text = err.out + err.err
    assert code != 0
    assert "requests go to /responses instead of /v1/responses" in text
    assert "chat/completions" not in text


def test_config_model_message_does_not_guess_one_endpoint() -> None:
    found = validate(default_catalog(), Call("config.model", None, base_url=BARE),
                     dt.date.fromisoformat(AS_OF))
    assert [f.rule for f in found] == ["MM505"]
    assert "requests go to paths without /v1" in found[0].message


def test_base_url_in_docs_code_blocks_points_into_the_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Code blocks are scanned by the env, shell and Python scanners and moved into place: the
    base URL's span moves with the block (Python blocks too)."""
    text = ("# Setup\n\n```bash\nexport OPENAI_MODEL=gpt-5.5\n"
            f"export OPENAI_BASE_URL={BARE}\n```\n\n```env\nOPENAI_BASE_URL={BARE}\n```\n\n"
            "```python\nfrom openai import OpenAI\n"
            f'client = OpenAI(base_url="{BARE}")\n'
            'client.responses.create(model="gpt-5.5", input="x")\n```\n')
    root = write_tree(tmp_path / "repo", {"README.md": text})
    assert at(check_json(capsys, root), "MM505") == [
        ("README.md", 5, 24), ("README.md", 9, 17), ("README.md", 14, 27)]


def test_codex_config_base_url_points_at_the_url(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "repo", {".codex/config.toml": (
        f'model = "gpt-5.5"\nopenai_base_url = "{BARE}"\n')})
    assert at(check_json(capsys, root), "MM505") == [("config.toml", 2, 20)]
