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
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelmap.scan.python_ast import keyword
from modelmap.scan.python_scope import DYNAMIC, Env
from modelmap.scan.python_sdk import Client

if TYPE_CHECKING:
    from modelmap.scan.python_emit import Emitter

_Def = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Helper:
    """A function whose parameter becomes a request's model."""

    func: ast.FunctionDef | ast.AsyncFunctionDef
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
        name = helper.func.name
        if id(helper.func) in top and all(b is DYNAMIC for b in bindings.get(name, [])) and \
                sum(isinstance(s, _Def) and s.name == name for s in body) == 1:
            out.setdefault(name, []).append(helper)
    return out


def emit_site(finder: Emitter, call: ast.Call, env: Env, helpers: list[Helper]) -> None:
    """Requests a call of a helper makes with a readable model argument."""
    if not isinstance(call.func, ast.Name) or any(
            call.func.id in f.bindings for f in env.funcs):
        return
    for helper in helpers:
        arg = site_argument(call, helper)
        if arg is None or not finder.res.values(arg, env):
            continue
        finder.emit(call, helper.endpoint, env, helper.client, (arg, env, ""), {}, True,
                    shape=helper.shape, route=helper.route)
