"""Suppression comments, the scanner registry, providers and line arithmetic."""

from __future__ import annotations

import pytest

from modelmap.scan.providers import provider_for_url
from modelmap.scan.registry import constants_for, scanner_for
from modelmap.scan.suppress import parse_suppressions, spread, unknown_codes
from modelmap.scan.text import LineIndex, split_lines

A = frozenset({"MM101"})

# (text, styles, expected line_ignores, expected file_ignores)
SUPPRESSIONS = [
    ('x = "gpt-4"  # modelmap: ignore[MM101]\n', ("hash",), {1: A}, frozenset()),
    ('x = 1\ny = 2  # modelmap: ignore\n', ("hash",), {2: None}, frozenset()),
    ("x  # MODELMAP: IGNORE[mm101, Shut-Down]\n", ("hash",),
     {1: frozenset({"MM101", "shut-down"})}, frozenset()),
    ("x  # noqa: E501, MM101,mm402\n", ("hash",), {1: frozenset({"MM101", "MM402"})},
     frozenset()),
    ("x  # noqa\n", ("hash",), {1: None}, frozenset()),  # bare noqa: all, as in ruff
    ("x  # NOQA  # a comment\n", ("hash",), {1: None}, frozenset()),
    ("x  # noqa:E501\n", ("hash",), {}, frozenset()),
    ("x  # noqanot\n", ("hash",), {}, frozenset()),
    ("x  # noqa: E501\n", ("hash",), {}, frozenset()),
    ("x  # modelmap: ignore[]\n", ("hash",), {}, frozenset()),
    ("x  # modelmap: ignore[MM101]  # noqa: MM402\n", ("hash",),
     {1: frozenset({"MM101", "MM402"})}, frozenset()),
    ("x  # modelmap: ignore[MM101]  # modelmap: ignore\n", ("hash",), {1: None}, frozenset()),
    ("# modelmap: ignore-file\nx\n", ("hash",), {}, None),
    ("# header\n# modelmap: ignore-file[MM401, deprecated]\n", ("hash",), {},
     frozenset({"MM401", "deprecated"})),
    ("\n" * 10 + "# modelmap: ignore-file\n", ("hash",), {}, frozenset()),
    ("const m = 'gpt-4'; // modelmap: ignore[MM101]\n", ("slash",), {1: A}, frozenset()),
    ("/* modelmap: ignore-file */\n", ("slash",), {}, None),
    ("const m = 'gpt-4'; // noqa: MM101\n", ("slash",), {1: A}, frozenset()),
    ("const m = 'gpt-4'; /* noqa: MM101 */\n", ("slash",), {1: A}, frozenset()),
    ("const m = 'gpt-4'; // noqa\n", ("slash",), {1: None}, frozenset()),
    ("const m = 'gpt-4'; /* NOQA */\n", ("slash",), {1: None}, frozenset()),
    ("const m = 'gpt-4'; // noqa: no-console\n", ("slash",), {}, frozenset()),
    ("const m = 'gpt-4'; # noqa\n", ("slash",), {}, frozenset()),
    ("Use gpt-4 <!-- noqa -->\n", ("html",), {}, frozenset()),
    ("Use gpt-4 <!-- modelmap: ignore[MM101] -->\n", ("html",), {1: A}, frozenset()),
    ("x  # modelmap: ignore[MM101]\n", ("slash",), {}, frozenset()),
    ("a\r\nb  # modelmap: ignore[MM101]\rc\n", ("hash",), {2: A}, frozenset()),
    ("#\nmodelmap: ignore[MM101]\n", ("hash",), {}, frozenset()),
]


@pytest.mark.parametrize(("text", "styles", "lines", "whole"), SUPPRESSIONS)
def test_parse_suppressions(text: str, styles: tuple[str, ...],
                            lines: dict[int, frozenset[str] | None],
                            whole: frozenset[str] | None) -> None:
    found = parse_suppressions(text, styles)
    assert found.line_ignores == lines
    assert found.file_ignores == whole


def test_spread_covers_every_line_of_a_statement() -> None:
    got = spread({3: A, 9: None}, [(2, 4), (8, 10), (20, 20)])
    assert got == {2: A, 3: A, 4: A, 8: None, 9: None, 10: None}


def test_spread_merges_codes() -> None:
    got = spread({1: A, 2: frozenset({"MM402"})}, [(1, 2)])
    assert got == {1: frozenset({"MM101", "MM402"}), 2: frozenset({"MM101", "MM402"})}


@pytest.mark.parametrize(("path", "scanner"), [
    ("app.py", "scan"), ("pkg/stubs.pyi", "scan"), (".env", "scan_env"),
    ("deploy/.env.production", "scan_env"), ("prod.env", "scan_env"), (".envrc", "scan_env"),
    ("c.yaml", "scan_yaml"), ("C.YML", "scan_yaml"), ("a.json", "scan_json"),
    ("a.jsonc", "scan_json"), (".codex/config.toml", "scan_toml"),
    ("pyproject.toml", "scan_toml"), ("web/app.tsx", "scan_javascript"),
    ("README.md", "scan_docs"), ("docs/x.rst", "scan_docs"),
    ("package-lock.json", None), ("image.png", None), ("Makefile", None),
    (".environment", None),
])
def test_scanner_for(path: str, scanner: str | None) -> None:
    found = scanner_for(path)
    assert (found.__name__ if found is not None else None) == scanner


def test_constants_for_python_takes_relpath_then_text() -> None:
    fn = constants_for("app/settings.py")
    assert fn is not None
    assert fn("app/settings.py", 'MODEL = "gpt-4o"\n') == {"MODEL": "gpt-4o"}
    assert constants_for("a.yaml") is None


@pytest.mark.parametrize(("url", "provider"), [
    ("https://api.openai.com/v1", None), ("api.openai.com", None), ("", None),
    ("https://x.openai.azure.com/", "azure"), ("https://openrouter.ai/api/v1", "openrouter"),
    ("https://api.groq.com/openai/v1", "groq"), ("http://localhost:11434/v1", "local"),
    ("http://127.0.0.1:8000", "local"), ("https://chatgpt.com/backend-api/codex",
                                         "chatgpt-backend"),
    ("https://llm.example.com/v1", "llm.example.com"),
])
def test_provider_for_url(url: str, provider: str | None) -> None:
    assert provider_for_url(url) == provider


def test_line_index_counts_like_python() -> None:
    text = "a\r\nbé\rc\x0cd\ne"
    idx = LineIndex(text)
    assert split_lines(text) == ["a", "bé", "c\x0cd", "e"]
    assert idx.position(text.index("c")) == (3, 1)
    assert idx.position(text.index("d")) == (3, 3)
    assert idx.position(text.index("e")) == (4, 1)
    assert idx.char_col(2, 3) == 2  # "bé": the é is two UTF-8 bytes
    assert idx.offset(4, 1) == text.index("e")


def test_unknown_codes_in_suppressions() -> None:
    found = parse_suppressions("# modelmap: ignore-file[MM998]\nx  # noqa: MM999, MM101\n"
                               "y  # modelmap: ignore[mm999, shut-down, label-as-id, nope]\n")
    assert unknown_codes(found.line_ignores, found.file_ignores) == [
        (0, "MM998"), (2, "MM999"), (3, "nope")]
    assert unknown_codes({1: None}, None) == []
