"""Messages a first-time user meets: an unreadable image, a ledger without prices, a missing
overlay named by the environment, options after a nested subcommand, `rules FAMILY`."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from modelmap.cli import main
from modelmap.image import ledger

DAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")
    monkeypatch.delenv("MODELMAP_CATALOG_OVERLAY", raising=False)
    monkeypatch.chdir(tmp_path)


def _png(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (1024, 1024), (20, 120, 200)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize(("data", "reason"), [
    (b"x\n", "not an image: the content is not PNG, JPEG, WebP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a readable image: damaged"),
])
def test_unreadable_image_names_the_file_and_a_plain_reason(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, reason: str) -> None:
    (tmp_path / "x.png").write_bytes(data)
    assert main(["image", "check", "model=gpt-image-2", "x.png"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("modelmap: error: x.png: ") and reason in err
    assert err.count("\n") == 1 and "object at 0x" not in err and "BytesIO" not in err


def test_ledger_without_prices_says_unknown_not_zero(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "images.jsonl"
    for model in ("acme-image", "acme-image"):
        rec = ledger.line(via="cli", endpoint="images.generate", model=model,
                          params={"size": "1024x1024"}, as_of=DAY, images=1, usage=None,
                          outcome="accepted", retries=0, findings=[])
        rec["cost_usd"] = None
        ledger.append(path, rec)
    assert main(["image", "ledger", str(path)]) == 0
    out = capsys.readouterr().out
    assert "$0.0000" not in out
    assert "estimated cost unknown, unknown per accepted image (2 line(s) without a price: 2 " \
        "quality auto (the API picks it; pass quality= or log usage))" in out
    assert main(["image", "ledger", str(path), "--json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    assert total["cost_per_accepted_image"] is None and total["uncosted_lines"] == 2
    assert total["uncosted_why"] == {
        "quality auto (the API picks it; pass quality= or log usage)": 2}


def test_missing_overlay_says_where_the_path_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MODELMAP_CATALOG_OVERLAY", str(tmp_path / "nope.toml"))
    assert main(["status", "gpt-5.5"]) == 2
    err = capsys.readouterr().err
    assert "nope.toml" in err and "MODELMAP_CATALOG_OVERLAY" in err and err.count("\n") == 1
    # a whole-file problem names no entry or field (a fresh-eyes trial read "field '(read)'")
    assert f"{tmp_path / 'nope.toml'}: cannot read: no such file" in err and "(read)" not in err
    monkeypatch.delenv("MODELMAP_CATALOG_OVERLAY")
    assert main(["status", "gpt-5.5", "--catalog-overlay", str(tmp_path / "gone.toml")]) == 2
    err = capsys.readouterr().err
    assert "gone.toml" in err and "--catalog-overlay" in err


def test_global_options_after_a_nested_subcommand(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`image check ... --catalog-overlay X` applies X (its deny list gives MM701), and so
    does `image --catalog-overlay X check ...`; both places together merge."""
    img = _png(tmp_path / "out.png")
    deny = tmp_path / "deny.toml"
    deny.write_text('[policy]\ndenied-models = ["gpt-image-2"]\n', encoding="utf-8")
    allow = tmp_path / "allow.toml"
    allow.write_text('[policy]\nallowed-models = ["gpt-image-1.5"]\n', encoding="utf-8")

    def mm701(*argv: str) -> list[str]:
        assert main(argv) == 1
        report = json.loads(capsys.readouterr().out)
        return [f["message"] for f in report["request_findings"] if f["rule"] == "MM701"]

    base = ["check", "model=gpt-image-2", "size=1024x1024", str(img), "--json"]
    assert mm701("image", *base, "--catalog-overlay", str(deny)) == \
        ["'gpt-image-2' is on this project's denied-models list (gpt-image-2)"]
    assert mm701("image", "--catalog-overlay", str(deny), *base) == \
        ["'gpt-image-2' is on this project's denied-models list (gpt-image-2)"]
    both = mm701("image", "--catalog-overlay", str(allow), *base, "--catalog-overlay",
                 str(deny))
    assert both == ["'gpt-image-2' is on this project's denied-models list (gpt-image-2)"]
    assert main(["image", *base, "--catalog-overlay", str(allow), "--no-stale-notice"]) == 1
    assert "allowed-models" in capsys.readouterr().out


@pytest.mark.parametrize("token", ["shut-down", "SHUT-DOWN", "MM4", "mm40"])
def test_rules_lists_a_family_or_prefix(capsys: pytest.CaptureFixture[str],
                                        token: str) -> None:
    from modelmap.rules import RULES

    assert main(["rules", token, "--json"]) == 0
    got = [r["code"] for r in json.loads(capsys.readouterr().out)]
    t = token.lower()
    want = [r.code for r in RULES
            if (r.family == t if not t.startswith("mm") else r.code.startswith(t.upper()))]
    assert got == want and got
    assert main(["rules", token]) == 0
    out = capsys.readouterr().out
    assert all(code in out for code in want)


def test_rules_one_code_and_unknown_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "model-shut-down"]) == 0
    assert "What it does" in capsys.readouterr().out
    assert main(["rules", "MM999"]) == 2
    err = capsys.readouterr().err
    assert "no rule 'MM999'" in err and "family" in err and err.count("\n") == 1
