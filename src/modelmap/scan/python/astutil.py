"""Small helpers over Python `ast` nodes shared by the Python scanner modules."""

from __future__ import annotations

import ast
import bisect
from collections.abc import Iterator, Mapping
from typing import Any

FIELD_CALLS = frozenset({"Field", "field", "Setting", "ib"})
"""Field declarations whose `default=` (or, for pydantic's Field, first argument) is the
default value of a class attribute."""
MISSING: Any = object()
"""No literal value (see `literal`)."""


def module_name(relpath: str) -> str:
    """Dotted module name for a project-relative path: `src/app/settings.py` ->
    `src.app.settings`, `app/__init__.py` -> `app` (the key of ScanContext.constants)."""
    path = relpath.replace("\\", "/")
    for suffix in (".pyi", ".py"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if path.endswith("/__init__") or path == "__init__":
        path = path[: -len("__init__")].rstrip("/")
    return path.strip("/").replace("/", ".")


def lookup_module(constants: Mapping[str, Mapping[str, str]],
                  name: str) -> Mapping[str, str] | None:
    """Constants of module `name`: exact key, else the one key ending in `.name` (src layouts)."""
    if not name:
        return None
    found = constants.get(name)
    if found is not None:
        return found
    index = getattr(constants, "keys_ending", None)  # check.constants.LazyConstants
    if index is not None:
        keys = index(name)
        return constants[keys[0]] if len(keys) == 1 else None
    tail = "." + name
    hits = [v for k, v in constants.items() if k.endswith(tail)]
    return hits[0] if len(hits) == 1 else None


def dotted(expr: ast.expr) -> str | None:
    """`a.b.c` -> 'a.b.c' for Name/Attribute chains, else None."""
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try,
             ast.TryStar, ast.Match, *_DEFS)


def statements(body: list[ast.stmt], nested: bool = False) -> Iterator[ast.stmt]:
    """Every statement in `body` and the blocks of its compound statements; with `nested`,
    also inside function and class bodies (without it, defs and classes are yielded but not
    entered). Order: depth-first, in source order."""
    todo = list(reversed(body))
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, _COMPOUND) and (nested or not isinstance(node, _DEFS)):
            todo += reversed(_blocks(node))


def statements_on(body: list[ast.stmt], lines: list[int]) -> Iterator[ast.stmt]:
    """The statements (at any depth, defs and classes included) whose span holds one of the
    sorted `lines`: a walk that only enters blocks containing such a line."""
    todo = list(reversed(body))
    while todo:
        node = todo.pop()
        end = node.end_lineno or node.lineno
        i = bisect.bisect_left(lines, node.lineno)
        if i == len(lines) or lines[i] > end:
            continue
        yield node
        if isinstance(node, _COMPOUND):
            todo += reversed(_blocks(node))


def _blocks(node: ast.stmt) -> list[ast.stmt]:
    """The statements directly inside a compound statement's blocks, in source order."""
    out: list[ast.stmt] = []
    if not isinstance(node, ast.Match):
        out += node.body  # type: ignore[attr-defined]
    if isinstance(node, ast.If | ast.For | ast.AsyncFor | ast.While | ast.Try | ast.TryStar):
        out += node.orelse
    if isinstance(node, ast.Try | ast.TryStar):
        for h in node.handlers:
            out += h.body
        out += node.finalbody
    if isinstance(node, ast.Match):
        for c in node.cases:
            out += c.body
    return out


def statement_at(body: list[ast.stmt], line: int) -> tuple[int, int]:
    """(first, last) line of the innermost simple statement containing `line`."""
    while True:
        for stmt in body:
            end = stmt.end_lineno or stmt.lineno
            if stmt.lineno <= line <= end:
                break
        else:
            return line, line
        blocks = [b for name in ("body", "orelse", "finalbody")
                  if isinstance(b := getattr(stmt, name, None), list)]
        blocks += [h.body for h in getattr(stmt, "handlers", ())]
        blocks += [c.body for c in getattr(stmt, "cases", ())]
        if not blocks:
            return stmt.lineno, end
        body = [s for block in blocks for s in block]


def item(node: ast.expr, key: str | int) -> ast.expr | None:
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=True):
            if isinstance(k, ast.Constant) and k.value == key:
                return v
    elif (isinstance(node, ast.List | ast.Tuple) and isinstance(key, int)
          and -len(node.elts) <= key < len(node.elts)):
        return node.elts[key]
    return None


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def field_default(expr: ast.expr) -> ast.expr | None:
    """`Field(default="x")`, `Field("x")`, `field(default="x")` -> the default; else expr."""
    if isinstance(expr, ast.Call):
        last = (dotted(expr.func) or "").rsplit(".", 1)[-1]
        if last in FIELD_CALLS:
            default = keyword(expr, "default")
            if default is None and last == "Field" and expr.args:
                default = expr.args[0]
            if isinstance(default, ast.Constant) and default.value is ...:
                return None
            return default
    return expr


def module_refs(module: str, prefix: str, key: str) -> list[tuple[str, str]]:
    """Where `<module>[.prefix].key` may live: (dotted module, constant name) pairs, from the
    longest module path down (`app` + `settings.cfg` + `model` tries `app.settings.cfg`
    /`model`, then `app.settings`/`cfg.model`, then `app`/`settings.cfg.model`)."""
    parts = prefix.split(".") if prefix else []
    return [(".".join([module, *parts[:k]]), ".".join([*parts[k:], key]))
            for k in range(len(parts), -1, -1)]


def literal(expr: ast.expr) -> Any:
    """`ast.literal_eval` of an expression, or MISSING when it is not a literal."""
    try:
        return ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return MISSING
