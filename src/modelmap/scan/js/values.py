"""Value types and node helpers for the JS/TS scanner: positions, literals, bindings.

Evaluation (const propagation, env defaults, imports) is in modelmap.scan.js.resolve. Works on
tree-sitter nodes (typed as `Any`: tree_sitter is imported lazily elsewhere). Bindings are
collected per file: a name bound once (const/let/var, class field, or `this.x = ...`)
resolves; a name bound or assigned twice with different values does not, unless the use sits
in a function that declares the name itself (function scopes are kept apart; block scopes
inside one function are not).
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modelmap.validate.call import Span

Node = Any
"""A tree_sitter.Node."""

_WRAPPERS = frozenset({
    "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
    "type_assertion",
})
_ENV_ROOTS = ("process.env", "import.meta.env", "Deno.env", "Bun.env")
JS_EXTENSIONS = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts")


class Positions:
    """Turn tree-sitter (row, byte column) points into 1-based character spans."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self._lines = source.split(b"\n")

    def column(self, row: int, byte_col: int) -> int:
        line = self._lines[row] if row < len(self._lines) else b""
        if line.isascii():
            return byte_col + 1
        return len(line[:byte_col].decode("utf-8", "replace")) + 1

    def span(self, node: Node) -> Span:
        (r1, c1), (r2, c2) = node.start_point, node.end_point
        return Span(r1 + 1, self.column(r1, c1), r2 + 1, self.column(r2, c2))


@dataclass(frozen=True)
class Value:
    """A string a node evaluates to, where its literal is, and how it got there."""

    text: str
    span: Span | None
    """Characters inside the quotes, when the literal is in this file and its source text
    equals the value (no escapes); None otherwise."""
    via: str
    """literal | constant | env-default | default (`x ?? "..."` on a non-env value) |
    import."""
    where: Span | None = None
    """The whole literal, quotes included (None when it came from another file)."""
    origin: str = ""
    """The name that fed it (`MODEL`, `config.model`, `env OPENAI_MODEL`)."""

    def hop(self, via: str, origin: str = "") -> Value:
        """The same string, reached through one more name."""
        if self.via in ("env-default", "default") or self.via == "import":
            return self
        return Value(self.text, self.span, via, self.where, origin or self.origin)


@dataclass
class Bindings:
    """Names bound in one file, and the project constants it may import."""

    values: dict[str, Node] = field(default_factory=dict)
    """name -> value node, for names bound exactly once."""
    clash: set[str] = field(default_factory=set)
    """Names bound or assigned more than once (never resolved)."""
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)
    """local name -> (module specifier, imported name) for named imports and requires."""
    default_imports: dict[str, str] = field(default_factory=dict)
    """local name -> module specifier for default/namespace imports."""
    module_constants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Project constants by module key (relative path), from ScanContext.constants."""
    relpath: str = ""
    decls: dict[str, list[tuple[Node, Node]]] = field(default_factory=dict)
    """name -> (declaring node, value node or UNKNOWN) for every declaration, file-wide: a use
    inside a function that declares the name resolves to that declaration (see `local`)."""
    assigned: dict[str, list[Node]] = field(default_factory=dict)
    """name -> assignment expressions (`name = ...`)."""
    functions: dict[str, Node] = field(default_factory=dict)
    """name -> function node, for `function f() {...}` declared once (return values)."""
    _params: dict[int, frozenset[str]] = field(default_factory=dict)

    def local(self, name: str, use: Node) -> Node | None:
        """The value node of `name` declared in the innermost function around `use` that
        declares it (UNKNOWN: a parameter, declared twice differently, or assigned in that
        function); None when no enclosing function declares it (the file-level binding
        applies). Computed at look-up time: only names that are resolved pay for it."""
        decls = self.decls.get(name, ())
        for fn in scopes(use):
            if name in self._parameters(fn):
                return UNKNOWN
            mine = [v for d, v in decls if _innermost(d) == fn.id]
            if not mine:
                continue
            if any(fn.id in {s.id for s in scopes(a)} for a in self.assigned.get(name, ())):
                return UNKNOWN
            if any(v is UNKNOWN or v.text != mine[0].text for v in mine):
                return UNKNOWN
            return mine[0]
        return None

    def _parameters(self, fn: Node) -> frozenset[str]:
        found = self._params.get(fn.id)
        if found is None:
            found = self._params[fn.id] = frozenset(parameter_names(fn))
        return found

    def bind(self, name: str, node: Node) -> None:
        if name in self.clash:
            return
        old = self.values.get(name)
        if old is not None and old.text != node.text:
            self.clash.add(name)
            del self.values[name]
            return
        self.values[name] = node

    def forget(self, name: str) -> None:
        self.clash.add(name)
        self.values.pop(name, None)


UNKNOWN: Any = object()
"""A scoped binding whose value cannot be read (a parameter, a name assigned twice)."""
FUNCTION_TYPES = frozenset({
    "function_declaration", "function_expression", "function", "arrow_function",
    "method_definition", "generator_function_declaration", "generator_function",
})


def _innermost(node: Node) -> int | None:
    found = scopes(node)
    return found[0].id if found else None


def parameter_names(fn: Node) -> list[str]:
    """Names a function's parameters bind (patterns and defaults included)."""
    params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
    stack = [params] if params is not None else []
    out = []
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            out.append(text_of(node))
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            stack += [c for c in (node.child_by_field_name("left"),) if c is not None]
        elif kind in ("required_parameter", "optional_parameter"):
            stack += [c for c in (node.child_by_field_name("pattern"),) if c is not None]
        elif kind == "pair_pattern":
            stack += [c for c in (node.child_by_field_name("value"),) if c is not None]
        elif kind in ("formal_parameters", "object_pattern", "array_pattern", "rest_pattern"):
            stack += node.named_children
    return out


