"""Which project files a file may take constants from: imports read with regular expressions.

The checker needs other files' module constants only for files it scans, and only for the
modules those files import (transitively, for re-exports). Reading imports with a regex
instead of a parser keeps the first pass cheap; it over-approximates (an import in a comment
or a string counts too), which only costs a little work, never a missed constant.

Keys match what the scanners look up in `ScanContext.constants`: dotted module names for
Python (`app.settings`; also without a leading `src.`, and with the package path above the
checked directory when that directory is itself a package), relative paths with extension for
JS/TS (`src/config.ts`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from modelmap.fsread import stat_input

PY_SUFFIXES = (".py", ".pyi")
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")

_PY_FROM = re.compile(
    r"^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)", re.MULTILINE)
_PY_IMPORT = re.compile(r"^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)", re.MULTILINE)
_JS_FROM = re.compile(
    r"""(?:from|import|require[ \t]*\(|import[ \t]*\()[ \t]*['"]([^'"\n]+)['"]""")
"""`\b(?:from|import|...)...` without its `\b`, which `_js_specs` checks by hand: a pattern
that starts with `\b` makes `re` try the whole pattern at every position (3x slower)."""
_WORD = re.compile(r"\w")
_NAME = re.compile(r"[A-Za-z_]\w*")


def module_names(rel: str, package_prefix: str = "") -> list[str]:
    """The dotted names a Python file at `rel` may be imported as (empty for non-Python)."""
    if not rel.endswith(PY_SUFFIXES):
        return []
    parts = rel.rsplit(".", 1)[0].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts:
        return [package_prefix] if package_prefix else []
    names = [".".join(parts)]
    if parts[0] == "src" and len(parts) > 1:
        names.append(".".join(parts[1:]))
    if package_prefix:
        names.append(package_prefix + "." + ".".join(parts))
    return names


def package_prefix(root: Path) -> str:
    """The dotted package path of `root` when it sits inside a package (`__init__.py`s)."""
    parts: list[str] = []
    directory = root
    while directory.parent != directory:
        stat_input(directory / "__init__.py")
        if not (directory / "__init__.py").is_file():
            break
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts)


def imports_of(rel: str, text: str) -> list[str]:
    """Keys of the modules or files `rel` imports (unresolved candidates)."""
    if rel.endswith(PY_SUFFIXES):
        return _python_imports(rel, text)
    if rel.endswith(JS_SUFFIXES):
        return _js_imports(rel, text)
    if rel.endswith(".ipynb"):  # code cells' source lines, one JSON string per line
        return _python_imports(rel, _JSON_LINE_START.sub("", text))
    return []


_JSON_LINE_START = re.compile(r'(?m)^[ \t]*"')


def _python_imports(rel: str, text: str) -> list[str]:
    # The package relative imports start from (for `pkg/__init__.py` that is `pkg` too).
    package = rel.rsplit("/", 1)[0].replace("/", ".") if "/" in rel else ""
    out: list[str] = []
    starts = _import_lines(text)
    for match in _line_matches(_PY_FROM, text, starts):
        module, names = match.group(1), match.group(2)
        base = _absolute(module, package)
        if base is None:
            continue
        if base:
            out.append(base)
        for name in _NAME.findall(names.replace(" as ", " ")):
            if name != "import":
                out.append(f"{base}.{name}" if base else name)
    for match in _line_matches(_PY_IMPORT, text, starts):
        for name in match.group(1).split(","):
            dotted = name.strip()
            pieces = dotted.split(".")
            out.extend(".".join(pieces[: i + 1]) for i in range(len(pieces)))
    return out


def _import_lines(text: str) -> list[int]:
    """Where the lines that contain `import` start (found once for both patterns)."""
    starts = []
    pos = 0
    while (i := text.find("import", pos)) >= 0:
        starts.append(text.rfind("\n", 0, i) + 1)
        end = text.find("\n", i)
        if end < 0:
            break
        pos = end + 1
    return starts


def _line_matches(pattern: re.Pattern[str], text: str,
                  starts: list[int]) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a `(?m)^...import...` pattern, tried only at the starts of
    lines that contain `import` (`_import_lines`: every match has it on its first line; 3x
    faster than letting `re` try `^` at every position). Like finditer, a match starting
    inside the previous one (a parenthesised name list) is not looked for."""
    last = 0
    for start in starts:
        if start >= last and (match := pattern.match(text, start)) is not None:
            last = match.end()
            yield match


def _absolute(module: str, package: str) -> str | None:
    dots = len(module) - len(module.lstrip("."))
    tail = module[dots:]
    if dots == 0:
        return tail
    parts = package.split(".") if package else []
    if dots - 1 > len(parts):
        return None
    base = parts[: len(parts) - (dots - 1)]
    return ".".join([*base, tail] if tail else base)


def _js_imports(rel: str, text: str) -> list[str]:
    here = posixpath.dirname(rel)
    out: list[str] = []
    for spec in _js_specs(text):
        if not spec.startswith("."):
            continue
        target = posixpath.normpath(posixpath.join(here, spec))
        out.append(target)
        out.extend(target + ext for ext in JS_SUFFIXES)
        out.extend(f"{target}/index{ext}" for ext in JS_SUFFIXES)
        stem, dot, ext = target.rpartition(".")
        if dot and "." + ext in (".js", ".mjs", ".cjs", ".jsx"):
            out.extend(stem + e for e in (".ts", ".tsx", ".mts", ".cts"))
    return out


def _js_specs(text: str) -> Iterator[str]:
    """The specifiers `\\b` + `_JS_FROM` finds, as `finditer` would: a match without the word
    boundary is looked for again one character later (it may hide a match inside it).

    Every match starts at one of the words `from`, `import`, `require`: the pattern is tried
    only there, in order (`str.find` locates them 5x faster than `re` searching for the
    alternation from every position)."""
    pos = 0
    for start in sorted(at for word in _JS_WORDS for at in _finds(text, word)):
        if start < pos:
            continue  # inside the last match (finditer goes on from its end)
        match = _JS_FROM.match(text, start)
        if match is None or (start and _WORD.match(text, start - 1)):
            continue
        pos = match.end()
        yield match.group(1)


_JS_WORDS = ("from", "import", "require")


def _finds(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def index(rels: Iterable[str], prefix: str = "") -> dict[str, list[str]]:
    """Import key -> candidate files (relative paths) for the project's Python and JS/TS files.

    Every dotted suffix of a module name is a key too (`app.settings` and `settings` for
    `src/app/settings.py`), as the Python scanner's lookup accepts a unique suffix; several
    candidates for one key are all kept (over-approximating is safe)."""
    out: dict[str, list[str]] = {}
    for rel in sorted(rels):
        if rel.endswith(JS_SUFFIXES):
            out.setdefault(rel, []).append(rel)
        keys: set[str] = set()
        for name in module_names(rel, prefix):
            parts = name.split(".")
            keys.update(".".join(parts[i:]) for i in range(len(parts)))
        for key in keys:
            out.setdefault(key, []).append(rel)
    return out


def context_keys(rel: str, prefix: str = "") -> list[str]:
    """The keys under which a file's constants go into ScanContext.constants."""
    if rel.endswith(JS_SUFFIXES):
        return [rel]
    names = module_names(rel, prefix)
    return [n for n in (names[0], names[-1] if prefix else None) if n] if names else []
