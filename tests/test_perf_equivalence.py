"""Speed-ups from the check benchmark (bench/) give the same answers as the slow paths.

- `resolve.label_for` == the label `resolve` returns (kind "label"), else None;
- `docs_blocks._TopIndex.around` == the linear `_around` on real markdown-it token streams;
- discover's by-name shortcut for plain-name exclude patterns == full pathspec matching.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.check import discover as disc
from modelmap.resolve import label_for, resolve
from modelmap.scan.docs import blocks as docs_blocks

CATALOG = default_catalog()


def _names() -> list[str]:
    names = {"", "   ", "gpt", "GPT 5.5", "gpt-5.5-turbo", "Claude 3", "o3 mini", "4o"}
    for key, label in sorted(CATALOG.labels.items())[:40]:
        names.update({key, label.name, label.name.upper(), f"openai/{label.name}",
                      f"azure/{key}", *label.variants})
    for model in sorted(CATALOG.models)[:60]:
        names.update({model, model.upper(), f"openai/{model}", f"{model}-x",
                      model.replace("-", " ")})
    return sorted(names)


@pytest.mark.parametrize("name", _names())
def test_label_for_matches_resolve(name: str) -> None:
    try:
        res = resolve(CATALOG, name)
        expected = res.label if res.kind == "label" else None
    except Exception:
        expected = None
    assert label_for(CATALOG, name) == expected


def test_label_for_finds_labels() -> None:
    # not vacuous: the names above include labels and non-labels
    found = [n for n in _names() if label_for(CATALOG, n) is not None]
    assert "GPT-5.5 Instant" in found
    assert "gpt-5.5" not in found


_DOCS = [
    "# T\n\nintro\n\n- a\n- b `gpt-4o`\n\nafter\n\n| h | i |\n|---|---|\n| x | y |\n\ntail\n",
    "> quote\n> more\n\npara\n\n1. one\n2. two\n\n   nested para\n\n3. three\n",
    "para\n- item\nlazy\n\n- item2\n\n    code\n\n| a |\n|---|\n| 1 |\n| 2 |\n\nend\n",
]


def _random_doc(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 25)):
        kind = rng.choice(["para", "list", "olist", "table", "quote", "fence", "heading"])
        n = rng.randint(1, 4)
        if kind == "para":
            parts.append("\n".join(f"text {i} gpt-4o" for i in range(n)))
        elif kind == "list":
            parts.append("\n".join(f"- item {i}" + ("\n\n  more" if rng.random() < .3 else "")
                                   for i in range(n)))
        elif kind == "olist":
            parts.append("\n".join(f"{i + 1}. step {i}" for i in range(n)))
        elif kind == "table":
            parts.append("| a | b |\n|---|---|\n" + "\n".join(f"| {i} | x |" for i in range(n)))
        elif kind == "quote":
            parts.append("\n".join(f"> q {i}" for i in range(n)))
        elif kind == "fence":
            parts.append("```py\nx = 1\n```")
        else:
            parts.append("## head")
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_top_index_matches_linear_around(seed: int) -> None:
    from markdown_it import MarkdownIt

    text = _DOCS[seed] if seed < len(_DOCS) else _random_doc(random.Random(seed))
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    top = [(t.map[0] + 1, t.map[1], t.type) for t in tokens
           if t.level == 0 and t.map is not None and t.nesting >= 0]
    index = docs_blocks._TopIndex(top)
    last = text.count("\n") + 2
    assert [index.around(n) for n in range(0, last)] == [
        docs_blocks._around(top, n) for n in range(0, last)]


def test_top_index_sees_containers() -> None:
    # not vacuous: the first document has a list with paragraphs around it
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(_DOCS[0])
    top = [(t.map[0] + 1, t.map[1], t.type) for t in tokens
           if t.level == 0 and t.map is not None and t.nesting >= 0]
    assert docs_blocks._TopIndex(top).around(5) == ((3, 3), (8, 8))


_ENTRY_NAMES = ["node_modules", ".venv", "venv", "src", "a", "b", "__pycache__", ".git",
                "x.py", "y.js", ".env", "site-packages", "build"]


def _tree(root: Path, rng: random.Random, depth: int = 0) -> None:
    for _ in range(rng.randint(1, 5)):
        path = root / rng.choice(_ENTRY_NAMES)
        if path.exists():
            continue
        if depth < 4 and rng.random() < 0.5:
            path.mkdir()
            _tree(path, rng, depth + 1)
        else:
            path.write_text("x")


@pytest.mark.parametrize("seed", range(60))
def test_discover_name_shortcut_matches_pathspec(
        seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    root = tmp_path / "proj"
    root.mkdir()
    _tree(root, rng)
    if rng.random() < 0.3:
        (root / ".gitignore").write_text("a/\n!b\nnode_modules\n")
    exclude = disc.DEFAULT_EXCLUDE if rng.random() < 0.7 else ("a", "b/", "x.py", "venv")
    entries = sorted(root.rglob("*"))
    starts = rng.sample(entries, min(2, len(entries))) if rng.random() < 0.5 else [root]
    filters = disc.Filters(base=root, exclude=exclude)

    def rel(p: str) -> str:
        return Path(p).relative_to(root).as_posix() if Path(p) != root else "."

    fast = disc.discover(starts, filters, rel=rel)
    monkeypatch.setattr(disc._Spec, "names", property(lambda self: None))
    slow = disc.discover(starts, filters, rel=rel)
    assert fast == slow


def test_discover_shortcut_applies_to_default_excludes() -> None:
    names = disc._compile(disc.DEFAULT_EXCLUDE, Path("/p")).names
    assert names is not None and "node_modules" in names[0]
    assert disc._compile(("*.pyc", "a/b"), Path("/p")).names is None


@pytest.mark.parametrize("seed", range(20))
def test_block_tokens_same_without_inline_rule(seed: int) -> None:
    # parse_markdown disables markdown-it's inline rule: the block tokens it reads must not
    # change (only their children, which it never reads, go)
    from markdown_it import MarkdownIt

    text = _DOCS[seed] if seed < len(_DOCS) else _random_doc(random.Random(seed))
    text = "## Head *em* [link](u)\n\n" + text.replace("text 1", "text `x` **b** <i>h</i>")

    def view(md: MarkdownIt) -> list[tuple[object, ...]]:
        return [(t.type, t.map, t.content, t.level, t.nesting, t.info, t.tag)
                for t in md.parse(text)]

    full = view(MarkdownIt("commonmark").enable("table"))
    assert view(MarkdownIt("commonmark").enable("table").disable("inline")) == full
    assert any(kind == "inline" for kind, *_ in full)


_READ_NAMES = ["a.py", "A.PY", "x.pyi", "m.js", "m.min.js", "t.d.ts", "c.TSX", "r.md", "r.MDX",
               "doc.rst", "x.markdown", "cfg.yaml", "c.yml", "p.json", "p.jsonc", "c.toml",
               ".env", ".env.local", ".envrc", "prod.env", "env", ".environment", "x.txt",
               "Makefile", ".py", ".gitignore", "package-lock.json", "pnpm-lock.yaml",
               "uv.lock", "poetry.lock", "Cargo.lock", "x.lock", "a.b.c.ts", "noext",
               "weird.PY~", "dir\\win.py"]


@pytest.mark.parametrize("name", _READ_NAMES)
@pytest.mark.parametrize("folder", ["", "src/", "/abs/path/.codex/"])
def test_registry_reads_matches_scanner_for(name: str, folder: str) -> None:
    from modelmap.scan import registry

    path = folder + name
    assert registry.reads(path) == (registry.scanner_for(path) is not None)


@pytest.mark.parametrize("lines", [
    ("node_modules", "venv/", "# comment", ""),
    (" lead",), ("trail ",), ("\\#hash",), ("!neg",), ("a/b",), ("*.py",), ("x/", "y"),
    ("dist", "build/", "!dist/keep"), ("[ab]",), ("a?",), ("/root",), ("tab\there",),
])
def test_plain_name_shortcut_agrees_with_pathspec(lines: tuple[str, ...]) -> None:
    """Where the raw-line reading says "plain names", pathspec matches exactly by name."""
    spec = disc._compile(lines, Path("/p"))
    names = spec.names
    if names is None:
        return  # pathspec decides: nothing to compare
    for path in ["node_modules", "venv", "a", "x", "y", "dist", "build", "src/x", "x/y",
                 "deep/y/z", "lead", "keep"]:
        parents = path.split("/")[:-1]
        if any(p in names[0] or p in names[1] for p in parents):
            continue  # the walk pruned the parent; it never asks about this path
        for is_dir in (False, True):
            base = path.rsplit("/", 1)[-1]
            by_name = base in names[0] or (is_dir and base in names[1])
            by_spec = bool(spec.spec.check_file(path + "/" if is_dir else path).include)
            assert by_name == by_spec, (lines, path, is_dir)
