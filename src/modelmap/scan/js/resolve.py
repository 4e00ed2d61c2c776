"""Static evaluation of JS/TS expressions: strings, `const` propagation, env defaults, object
literals and project constants imported from other files (see modelmap.scan.js.values for the
value types)."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from modelmap.scan.js.values import (
    FUNCTION_TYPES,
    JS_EXTENSIONS,
    UNKNOWN,
    Bindings,
    Node,
    Positions,
    Value,
    dotted,
    env_name,
    is_env_read,
    literal_part,
    string_literal,
    text_of,
    unwrap,
)
from modelmap.validate.call import Span


def property_map(obj: Node, b: Bindings | None = None
                 ) -> tuple[dict[str, Node], dict[str, Node], bool]:
    """An object literal's properties: name -> value node, name -> key node, and whether a
    spread could not be read. With bindings, `...CONST_OBJECT` spreads are merged in order."""
    values: dict[str, Node] = {}
    keys: dict[str, Node] = {}
    spread = False
    for child in obj.named_children:
        if child.type == "pair":
            key = child.child_by_field_name("key")
            name = string_literal(key) if key.type == "string" else text_of(key)
            if name is not None:
                values[name] = child.child_by_field_name("value")
                keys[name] = key
        elif child.type == "shorthand_property_identifier":
            values[text_of(child)] = child
            keys[text_of(child)] = child
        elif child.type == "spread_element":
            inner = resolve_object(child.named_children[0], b) if b is not None and \
                child.named_children else None
            if inner is None or inner.id == obj.id:
                spread = True
                continue
            more, more_keys, more_spread = property_map(inner, b)
            values.update(more)
            keys.update(more_keys)
            spread = spread or more_spread
    return values, keys, spread


def resolve(node: Node, b: Bindings, pos: Positions, depth: int = 0) -> Value | None:
    """The string `node` evaluates to statically, or None."""
    node = unwrap(node)
    if node is None or depth > 12:
        return None
    literal = string_literal(node)
    if literal is not None:
        where = pos.span(node)
        raw = text_of(node)[1:-1]
        inner = None
        if raw == literal and where.line == where.end_line:
            inner = Span(where.line, where.column + 1, where.end_line, where.end_column - 1)
        return Value(literal, inner, "literal", where)
    kind = node.type
    if kind in ("identifier", "shorthand_property_identifier"):
        name = text_of(node)
        local = b.local(name, node)
        if local is UNKNOWN:
            return None
        if local is not None:
            found = resolve(local, b, pos, depth + 1)
            return found.hop("constant", name) if found is not None else None
        return _resolve_name(name, b, pos, depth)
    if kind == "call_expression":
        returned = {v.text: v for v in (resolve(r, b, pos, depth + 1)
                                        for r in returns(node, b)) if v is not None}
        return next(iter(returned.values())) if len(returned) == 1 else None
    if kind == "member_expression":
        target = resolve_object(node.child_by_field_name("object"), b)
        prop = node.child_by_field_name("property")
        if target is not None and prop is not None:
            inner = property_map(target)[0].get(text_of(prop))
            found = resolve(inner, b, pos, depth + 1)
            return found.hop("constant", dotted(node) or "") if found is not None else None
        return None
    if kind == "binary_expression":
        op = text_of(node.child_by_field_name("operator"))
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if op in ("??", "||"):
            first = None if is_env_read(left) else resolve(left, b, pos, depth + 1)
            if first is not None:
                return first
            found = resolve(right, b, pos, depth + 1)
            default = "env-default" if _reads_env(left) else "default"
            if found is None:
                return None
            origin = f"env {env_name(left)}" if default == "env-default" and env_name(left) \
                else found.origin
            return Value(found.text, found.span, default, found.where, origin)
        if op == "+":
            parts = [resolve(left, b, pos, depth + 1), resolve(right, b, pos, depth + 1)]
            if all(parts):
                return Value("".join(p.text for p in parts if p), None, "constant")
        return None
    if kind == "template_string":
        return _template(node, b, pos, depth)
    return None


def returns(call: Node, b: Bindings) -> list[Node]:
    """The expressions a call of a local function may return (`function pick() { return
    "gpt-4o" }`, `const pick = () => "gpt-4o"`); [] when some return is bare or the function
    is not one of this file's. Returns that depend on a parameter resolve to nothing (its
    binding is unknown), so arguments never leak into the result."""
    fn = unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier":
        return []
    name = text_of(fn)
    target = b.functions.get(name) if name not in b.values else unwrap(b.values[name])
    if target is None or target.type not in FUNCTION_TYPES:
        return []
    body = target.child_by_field_name("body")
    if body is None:
        return []
    if body.type != "statement_block":
        return [body]
    out: list[Node] = []
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type in FUNCTION_TYPES or node.type == "class_declaration":
            continue
        if node.type == "return_statement":
            if not node.named_children:
                return []
            out.append(node.named_children[0])
            continue
        stack.extend(node.named_children)
    return out


def _template(node: Node, b: Bindings, pos: Positions, depth: int) -> Value | None:
    parts: list[str] = []
    for child in node.named_children:
        part = literal_part(child)
        if part is None:  # a substitution: its value, when it resolves
            inner = child.named_children[0] if child.named_children else None
            found = resolve(inner, b, pos, depth + 1)
            if found is None:
                return None
            part = found.text
        parts.append(part)
    return Value("".join(parts), None, "constant")


def _reads_env(node: Node) -> bool:
    node = unwrap(node)
    if node is None:
        return False
    if is_env_read(node):
        return True
    return any(_reads_env(c) for c in node.named_children)




def _resolve_name(name: str, b: Bindings, pos: Positions, depth: int) -> Value | None:
    if name in b.values:
        found = resolve(b.values[name], b, pos, depth + 1)
        return found.hop("constant", name) if found is not None else None
    if name in b.imports:
        spec, imported = b.imports[name]
        consts = module_constants_for(spec, b)
        if consts is not None and imported in consts:
            return Value(consts[imported], None, "import", None, f"{imported} from {spec}")
    return None


def resolve_object(node: Node, b: Bindings, depth: int = 0) -> Node | None:
    """The object literal a node names (`{...}`, or a const bound to one)."""
    node = unwrap(node)
    if node is None or depth > 12:
        return None
    if node.type == "identifier":
        return resolve_object(b.values.get(text_of(node)), b, depth + 1)
    if node.type == "member_expression":
        outer = resolve_object(node.child_by_field_name("object"), b, depth + 1)
        prop = node.child_by_field_name("property")
        if outer is None or prop is None:
            return None
        return resolve_object(property_map(outer)[0].get(text_of(prop)), b, depth + 1)
    return node if node.type == "object" else None


def module_constants_for(spec: str, b: Bindings) -> Mapping[str, str] | None:
    """Constants of the project file an import specifier names (relative specifiers only)."""
    if not spec.startswith("."):
        return None
    base = posixpath.normpath(posixpath.join(posixpath.dirname(b.relpath), spec))
    stem, ext = posixpath.splitext(base)
    stems = [stem, base] if ext in JS_EXTENSIONS else [base]
    for candidate in stems:
        for suffix in (*JS_EXTENSIONS, *(f"/index{e}" for e in JS_EXTENSIONS)):
            found = b.module_constants.get(candidate + suffix)
            if found is not None:
                return found
    return None
