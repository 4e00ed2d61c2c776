"""Jupyter notebooks end to end: found, scanned (code cells as Python, markdown as docs),
located in the `.ipynb` file, fixed in place, suppressed per cell, and reported in every
format (SARIF validated against the official schema)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

from modelmap.check.fix import apply_fixes
from modelmap.cli import main
from modelmap.findings import Edit, Fix
from modelmap.scan.base import ScanContext
from modelmap.scan.notebook.cells import Cell, read_notebook
from modelmap.scan.notebook.scanner import python_lines, scan_notebook
from test_sarif import sarif_schema  # noqa: F401  (the schema fixture)
from treeutil import write_tree

AS_OF = "2026-11-21"
HEAD = ["from openai import OpenAI\n", "client = OpenAI()"]


def cell(kind: str, source: list[str] | str) -> dict[str, Any]:
    out: dict[str, Any] = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        out.update(execution_count=None, outputs=[])
    return out


def notebook(*cells: dict[str, Any], language: str = "python", ascii_only: bool = False) -> str:
    """A notebook as Jupyter writes it (indent 1; non-ASCII as is unless `ascii_only`)."""
    nb = {"cells": list(cells), "metadata": {"kernelspec": {
        "display_name": "k", "language": language, "name": "k"}},
        "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=ascii_only) + "\n"


DEMO = notebook(
    cell("markdown", ["# Images\n", "\n", "Set the model to `GPT Image 2`.\n"]),
    cell("code", ["%pip install openai\n", *HEAD]),
    cell("code", ["!ls\n", "files = !ls\n",
                  'r = client.images.generate(model="GPT Image 2", prompt="café")\n',
                  'c = client.chat.completions.create(model="gpt-4-32k", messages=[])']),
    cell("code", ["%%bash\n", "echo 'client.chat.completions.create(model=\"gpt-4-32k\")'\n"]),
    cell("code", ["import openai\n",
                  'openai.ChatCompletion.create(engine="gpt-4-32k", messages=[])\n']),
)


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """`modelmap check ROOT ...` run from inside ROOT (paths print relative to the cwd)."""
    root, *rest = argv
    with contextlib.chdir(root):
        code = main(["check", ".", *rest, "--as-of", AS_OF])
    return code, capsys.readouterr().out


def file_line(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of `needle` in the file text, 1-based."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_notebook_findings_point_into_the_file_and_name_the_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path / "r", {"nb/demo.ipynb": DEMO})
    code, out = run(capsys, str(root), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["skipped"] == [] and doc["summary"]["files"] == 1
    got = [(f["rule"], f["line"], f["column"], f["end_column"], f["cell"], f["cell_line"])
           for f in doc["findings"]]
    md = file_line(DEMO, "GPT Image 2`")
    label = file_line(DEMO, 'GPT Image 2\\"')
    shut = file_line(DEMO, 'gpt-4-32k\\", messages')
    v0 = file_line(DEMO, 'openai.ChatCompletion')
    v0_model = file_line(DEMO, 'gpt-4-32k\\", messages=[])\\n')
    assert got == [
        ("MM603", md[0], md[1], md[1] + 11, 1, 3),
        ("MM101", label[0], label[1], label[1] + 11, 3, 3),
        ("MM401", shut[0], shut[1], shut[1] + 9, 3, 4),
        ("MM509", v0[0], v0[1], v0[1] + len('openai.ChatCompletion.create(engine=\\"gpt-4-32k'
                                            '\\", messages=[])'), 5, 2),
        ("MM401", v0_model[0], v0_model[1], v0_model[1] + 9, 5, 2),
    ]
    assert all(f["path"] == "nb/demo.ipynb" for f in doc["findings"])
    assert doc["findings"][1]["message"].startswith("cell 3, line 3: 'GPT Image 2' is a product")
    _, text = run(capsys, str(root), "--format", "concise")
    assert f"nb/demo.ipynb:{label[0]}:{label[1]}: MM101 [error] [*] cell 3, line 3: " in text


def test_fix_rewrites_only_the_string_inside_the_cell_and_is_idempotent(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for ascii_only in (False, True):
        source = DEMO if not ascii_only else notebook(
            *json.loads(DEMO)["cells"], ascii_only=True)
        root = write_tree(tmp_path / f"r{ascii_only}", {"demo.ipynb": source})
        before = (root / "demo.ipynb").read_bytes()
        run(capsys, str(root), "--fix")
        after = (root / "demo.ipynb").read_bytes()
        expected = before.replace(b'model=\\"GPT Image 2\\"', b'model=\\"gpt-image-2\\"'
                                  ).replace(b"`GPT Image 2`", b"`gpt-image-2`")
        assert after == expected != before  # byte-identical elsewhere (escapes, café)
        assert b"caf\\u00e9" in after if ascii_only else "café".encode() in after
        run(capsys, str(root), "--fix")
        assert (root / "demo.ipynb").read_bytes() == after  # idempotent
        assert json.loads(after)["cells"][2]["source"][2].startswith(
            'r = client.images.generate(model="gpt-image-2"')


def test_json_fix_keeps_quotes_and_escapes_and_refuses_spans_across_strings() -> None:
    text = '{"source": ["x = f(\\"GPT Image 2\\")\\n", "y = 1"]}'
    start = text.index('\\"GPT') + 1
    quoted = Fix("safe", "m", (Edit(1, start, 1, start + len('\\"GPT Image 2\\"'),
                                   'gpt-image-2'),))
    got = apply_fixes(text.encode(), [quoted], json_strings=True)
    assert got is not None
    assert got[0].decode() == '{"source": ["x = f(\\"gpt-image-2\\")\\n", "y = 1"]}'
    across = Fix("safe", "m", (Edit(1, start, 1, text.index("y = 1") + 1, "z"),))
    assert apply_fixes(text.encode(), [across], json_strings=True) == (text.encode(), 0)


def test_suppressions_work_inside_cells(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    nb = notebook(
        cell("markdown", ["<!-- modelmap: ignore[MM603] -->\n",
                          "Set the model to `GPT Image 2`.\n"]),
        cell("code", [*HEAD, "\n",
                      'a = client.chat.completions.create(model="gpt-4-32k", messages=[])'
                      "  # noqa: MM401\n",
                      'b = client.chat.completions.create(  # modelmap: ignore[shut-down]\n',
                      '    model="gpt-4-32k", messages=[])\n',
                      'c = client.chat.completions.create(model="gpt-4-32k", messages=[])\n']))
    root = write_tree(tmp_path / "r", {"s.ipynb": nb})
    doc = json.loads(run(capsys, str(root), "--format", "json")[1])
    assert [(f["rule"], f["cell"], f["cell_line"]) for f in doc["findings"]] == [
        ("MM401", 2, 6)]
    whole = notebook(cell("code", ["# modelmap: ignore-file[MM401]\n", *HEAD, "\n",
                                   'c = client.chat.completions.create(model="gpt-4-32k")\n']))
    write_tree(root, {"s.ipynb": whole})
    assert json.loads(run(capsys, str(root), "--format", "json")[1])["findings"] == []


def test_sarif_and_github_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      sarif_schema: dict[str, Any]) -> None:  # noqa: F811
    import jsonschema

    root = write_tree(tmp_path / "r", {"demo.ipynb": DEMO})
    log = json.loads(run(capsys, str(root), "--format", "sarif")[1])
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    label = file_line(DEMO, 'GPT Image 2\\"')
    region = results[1]["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "demo.ipynb"
    assert region["region"] == {"startLine": label[0], "startColumn": label[1],
                                "endLine": label[0], "endColumn": label[1] + 11}
    assert results[1]["message"]["text"].startswith("cell 3, line 3: ")
    gh = run(capsys, str(root), "--format", "github")[1].splitlines()
    assert gh[1].startswith(f"::error file=demo.ipynb,line={label[0]},col={label[1]},"
                            f"endLine={label[0]},endColumn={label[1] + 11},title=MM101 ")
    assert "::cell 3, line 3%3A" not in gh[1] and "::cell 3, line 3: 'GPT Image 2'" in gh[1]


def test_a_broken_cell_is_a_note_and_the_other_cells_are_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODELMAP_STRICT")
    nb = notebook(cell("code", HEAD), cell("code", ["def broken(:\n", "    pass\n"]),
                  cell("code", ['c = client.chat.completions.create(model="gpt-4-32k")\n']))
    root = write_tree(tmp_path / "r", {"b.ipynb": nb, "junk.ipynb": '{"cells": [{"source": "model'})
    doc = json.loads(run(capsys, str(root), "--format", "json")[1])
    assert [(f["rule"], f["cell"]) for f in doc["findings"]] == [("MM401", 3)]
    assert doc["skipped"] == [
        {"path": "b.ipynb", "partial": True, "reason": "syntax error at cell 2, line 1: "
         "invalid syntax (cell 2, lines 1-2 not read, the rest was checked)"},
        {"path": "junk.ipynb", "reason": "not a readable notebook (invalid JSON at line "
                                         "1: Unterminated string starting at)"}]


def test_ipython_syntax_is_neutralised_keeping_lines() -> None:
    lines = python_lines(Cell(1, "code", "%load_ext x\n!pip install y\nout = !ls\n"
                              "a, b = %sx ls\nfor i in x:\n    !echo $i\nhelp?\nprint(1)",
                              ()))
    assert lines == ["pass", "pass", "out = None", "a, b = None", "for i in x:",
                     "    pass", "pass", "print(1)"]
    assert python_lines(Cell(1, "code", "%%writefile a.py\nimport os\n", ())) == ["", ""]
    assert python_lines(Cell(1, "code", "%%time\nx = 1\n", ())) == ["", "x = 1"]


def test_other_kernels_get_markdown_rules_only_and_sources_may_be_one_string() -> None:
    nb = notebook(cell("markdown", "Set the model to `GPT Image 2` here.\nSecond line.\n"),
                  cell("code", 'client.chat.completions.create(model="gpt-4-32k")\n'),
                  language="R")
    got = scan_notebook("a.ipynb", nb, ScanContext(root="", strict=True))
    assert got.calls == ()
    assert [f.rule for f in got.findings] == ["MM603"]
    loc = got.findings[0].location
    assert loc is not None and (loc.line, loc.column) == file_line(nb, "GPT Image 2")
    book = read_notebook(notebook(cell("code", 'x = "\\u00e9\\ud83d\\ude00\\t"\n')))
    assert book.cells[0].text == 'x = "\\u00e9\\ud83d\\ude00\\t"\n'
    raw = read_notebook(notebook(cell("code", 'x = "é😀\t"\n'), ascii_only=True))
    assert raw.cells[0].text == 'x = "é😀\t"\n' and len(raw.cells[0].offsets) == 11


def test_a_cell_uses_a_project_constant_and_the_cache_follows_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = notebook(cell("code", ["from settings import MODEL\n", *HEAD, "\n",
                                "r = client.chat.completions.create(model=MODEL, messages=[])"
                                ]))
    root = write_tree(tmp_path / "r", {"nb.ipynb": nb, "settings.py": 'MODEL = "gpt-4-32k"\n'})
    doc = json.loads(run(capsys, str(root), "--format", "json")[1])
    assert [(f["path"], f["rule"], f["cell"]) for f in doc["findings"]] == [
        ("nb.ipynb", "MM401", 1)]
    (root / "settings.py").write_text('MODEL = "gpt-5.5"\n', encoding="utf-8")
    doc = json.loads(run(capsys, str(root), "--format", "json")[1])  # cached run
    assert doc["findings"] == []


# --- real notebooks: nbformat's own test notebooks (v3 and v4, outputs, attachments) --------
# The sdist is downloaded once with `pip download --no-deps --no-binary :all:` into
# $MODELMAP_TEST_CACHE (default ~/.cache/modelmap-tests) and checked against its sha256.
NBFORMAT = "nbformat==5.10.4"
NBFORMAT_SHA256 = "322168b14f937a5d11362988ecac2a4952d3d8e3a2cbeb2319584631226d5b3a"


@pytest.fixture(scope="session")
def real_notebooks() -> dict[str, str]:
    """name -> text of every .ipynb in the nbformat sdist."""
    import hashlib
    import os
    import subprocess
    import sys
    import tarfile

    root = os.environ.get("MODELMAP_TEST_CACHE")
    cache = (Path(root) if root else Path.home() / ".cache" / "modelmap-tests") / "sdists"
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob("nbformat-5.10.4.tar.gz"))
    if not found:
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "--disable-pip-version-check", "-q", "-d", str(cache), NBFORMAT],
            capture_output=True, text=True, check=False)
        found = sorted(cache.glob("nbformat-5.10.4.tar.gz"))
        if proc.returncode != 0 or not found:
            pytest.fail(f"could not download {NBFORMAT}: {proc.stderr.strip()[-400:]}")
    data = found[0].read_bytes()
    assert hashlib.sha256(data).hexdigest() == NBFORMAT_SHA256
    out = {}
    with tarfile.open(found[0]) as tar:
        for member in tar.getmembers():
            if member.name.endswith(".ipynb"):
                handle = tar.extractfile(member)
                assert handle is not None
                out[member.name.rsplit("/", 1)[-1]] = handle.read().decode("utf-8")
    assert len(out) >= 15
    return out


def test_real_notebooks_are_read(real_notebooks: dict[str, str]) -> None:
    for name, text in real_notebooks.items():
        book = read_notebook(text)
        got = scan_notebook(name, text, ScanContext(root="", strict=True))
        assert got.skip is None and got.notes == (), name
        if name in ("test3.ipynb", "test4.ipynb"):
            kinds = [c.kind for c in book.cells]
            assert kinds.count("code") >= 3 and kinds.count("markdown") >= 3, name
            assert book.cells[0].text.startswith("# nbconvert latex test")


def test_real_notebooks_report_and_fix_an_edited_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        real_notebooks: dict[str, str]) -> None:
    old = '"print(\\"hello\\")"'
    new = '"r = client.images.generate(model=\\"GPT Image 2\\", prompt=\\"x\\")"'
    files = {}
    for name in ("test3.ipynb", "test4.ipynb", "test4plus.ipynb"):
        assert real_notebooks[name].count(old) == 1, name
        files[name] = real_notebooks[name].replace(old, new)
    root = write_tree(tmp_path / "r", files)
    doc = json.loads(run(capsys, str(root), "--format", "json")[1])
    got = [(f["path"], f["rule"], f["line"], f["column"], f["cell_line"])
           for f in doc["findings"]]
    assert got == [(name, "MM101", *file_line(text, "GPT Image 2"), 1)
                   for name, text in files.items()]
    assert doc["skipped"] == []
    run(capsys, str(root), "--fix")
    for name, text in files.items():
        after = (root / name).read_text(encoding="utf-8")
        assert after == text.replace("GPT Image 2", "gpt-image-2")
    assert json.loads(run(capsys, str(root), "--format", "json")[1])["findings"] == []


def test_code_cells_that_cannot_be_read_at_all_are_a_note() -> None:
    nb = notebook(cell("markdown", ["Set the model to `GPT Image 2`.\n"]),
                  cell("code", ["client.chat.completions.create(model=\n"]))
    got = scan_notebook("a.ipynb", nb, ScanContext(root=""))
    assert [f.rule for f in got.findings] == ["MM603"]
    (note,) = got.notes
    assert note.startswith("syntax error at cell 2, line 1: ")
    assert note.endswith("(no code cell was checked)")
