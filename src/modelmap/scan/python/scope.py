"""Scopes of one Python module: which expressions each name may be bound to.

One linear pass per scope collects bindings (assignments, parameters with their defaults,
imports, classes, loop targets); names bound in ways we cannot read (tuple unpacking, `with`,
`except`, augmented assignment, nested defs) get the DYNAMIC marker, so a lookup never falls
through to an outer scope the name does not really come from.
"""

from __future__ import annotations

import ast
import bisect
import re
from dataclasses import dataclass, field

from modelmap.scan.python.astutil import (
    dotted,
    lookup_module,
    module_name,
    statements,
    statements_on,
)

_IMPORT_WORD = re.compile(r"import\b")
_IMPORT_HEAD = re.compile(r"[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?")
"""What may come before `import` on a line that starts an import statement."""


@dataclass(eq=False)
class Binding:
    """One way a name gets its value."""

    kind: str
    """module | local | param | import | class | loop | field | classvar | self | dynamic."""
    expr: ast.expr | None = None
    """The bound expression (a parameter's default, a loop's iterable)."""
    env: Env = field(default_factory=lambda: Env())
    """Where `expr` must be resolved."""
    module: str | None = None
    attr: str | None = None
    """For imports: `from module import attr` (attr None: `import module`)."""
    cls: ClassInfo | None = None


@dataclass(frozen=True, eq=False)
class Env:
    """Enclosing function scopes (outermost first) and, inside a method, its class."""

    funcs: tuple[FuncInfo, ...] = ()
    cls: ClassInfo | None = None
    self_name: str | None = None


DYNAMIC = Binding("dynamic")


@dataclass(eq=False)
class FuncInfo:
    """Parameters and locals of one function."""

    node: ast.AST
    """The def, lambda or comprehension."""
    bindings: dict[str, list[Binding]] = field(default_factory=dict)


@dataclass(eq=False)
class ClassInfo:
    """A class defined in this module: its body attributes and `self.x = ...` assignments."""

    name: str
    node: ast.ClassDef
    fields: dict[str, list[Binding]] = field(default_factory=dict)
    self_attrs: dict[str, list[Binding]] | None = None
    """Filled by ModuleInfo.self_attrs on first use."""
    outer: Env = field(default_factory=lambda: Env())
    """The scope the class statement is in."""


