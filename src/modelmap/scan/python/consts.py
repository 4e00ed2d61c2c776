"""First pass over project modules: the string constants each one exports.

The checker calls `module_constants(text, relpath)` for every project `.py` file and stores
the result in `ScanContext.constants[module_name(relpath)]`, so that
`from settings import MODEL` (or `import settings; settings.MODEL`) resolves in the second
pass. Re-exports through a third module are not followed.
"""

from __future__ import annotations

import ast
import re

from modelmap.scan.python.helpers import module_exports
from modelmap.scan.python.regions import split
from modelmap.scan.python.scope import Env, ModuleInfo, module_name
from modelmap.scan.python.sdk import RESOURCES
from modelmap.scan.python.values import Resolver, Value


def module_constants(text: str, relpath: str = "") -> dict[str, str]:
    """String constants a module exports: `NAME`, `Class.attr` (field defaults),
    `instance.attr` (module-level `x = Class()`) and `DICT.key`, each only when it has one
    unambiguous value (an env default counts as its default); and `name()` pseudo-constants
    for functions that pass a parameter to an SDK call as the model (python_helpers)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return {}
    info = ModuleInfo(tree, relpath)
    res = Resolver(info)
    out: dict[str, str] = {}
    env = Env()

    def put(key: str, values: list[Value]) -> None:
        texts = {v.text for v in values}
        if len(texts) == 1:
            out[key] = texts.pop()

    for name in info.bindings:
        node = ast.Name(id=name, ctx=ast.Load())
        put(name, res.values(node, env))
        for obj in res.objects(node, env):
            if obj.kind in ("class", "instance") and obj.cls is not None:
                for attr in {**obj.cls.fields, **info.self_attrs(obj.cls)}:
                    put(f"{name}.{attr}", res.values(
                        ast.Attribute(value=node, attr=attr, ctx=ast.Load()), env))
            elif obj.kind == "dict" and isinstance(obj.node, ast.Dict):
                for key in obj.node.keys:
                    if isinstance(key, ast.Constant) and isinstance(key.value, str):
                        put(f"{name}.{key.value}", res.values(
                            ast.Subscript(value=node, slice=key, ctx=ast.Load()), env))
    if "model" in text:
        out.update(module_exports(tree, res))
    return out


_TOP_DEF = re.compile(r"\n\f*(?:async(?:\s|\\\r?\n)+)?def(?:\s|\\\r?\n)+(\w+)")
_SDK_ATTR = re.compile(rf"\.[\s\\#]*(?:{'|'.join(sorted(RESOURCES))})\b")
"""An SDK resource attribute (`.chat`), also split over lines (in a skeleton)."""
_MODEL_KEYWORD = re.compile(r"\bmodel[\s\\#]*=(?!=)")


def helper_names(text: str) -> frozenset[str] | None:
    """Names `module_constants(text)` may export a `name()` helper entry for, read from
    the text without parsing it: the top-level functions whose own code (strings and
    comments aside) has an SDK resource attribute and a `model=` keyword. None: cannot tell
    (old Mac line breaks), any name may be one."""
    if "model" not in text:
        return frozenset()
    if "\r" in text.replace("\r\n", ""):
        return None
    found = split(text)
    if found is None:  # every top-level function may be one
        return frozenset(_TOP_DEF.findall("\n" + text))
    return frozenset(r.name for r in found if r.kind == "def" and r.name is not None
                     and _SDK_ATTR.search(r.skeleton) and _MODEL_KEYWORD.search(r.skeleton))


__all__ = ["helper_names", "module_constants", "module_name"]
