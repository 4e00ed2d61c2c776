"""CLI contract for resolve/status: JSON fields, exit codes, one-line errors."""

from __future__ import annotations

import json

import pytest

from modelmap.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_resolve_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "resolve", "GPT-5.5 Instant", "--json")
    data = json.loads(out)
    assert code == 0
    assert {"query", "kind", "id", "api_ids", "surfaces", "status", "caveat", "suggestions",
            "sources"} <= set(data)
    assert (data["kind"], data["id"]) == ("label", None)
    assert data["api_ids"] == ["chat-latest", "gpt-5.5"]


def test_status_sora_shut_down(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "sora-2", "--as-of", "2026-11-21", "--json")
    data = json.loads(out)
    assert (data["state"], data["shutdown_date"], data["as_of"]) == (
        "shut-down", "2026-09-24", "2026-11-21")
    assert code == 1  # a shut-down answer exits 1 (README "Exit codes")


def test_status_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status", "sora-2", "--as-of", "2026-11-21")
    assert code == 1
    assert out.splitlines()[0] == "sora-2: shut-down as of 2026-11-21 (shut down on 2026-09-24)"


@pytest.mark.parametrize(("argv", "fragment"), [
    (["resolve", ""], "empty model name"),
    (["status", "gpt-5.5", "--as-of", "2026-13-01"], "invalid date '2026-13-01'"),
    (["status", "gpt-5.5", "--as-of", "tomorrow"], "invalid date 'tomorrow'"),
    (["nonsense"], "invalid choice"),
])
def test_usage_errors_exit_2_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["resolve", "gpt-5.5"], ["resolve", "GPT-5.5 Instant", "gpt-4o", "a=b", "x y"],
])
def test_the_quick_resolve_namespace_is_argparses(argv: list[str]) -> None:
    """`resolve NAME...` skips argparse (modelmap.cli._quick): the namespace must be the one
    the parser makes, attribute for attribute."""
    from modelmap.cli import _quick, build_parser

    quick = _quick(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser("resolve").parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["resolve"], ["resolve", "gpt-5.5", "--json"], ["resolve", "-h"], ["resolve", ""],
    ["resolve", "--", "gpt-5.5"], ["status", "gpt-5.5"], ["resolve", "-1"],
])
def test_anything_else_goes_through_argparse(argv: list[str]) -> None:
    from modelmap.cli import _quick

    assert _quick(argv) is None
