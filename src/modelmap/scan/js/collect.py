"""One pass over a JS/TS syntax tree: bindings, imports, and the call/new expressions to inspect.

The nodes this pass reads are few kinds (`COLLECTED`), so a tree-sitter query finds them in C
and Python sees only those, not every node of the tree (a Python walk over every named node
was the scanner's largest cost). Query captures come back grouped by match, not in tree order;
`collected` sorts them into source order (start, then the longer node first: a parent before
its children, as a depth-first walk visits them), which the bindings need (a name bound twice
keeps the last node; an assignment after a declaration forgets it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from modelmap.scan.base import ScanContext
from modelmap.scan.js import shapes as js_shapes
from modelmap.scan.js.build import FileInfo
from modelmap.scan.js.values import UNKNOWN, Bindings, Node, Positions, string_literal, text_of

COLLECTED = (
    "call_expression", "new_expression", "import_statement", "variable_declarator",
    "function_declaration", "for_in_statement", "assignment_expression",
    "public_field_definition", "field_definition",
)
"""Node kinds `collect` reads (a grammar lacking one simply never has it)."""
STRINGS = ("string", "template_string")
"""Also read when the file mentions a realtime URL (modelmap.scan.js.shapes.URL_WORD)."""


@lru_cache(maxsize=8)
def _query(language: Any, strings: bool) -> Any:
    import tree_sitter

    kinds = [k for k in (*COLLECTED, *(STRINGS if strings else ()))
             if language.id_for_node_kind(k, True) is not None]
    return tree_sitter.Query(language, "[" + " ".join(f"({k})" for k in kinds) + "] @n")


def _start(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


def collected(root: Node, language: Any, strings: bool = False) -> list[Node]:
    """The named nodes of the `COLLECTED` kinds (and `STRINGS` when asked) under `root`, in
    the order a depth-first walk of the tree visits them."""
    import tree_sitter

    found: list[Node] = tree_sitter.QueryCursor(_query(language, strings)).captures(
        root).get("n", [])
    found.sort(key=_start)
    return found


def collect(root: Node, relpath: str, pos: Positions, ctx: ScanContext,
            language: Any) -> FileInfo:
    """Bindings, imports, and the call/new expressions to inspect (`language`: the
    tree_sitter.Language the tree was parsed with)."""
    b = Bindings(module_constants=ctx.constants, relpath=relpath)
    info = FileInfo(relpath=relpath, pos=pos, b=b)
    url_word = js_shapes.URL_WORD.encode() if js_shapes.URL_WORD.encode() in pos.source else None
    for node in collected(root, language, strings=url_word is not None):
        kind = node.type
        if kind in STRINGS:
            if url_word is not None and url_word in node.text:
                info.urls.append(node)
        elif kind in ("call_expression", "new_expression"):
            info.calls.append(node)
            if kind == "call_expression":
                _require(node, b)
        elif kind == "import_statement":
            _import(node, b)
        elif kind == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and name.type == "identifier":
                key = text_of(name)
                if value is not None:
                    b.bind(key, value)
                b.decls.setdefault(key, []).append((node, UNKNOWN if value is None else value))
        elif kind == "function_declaration":
            _function(node, b)
        elif kind == "for_in_statement":
            left = node.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                b.forget(text_of(left))
                b.decls.setdefault(text_of(left), []).append((left, UNKNOWN))
        elif kind == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and left.type == "identifier":
                b.forget(text_of(left))
                b.assigned.setdefault(text_of(left), []).append(node)
            elif left is not None and left.type == "member_expression" and right is not None:
                b.bind(text_of(left), right)
        elif kind in ("public_field_definition", "field_definition"):
            name = node.child_by_field_name("name") or node.child_by_field_name("property")
            value = node.child_by_field_name("value")
            if name is not None and value is not None:
                b.bind(f"this.{text_of(name)}", value)
    return info


def _function(fn: Node, b: Bindings) -> None:
    """A declared function's name, kept for return-value look-ups (not when declared twice)."""
    name = fn.child_by_field_name("name")
    if name is not None:
        key = text_of(name)
        if key in b.functions or key in b.clash:
            b.functions.pop(key, None)
            b.clash.add(key)
        else:
            b.functions[key] = fn


def _import(node: Node, b: Bindings) -> None:
    source = string_literal(node.child_by_field_name("source"))
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    if source is None or clause is None:
        return
    for part in clause.named_children:
        if part.type == "identifier":
            b.default_imports[text_of(part)] = source
        elif part.type == "namespace_import":
            for ident in part.named_children:
                b.default_imports[text_of(ident)] = source
        elif part.type == "named_imports":
            for spec in part.named_children:
                if spec.type != "import_specifier":
                    continue
                name = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias") or name
                if name is not None and alias is not None:
                    b.imports[text_of(alias)] = (source, text_of(name))


def _require(call: Node, b: Bindings) -> None:
    """`const X = require("m")` and `const { A, B: C } = require("m")`."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or text_of(fn) != "require":
        return
    args = call.child_by_field_name("arguments")
    source = string_literal(args.named_children[0]) if args and args.named_children else None
    parent = call.parent
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        parent = parent.parent
    if source is None or parent is None or parent.type != "variable_declarator":
        return
    target = parent.child_by_field_name("name")
    if target is None:
        return
    if target.type == "identifier":
        b.default_imports[text_of(target)] = source
        return
    for prop in target.named_children:
        if prop.type == "shorthand_property_identifier_pattern":
            b.imports[text_of(prop)] = (source, text_of(prop))
        elif prop.type == "pair_pattern":
            key, value = prop.child_by_field_name("key"), prop.child_by_field_name("value")
            if key is not None and value is not None and value.type == "identifier":
                b.imports[text_of(value)] = (source, text_of(key))
