"""Crafted data files give one-line errors: a user sdk_layer.json nested 100k deep or with a
5,000-digit version, `sync --from` a zip bomb or a wheel with too many members (issue 15)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from modelmap.sdk import source, version_key


@pytest.fixture(autouse=True)
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "user"
    path.mkdir()
    monkeypatch.setenv("MODELMAP_DATA_DIR", str(path))
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELMAP_CATALOG_DIR", raising=False)
    default_catalog.cache_clear()
    yield path
    default_catalog.cache_clear()


def _layer(version: str) -> str:
    return json.dumps({"schema": 1, "openai_version": version, "generated_on": "2026-11-22",
                       "literals": {}, "notes": []})


@pytest.mark.parametrize(("content", "fragment"), [
    ("[" * 100_000 + "]" * 100_000, "is not valid JSON: nested too deeply"),
    (_layer("9" * 5000), "field 'openai_version' must be a version string"),
    (_layer("3.54.0\n\x1b[2J"), "field 'openai_version' must be a version string"),
    (b"\xff\xfe{}", "is not valid JSON"),
])
def test_user_layer_errors_are_one_line(capsys: pytest.CaptureFixture[str], user_dir: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        content: str | bytes, fragment: str) -> None:
    path = user_dir / "sdk_layer.json"
    # a layer file is read only when named (MODELMAP_SDK_LAYER; docs/overlay.md)
    monkeypatch.setenv("MODELMAP_SDK_LAYER", str(path))
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert main(["resolve", "gpt-4o"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err and "sdk_layer.json" in err, err


def test_version_key_survives_huge_numbers() -> None:
    assert version_key("9" * 5000) > version_key("3.54.0")
    assert version_key("٣.٥٤") == ((), 0, "٣.٥٤")  # non-ASCII digits are not a release number


def _wheel(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


BASE = {"openai/__init__.py": b"", "openai/types/__init__.py": b"",
        "openai-9.0.0.dist-info/METADATA": b"Version: 9.0.0\n"}


def test_zip_bomb_member_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = b"#" * (source.MAX_MEMBER_BYTES + 10)  # compresses ~1000:1
    wheel = _wheel(tmp_path / "openai-9.0.0-py3-none-any.whl",
                   {**BASE, "openai/types/chat_model.py": bomb})
    assert wheel.stat().st_size < 100_000
    assert main(["sync", "--from", str(wheel), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "larger than 16000000 bytes: not read (a zip bomb?)" in err


def test_total_uncompressed_bytes_are_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_TOTAL_BYTES", 1_000_000)
    members = {f"openai/types/m{i}.py": b"x = 1\n" + b"#" * 300_000 for i in range(6)}
    wheel = _wheel(tmp_path / "w.whl", {**BASE, **members})
    assert main(["sync", "--from", str(wheel), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "more than 1000000 bytes in all" in err


def test_member_count_is_capped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_MEMBERS", 50)
    members = {f"openai/types/m{i}.py": b"" for i in range(60)}
    wheel = _wheel(tmp_path / "w.whl", {**BASE, **members})
    assert main(["sync", "--from", str(wheel), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the wheel lists 63 files (at most 50)" in err


def test_crafted_metadata_version_is_not_trusted(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    wheel = _wheel(tmp_path / "w.whl", {**BASE, "openai-9.0.0.dist-info/METADATA":
                                        b"Version: " + b"9" * 5000 + b"\n"})
    src = source.open_source(wheel)
    assert src.version == "unknown"
    src.close()
