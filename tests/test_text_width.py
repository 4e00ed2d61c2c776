"""Text output follows the width it is shown at: $COLUMNS, else the terminal's (a real pty),
else 100 when piped; the first sentence of a message is not cut inside parentheses or after
an abbreviation; `facts` fits the width as one block per fact."""

from __future__ import annotations

import os
import pty
import re
import struct
import sys
from pathlib import Path

import pytest

from modelmap.cli import main
from modelmap.report.text import WIDTH, headline, text_width

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"https?://\S+|\S{60,}")
"""A URL or another word too long to break: the line that holds it may be longer."""


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("MODELMAP_CATALOG_OVERLAY", raising=False)


@pytest.mark.parametrize(("message", "first"), [
    ("price claim about OpenAI with no dated source nearby: add a link and the date you "
     "checked it (e.g. 'checked 2026-12-04'), or drop the number",
     "price claim about OpenAI with no dated source nearby: add a link and the date you "
     "checked it (e.g. 'checked 2026-12-04'), or drop the number"),
    ("Use a dated snapshot, i.e. 'gpt-5.5-2026-04-23'. Aliases move.",
     "Use a dated snapshot, i.e. 'gpt-5.5-2026-04-23'."),
    ("Sizes, qualities etc. Are checked per family. More follows.",
     "Sizes, qualities etc. Are checked per family."),
    ("A label (the app shows it. Not an ID.) is used. Use gpt-5.5.",
     "A label (the app shows it. Not an ID.) is used."),
    ("Set `wire_api. Responses` here. Then reload.", "Set `wire_api. Responses` here."),
    ("'GPT Image 2' is a product label. Use gpt-image-2.", "'GPT Image 2' is a product label."),
    ("Written by J. Doe. See the page.", "Written by J. Doe."),
    ("No period at all", "No period at all"),
])
def test_headline_keeps_a_sentence_whole(message: str, first: str) -> None:
    head, rest = headline(message)
    assert head == first
    assert (head + (" " + rest if rest else "")) == message


def test_text_width_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert text_width(None) == WIDTH
    monkeypatch.setenv("COLUMNS", "80")
    assert text_width(None) == 80
    monkeypatch.setenv("COLUMNS", "10")
    assert text_width(None) == 40  # never narrower than 40
    monkeypatch.setenv("COLUMNS", "wide")
    assert text_width(None) == WIDTH


def _widest(text: str) -> int:
    """The longest line that could have been wrapped: not a source line (`12 | ...`) or
    caret line, and not one that holds an unbreakable URL."""
    lines = [ln for ln in text.splitlines()
             if not re.match(r"^\s*\d*\s+\|", ln) and not URL.search(ln)
             and not ln.startswith("modelmap: ")]  # stderr, on the same pty
    return max(len(ln) for ln in lines)


def test_check_wraps_at_columns_when_piped(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    main(["check", "examples/", "--no-cache"])
    default = capsys.readouterr().out
    assert 80 < _widest(default) <= WIDTH
    monkeypatch.setenv("COLUMNS", "80")
    main(["check", "examples/", "--no-cache"])
    narrow = capsys.readouterr().out
    assert _widest(narrow) <= 80
    sources = [ln for ln in narrow.splitlines() if re.match(r"^\d+ \| ", ln)]
    assert sources and all(len(ln) <= 80 for ln in sources)  # long source lines: a window


def _on_a_pty(argv: list[str], columns: int, cwd: Path, tmp_path: Path) -> str:
    import fcntl
    import termios

    from test_terminal import _read, _wait

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "CI", "NO_COLOR")}
    env.update(MODELMAP_TODAY="2026-11-21", MODELMAP_CACHE_DIR=str(tmp_path / "cache"),
               TERM="xterm", NO_COLOR="1")
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal `columns` wide
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "modelmap", *argv], env)
    try:
        out = _read(fd, None, timeout=120)
    finally:
        _wait(pid, timeout=30)
        os.close(fd)
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    return "\n".join(ln.rpartition("\r")[2] for ln in text.split("\n"))


def test_check_follows_the_terminal_width(tmp_path: Path) -> None:
    out = _on_a_pty(["check", "examples/", "--no-cache", "--no-stale-notice", "-q"], 80, ROOT,
                    tmp_path)
    assert "MM101" in out
    assert _widest(out) <= 80


def test_facts_fit_the_width_as_blocks(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--kind", "lifecycle", "--json"]) == 0
    import json

    facts = json.loads(capsys.readouterr().out)["facts"]
    assert main(["facts", "--kind", "lifecycle"]) == 0
    piped = capsys.readouterr().out.splitlines()
    assert len(piped) == len(facts) + 3  # catalog line, title, header: one line per fact
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["facts", "--kind", "lifecycle"]) == 0
    out = capsys.readouterr().out
    body = out.splitlines()[1:]  # the catalog line is one line by design
    assert max(len(ln) for ln in body if not URL.search(ln)) <= 80
    for f in facts:  # every source URL printed whole
        assert f["source"] in out
    assert out.count("\n  claim  ") == len(facts)