def scopes(node: Node) -> list[Node]:
    """The functions enclosing `node`, innermost first."""
    out = []
    cur = node.parent
    while cur is not None:
        if cur.type in FUNCTION_TYPES:
            out.append(cur)
        cur = cur.parent
    return out


def text_of(node: Node) -> str:
    return str(node.text.decode("utf-8", "replace"))


def unwrap(node: Node) -> Node:
    """Strip parentheses, `as`, `satisfies`, `!` and `<T>` casts."""
    while node is not None and node.type in _WRAPPERS:
        inner = node.named_children
        if not inner:
            return None
        node = inner[-1] if node.type == "type_assertion" else inner[0]
    return node


def string_literal(node: Node) -> str | None:
    """The value of a string or a template literal without substitutions."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    parts: list[str] = []
    for child in node.named_children:
        part = literal_part(child)
        if part is None:  # template_substitution
            return None
        parts.append(part)
    return "".join(parts)


def literal_part(child: Node) -> str | None:
    """What a child of a string or template literal adds to its value: a fragment as written,
    an escape sequence decoded; None for a template substitution."""
    if child.type == "string_fragment":
        return text_of(child)
    if child.type == "escape_sequence":
        return unescape(text_of(child))
    return None


def unescape(seq: str) -> str:
    try:
        return codecs.decode(seq, "unicode_escape")
    except UnicodeDecodeError:
        return seq[1:]


def dotted(node: Node) -> str | None:
    """`a.b.c` for a member chain of identifiers (and `this`), else None."""
    node = unwrap(node)
    if node is None:
        return None
    if node.type in ("identifier", "this", "property_identifier", "shorthand_property_identifier"):
        return text_of(node)
    if node.type == "member_expression":
        obj = dotted(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if obj is None or prop is None or prop.type == "private_property_identifier":
            return None
        return f"{obj}.{text_of(prop)}"
    if node.type == "subscript_expression":
        obj = dotted(node.child_by_field_name("object"))
        key = string_literal(unwrap(node.child_by_field_name("index")))
        return f"{obj}.{key}" if obj is not None and key is not None else None
    if node.type == "meta_property":  # import.meta
        return text_of(node)
    if node.type == "call_expression":  # Deno.env.get("X")
        fn = dotted(node.child_by_field_name("function"))
        if fn in ("Deno.env.get", "Bun.env.get"):
            return "Deno.env"
    return None


def is_env_read(node: Node) -> bool:
    name = dotted(node)
    return name is not None and any(name == r or name.startswith(r + ".") for r in _ENV_ROOTS)


def env_name(node: Node) -> str | None:
    """`X` for `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `Deno.env.get("X")`."""
    node = unwrap(node)
    if node is None or not is_env_read(node):
        return None
    if node.type == "call_expression":
        args = node.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        return string_literal(first)
    name = dotted(node)
    return name.rsplit(".", 1)[-1] if name is not None else None
