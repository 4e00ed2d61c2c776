"""status(model, as_of): dated lifecycle verdicts."""

from __future__ import annotations

import datetime as dt

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.status import status

CAT = default_catalog()
D = dt.date.fromisoformat

# (model, as_of) -> (state, shutdown_date, days_left, replacement)
CASES = {
    ("sora-2", "2026-11-21"): ("shut-down", "2026-09-24", -58, ()),
    ("sora-2", "2026-06-01"): ("deprecated", "2026-09-24", 115, ()),
    ("sora-2", "2026-03-01"): ("current", "2026-09-24", 207, ()),
    ("sora-2-2025-12-08", "2026-11-21"): ("shut-down", "2026-09-24", -58, ()),
    ("gpt-4o", "2026-11-21"): ("deprecated", "2027-01-14", 54, ("gpt-6-luna",)),
    ("gpt-4o", "2027-01-14"): ("shut-down", "2027-01-14", 0, ("gpt-6-luna",)),
    ("gpt-image-1.5", "2026-11-21"): (
        "deprecated", "2026-12-01", 10, ("gpt-image-2.6-sunburst", "gpt-image-2.6-flare")),
    ("gpt-image-1.5", "2026-10-20"): (
        "deprecated", "2026-12-01", 42, ("gpt-image-2.5-sunburst", "gpt-image-2.5-flare")),
    ("gpt-5.5", "2026-11-21"): ("current", None, None, ()),
    ("gpt-image-2", "2026-11-21"): ("current", None, None, ()),
}


@pytest.mark.parametrize(("model", "as_of"), sorted(CASES))
def test_status_table(model: str, as_of: str) -> None:
    state, shutdown, days, rep = CASES[(model, as_of)]
    st = status(CAT, model, D(as_of))
    assert st.state == state
    assert st.shutdown_date == (D(shutdown) if shutdown else None)
    assert st.days_left == days
    assert st.replacement == rep
    assert st.as_of == D(as_of)


def test_unknown_model() -> None:
    st = status(CAT, "gpt-9-imaginary", D("2026-11-21"))
    assert st.state == "unknown" and st.source is None


def test_third_party_date_does_not_beat_first_party() -> None:
    # gpt-4o-audio-preview: the openai package and a third-party diff disagree.
    st = status(CAT, "gpt-5.3-codex", D("2026-11-21"))
    assert st.source is not None and not st.strong  # only a blog names a date
