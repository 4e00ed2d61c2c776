"""The route corpus: free-text jobs in English, Russian and Chinese with the job each names.

tests/data/route_corpus.jsonl holds one query a line: `query`, `lang`, `job` (a job key, or
null when no job may match), and `set` = "held-out" for queries written after the matcher was
tuned. `python -m tests.test_route_corpus` prints the accuracy per language.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog.load import load_catalog
from modelmap.catalog.model import Catalog
from modelmap.errors import UsageError
from modelmap.route import NoJobMatch, match_job

CORPUS = Path(__file__).parent / "data" / "route_corpus.jsonl"
ROWS: list[dict[str, Any]] = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()
                              if line.strip()]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def answer(catalog: Catalog, query: str) -> str | None:
    try:
        return match_job(catalog, query).key
    except NoJobMatch:
        return None


def test_corpus_shape() -> None:
    langs = Counter(r["lang"] for r in ROWS)
    assert len(ROWS) >= 60 and set(langs) == {"en", "ru", "zh"}
    assert sum(r["job"] is None for r in ROWS) >= 6  # non-matches are part of the corpus
    assert len({r["query"] for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['lang']}:{r['query'][:40]}")
def test_corpus_query(catalog: Catalog, row: dict[str, Any]) -> None:
    if row["job"] is None:
        with pytest.raises(NoJobMatch):
            match_job(catalog, row["query"])
    else:
        assert row["job"] in catalog.jobs, row
        try:
            got = match_job(catalog, row["query"]).key
        except UsageError as exc:  # ambiguous
            pytest.fail(f"{row['query']!r}: {exc}")
        assert got == row["job"]


def main() -> None:
    catalog = load_catalog()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for row in ROWS:
        try:
            got = answer(catalog, row["query"])
        except UsageError:
            got = "(ambiguous)"
        for key in (row["lang"], "all"):
            total[key] += 1
            right[key] += got == row["job"]
    for key in ("en", "ru", "zh", "all"):
        print(f"{key:4} {right[key]:3}/{total[key]:<3} {right[key] / total[key]:.3f}")


if __name__ == "__main__":
    main()
