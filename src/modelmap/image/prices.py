"""The dated, sourced image price table (catalog/data/prices.toml) and the cost estimate.

An estimate from usage tokens uses the token rates; without usage, a per-image figure for the
quality and size when the table has one; otherwise no estimate (None), never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelmap.catalog.model import Source

_RATES = ("text_input", "text_input_cached", "image_input", "image_input_cached",
          "image_output", "text_output")
_QUALITIES = ("low", "medium", "high")


@dataclass(frozen=True)
class TokenPrice:
    """Token rates (USD per 1M tokens) for the model IDs `match` names."""

    key: str
    match: tuple[str, ...]
    rates: Mapping[str, float]
    since: dt.date
    source: Source
    note: str


@dataclass(frozen=True)
class PerImage:
    """A typical cost of one image by quality, for one size."""

    key: str
    match: tuple[str, ...]
    size: str
    by_quality: Mapping[str, float]
    source: Source


@dataclass(frozen=True)
class Prices:
    tokens: tuple[TokenPrice, ...]
    per_image: tuple[PerImage, ...]


@dataclass(frozen=True)
class Cost:
    """An estimated cost in USD, how it was reached, and the source it rests on."""

    usd: float
    basis: str
    """usage (token counts x rates) | per-image (a typical figure for quality and size)."""
    source: Source


def _matches(patterns: tuple[str, ...], model: str) -> bool:
    return any(model.startswith(p[:-1]) if p.endswith("*") else model == p for p in patterns)


def parse_prices(path: Path) -> Prices:
    """Read and validate prices.toml; CatalogError names file, entry and field."""
    from modelmap.catalog.curated import entries, read_toml

    data = read_toml(path)
    tokens = []
    for e in entries(path, data, "price", "key"):
        rates: dict[str, float] = {}
        for name in _RATES:
            value = e.data.get(name)
            if value is None and name != "text_output":
                raise e.fail(name, "is required (USD per 1M tokens)")
            if value is not None:
                rates[name] = _money(e, name, value)
        tokens.append(TokenPrice(key=e.text("key"), match=_patterns(e), rates=rates,
                                 since=e.day("since"), source=e.source(),
                                 note=e.text("note", "")))
    per_image = []
    for e in entries(path, data, "per_image", "key"):
        size = e.text("size")
        by_quality = {q: _money(e, q, e.data[q]) for q in _QUALITIES if q in e.data}
        if not by_quality:
            raise e.fail("low", "give at least one of low, medium, high (USD per image)")
        per_image.append(PerImage(key=e.text("key"), match=_patterns(e), size=size,
                                  by_quality=by_quality, source=e.source()))
    return Prices(tuple(tokens), tuple(per_image))


def _patterns(e: Any) -> tuple[str, ...]:
    match: tuple[str, ...] = e.texts("match")
    if not match:
        raise e.fail("match", "must name at least one model ID or prefix*")
    return match


def _money(e: Any, name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise e.fail(name, f"must be a non-negative number, got {value!r}")
    return float(value)


@lru_cache(maxsize=4)
def load_prices(path: Path | None = None) -> Prices:
    """The shipped table (or MODELMAP_CATALOG_DIR's prices.toml when that is set)."""
    if path is None:
        import os

        from modelmap.catalog.load import DATA_DIR

        override = os.environ.get("MODELMAP_CATALOG_DIR")
        path = (Path(override) if override else DATA_DIR) / "prices.toml"
        if not path.exists():
            return Prices((), ())
    return parse_prices(path)


def token_price(prices: Prices, model: str, as_of: dt.date) -> TokenPrice | None:
    """The newest token price for `model` in force on `as_of`."""
    found = [p for p in prices.tokens if _matches(p.match, model) and p.since <= as_of]
    return max(found, key=lambda p: p.since) if found else None


def estimate(prices: Prices, model: str | None, as_of: dt.date, *, usage: Mapping[str, Any] |
             None, quality: str | None, size: str | None, images: int) -> Cost | None:
    """The estimated cost of one call, or None when the table cannot say."""
    if model is None:
        return None
    if usage:
        price = token_price(prices, model, as_of)
        if price is None:
            return None
        r = price.rates
        ins = usage.get("input_tokens_details") or {}
        outs = usage.get("output_tokens_details") or {}
        text_in = int(ins.get("text_tokens", 0))
        image_in = int(ins.get("image_tokens", 0))
        if not ins:
            text_in = int(usage.get("input_tokens", 0))
        image_out = int(outs.get("image_tokens", usage.get("output_tokens", 0)))
        text_out = int(outs.get("text_tokens", 0))
        if text_out and "text_output" not in r:
            return None  # text output tokens with no rate: no honest estimate
        usd = (text_in * r["text_input"] + image_in * r["image_input"]
               + image_out * r["image_output"] + text_out * r.get("text_output", 0.0)) / 1e6
        return Cost(round(usd, 6), "usage", price.source)
    for p in prices.per_image:
        if _matches(p.match, model) and p.size == size and quality is not None \
                and quality in p.by_quality:
            return Cost(round(p.by_quality[quality] * images, 6), "per-image", p.source)
    return None
