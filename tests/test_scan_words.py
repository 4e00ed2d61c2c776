"""scan.words: the one-pass word search agrees with one `in` test per word, with Hyperscan
and without it (the fallback where the package has no wheel)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.scan import words as words_module
from modelmap.scan.words import Words

WORDS = ["gpt-", ".chat", "completions", "import", "o1", "fetch", "WebSocket", "@openai/agents"]


def _plain(found: Words, text: str) -> frozenset[str]:
    low = text.lower() if found.caseless else text
    return frozenset(w for w in found.words if w in low)


def test_hyperscan_is_what_the_tests_run_with() -> None:
    """The dev install has the wheel, so the one-pass path is the one under test here."""
    assert words_module._compile(("a",), False) is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, " ", "\n", "é", "\ud800", "fetc", "gpt", "x"]),
                max_size=30).map("".join))
def test_one_pass_agrees_with_in_tests(text: str) -> None:
    found = Words(WORDS)
    assert found(text) == _plain(found, text)
    assert found.any(text) == bool(_plain(found, text))
    caseless = Words(WORDS, caseless=True)
    assert caseless(text.upper()) == _plain(caseless, text.upper())


def test_without_hyperscan_the_answers_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "from x import y\nclient.chat.completions.create(model='gpt-4o')\n# WEBSOCKET"
    with_hs = Words(WORDS)(text), Words(WORDS, caseless=True)(text)
    monkeypatch.setattr(words_module, "_compile", lambda words, caseless: None)
    assert (Words(WORDS)(text), Words(WORDS, caseless=True)(text)) == with_hs
    assert with_hs[0] == {"import", ".chat", "completions", "gpt-"}
    assert with_hs[1] == with_hs[0] | {"websocket"}
    assert Words(WORDS)(text.encode()) == with_hs[0]
    assert Words(WORDS).any(text) and not Words(WORDS).any("nothing here")


def test_any_stops_at_the_first_word_found() -> None:
    found = Words(WORDS)
    assert found.any("a .chat") and not found.any("chat")
    assert found.any(b"x fetch y") and not Words(WORDS, caseless=True).any(b"FETC")
    assert Words(WORDS, caseless=True).any(b"FETCH")


def test_words_must_be_ascii() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        Words(["modèle"])
