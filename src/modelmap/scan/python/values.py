"""Where a Python value comes from: constants, env defaults, field and parameter defaults.

`Resolver.values(expr, env)` follows a model expression back to the string literals that can
reach it, without running anything: literals; module and class constants; `os.getenv` /
`os.environ.get` defaults (`via="env-default"`); dataclass, pydantic and plain class field
defaults (`field-default`); function parameter defaults (`param-default`); locals; dict
entries (`CONFIG["model"]`, `cfg.get("model", "x")`); conditional and `or` alternatives; and
constants imported from other project modules (`import`, through `ScanContext.constants`).
Bindings are flow-insensitive: every value a name may hold is a candidate, and a name with no
readable binding (a parameter without default, a call result) resolves to nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from modelmap.scan.python.astutil import (
    dotted,
    field_default,
    item,
    keyword,
    lookup_module,
    module_refs,
)
from modelmap.scan.python.scope import DYNAMIC, Binding, ClassInfo, Env, ModuleInfo

_ENV_GETTERS = {"os.getenv", "os.environ.get", "os.environ.setdefault", "getenv",
                "environ.get", "os.getenvb"}
_CASTS = frozenset({"cast", "typing.cast", "typing_extensions.cast"})
_MAX_DEPTH = 12
_MAX_VALUES = 32
"""At most this many candidate strings per expression (keeps pathological code linear)."""


@dataclass(frozen=True)
class Value:
    """One string that can reach a call, and how."""

    text: str
    via: str
    """literal | constant | local | class-constant | field-default | param-default |
    env-default | get-default | dict-value | loop | import."""
    node: ast.Constant | None = None
    """The literal in this file (None when it lives in another module)."""
    origin: str = ""
    """The name that fed it (`MODEL`, `Settings.model`, `env OPENAI_MODEL`, ...)."""


@dataclass(frozen=True)
class Obj:
    """What an expression denotes when it is not a string: a class, an instance, a module, a
    dict literal or list literal."""

    kind: str
    """class | instance | module | dict | list."""
    cls: ClassInfo | None = None
    call: ast.Call | None = None
    """The constructor call of an instance."""
    module: str = ""
    """Dotted module name (for kind module)."""
    prefix: str = ""
    """Attribute path below the module: a submodule or a name inside it (`settings`)."""
    node: ast.expr | None = None
    env: Env | None = None
    """Where `node` / `call` must be resolved."""


def _hop(values: list[Value], via: str, origin: str) -> list[Value]:
    """Re-label values that reached the call through one more name."""
    out = []
    for v in values:
        if v.via in ("env-default", "get-default", "param-default"):
            out.append(v)
        else:
            out.append(Value(v.text, via, v.node, origin))
    return out


@dataclass
class Resolver:
    """Resolves expressions of one module."""

    info: ModuleInfo
    constants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _stack: set[int] = field(default_factory=set)
    _memo: dict[tuple[ast.expr, Env], list[Value]] = field(default_factory=dict)

    def qualname(self, expr: ast.expr) -> str | None:
        """Dotted name with the first part replaced by what it was imported as."""
        name = dotted(expr)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        imp = self.info.imports.get(head)
        if imp is None:
            return name
        full = imp[0] if imp[1] is None else f"{imp[0]}.{imp[1]}"
        return f"{full}.{rest}" if rest else full

    # -- strings -----------------------------------------------------------------------------

    def values(self, expr: ast.expr, env: Env, depth: int = 0) -> list[Value]:
        """Every string literal that may flow into `expr`."""
        if depth > _MAX_DEPTH or id(expr) in self._stack:
            return []
        known = self._memo.get((expr, env))
        if known is not None:
            return known
        self._stack.add(id(expr))
        try:
            found = self._values(expr, env, depth + 1)[:_MAX_VALUES]
        finally:
            self._stack.discard(id(expr))
        self._memo[(expr, env)] = found
        return found

    def _values(self, expr: ast.expr, env: Env, depth: int) -> list[Value]:
        if isinstance(expr, ast.Constant):
            return [Value(expr.value, "literal", expr)] if isinstance(expr.value, str) else []
        if isinstance(expr, ast.Name):
            return [v for b in self.bindings(expr.id, env) for v in self._from_binding(
                b, expr.id, depth)]
        if isinstance(expr, ast.IfExp):
            return self.values(expr.body, env, depth) + self.values(expr.orelse, env, depth)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return self._or(expr, env, depth)
        if isinstance(expr, ast.NamedExpr):
            return self.values(expr.value, env, depth)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, env, depth)
        if isinstance(expr, ast.Subscript):
            key = expr.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str | int):
                shown = f"{dotted(expr.value) or '...'}[{key.value!r}]"
                return self._member(self.objects(expr.value, env, depth), key.value,
                                    shown, "dict-value", depth)
            return []
        if isinstance(expr, ast.Call):
            return self._call(expr, env, depth)
        return []

    def _or(self, expr: ast.BoolOp, env: Env, depth: int) -> list[Value]:
        """`os.getenv("M") or "gpt-4o"`: the fallbacks after an env read are env defaults."""
        out: list[Value] = []
        label = ""
        for operand in expr.values:
            vals = self.values(operand, env, depth)
            if label:
                vals = [Value(v.text, "env-default", v.node, label) for v in vals]
            out += vals
            if not label and isinstance(operand, ast.Call):
                label = self._env_label(operand) or ""
        return out

    def _env_label(self, call: ast.Call) -> str | None:
        """`env NAME` when `call` reads an environment variable, else None."""
        if (self.qualname(call.func) or "") not in _ENV_GETTERS or not call.args:
            return None
        var = call.args[0]
        return f"env {var.value}" if isinstance(var, ast.Constant) and isinstance(
            var.value, str) else "env"

    def _from_binding(self, b: Binding, name: str, depth: int) -> list[Value]:
        if b.kind == "param":
            vals = self.values(b.expr, b.env, depth) if b.expr is not None else []
            return _hop(vals, "param-default", f"param {name}")
        if b.kind == "import":
            assert b.module is not None
            return self._imported(b.module, name if b.attr is None else b.attr)
        if b.kind == "loop" and b.expr is not None:
            items = self.objects(b.expr, b.env, depth)
            elts = [e for o in items if o.kind == "list" and o.node is not None
                    for e in o.node.elts]  # type: ignore[attr-defined]
            return _hop([v for e in elts for v in self.values(e, b.env, depth)], "loop", name)
        if b.expr is None:
            return []
        via = "constant" if b.kind == "module" else "local"
        return _hop(self.values(b.expr, b.env, depth), via, name)

    def _imported(self, module: str, attr: str) -> list[Value]:
        consts = lookup_module(self.constants, module)
        if consts is not None and attr in consts:
            return [Value(consts[attr], "import", None, f"{module}.{attr}")]
        return []

    def _attribute(self, expr: ast.Attribute, env: Env, depth: int) -> list[Value]:
        objs = self.objects(expr.value, env, depth)
        return self._member(objs, expr.attr, dotted(expr) or f"....{expr.attr}", "", depth)

    def _member(self, objs: list[Obj], key: str | int, shown: str, via: str,
                depth: int) -> list[Value]:
        out: list[Value] = []
        for o in objs:
            if o.kind in ("class", "instance") and o.cls is not None and isinstance(key, str):
                out += self._class_attr(o, key, depth)
            elif o.kind == "module" and isinstance(key, str):
                for module, name in module_refs(o.module, o.prefix, key):
                    found = self._imported(module, name)
                    if found:
                        out += found
                        break
            elif o.kind in ("dict", "list") and o.node is not None and o.env is not None:
                entry = item(o.node, key)
                if entry is not None:
                    out += _hop(self.values(entry, o.env, depth), via or "dict-value", shown)
        return out

    def _class_attr(self, o: Obj, attr: str, depth: int) -> list[Value]:
        assert o.cls is not None
        if o.kind == "instance" and o.call is not None and o.env is not None:
            for kw in o.call.keywords:
                if kw.arg == attr:
                    return _hop(self.values(kw.value, o.env, depth), "constant",
                                f"{o.cls.name}({attr}=...)")
        for cls in self.info.mro(o.cls):
            own = self.info.self_attrs(cls) if o.kind == "instance" else {}
            if attr in own:
                return [v for b in own[attr]
                        for v in _hop(self.values(b.expr, b.env, depth) if b.expr else [],
                                      "field-default", f"{cls.name}.{attr}")]
            if attr in cls.fields:
                out = []
                for b in cls.fields[attr]:
                    via = "field-default" if b.kind == "field" else "class-constant"
                    expr = field_default(b.expr) if b.expr is not None else None
                    if expr is not None:
                        out += _hop(self.values(expr, b.env, depth), via, f"{cls.name}.{attr}")
                return out
        return []

    def _call(self, call: ast.Call, env: Env, depth: int) -> list[Value]:
        if (self.qualname(call.func) or "") in _CASTS and len(call.args) == 2:
            return self.values(call.args[1], env, depth)  # `cast(str, "gpt-4o")`
        label = self._env_label(call)
        if label is not None:
            default = call.args[1] if len(call.args) > 1 else keyword(call, "default")
            vals = self.values(default, env, depth) if default is not None else []
            return [Value(v.text, "env-default", v.node, label) for v in vals]
        if isinstance(call.func, ast.Attribute) and call.func.attr == "get" and call.args:
            key = call.args[0]
            default = call.args[1] if len(call.args) > 1 else None
            out: list[Value] = []
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                shown = f"{dotted(call.func.value) or '...'}[{key.value!r}]"
                out += self._member(self.objects(call.func.value, env, depth), key.value,
                                    shown, "dict-value", depth)
                if default is not None and not out:
                    out += [Value(v.text, "get-default", v.node, f"get {key.value!r}")
                            for v in self.values(default, env, depth)]
            return out
        return []

    # -- objects -----------------------------------------------------------------------------

    def objects(self, expr: ast.expr, env: Env, depth: int = 0) -> list[Obj]:
        """What a non-string expression denotes (classes, instances, modules, literals)."""
        if depth > _MAX_DEPTH:
            return []
        if isinstance(expr, ast.Dict):
            return [Obj("dict", node=expr, env=env)]
        if isinstance(expr, ast.List | ast.Tuple):
            return [Obj("list", node=expr, env=env)]
        if isinstance(expr, ast.Call):
            out: list[Obj] = []
            for o in self.objects(expr.func, env, depth + 1):
                if o.kind == "class":
                    out.append(Obj("instance", o.cls, expr, env=env))
                elif o.kind == "module" and o.prefix:  # an imported class: its constants
                    out.append(o)
            return out
        if isinstance(expr, ast.Name):
            if env.cls is not None and env.self_name == expr.id:
                return [Obj("instance", env.cls)]
            out = []
            for b in self.bindings(expr.id, env):
                if b.kind == "class" and b.cls is not None:
                    out.append(Obj("class", b.cls))
                elif b.kind == "import" and b.module is not None:
                    out.append(Obj("module", module=b.module, prefix=b.attr or ""))
                elif b.expr is not None and b.kind in ("module", "local"):
                    out += self.objects(b.expr, b.env, depth + 1)
            return out
        if isinstance(expr, ast.Attribute):
            out = []
            for o in self.objects(expr.value, env, depth + 1):
                if o.kind == "module":
                    prefix = f"{o.prefix}.{expr.attr}" if o.prefix else expr.attr
                    out.append(Obj("module", module=o.module, prefix=prefix))
                elif o.kind in ("class", "instance") and o.cls is not None:
                    for cls in self.info.mro(o.cls):
                        for b in self.info.self_attrs(cls).get(expr.attr, []) + cls.fields.get(
                                expr.attr, []):
                            if b.expr is not None:
                                out += self.objects(b.expr, b.env, depth + 1)
            return out
        return []

    def bindings(self, name: str, env: Env) -> Iterator[Binding]:
        """Bindings of `name` visible from `env`, innermost scope first (one scope only)."""
        for func in reversed(env.funcs):
            found = func.bindings.get(name)
            if found is not None:
                yield from (b for b in found if b is not DYNAMIC)
                return
        yield from (b for b in self.info.bindings.get(name, []) if b is not DYNAMIC)


__all__ = ["Obj", "Resolver", "Value"]
