"""Top-level regions of a Python file told apart without parsing it (scan.python.regions),
and the helper entries a module may export, read from them (so that looking up an imported
name's `name()` entry parses no module that cannot have one)."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from modelmap.check.constants import LazyConstants
from modelmap.scan.python.consts import helper_names, module_constants
from modelmap.scan.python.regions import split

TRICKY = '''"""Module doc.

Text at column zero inside the docstring.
def not_a_function():
"""
import os

@decorator(
1)
@other
def first(x):
    s = """
class NotAClass:
    pass
"""
    return x  # a comment (with a bracket

ITEMS = [
"a",
"b",
]
TOTAL = 1 + \\
2


class Settings(Base):
    model = "gpt-4o"
if os.environ:
    pass
else:
    pass
try:
    import json
except ImportError:
    json = None
async def second():
    return f"{TOTAL}"
'''


def _statement_starts(text: str) -> list[int]:
    out = []
    for stmt in ast.parse(text).body:
        decorators = getattr(stmt, "decorator_list", [])
        out.append(min([stmt.lineno, *(d.lineno for d in decorators)]))
    return out


def test_regions_are_the_top_level_statements() -> None:
    regions = split(TRICKY)
    assert regions is not None
    assert [r.start for r in regions] == _statement_starts(TRICKY)
    assert [(r.kind, r.name) for r in regions if r.kind != "code"] == [
        ("def", "first"), ("class", "Settings"), ("def", "second")]
    assert regions[-1].end == len(TRICKY.split("\n"))
    ends = [r.end for r in regions]
    assert ends == sorted(ends) and all(
        a.end + 1 == b.start for a, b in itertools.pairwise(regions))


def test_region_skeletons_hold_no_strings_or_comments() -> None:
    regions = split(TRICKY)
    assert regions is not None
    first = next(r for r in regions if r.name == "first")
    assert "NotAClass" not in first.skeleton and "bracket" not in first.skeleton
    assert first.skeleton.count("\n") == first.end - first.start + 1


def test_text_that_cannot_be_split_safely_is_not() -> None:
    assert split("x = (1,\n2\n") is None  # brackets never close
    assert split("x = 1\ry = 2\n") is None  # old Mac line breaks


def test_crlf_text_is_split_like_lf() -> None:
    crlf = TRICKY.replace("\n", "\r\n")
    regions = split(crlf)
    assert regions is not None
    assert [r.start for r in regions] == _statement_starts(TRICKY)


HELPERS = '''from openai import OpenAI
client = OpenAI()
MODEL = "gpt-4o"

def ask(prompt, model=MODEL):
    return client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": prompt}])

async def draw(prompt, model):
    return await client.images.generate(model = model, prompt=prompt)

def quoted(model):
    return "client.chat.completions.create(model=model)"

def plain(prompt):
    return prompt.strip()
'''


def test_helper_names_are_the_functions_that_can_pass_a_model_to_the_sdk() -> None:
    names = helper_names(HELPERS)
    assert names == {"ask", "draw"}
    exported = {k[:-2] for k in module_constants(HELPERS, "app/llm.py") if k.endswith("()")}
    assert exported == {"ask", "draw"}  # what the text says is what parsing finds
    assert exported <= names


def test_helper_names_see_an_attribute_split_over_lines() -> None:
    text = ("def ask(model):\n    return (client  # a client\n        .chat\n"
            "        .completions.create(model=model, messages=[]))\n")
    assert helper_names(text) == {"ask"}
    assert "ask()" in module_constants(text, "app/llm.py")


def test_helper_names_without_model_or_splittable_text() -> None:
    assert helper_names("def ask(x):\n    return client.chat.completions.create(m=x)\n") \
        == frozenset()
    assert helper_names("model = 1\ry = 2\n") is None
    # brackets that never close: every top-level function may be one
    assert helper_names("model = (\ndef ask(x):\n    pass\n") == {"ask"}


def test_lazy_constants_parse_only_modules_that_may_define_the_helper(tmp_path: Path) -> None:
    (tmp_path / "llm.py").write_text(HELPERS)
    (tmp_path / "util.py").write_text("MODEL = 'gpt-4o'\ndef ask(model):\n    return model\n")
    parsed: list[str] = []

    def constants_for(rel: str):  # type: ignore[no-untyped-def]
        def fn(relpath: str, text: str) -> dict[str, str]:
            parsed.append(relpath)
            return module_constants(text, relpath)
        return fn

    paths = {"llm.py": tmp_path / "llm.py", "util.py": tmp_path / "util.py"}
    table = LazyConstants({"llm": "llm.py", "util": "util.py"}, paths, {}, constants_for,
                          lambda p: p.read_text())
    assert table["util"].get("ask()") is None
    assert "ask()" not in table["util"]
    assert parsed == []  # util.ask passes no model to the SDK: util.py is not parsed
    assert table["llm"].get("plain()") is None and parsed == []
    assert table["llm"].get("ask()") == "chat.completions.create 1 model 1"
    assert parsed == ["llm.py"]
    assert table["util"]["MODEL"] == "gpt-4o"  # other constants still load the module
    assert parsed == ["llm.py", "util.py"]
    assert table["util"].get("ask()") is None
