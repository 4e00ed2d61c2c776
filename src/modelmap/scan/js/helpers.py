"""A JS/TS function of the project that receives the model as a positional argument and
passes it to a recognised request (the JS twin of modelmap.scan.python.helpers):

    async function ask(prompt: string, model: string) {
      return client.chat.completions.create({ model, messages: [...] });
    }
    await ask("hi", "gpt-4.1");

When a request's model is a plain parameter (not destructured, not reassigned) of a function
declared with a name (`function ask`, `const ask = (...) => ...`), every call `ask(...)` in the
same file that passes a readable value at that position is a request too, with the helper's
endpoint and route; the finding goes on that value. Object parameters (`ask({ model })`),
methods, helpers imported from other files and helpers of helpers are not followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from modelmap.scan.js.values import Bindings, Node, parameter_names, scopes, text_of, unwrap

_SIMPLE = ("identifier", "required_parameter", "optional_parameter", "assignment_pattern")


@dataclass(frozen=True)
class JsHelper:
    """A function whose positional parameter becomes a request's model."""

    index: int
    endpoint: str
    route: Any
    """The js_build.Route of the request inside the helper."""


def note(helpers: dict[str, JsHelper], b: Bindings, model: Node, endpoint: str,
         route: Any) -> None:
    """Record the helper a request's model node makes, if it is a parameter."""
    node = unwrap(model)
    if node is None or node.type not in ("identifier", "shorthand_property_identifier"):
        return
    name = text_of(node)
    if name in b.assigned:
        return
    for fn in scopes(node):
        params = fn.child_by_field_name("parameters")
        if params is None:
            if fn.child_by_field_name("parameter") is not None and \
                    text_of(fn.child_by_field_name("parameter")) == name:
                _record(helpers, b, fn, 0, endpoint, route)
            continue
        simple = [p for p in params.named_children if p.type in _SIMPLE]
        if len(simple) != len(params.named_children):
            if name in parameter_names(fn):
                return  # destructured or rest parameters: not followed
            continue
        names = [_param_name(p) for p in simple]
        if name in names:
            _record(helpers, b, fn, names.index(name), endpoint, route)
            return
        if any(fn.id in {s.id for s in scopes(d)} for d, _ in b.decls.get(name, ())):
            return  # a local of this function


def _param_name(param: Node) -> str | None:
    node = param
    if node.type in ("required_parameter", "optional_parameter"):
        node = node.child_by_field_name("pattern")
    if node is not None and node.type == "assignment_pattern":
        node = node.child_by_field_name("left")
    return text_of(node) if node is not None and node.type == "identifier" else None


def _record(helpers: dict[str, JsHelper], b: Bindings, fn: Node, index: int, endpoint: str,
            route: Any) -> None:
    name = _function_name(fn)
    declared = b.functions.get(name or "")
    bound = unwrap(b.values.get(name or ""))
    if name is not None and any(n is not None and n.id == fn.id for n in (declared, bound)):
        helpers.setdefault(name, JsHelper(index, endpoint, route))


def _function_name(fn: Node) -> str | None:
    if fn.type == "function_declaration":
        found = fn.child_by_field_name("name")
        return text_of(found) if found is not None else None
    parent = fn.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
        parent = parent.parent
    if parent is not None and parent.type == "variable_declarator":
        found = parent.child_by_field_name("name")
        return text_of(found) if found is not None and found.type == "identifier" else None
    return None


def site_argument(call: Node, helper: JsHelper) -> Node | None:
    """The argument a call passes at the helper's model position."""
    args = call.child_by_field_name("arguments")
    items = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if len(items) <= helper.index or any(a.type == "spread_element"
                                         for a in items[: helper.index + 1]):
        return None
    return items[helper.index]
