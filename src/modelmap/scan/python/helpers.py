"""A project's own helper that receives the model as an argument and passes it to the SDK.

    def ask(prompt, model="gpt-4o"):
        return client.chat.completions.create(model=model, messages=[...])

    ask("hi", "gpt-image-2")        # positional
    ask("hi", model="dall-e-3")     # keyword

When a recognised request's model is a parameter of the module-level function around it, the
function is a helper; every call of it in the same module that passes that argument is a
request too, with the helper's endpoint and client, and the finding goes on the argument
written at the call site (the parameter's default stays reported where it is written). The
call site's other parameters are not known (`unknown_params`). Helpers are matched by name
only where the name is the module-level `def` (not rebound, not shadowed by a local); methods,
`*args` before the model and helpers of helpers are not followed.

A helper imported from another project module (`from app.llm import ask`) works the same way
for SDK calls on an OpenAI client: the defining module exports it among its module constants
as a `ask()` pseudo-constant (modelmap.scan.python.consts), which the checker hands to every
module importing it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelmap.scan.python.astutil import keyword
from modelmap.scan.python.scope import DYNAMIC, Env, ModuleInfo
from modelmap.scan.python.sdk import Client, client_of, default_provider, sdk_call
from modelmap.scan.python.values import Resolver

_Def = ast.FunctionDef | ast.AsyncFunctionDef
CALLEE = re.compile(r"(\w+)[ \t]*\(")


@dataclass(frozen=True)
class Helper:
    """A function whose parameter becomes a request's model."""

    func: ast.FunctionDef | ast.AsyncFunctionDef | None
    """The def in this module (None: a helper imported from another project module)."""
    param: str
    index: int | None
    """Position of the parameter (None: keyword-only)."""
    keyword: bool
    """Whether it may be passed by keyword (not positional-only)."""
    endpoint: str
    client: Client
    shape: str
    route: Any


def note(found: dict[tuple[int, str], Helper], model: tuple[ast.expr, Env, str], endpoint: str,
         client: Client, shape: str, route: Any) -> None:
    """Record the helper a request's model expression makes, if it is a parameter."""
    expr, env, label = model
    if label or not isinstance(expr, ast.Name) or env.cls is not None:
        return
    for func in reversed(env.funcs):
        bound = func.bindings.get(expr.id)
        if bound is None:
            continue
        node = func.node
        if not isinstance(node, _Def) or [b.kind for b in bound] != ["param"]:
            return  # not a parameter, or one the function rebinds: the argument may not reach
        args = node.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        kwonly = [a.arg for a in args.kwonlyargs]
        index = positional.index(expr.id) if expr.id in positional else None
        by_keyword = expr.id in kwonly or (
            index is not None and index >= len(args.posonlyargs))
        found.setdefault((id(node), expr.id), Helper(
            node, expr.id, index, by_keyword, endpoint, client, shape, route))
        return


def site_argument(call: ast.Call, helper: Helper) -> ast.expr | None:
    """The expression a call of the helper passes for the model parameter, if written."""
    if helper.index is not None and len(call.args) > helper.index and not any(
            isinstance(a, ast.Starred) for a in call.args[: helper.index + 1]):
        return call.args[helper.index]
    return keyword(call, helper.param) if helper.keyword else None


def module_helpers(found: dict[tuple[int, str], Helper], body: list[ast.stmt],
                   bindings: dict[str, list[Any]]) -> dict[str, list[Helper]]:
    """Helpers defined at module level under a name nothing else binds, by name."""
    top = {id(s) for s in body if isinstance(s, _Def)}
    out: dict[str, list[Helper]] = {}
    for helper in found.values():
        if helper.func is None:
            continue
        name = helper.func.name
        if id(helper.func) in top and all(b is DYNAMIC for b in bindings.get(name, [])) and \
                sum(isinstance(s, _Def) and s.name == name for s in body) == 1:
            out.setdefault(name, []).append(helper)
    return out


# -- across modules: `from app.llm import ask` ------------------------------------------------
# A module exports each helper as a pseudo-constant `<name>()` in its module constants (see
# modelmap.scan.python.consts): "<endpoint> <position or -1> <parameter> <1 if by keyword>".
# Only SDK calls on a client that is OpenAI's as far as the module shows are exported.


def exported(found: dict[tuple[int, str], Helper], body: list[ast.stmt]) -> dict[str, str]:
    """Pseudo-constants for the module-level helpers of one module."""
    out: dict[str, str] = {}
    top = {id(s) for s in body if isinstance(s, _Def)}
    for helper in found.values():
        func = helper.func
        if func is None or id(func) not in top or helper.route is not None or \
                helper.client.provider is not None or helper.client.base_url is not None or \
                helper.shape != "v1":
            continue
        index = -1 if helper.index is None else helper.index
        out[f"{func.name}()"] = (f"{helper.endpoint} {index} {helper.param} "
                                 f"{int(helper.keyword)}")
    return out


def imported(name: str, entry: str) -> Helper | None:
    """The Helper an exported pseudo-constant describes."""
    parts = entry.split(" ")
    if len(parts) != 4 or not parts[1].lstrip("-").isdigit():
        return None
    endpoint, index, param, by_keyword = parts
    return Helper(None, param, None if index == "-1" else int(index), by_keyword == "1",
                  endpoint, Client(None, None), "v1", None)


def module_exports(tree: ast.Module, res: Resolver) -> dict[str, str]:
    """The helpers a module defines, as pseudo-constants (SDK calls with `model=<param>`)."""
    found: dict[tuple[int, str], Helper] = {}
    for stmt in tree.body:
        if not isinstance(stmt, _Def):
            continue
        env = Env((res.info.func(stmt, Env()),))
        todo: list[ast.AST] = list(stmt.body)
        while todo:
            node = todo.pop()
            if isinstance(node, _Def | ast.Lambda | ast.ClassDef):
                continue
            todo.extend(ast.iter_child_nodes(node))
            if not isinstance(node, ast.Call):
                continue
            sdk = sdk_call(node.func)
            model = keyword(node, "model") if sdk is not None else None
            if sdk is None or model is None:
                continue
            client = client_of(res, sdk.receiver, env) or Client(None, default_provider(res))
            note(found, (model, env, ""), sdk.endpoint, client, "v1", None)
    return exported(found, tree.body)


def from_imports(info: ModuleInfo, constants: Mapping[str, Mapping[str, str]],
                 text: str, literal: re.Pattern[str]) -> dict[str, list[Helper]]:
    """Helpers this module imports by name from project modules and calls with a literal
    that `literal` matches on the same line (only those modules' constants are looked up,
    by exact key: every dotted suffix of a project module is a key)."""
    out: dict[str, list[Helper]] = {}
    if not constants:
        return out
    # Only names imported from a module that exports a helper of that name can be helpers:
    # most modules have none, and then the text need not be searched at all.
    entries: dict[str, str] = {}
    for local, (module, attr) in info.imports.items():
        consts = constants.get(module) if attr is not None else None
        entry = consts.get(attr + "()") if consts is not None and attr is not None else None
        if entry and not any(b.kind != "import" for b in info.bindings.get(local, [])):
            entries[local] = entry
    if not entries:
        return out
    called: set[str] = set()
    for m in literal.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        called.update(CALLEE.findall(text, start, m.start() + 1))
    for local, entry in entries.items():
        if local not in called:
            continue
        helper = imported(local, entry)
        if helper is not None:
            out[local] = [helper]
    return out
