"""Find model-ID `Literal`s in openai type files with `ast`: type aliases and `model` fields.

A *slot* is one place the SDK spells out model IDs:

- a module-level alias, `ChatModel: TypeAlias = Literal[...]`, `X = Union[str, Literal[...]]`,
  or `type X = ...`;
- a class field named `model` (or `*_model`), `model: Union[str, Literal[...], None] = None`,
  including `Required[...]`, `Optional[...]`, `A | B` and string annotations.

Each slot keeps the string members written directly in its Literals, the names it refers to
(other aliases, resolved by the caller), and its docstring (the string statement after it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_WRAPPERS = {"Literal"}


@dataclass(frozen=True)
class Slot:
    """One alias or field that lists model IDs."""

    path: str
    """`openai/...` posix path of the file."""
    owner: str | None
    """Class name for a field; None for a module-level alias."""
    name: str
    """Alias name, or the field name."""
    ids: tuple[str, ...]
    """String members of the Literals written in this annotation, in source order."""
    refs: tuple[str, ...]
    """Other names used in the annotation (candidate aliases such as `ChatModel`)."""
    doc: str
    """The docstring after the statement ('' if none)."""
    doc_line: int
    """1-based line of the docstring (0 if none)."""

    @property
    def symbol(self) -> str:
        return f"{self.owner}.{self.name}" if self.owner else self.name


def is_model_name(name: str, field: bool) -> bool:
    """Names that carry model IDs: `model`/`*_model` fields, `*Model`/`*ModelParam` aliases."""
    if field:
        return name == "model" or name.endswith("_model")
    return name.endswith(("Model", "ModelParam", "Models"))


def literal_members(node: ast.AST) -> tuple[list[str], list[str]]:
    """(string members of every `Literal[...]` inside, other names referenced)."""
    ids: list[str] = []
    refs: list[str] = []
    _walk(node, ids, refs)
    return ids, refs


def _walk(node: ast.AST, ids: list[str], refs: list[str]) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:  # a string annotation: parse it and look inside
            inner = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return
        _walk(inner, ids, refs)
        return
    if isinstance(node, ast.Subscript):
        head = _name(node.value)
        if head in _WRAPPERS:
            _literal_args(node.slice, ids, refs)
            return
        _walk(node.slice, ids, refs)
        return
    if isinstance(node, ast.Tuple):
        for elt in node.elts:
            _walk(elt, ids, refs)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        _walk(node.left, ids, refs)
        _walk(node.right, ids, refs)
        return
    name = _name(node)
    if name is not None:
        refs.append(name)


def _literal_args(node: ast.AST, ids: list[str], refs: list[str]) -> None:
    elts = node.elts if isinstance(node, ast.Tuple) else [node]
    for elt in elts:
        if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
            ids.append(elt.value)
        elif isinstance(elt, ast.Subscript):  # Literal[Literal["a"], "b"] is legal
            _walk(elt, ids, refs)


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _doc_after(body: list[ast.stmt], index: int) -> tuple[str, int]:
    if index + 1 < len(body):
        nxt = body[index + 1]
        if (isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)):
            return nxt.value.value, nxt.lineno
    return "", 0


def _alias_value(stmt: ast.stmt) -> tuple[str, ast.AST] | None:
    """(name, value) for `X: TypeAlias = v`, `X = v` and `type X = v`."""
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        if stmt.value is not None and _name(stmt.annotation) == "TypeAlias":
            return stmt.target.id, stmt.value
        return None
    if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)):
        return stmt.targets[0].id, stmt.value
    type_alias = getattr(ast, "TypeAlias", None)  # Python 3.12+
    if type_alias is not None and isinstance(stmt, type_alias):
        return str(stmt.name.id), stmt.value
    return None


def find_slots(path: str, tree: ast.Module) -> list[Slot]:
    """Every model slot in one parsed file."""
    out: list[Slot] = []
    for i, stmt in enumerate(tree.body):
        alias = _alias_value(stmt)
        if alias is not None and is_model_name(alias[0], field=False):
            ids, refs = literal_members(alias[1])
            if ids or refs:
                doc, line = _doc_after(tree.body, i)
                out.append(Slot(path, None, alias[0], tuple(ids), tuple(refs), doc, line))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            out.extend(_class_slots(path, node))
    return out


def _class_slots(path: str, cls: ast.ClassDef) -> list[Slot]:
    out = []
    for i, stmt in enumerate(cls.body):
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        if not is_model_name(stmt.target.id, field=True):
            continue
        ids, refs = literal_members(stmt.annotation)
        if not ids and not refs:
            continue
        doc, line = _doc_after(cls.body, i)
        out.append(Slot(path, cls.name, stmt.target.id, tuple(ids), tuple(refs), doc, line))
    return out
