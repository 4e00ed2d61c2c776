"""Large Python files are parsed with the bodies a scan cannot need blanked
(scan.python.pruned): the calls found are those of the whole-file parse."""

from __future__ import annotations

import ast
from itertools import accumulate
from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.python import pruned
from modelmap.scan.python.scanner import HINTS, scan
from test_scan_python import CASES, TRAPS

FILLER = "\n\ndef _filler(x):\n" + "".join(
    f"    y{i} = [x, {i}, 'text {i}']  # a comment\n" for i in range(300)) + "    return x\n"
"""An unhinted function that makes a file large enough to be pruned (its body is blanked)."""


def cut(text: str) -> pruned.Pruned | None:
    starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]
    return pruned.prune(text, starts, [HINTS])


def rows(src: str, **ctx: Any) -> list[tuple[Any, ...]]:
    out = []
    for c in scan("app.py", src, ScanContext(root="", strict=False, **ctx)).calls:
        assert c.location is not None and c.site is not None
        out.append((c.endpoint, c.model, c.location.line, c.location.column, c.via,
                    c.provider, c.base_url))
    return out


def models_whole_and_pruned(src: str) -> list[str | None]:
    """Models of the calls found in `src` (too small to be pruned), after checking that
    `src` with the filler appended (pruned) gives the very same calls."""
    assert len(src) < pruned.MIN_SIZE
    whole = rows(src)
    assert rows(src + FILLER) == whole
    return [row[1] for row in whole]


def blanked_lines(text: str) -> set[int]:
    got = cut(text)
    assert got is not None
    return {n for first, last in got.spans for n in range(first, last + 1)}


