"""The JSON fast path (`worth_reading`) remembers what each key is, never what its values
were: a key seen many times with other values still counts when a later value matters."""

from __future__ import annotations

from modelmap.catalog.load import default_catalog
from modelmap.scan.config.jsonfile import worth_reading


def test_a_late_model_value_under_a_repeated_key_counts() -> None:
    rows: list[object] = [{"model": f"row-{k}", "n": k} for k in range(50)]
    assert not worth_reading(rows, default_catalog())
    rows.append({"model": "gpt-5.5", "n": 50})
    assert worth_reading(rows, default_catalog())


def test_a_late_url_under_a_repeated_base_url_key_counts() -> None:
    rows: list[object] = [{"baseURL": "", "items": [{"baseURL": None}]} for _ in range(20)]
    assert not worth_reading(rows, default_catalog())
    rows.append({"items": [{"baseURL": "https://proxy.example/v1"}]})
    assert worth_reading(rows, default_catalog())


def test_model_lists_and_nesting() -> None:
    data = {"a": [{"b": {"fallback_models": ["x", 3, "gpt-5.5"]}}]}
    assert worth_reading(data, default_catalog())
    assert not worth_reading({"a": [{"b": {"notes": ["gpt-5.5"]}}]}, default_catalog())
