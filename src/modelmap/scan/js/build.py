"""Building `Call`s from JS/TS nodes: file facts, routes, literal parameters, locations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelmap.findings import Location
from modelmap.scan.js import helpers as js_helpers
from modelmap.scan.js.resolve import property_map, resolve, resolve_object, returns
from modelmap.scan.js.values import (
    Bindings,
    Node,
    Positions,
    Value,
    text_of,
    unwrap,
)
from modelmap.validate.call import Call, Span
from modelmap.validate.endpoints import NO_REWRITE


@dataclass
class FileInfo:
    """What one pass over a file collected (see modelmap.scan.js.scanner.collect)."""

    relpath: str
    pos: Positions
    b: Bindings
    calls: list[Node] = field(default_factory=list)
    helpers: dict[str, js_helpers.JsHelper] = field(default_factory=dict)
    """Functions whose parameter became a request's model (see js_helpers)."""
    urls: list[Node] = field(default_factory=list)
    """String and template literals that mention an OpenAI realtime URL."""


@dataclass(frozen=True)
class Route:
    """Where a client sends requests."""

    base_url: str | None = None
    provider: str | None = None
    base_url_span: Span | None = None
    """The base URL literal (inside its quotes) where the client is built."""


IMPLICIT = Route()
"""The route of an AI SDK `openai` provider used without an import (doc snippets)."""


def args_of(node: Node) -> list[Node]:
    args = node.child_by_field_name("arguments")
    return [] if args is None else [a for a in args.named_children if a.type != "comment"]


def object_arg(args: list[Node], index: int, b: Bindings) -> Node | None:
    return resolve_object(args[index], b) if len(args) > index else None


def source_of(b: Bindings, name: str) -> str | None:
    if name in b.default_imports:
        return b.default_imports[name]
    return b.imports[name][0] if name in b.imports else None


def construction(info: FileInfo, receiver: str) -> Node | None:
    node = unwrap(info.b.values.get(receiver))
    if node is not None and node.type == "await_expression" and node.named_children:
        node = unwrap(node.named_children[0])
    return node


def make_call(info: FileInfo, node: Node, endpoint: str, obj: Node | None, route: Route, *,
              model: Node | None = None, value: Value | None = None, sdk_shape: str = "v1",
              strip: int = 0, lang: str = "js", only: frozenset[str] | None = None
              ) -> list[Call]:
    """The Calls for one request expression: one per model value that can reach it (a
    `cond ? "a" : "b"` model gives two). `obj` holds the request's properties (`only`: just
    these of them); `model` (or a ready `value`) overrides its `model`; `strip` drops a
    provider prefix."""
    b, pos = info.b, info.pos
    params: dict[str, Any] = {}
    spans: dict[str, Span] = {}
    unknown = False
    if obj is not None:
        values, _keys, unknown = property_map(obj, b)
        for key, val in values.items():
            if only is not None and key not in only:
                continue
            if key == "model" and model is None:
                model = val
                continue
            spans[key] = pos.span(val)
            ok, literal = literal_value(val, b, pos)
            if ok:
                params[key] = literal
    found: list[Value | None] = [value]
    if value is None and model is not None:
        found = [resolve(n, b, pos) for n in _alternatives(model, b)]
        found = [v for v in found if v is not None] or [None]
        if found == [None]:
            js_helpers.note(info.helpers, b, model, endpoint, route)
    site_span = pos.span(node)
    site = _location(info.relpath, site_span)
    no_fix = endpoint in NO_REWRITE
    out = []
    for v in found:
        location = site
        if v is not None and v.where is not None and (
                no_fix or not _inside(v.where, site_span)):
            location = _location(info.relpath, v.where)
        span = v.span if v is not None and not no_fix else None
        if span is not None and strip:
            span = Span(span.line, span.column + strip, span.end_line, span.end_column)
        via = v.via if v is not None else ("unresolved" if model is not None else "absent")
        out.append(Call(
            endpoint=endpoint, model=v.text[strip:] if v is not None else None, params=params,
            base_url=route.base_url, location=location, model_span=span, param_spans=spans,
            via=via, sdk_shape=sdk_shape, lang=lang, unknown_params=unknown,
            provider=route.provider,
            site=site, origin=_origin(model, v), base_url_span=route.base_url_span))
    return out


def _alternatives(node: Node, b: Bindings, depth: int = 0) -> list[Node]:
    """The branches of `cond ? a : b` (nested too), the returns of a local function called
    without arguments (`pick()`), or the node itself."""
    node = unwrap(node)
    if node is not None and depth < 4 and node.type == "ternary_expression":
        return [*_alternatives(node.child_by_field_name("consequence"), b, depth + 1),
                *_alternatives(node.child_by_field_name("alternative"), b, depth + 1)]
    if node is not None and depth < 4 and node.type == "call_expression":
        found = returns(node, b)
        if found:
            return [n for r in found for n in _alternatives(r, b, depth + 1)]
    return [node]


def _location(path: str, span: Span) -> Location:
    return Location(path, span.line, span.column, span.end_line, span.end_column)


def _inside(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and \
        (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


def _origin(model: Node | None, value: Value | None) -> str:
    if value is not None:
        return value.origin
    node = unwrap(model) if model is not None else None
    if node is None:
        return ""
    text = text_of(node)
    if node.type in ("identifier", "shorthand_property_identifier"):
        return f"param {text}" if node.type == "identifier" else text
    return text if len(text) <= 60 else text[:57] + "..."


def literal_value(node: Node, b: Bindings, pos: Positions, depth: int = 0) -> tuple[bool, Any]:
    """(True, value) for a JSON-like literal (consts followed), else (False, None)."""
    node = unwrap(node)
    if node is None or depth > 8:
        return False, None
    kind = node.type
    if kind in ("string", "template_string", "identifier", "member_expression",
                "shorthand_property_identifier", "binary_expression"):
        found = resolve(node, b, pos)
        if found is not None:
            return True, found.text
        if kind == "identifier" and text_of(node) in b.values:
            return literal_value(b.values[text_of(node)], b, pos, depth + 1)
        return (True, None) if kind == "identifier" and text_of(node) == "undefined" \
            else (False, None)
    if kind in ("true", "false", "null"):
        return True, {"true": True, "false": False, "null": None}[kind]
    if kind == "number" or (kind == "unary_expression" and text_of(node).startswith("-")):
        raw = text_of(node).replace("_", "").replace(" ", "")
        try:
            return True, int(raw, 0)
        except ValueError:
            try:
                return True, float(raw)
            except ValueError:
                return False, None
    if kind == "array":
        items = [literal_value(c, b, pos, depth + 1) for c in node.named_children]
        return (True, [v for _, v in items]) if all(ok for ok, _ in items) else (False, None)
    if kind == "object":
        values, _keys, spread = property_map(node, b)
        out = {k: literal_value(v, b, pos, depth + 1) for k, v in values.items()}
        if spread or not all(ok for ok, _ in out.values()):
            return False, None
        return True, {k: v for k, (_, v) in out.items()}
    return False, None
