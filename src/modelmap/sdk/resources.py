"""Dated shutdowns the SDK announces on resource methods rather than in type docstrings.

`openai/resources/videos.py` marks `client.videos.create(...)` with
`@typing_extensions.deprecated("The Sora API is scheduled to permanently shut down on
September 24, 2026.")`. When such a message carries a date and the method takes a `model`
parameter typed with one of the catalog's Literal aliases (`VideoModelParam` -> VideoModel),
every ID of that Literal gets the date. Messages without a date ("deprecated") say nothing
about models and are ignored.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from modelmap.sdk.docnotes import DocNote, classify
from modelmap.sdk.slots import literal_members


@dataclass(frozen=True)
class MethodNote:
    """A dated deprecation on one resource method, tied to a canonical Literal."""

    key: str
    note: DocNote
    path: str
    symbol: str
    """`Class.method`."""


def _deprecation(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    for deco in node.decorator_list:
        if not isinstance(deco, ast.Call) or not deco.args:
            continue
        func = deco.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        arg = deco.args[0]
        if name == "deprecated" and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return " ".join(arg.value.split())
    return None


def _model_refs(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    params = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
    for param in params:
        if param.arg == "model" and param.annotation is not None:
            return literal_members(param.annotation)[1]
    return []


def method_notes(path: str, tree: ast.Module, aliases: Mapping[str, str],
                 ids: Mapping[str, list[str]]) -> Iterator[MethodNote]:
    """Dated deprecations in one resource file. `aliases`: alias name -> canonical key."""
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for fn in cls.body:
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            message = _deprecation(fn)
            found = classify(message) if message else None
            if message is None or found is None or found[1] is None:
                continue
            for ref in _model_refs(fn):
                key = aliases.get(ref) or aliases.get(ref.removesuffix("Param"))
                if key is not None and ids.get(key):
                    note = DocNote(tuple(ids[key]), found[0], found[1], found[2], message,
                                   fn.lineno)
                    yield MethodNote(key, note, path, f"{cls.name}.{fn.name}")