class ModuleInfo:
    """Bindings, classes and imports of one module."""

    def __init__(self, tree: ast.Module, relpath: str = "", text: str | None = None) -> None:
        """`text` (the module's source) lets imports be found without walking every
        statement."""
        self.name = module_name(relpath)
        self.is_package = relpath.endswith(("__init__.py", "__init__.pyi"))
        self.classes: dict[str, ClassInfo] = {}
        self.imports: dict[str, tuple[str, str | None]] = {}
        self.attr_assigns: dict[str, list[ast.expr]] = {}
        self.bindings: dict[str, list[Binding]] = {}
        self._funcs: dict[int, FuncInfo] = {}
        self.hidden: frozenset[str] = frozenset()
        """Attributes assigned in function bodies left out of the tree (see pruned): a
        `self.<attr>` lookup of one raises pruned.NeedFull."""
        found = (statements(tree.body, nested=True) if text is None else
                 statements_on(tree.body, _import_lines(text)))
        for node in found:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for local, target in self._import_targets(node):
                    self.imports.setdefault(local, target)
        self._collect(tree.body, self.bindings, Env(), "module")

    @property
    def top_modules(self) -> set[str]:
        """Top-level packages this module imports (`openai`, `groq`, ...)."""
        return {m.split(".", 1)[0] for m, _ in self.imports.values()}

    def func(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
             outer: Env) -> FuncInfo:
        """FuncInfo for `node` (cached); `outer` is the scope the def appears in."""
        info = self._funcs.get(id(node))
        if info is not None:
            return info
        info = FuncInfo(node)
        self._funcs[id(node)] = info
        args = node.args
        positional = args.posonlyargs + args.args
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
        defaults += list(args.defaults)
        pairs = list(zip(positional, defaults, strict=True))
        pairs += list(zip(args.kwonlyargs, args.kw_defaults, strict=True))
        for arg, default in pairs:
            info.bindings[arg.arg] = [Binding("param", default, outer)]
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                info.bindings[extra.arg] = [DYNAMIC]
        if isinstance(node, ast.Lambda):
            return info
        own = Env((*outer.funcs, info), outer.cls, outer.self_name)
        self._collect(node.body, info.bindings, own, "local")
        return info

    def comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp,
                      outer: Env) -> Env:
        """Env inside a comprehension: its targets are loop bindings over their iterables."""
        info = self._funcs.get(id(node))
        if info is None:
            info = FuncInfo(node)
            self._funcs[id(node)] = info
            for gen in node.generators:
                if isinstance(gen.target, ast.Name):
                    info.bindings[gen.target.id] = [Binding("loop", gen.iter, outer)]
                else:
                    for sub in ast.walk(gen.target):
                        if isinstance(sub, ast.Name):
                            info.bindings[sub.id] = [DYNAMIC]
        return Env((*outer.funcs, info), outer.cls, outer.self_name)

    def method_env(self, cls: ClassInfo, node: ast.FunctionDef | ast.AsyncFunctionDef,
                   outer: Env) -> Env:
        """Env inside method `node` of `cls` (`self` bound to an instance of cls)."""
        decorators = {getattr(d, "id", getattr(d, "attr", "")) for d in node.decorator_list}
        args = node.args.posonlyargs + node.args.args
        self_name = args[0].arg if args and "staticmethod" not in decorators else None
        base = Env(outer.funcs, cls, self_name)
        info = self.func(node, base)
        return Env((*outer.funcs, info), cls, self_name)

    def mro(self, cls: ClassInfo) -> list[ClassInfo]:
        """cls and its base classes defined in this module, depth-first, no repeats."""
        out: list[ClassInfo] = []
        todo = [cls]
        while todo and len(out) < 16:
            cur = todo.pop(0)
            if cur in out:
                continue
            out.append(cur)
            todo += [self.classes[b.id] for b in cur.node.bases
                     if isinstance(b, ast.Name) and b.id in self.classes]
        return out

    # -- collection --------------------------------------------------------------------------

    def _import_targets(self, node: ast.Import | ast.ImportFrom
                        ) -> list[tuple[str, tuple[str, str | None]]]:
        if isinstance(node, ast.Import):
            return [(a.asname, (a.name, None)) if a.asname else
                    (a.name.split(".")[0], (a.name.split(".")[0], None)) for a in node.names]
        base = node.module or ""
        if node.level:
            parts = self.name.split(".") if self.name else []
            keep = len(parts) - node.level + (1 if self.is_package else 0)
            prefix = ".".join(parts[:max(keep, 0)])
            base = f"{prefix}.{base}".strip(".") if base else prefix
        return [(a.asname or a.name, (base, a.name)) for a in node.names if a.name != "*"]

    def _collect(self, body: list[ast.stmt], out: dict[str, list[Binding]], env: Env,
                 kind: str) -> None:
        """Bindings made by the statements of one scope (not by nested defs or classes).

        Only statements and their target expressions are visited, never whole expression
        trees: a walrus inside an expression is not seen (the name then resolves outward)."""
        declared: set[str] = set()

        def add(name: str, binding: Binding) -> None:
            out.setdefault(name, []).append(binding)

        def dynamic(target: ast.AST) -> None:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    add(sub.id, DYNAMIC)
                elif isinstance(sub, ast.MatchAs | ast.MatchStar) and sub.name:
                    add(sub.name, DYNAMIC)
                elif isinstance(sub, ast.MatchMapping) and sub.rest:
                    add(sub.rest, DYNAMIC)

        for node in statements(body):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name) and node.value is not None:
                        add(t.id, Binding(kind, node.value, env))
                    elif isinstance(t, ast.Attribute) and kind == "module" and node.value:
                        name = dotted(t)
                        if name:
                            self.attr_assigns.setdefault(name, []).append(node.value)
                    elif isinstance(t, ast.Tuple | ast.List | ast.Starred):
                        dynamic(t)
            elif isinstance(node, ast.AugAssign):
                dynamic(node.target)
            elif isinstance(node, ast.For | ast.AsyncFor):
                if isinstance(node.target, ast.Name):
                    add(node.target.id, Binding("loop", node.iter, env))
                else:
                    dynamic(node.target)
            elif isinstance(node, ast.With | ast.AsyncWith):
                for item in node.items:
                    if item.optional_vars is not None:
                        dynamic(item.optional_vars)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                for local, (module, attr) in self._import_targets(node):
                    add(local, Binding("import", module=module, attr=attr))
            elif isinstance(node, ast.ClassDef):
                if kind == "module":
                    cls = self._class(node, env)
                    self.classes.setdefault(node.name, cls)
                    add(node.name, Binding("class", cls=cls))
                else:
                    add(node.name, DYNAMIC)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                add(node.name, DYNAMIC)
            elif isinstance(node, ast.Global | ast.Nonlocal):
                declared.update(node.names)
            elif isinstance(node, ast.Try | ast.TryStar):
                for handler in node.handlers:
                    if handler.name:
                        add(handler.name, DYNAMIC)
            elif isinstance(node, ast.Match):
                for case in node.cases:
                    dynamic(case.pattern)
        for name in declared:
            out.pop(name, None)

    def _class(self, node: ast.ClassDef, outer: Env) -> ClassInfo:
        cls = ClassInfo(node.name, node, outer=outer)
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                if stmt.value is not None:
                    kind = "classvar" if "ClassVar" in ast.dump(stmt.annotation) else "field"
                    cls.fields.setdefault(stmt.target.id, []).append(
                        Binding(kind, stmt.value, outer))
            elif isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        cls.fields.setdefault(t.id, []).append(
                            Binding("classvar", stmt.value, outer))
        return cls

    def self_attrs(self, cls: ClassInfo) -> dict[str, list[Binding]]:
        """`self.<attr> = ...` assignments in the methods of cls (computed on first use)."""
        if cls.self_attrs is not None:
            return cls.self_attrs
        found: dict[str, list[Binding]] = {}
        if self.hidden:
            from modelmap.scan.python.pruned import Guarded

            found = Guarded(self.hidden)
        cls.self_attrs = found
        for stmt in cls.node.body:
            if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            env = self.method_env(cls, stmt, cls.outer)
            if env.self_name is None:
                continue
            for sub in statements(stmt.body, nested=True):
                if not isinstance(sub, ast.Assign | ast.AnnAssign) or sub.value is None:
                    continue
                targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
                for t in targets:
                    if (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                            and t.value.id == env.self_name):
                        found.setdefault(t.attr, []).append(Binding("self", sub.value, env))
        return found


__all__ = ["DYNAMIC", "Binding", "ClassInfo", "Env", "FuncInfo", "ModuleInfo", "lookup_module",
           "module_name"]


def _import_lines(text: str) -> list[int]:
    """Sorted 1-based lines that start an import statement (found from the word `import`:
    a pattern that starts with a literal runs at C speed, one anchored at line starts
    does not)."""
    from modelmap.scan.text import LineIndex

    found = []
    for m in _IMPORT_WORD.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if _IMPORT_HEAD.fullmatch(text, start, m.start()):
            found.append(start)
    if not found:
        return []
    starts = LineIndex(text).starts
    return sorted({bisect.bisect_right(starts, offset) for offset in found})
