"""The image ledger and the price table: a 200-line ledger summarised by `modelmap image
ledger` against totals computed here from the generating data; cost estimates against the
rates read from prices.toml; bad lines and bad price data as one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import random
import tomllib
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog.load import DATA_DIR
from modelmap.cli import main
from modelmap.errors import CatalogError
from modelmap.image import ledger
from modelmap.image.prices import estimate, load_prices, parse_prices

DAY = dt.date(2026, 11, 21)
MODELS = ("gpt-image-2", "gpt-image-2.5-flare-2026-09-08", "gpt-image-1.5")
SIZES = ("1024x1024", "1024x1536", "1536x1024")


def _generate(n: int, seed: int) -> list[dict[str, Any]]:
    """Plain generation facts: model, size, images, outcome, retries, cost (or none)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        outcome = rng.choice(("accepted", "accepted", "accepted", "blocked"))
        rows.append({
            "model": rng.choice(MODELS), "size": rng.choice(SIZES),
            "images": rng.randint(1, 4) if outcome == "accepted" else rng.randint(0, 2),
            "outcome": outcome, "retries": rng.choice((None, 0, 0, 1, 2)),
            "cost": None if rng.random() < 0.1 else round(rng.uniform(0.005, 0.9), 4),
        })
    return rows


def test_200_line_summary_matches_hand_computed(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    rows = _generate(200, seed=13)
    path = tmp_path / "images.jsonl"
    for r in rows:
        rec = ledger.line(via="cli", endpoint="images.generate", model=r["model"],
                          params={"size": r["size"], "quality": "high"}, as_of=DAY,
                          images=r["images"], usage=None, outcome=r["outcome"],
                          retries=r["retries"], findings=[])
        rec["cost_usd"] = r["cost"]  # the test's own prices, so the expected sums are its own
        ledger.append(path, rec)
    assert len(path.read_text().splitlines()) == 200

    # Expected, computed independently from the generating rows.
    def expect(subset: list[dict[str, Any]]) -> dict[str, Any]:
        accepted = [r for r in subset if r["outcome"] == "accepted"]
        images = sum(r["images"] for r in accepted)
        cost = sum(r["cost"] for r in subset if r["cost"] is not None)
        return {"lines": len(subset), "accepted": len(accepted),
                "blocked": len(subset) - len(accepted),
                "retried": sum(1 for r in subset if r["retries"]),
                "images_accepted": images,
                "uncosted_lines": sum(1 for r in subset if r["cost"] is None),
                "cost_usd": cost,
                "per": cost / images if images and any(r["cost"] is not None for r in subset)
                else None}

    assert main(["image", "ledger", str(path), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    want_total = expect(rows)
    _same(got["total"], want_total)
    groups = {(g["model"], g["size"]): g for g in got["by_model_size"]}
    keys = sorted({(r["model"], r["size"]) for r in rows})
    assert list(groups) == keys
    for key in keys:
        _same(groups[key], expect([r for r in rows if (r["model"], r["size"]) == key]))
    assert sum(g["lines"] for g in groups.values()) == 200

    assert main(["image", "ledger", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(f"{path}: 200 generation(s): {want_total['accepted']} accepted, "
                           f"{want_total['blocked']} blocked, {want_total['retried']} retried")
    assert f"${want_total['per']:.4f} per accepted image" in text


def _same(got: dict[str, Any], want: dict[str, Any]) -> None:
    for k in ("lines", "accepted", "blocked", "retried", "images_accepted", "uncosted_lines"):
        assert got[k] == want[k], k
    assert got["cost_usd"] == pytest.approx(want["cost_usd"], abs=1e-6)
    if want["per"] is None:
        assert got["cost_per_accepted_image"] is None
    else:
        assert got["cost_per_accepted_image"] == pytest.approx(want["per"], abs=1e-6)


def _rates(key: str) -> dict[str, Any]:
    raw = tomllib.loads((DATA_DIR / "prices.toml").read_text(encoding="utf-8"))
    return next(p for p in raw["price"] if p["key"] == key)


def test_cost_from_usage_uses_the_dated_rates() -> None:
    usage = {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210,
             "input_tokens_details": {"text_tokens": 40, "image_tokens": 10},
             "output_tokens_details": {"image_tokens": 4160, "text_tokens": 0}}
    r = _rates("gpt-image-2")
    want = (40 * r["text_input"] + 10 * r["image_input"] + 4160 * r["image_output"]) / 1e6
    cost = estimate(load_prices(), "gpt-image-2", DAY, usage=usage, quality="high",
                    size="1024x1024", images=1)
    assert cost is not None and cost.basis == "usage"
    assert cost.usd == pytest.approx(want) and cost.source.url.startswith("https://")
    # Before the price's `since` date there is no price: no estimate, not a guess.
    assert estimate(load_prices(), "gpt-image-2", dt.date(2026, 1, 1), usage=usage,
                    quality="high", size="1024x1024", images=1) is None
    assert estimate(load_prices(), "dall-e-3", DAY, usage=usage, quality="high",
                    size="1024x1024", images=1) is None


def test_per_image_estimate_without_usage() -> None:
    raw = tomllib.loads((DATA_DIR / "prices.toml").read_text(encoding="utf-8"))
    square = next(p for p in raw["per_image"] if p["size"] == "1024x1024")
    cost = estimate(load_prices(), "gpt-image-2", DAY, usage=None, quality="medium",
                    size="1024x1024", images=3)
    assert cost is not None and cost.basis == "per-image"
    assert cost.usd == pytest.approx(3 * square["medium"])
    assert estimate(load_prices(), "gpt-image-2", DAY, usage=None, quality="auto",
                    size="1024x1024", images=1) is None


def test_every_price_is_dated_and_sourced() -> None:
    prices = load_prices()
    for p in (*prices.tokens, *prices.per_image):
        assert p.source.url.startswith("https://") and isinstance(p.source.verified_on, dt.date)


@pytest.mark.parametrize(("edit", "needle"), [
    (lambda s: s.replace("image_output = 30.00\ntext_output", "text_output"),
     "prices.toml: price[0] (gpt-image-2): field 'image_output' is required"),
    (lambda s: s.replace("text_input = 5.00", 'text_input = "five"', 1),
     "field 'text_input' must be a non-negative number"),
    (lambda s: s.replace("verified_on = 2026-12-04", "verified_on = 2026-13-04", 1),
     "prices.toml"),
    (lambda s: s.replace('match = ["gpt-image-2", "gpt-image-2-*"]', "match = []", 1),
     "field 'match' must name at least one"),
])
def test_bad_price_data_names_file_entry_field(tmp_path: Path, edit: Any, needle: str) -> None:
    text = (DATA_DIR / "prices.toml").read_text(encoding="utf-8")
    bad = tmp_path / "prices.toml"
    bad.write_text(edit(text), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        parse_prices(bad)
    assert needle in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(("line", "needle"), [
    ("{nope", ":2: not valid JSON"),
    ("[1]", ":2: a ledger line must be a JSON object"),
    ('{"outcome": "maybe", "images": 1}', ":2: field 'outcome' must be accepted or blocked"),
    ('{"outcome": "accepted", "images": -1}', ":2: field 'images' must be a non-negative"),
    ('{"outcome": "accepted", "images": 1, "cost_usd": "1"}', "field 'cost_usd' must be"),
])
def test_bad_ledger_line_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            line: str, needle: str) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text('{"outcome": "accepted", "images": 1}\n' + line + "\n")
    assert main(["image", "ledger", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"modelmap: error: {path}") and needle in err and err.count("\n") == 1


def test_check_appends_to_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import base64

    from openai.types import ImagesResponse
    from PIL import Image
    buf = tmp_path / "a.png"
    Image.new("RGB", (1024, 1024), (20, 40, 60)).save(buf)
    usage = {"input_tokens": 12, "output_tokens": 1000, "total_tokens": 1012,
             "input_tokens_details": {"text_tokens": 12, "image_tokens": 0}}
    resp = ImagesResponse.model_validate({"created": 1, "usage": usage, "data": [
        {"b64_json": base64.b64encode(buf.read_bytes()).decode()}]})
    path = tmp_path / "r.json"
    path.write_text(resp.model_dump_json())
    led = tmp_path / "images.jsonl"
    for retries in ("0", "2"):
        main(["image", "check", "images.generate", "model=gpt-image-2", "size=1024x1024",
              "quality=high", str(path), "--ledger", str(led), "--retries", retries,
              "--as-of", "2026-11-21"])
    capsys.readouterr()
    recs = [json.loads(x) for x in led.read_text().splitlines()]
    r = _rates("gpt-image-2")
    want = (12 * r["text_input"] + 1000 * r["image_output"]) / 1e6
    assert [x["retries"] for x in recs] == [0, 2]
    first = recs[0]
    assert (first["model"], first["size"], first["quality"], first["format"], first["images"],
            first["outcome"], first["cost_basis"]) == \
        ("gpt-image-2", "1024x1024", "high", "png", 1, "accepted", "usage")
    assert first["cost_usd"] == pytest.approx(want) and first["usage"]["output_tokens"] == 1000
    assert first["findings"] == ["MM806"]
    assert main(["image", "ledger", str(led), "--json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    assert (total["accepted"], total["retried"]) == (2, 1)
    assert total["cost_per_accepted_image"] == pytest.approx(want)


@pytest.mark.parametrize(("rec", "why"), [
    ({"model": None}, "no model"),
    ({"model": "gpt-image-2", "usage": {"input_tokens": 3}}, "no token price for gpt-image-2"),
    ({"model": "gpt-image-2", "quality": "auto"},
     "quality auto (the API picks it; pass quality= or log usage)"),
    ({"model": "acme-image", "size": "64x64", "quality": "high"},
     "no per-image price for acme-image 64x64 high"),
])
def test_a_line_without_a_price_says_why(rec: dict[str, Any], why: str) -> None:
    """A fresh-eyes trial read "without a price" and could not tell what to change."""
    assert ledger.why_unpriced(rec) == why
