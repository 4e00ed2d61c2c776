"""Hostile CLI input: one-line errors (exit 2), never a traceback; wrong types rejected; the
smaller items of issue 15 (dates, status before release, help, explain echo, `check ""`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.catalog.load import default_catalog
from modelmap.cli import main
from modelmap.errors import UsageError
from modelmap.resolve import resolve
from modelmap.validate import Call, validate

DEEP = "[" * 100_000 + "]" * 100_000


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_line_error(code: int, err: str) -> None:
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("modelmap: error: "), err


@pytest.mark.parametrize(("pair", "fragment"), [
    ("n=1.5", "n=1.5 is a number; gpt-image-2 takes an integer here."),
    ("n=true", "n=true is a boolean; gpt-image-2 takes an integer here."),
    ('n="2"', 'n="2" is a string; gpt-image-2 takes an integer here.'),
    ("size=1024", "size=1024 is an integer; gpt-image-2 takes a string here."),
    ('quality=["high"]', 'quality=["high"] is an array; gpt-image-2 takes a string here.'),
])
def test_validate_rejects_wrong_types(capsys: pytest.CaptureFixture[str], pair: str,
                                      fragment: str) -> None:
    code, out, _ = _run(capsys, "validate", "images.generate", "model=gpt-image-2", pair,
                        "--as-of", "2026-11-21")
    assert code == 1 and fragment in out, out


def test_validate_rejects_an_empty_model(capsys: pytest.CaptureFixture[str]) -> None:
    # README "Exit codes": a request with no model is an input error (2); `model=` gives none
    code, _, err = _run(capsys, "validate", "images.generate", "model=", "--as-of", "2026-11-21")
    assert code == 2 and "model is empty" in err


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.integers(-5, 20), st.floats(allow_nan=False, allow_infinity=False),
                 st.booleans(), st.text(max_size=5), st.none(),
                 st.lists(st.integers(), max_size=2)))
def test_validate_n_property(value: object) -> None:
    """Exactly the integers 1..10 (or an integral float) pass; nothing raises."""
    call = Call(endpoint="images.generate", model="gpt-image-2", params={"n": value},
                via="cli")
    found = {f.rule for f in validate(default_catalog(), call, default_catalog().meta
                                      .curated_verified_on)}
    ok = (value is None or (type(value) in (int, float) and float(value).is_integer()  # type: ignore[arg-type]
                            and 1 <= value <= 10))  # type: ignore[operator]
    assert ("MM306" not in found) == ok, (value, found)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_resolve_never_crashes(name: str) -> None:
    try:
        res = resolve(default_catalog(), name)
    except UsageError:
        assert not name.strip()
        return
    assert res.kind


@pytest.mark.parametrize(("content", "fragment"), [
    (DEEP.encode(), "not valid JSON: nested too deeply"),
    (b'{"model": "caf\xe9"}', "not UTF-8 text (byte 14)"),
    ('{"model": "gpt-image-2"}'.encode("utf-16"), "looks like UTF-16: save it as UTF-8"),
    (b"[1]", "the request body must be a JSON object"),
])
def test_request_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             content: bytes, fragment: str) -> None:
    path = tmp_path / "req.json"
    path.write_bytes(content)
    code, _, err = _run(capsys, "validate", "--request", str(path), "--path",
                        "/v1/images/generations")
    _one_line_error(code, err)
    assert fragment in err and "req.json" in err


def test_request_file_with_a_bom_is_accepted(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "req.json"
    path.write_bytes(b'\xef\xbb\xbf{"model": "gpt-image-2", "size": "1920x1080"}')
    code, out, _ = _run(capsys, "validate", "--request", str(path), "--path",
                        "/v1/images/generations", "--as-of", "2026-11-21")
    assert code == 1 and "MM301" in out


def test_request_fifo_is_refused_without_blocking(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "req.json")
    code, _, err = _run(capsys, "validate", "--request", str(tmp_path / "req.json"), "--path",
                        "/v1/images/generations")
    _one_line_error(code, err)
    assert "not a regular file" in err


@pytest.mark.parametrize("argv", [
    ["validate", "images.generate", "model=gpt-image-2", f"n={DEEP}"],
    ["validate", "images.generate", "model=gpt-image-2", "--base-url", "http://["],
    ["validate", "images.generate", "model=gpt-image-2", "--base-url", "http://h:99999/v1"],
    ["verify", "--base-url", "http://["],
    ["status", "gpt-4o", "--as-of", "20260101"],
    ["status", "gpt-4o", "--as-of", "2026-W01-1"],
    ["status", "gpt-4o", "--as-of", "２０２６-01-01"],
    ["check", ""],
])
def test_one_line_errors(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                         argv: list[str]) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789")
    code, _, err = _run(capsys, *argv)
    _one_line_error(code, err)


def test_options_after_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "validate", "images.generate", "model=gpt-image-2", "--json",
                        "size=1920x1080", "--as-of", "2026-11-21")
    assert code == 1 and json.loads(out)["call"]["params"] == {"size": "1920x1080"}
    code, _, err = _run(capsys, "validate", "images.generate", "--json", "--bogus")
    assert code == 2 and "unrecognized arguments: --bogus" in err


def test_status_before_release(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "status", "gpt-4o", "--as-of", "0001-01-01")
    assert code == 0 and out.startswith("gpt-4o: before-catalog as of 0001-01-01")
    assert "before the catalog's earliest dated fact" in out
    released = next(m for m in default_catalog().models.values() if m.released)
    code, out, _ = _run(capsys, "status", released.id, "--as-of", "2001-01-01", "--json")
    data = json.loads(out)
    assert data["state"] == "not-released" and str(released.released) in data["note"]


def test_no_arguments_prints_help_to_stderr() -> None:
    proc = subprocess.run([sys.executable, "-m", "modelmap"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("usage: modelmap")


def test_explain_caps_the_echo() -> None:
    proc = subprocess.run([sys.executable, "-m", "modelmap", "explain", "-"],
                          input="x" * 3_000_000, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1)
    assert len(proc.stdout) < 10_000 and "[cut: " in proc.stdout
