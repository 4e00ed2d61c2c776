"""The docs scanner's early exits change no result: claims need an anchor (a digit or a price
or lifecycle word) and each claim pattern one of its words, labels a digit, and the
whole-document "about OpenAI" search runs only for a claim whose own unit does not name
OpenAI."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.scan.base import ScanContext
from modelmap.scan.docs import claims
from modelmap.scan.docs.claims import find_claims
from modelmap.scan.docs.prose import _has_digit
from modelmap.scan.docs.scanner import scan_docs

WORDS = [
    "$5", "€3", "£2.50", "10 USD", "3 cents", "free tier", "for free", "at no extra cost",
    "at no charge", "is free", "remains free", "costs nothing", "charges nothing",
    "20% discount", "2x the price", "500 RPM", "3 requests per minute", "rate limit of 60",
    "quota is 100", "usage cap 5", "128k context window", "context window of 8,000",
    "up to 25 MB", "max 10 files", "maximum output tokens 4096", "20 MB file", "shut down",
    "shutdown", "sunsetting", "retired", "retirement", "deprecated", "end-of-life",
    "will be removed", "removed on", "discontinued", "turned off", "on 2027-01-14",
    "in May 2026", "January 3, 2027", "the model", "OpenAI", "gpt-5.5", "API", ".", ",",
    "\n", "is", "our", "Free", "NOTHING", "Shuts Down", "End of life", "２０ MB", "free-form",
    # IGNORECASE equates these with ASCII letters (ſ s, K k, İ ı i): the word tests fold them
    "per ſecond", "5 İMAGES", "20 MB fıle", "128K context", "retİred", "٣ requests per day",
    "up to 4 Kb", "coſts nothing", "3 Tokens per minute", "rate-lımit of 9", "10 uSd",
]


def _unanchored(text: str, monkeypatch: pytest.MonkeyPatch) -> list[claims.Claim]:
    with monkeypatch.context() as m:
        m.setattr(claims, "_anchored", lambda text, low: True)
        m.setattr(claims, "_NEEDS", tuple(("",) for _ in claims._PATTERNS))
        return find_claims(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join))
def test_the_anchor_drops_no_claim(text: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        expected = _unanchored(text, mp)
    assert find_claims(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789٣ $%.,-kKſsİıiIUuDdcCenNtTmMbBgGfFrR\n", max_size=40))
def test_the_anchor_is_the_old_regex_or_more(text: str) -> None:
    assert claims._anchored(text, claims.fold(text)) or not claims._ANCHOR.search(text)


def test_the_pattern_words_are_not_vacuous() -> None:
    """Each claim kind has a text its words let through and one they stop."""
    for (kind, _), words in zip(claims._PATTERNS, claims._NEEDS, strict=True):
        assert words and all(w == claims.fold(w) for w in words), kind
    assert find_claims("Costs 5 units of time.") == []  # anchored, but no kind's word


@pytest.mark.parametrize("text", ["It is free for everyone.", "Usage costs nothing.",
                                  "The service is offered at no cost."])
def test_claims_without_a_digit_are_still_found(text: str) -> None:
    assert [c.kind for c in find_claims(text)] == ["price"]


def test_text_without_an_anchor_has_no_claim() -> None:
    assert find_claims("Use the model for chat. It answers questions well.") == []


@pytest.mark.parametrize(("text", "digit"), [
    ("GPT-5.5", True), ("no digits here", False), ("GPT-５", True), ("x²", True),
    ("", False), ("naïve café", False)])
def test_has_digit_is_str_isdigit(text: str, digit: bool) -> None:
    assert _has_digit(text) is digit
    assert _has_digit(text) is any(ch.isdigit() for ch in text)


def test_a_claim_naming_only_the_api_uses_the_whole_document() -> None:
    """The unit says "API" and a price; only another paragraph names OpenAI: MM601."""
    text = "# Notes\n\nThis guide covers OpenAI.\n\nThe API costs $5 per month.\n"
    ctx = ScanContext(root="", strict=True, as_of=dt.date(2026, 11, 21))
    found = [(f.rule, f.location.line) for f in scan_docs("doc.md", text, ctx).findings
             if f.location is not None]
    assert found == [("MM601", 5)]
    other = text.replace("OpenAI", "our tools")
    assert scan_docs("doc.md", other, ctx).findings == ()
