"""The fuzz/hostile-input suite (bounded: the `ci` hypothesis profile, fixed example counts).

Every front door takes generated input and must answer with its contract: the CLI exits 0, 1
or 2 and never lets an exception out; the scanners turn any file into findings or a skip
note; a config file is applied or refused on one line. bench/fuzz_hostile.py runs the same
areas far longer and reports the figures.
"""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelmap.catalog.load import default_catalog
from modelmap.check.config import Config
from modelmap.check.runner import Settings, run_check
from modelmap.check.select import Selector
from modelmap.cli import main

AS_OF = dt.date(2026, 11, 21)
WORDS = st.sampled_from([
    "gpt-image-2", "gpt-5.5", "GPT Image 2", "gpt-4o", "", " ", "-", "--json", "--as-of",
    "2026-11-21", "20260101", "0001-01-01", "model=", "n=1.5", "n=true", 'n="2"', "size=1x1",
    "images.generate", "chat.completions.create", "responses.create", "{", "[]", "\x00",
    "\x1b[2J", "é", "\udcff", "a" * 300, "=", "a.b.c=1", "--path", "/v1/responses",
])
ARGV = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=6)
COMMANDS = ["resolve", "status", "route", "validate", "explain", "rules", "facts", "catalog"]


@settings(max_examples=250)
@given(st.sampled_from(COMMANDS), ARGV)
def test_cli_argv_fuzz(command: str, argv: list[str]) -> None:
    """Any argv: an exit code of the contract, never an exception."""
    if command == "explain" and not argv:
        argv = ["x"]  # no TEXT reads standard input
    code = main([command, *argv])
    assert code in (0, 1, 2)


SOURCES = {
    "a.py": st.text(alphabet=string.printable + "é\u2028", max_size=300).map(
        lambda t: "from openai import OpenAI\nc = OpenAI()\n" + t
        + '\nc.images.generate(model="gpt-image-2", size="1x1")\n'),
    "b.ts": st.text(alphabet=string.printable, max_size=300).map(
        lambda t: "import OpenAI from 'openai';\nconst c = new OpenAI();\n" + t
        + "\nc.chat.completions.create({model: 'GPT Image 2'});\n"),
    "c.toml": st.text(alphabet=string.printable, max_size=200).map(
        lambda t: 'model = "gpt-4o"\n' + t),
    "d.yaml": st.text(alphabet=string.printable, max_size=200).map(
        lambda t: "model: gpt-4o\n" + t),
    "e.json": st.text(alphabet=string.printable, max_size=200).map(
        lambda t: '{"model": "gpt-4o"' + t),
    "f.md": st.text(alphabet=string.printable, max_size=300).map(
        lambda t: "```python\nclient.images.generate(model='dall-e-3')\n```\n" + t),
    ".env": st.text(alphabet=string.printable, max_size=100).map(
        lambda t: "OPENAI_MODEL=gpt-4o\n" + t),
}


@settings(max_examples=60)
@given(st.fixed_dictionaries({name: s for name, s in SOURCES.items()}))
def test_scanner_fuzz(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]) -> None:
    """Any file content: every file is checked or noted, no exception escapes a scanner."""
    root = tmp_path_factory.mktemp("fuzz")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    settings_ = Settings(paths=(root,), root=root, catalog=default_catalog(), as_of=AS_OF,
                         config=Config(path=None, base=root), selector=Selector(),
                         cache_dir=None, jobs=1, strict=False)
    report = run_check(settings_)
    # every file is checked, or skipped with a note (a partly checked file counts as checked)
    assert report.files + sum(not s.partial for s in report.skipped) == len(files)
    internal = [s for s in report.skipped if "internal error" in s.reason]
    assert internal == [], internal


CONFIG_LINES = st.sampled_from([
    'fail-on = "error"', 'fail_on = "info"', 'fail-on = ["error"]', 'exclude = ["!"]',
    'include = ["a/[z-a]"]', 'include = ["**/*.py"]', 'select = ["MM1"]', "select = 3",
    "max-file-size = -1", "max-parse-size = 10", 'per-file-ignores = { "x" = ["MM1"] }',
    "[policy]", 'allowed-models = ["gpt-5*"]', "require-snapshot = true", "ttl-days = {}",
    "x = [[[[]]]]", '"quoted" = 1', "= 1", "[", "\x00", "respect-gitignore = false",
])


@settings(max_examples=120)
@given(st.lists(st.one_of(CONFIG_LINES, st.text(max_size=20)), max_size=6))
def test_config_fuzz(tmp_path_factory: pytest.TempPathFactory, lines: list[str]) -> None:
    root = tmp_path_factory.mktemp("cfg")
    (root / "modelmap.toml").write_text("\n".join(lines) + "\n", encoding="utf-8",
                                        errors="surrogatepass")
    (root / "a.py").write_text('from openai import OpenAI\nOpenAI().images.generate('
                               'model="GPT Image 2", prompt="p")\n')
    assert main(["check", str(root), "--no-cache", "--as-of", "2026-11-21"]) in (0, 1, 2)