@pytest.mark.parametrize(("name", "src", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_case_gives_the_same_calls_when_pruned(name: str, src: str,
                                                     expected: list[tuple[Any, ...]]) -> None:
    big = src + FILLER
    assert len(big) >= pruned.MIN_SIZE and cut(big) is not None
    assert rows(big) == expected


@pytest.mark.parametrize(("name", "src"), TRAPS, ids=[t[0] for t in TRAPS])
def test_traps_stay_silent_when_pruned(name: str, src: str) -> None:
    assert rows(src + FILLER) == []


def test_prune_keeps_headers_lines_and_columns() -> None:
    src = ('from openai import OpenAI\nclient = OpenAI()\n\n'
           'class Bot:\n'
           '    """Doc.\ndef not_a_def():\n    text at column zero\n"""\n'
           '    def helper(self, a,\n               b=(1, 2)) -> dict[str, int]:\n'
           '        s = """\nclass NotAClass:\n"""\n'
           '        return {"a": a}\n\n'
           '    def ask(self):\n'
           '        return client.chat.completions.create(model="gpt-4o", messages=[])\n'
           + FILLER)
    got = cut(src)
    assert got is not None
    old, new = src.split("\n"), got.text.split("\n")
    assert len(old) == len(new)
    assert new[:10] == old[:10]  # the header (over two lines) and the docstring before it
    assert new[10] == "     ..." and new[11:14] == ["", "", ""]
    assert new[15:17] == old[15:17]  # the hinted method is untouched
    tree = ast.parse(got.text)
    assert sorted(n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)) == [2, 17]
    assert "def not_a_def" in got.text  # a def inside a string is not a def


def test_one_line_defs_are_kept_and_a_blanked_body_keeps_its_imports() -> None:
    """Imports anywhere decide what the module's names mean: a blanked body keeps its import
    statements on their own lines, moved to the body's indentation (a parenthesised one with
    its continuation lines), and the pruned text still parses with the same imports."""
    src = ("def lazy():\n    from openai import OpenAI\n    return OpenAI\n\n"
           "def short(x): return x\n\n"
           "def nested(flag):\n    x = 1\n    if flag:\n        from litellm import (\n"
           "            completion as c,\n        )\n    return x\n" + FILLER)
    got = cut(src)
    assert got is not None
    lines = got.text.split("\n")
    blanked = {n for first, last in got.spans for n in range(first, last + 1)}
    assert {2, 3, 8, 13} <= blanked and 5 not in blanked
    assert lines[1] == " from openai import OpenAI" and lines[2] == ""
    assert lines[7] == " ..." and lines[8] == ""
    assert lines[9:12] == [" from litellm import (", "            completion as c,",
                           "        )"]
    assert lines[12] == ""
    from modelmap.scan.python.scope import ModuleInfo

    info = ModuleInfo(ast.parse(got.text), "app.py", got.text)
    assert info.imports["OpenAI"] == ("openai", "OpenAI")
    assert info.imports["c"] == ("litellm", "completion")


@pytest.mark.parametrize("body", ["    x = 1; import os\n", "    import os, \\\n        sys\n",
                                  "    if x: import os\n"])
def test_a_body_whose_import_cannot_stand_alone_is_kept(body: str) -> None:
    src = "def f(x):\n" + body + "    return x\n" + FILLER
    assert 2 not in blanked_lines(src)


def test_self_attribute_set_in_an_unhinted_method() -> None:
    """`self.model` is assigned in a method with no hint line (its body is blanked): the
    lookup needs it, so the file is parsed whole."""
    src = ("from openai import OpenAI\nclient = OpenAI()\n\nclass Bot:\n"
           "    def __init__(self):\n        self.client = client\n"
           '        self.model = "gpt-4-32k"\n\n'
           "    def _setup(self):\n        self.other = 1\n\n"
           "    def ask(self):\n        self._setup()\n"
           "        return self.client.chat.completions.create(model=self.model, messages=[])\n"
           )
    assert {6, 7, 10} <= blanked_lines(src + FILLER)
    assert models_whole_and_pruned(src) == ["gpt-4-32k"]


def test_class_field_feeding_a_call() -> None:
    src = ("from openai import OpenAI\n\nclass Bot:\n"
           '    model: str = "gpt-4-32k"\n\n'
           "    def unrelated(self):\n        return [1, 2, 3]\n\n"
           "    def ask(self):\n"
           "        return OpenAI().chat.completions.create(model=self.model, messages=[])\n"
           )
    assert 7 in blanked_lines(src + FILLER)
    assert models_whole_and_pruned(src) == ["gpt-4-32k"]


def test_nested_functions() -> None:
    """A nested function with the call keeps every enclosing body; an unhinted nested
    function inside it is blanked."""
    src = ("from openai import OpenAI\n\ndef outer():\n"
           '    model = "gpt-4-32k"\n'
           "    def unhinted():\n        return [model]\n"
           "    def inner():\n"
           "        return OpenAI().chat.completions.create(model=model, messages=[])\n"
           "    return inner\n")
    lines = blanked_lines(src + FILLER)
    assert 6 in lines and not lines & {3, 4, 7, 8, 9}
    assert models_whole_and_pruned(src) == ["gpt-4-32k"]


def test_helper_called_from_an_unhinted_function() -> None:
    """A module helper's call site in a body the pruner blanked (no hint on its lines) is
    found: the file is parsed whole."""
    src = ("from openai import OpenAI\nclient = OpenAI()\n\n"
           "def ask(model):\n"
           "    return client.chat.completions.create(model=model, messages=[])\n\n"
           "def main():\n"
           '    name = "gpt-4-32k"\n'
           "    return ask(name)\n")
    assert {8, 9} <= blanked_lines(src + FILLER)
    assert models_whole_and_pruned(src) == [None, "gpt-4-32k"]


BROKEN = ("from openai import OpenAI\nclient = OpenAI()\n\n"
          "def broken():\n    x = = 1\n    return x\n\n"
          'client.chat.completions.create(model="gpt-4-32k", messages=[])\n')


def test_syntax_error_in_a_blanked_body_goes_unreported() -> None:
    """The chosen behaviour: a large file is not parsed where a body is blanked, so a syntax
    error there (a body with no hint line: it cannot hide a call) leaves no note, and the
    calls elsewhere are reported as in a file without the error. A small file (parsed
    whole) says it was partly checked."""
    big = BROKEN + FILLER
    assert 5 in blanked_lines(big)
    got = scan("app.py", big, ScanContext(root=""))
    assert got.notes == () and got.skip is None
    assert [(c.model, c.site.line if c.site else 0) for c in got.calls] == [("gpt-4-32k", 8)]
    small = scan("app.py", BROKEN, ScanContext(root=""))
    assert small.notes and "line 5" in small.notes[0]


def test_strict_mode_parses_the_whole_file() -> None:
    with pytest.raises(SyntaxError):
        scan("app.py", BROKEN + FILLER, ScanContext(root="", strict=True))


def test_a_line_at_column_zero_inside_a_string_does_not_end_a_body() -> None:
    src = ('def f():\n    s = """\nat column zero\n    """ + (\n        "x")\n    return s\n'
           "x = 1\n" + FILLER)
    got = cut(src)
    assert got is not None and (2, 6) in got.spans
    tree = ast.parse(got.text)
    assert [type(n).__name__ for n in tree.body] == ["FunctionDef", "Assign", "FunctionDef"]


def test_a_body_cut_inside_brackets_is_kept() -> None:
    """A continuation line at column zero (inside brackets) looks like the body's end: the
    brackets do not balance there, so the body is left as it is."""
    src = 'def f():\n    s = (\n"at column zero")\n    return s\n' + FILLER
    got = cut(src)
    assert got is not None and not {n for a, b in got.spans for n in range(a, b + 1)} & {2, 3}
    assert ast.parse(got.text).body[0].end_lineno == 4


def test_import_lines() -> None:
    from modelmap.scan.python.scope import _import_lines

    text = ("import os\n  from a.b import (c,\n    d)\nx = reimport(1)\nimportlib = 1\n"
            "from x.import_y import z\n# import in a comment\ns = 'import'\n"
            "\tfrom . import e; import f\r\nfrom_ = import_ = 2\n")
    assert _import_lines(text) == [1, 2, 6, 9]
