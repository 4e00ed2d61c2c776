"""Branches a call's model cannot take: drop the call there.

    if OPENAI_MODEL.startswith("gpt-5"):
        client.responses.create(model=OPENAI_MODEL, reasoning=...)
    else:
        client.responses.create(model=OPENAI_MODEL, temperature=0.0)   # never runs for gpt-5.x

A call is dropped for one model value when an enclosing `if`/`elif`/`else` (or conditional
expression) tests the very expression the call passes as `model=` and that test, evaluated on
the value, rules the branch out. Tests understood: `x.startswith(...)`/`endswith` with string
literals (also after `.lower()`/`.strip()`), `x == "..."`, `!=`, `in`/`not in` a literal
tuple/list/set, and `not`/`and`/`or` of those. Anything else counts as "may run".
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call

_FOLD: dict[str, Callable[[str], str]] = {
    "lower": str.lower, "upper": str.upper, "strip": str.strip, "casefold": str.casefold}


def reachable(tree: ast.Module, lines: LineIndex, calls: Sequence[Call]) -> list[Call]:
    """`calls` without those whose model value rules out an enclosing branch."""
    sites = {(c.site.line, c.site.column) for c in calls
             if isinstance(c.model, str) and c.site is not None}
    if not sites:
        return list(calls)
    guarded = _guarded_calls(tree, lines, sites)
    if not guarded:
        return list(calls)
    out = []
    for call in calls:
        site = call.site
        found = guarded.get((site.line, site.column)) if site is not None else None
        if found is not None and isinstance(call.model, str) and _ruled_out(*found, call.model):
            continue
        out.append(call)
    return out


Guards = list[tuple[ast.expr, bool]]


def _guarded_calls(tree: ast.Module, lines: LineIndex, sites: set[tuple[int, int]]
                   ) -> dict[tuple[int, int], tuple[ast.Call, Guards]]:
    """Call nodes at `sites` that sit under at least one branch test, with those tests."""
    out: dict[tuple[int, int], tuple[ast.Call, Guards]] = {}
    wanted = {line for line, _ in sites}
    todo: list[tuple[ast.AST, Guards]] = [(tree, [])]
    while todo:
        node, guards = todo.pop()
        start: int | None = getattr(node, "lineno", None)
        if start is not None and not any(
                start <= w <= (getattr(node, "end_lineno", None) or start) for w in wanted):
            continue  # no call site inside: nothing to find below
        if isinstance(node, ast.If | ast.IfExp):
            todo.append((node.test, guards))
            body = node.body if isinstance(node.body, list) else [node.body]
            orelse = node.orelse if isinstance(node.orelse, list) else [node.orelse]
            todo += [(n, [*guards, (node.test, True)]) for n in body]
            todo += [(n, [*guards, (node.test, False)]) for n in orelse]
            continue
        if guards and isinstance(node, ast.Call) and node.lineno in wanted:
            span = lines.node_span(node)
            if (span.line, span.column) in sites:
                out[(span.line, span.column)] = (node, guards)
        for _field, value in ast.iter_fields(node):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                todo += _block(value, guards)
            elif isinstance(value, list):
                todo += [(v, guards) for v in value if isinstance(v, ast.AST)]
            elif isinstance(value, ast.AST):
                todo.append((value, guards))
    return out


def _block(stmts: list[ast.stmt], guards: Guards) -> list[tuple[ast.AST, Guards]]:
    """Statements with their guards: after `if test: ...return` (no else) the rest of the
    block runs only when the test is false."""
    out: list[tuple[ast.AST, Guards]] = []
    for stmt in stmts:
        out.append((stmt, guards))
        if isinstance(stmt, ast.If) and not stmt.orelse and isinstance(
                stmt.body[-1], ast.Return | ast.Raise | ast.Continue | ast.Break):
            guards = [*guards, (stmt.test, False)]
    return out


def _ruled_out(node: ast.Call, guards: Guards, model: str) -> bool:
    given = next((kw.value for kw in node.keywords if kw.arg == "model"), None)
    if given is None:
        return False
    subject = ast.dump(given)
    return any(_test(test, subject, model) is (not taken) for test, taken in guards)


def _test(expr: ast.expr, subject: str, model: str) -> bool | None:
    """The test's value when the subject expression holds `model` (None: cannot tell)."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        inner = _test(expr.operand, subject, model)
        return None if inner is None else not inner
    if isinstance(expr, ast.BoolOp):
        values = [_test(v, subject, model) for v in expr.values]
        if isinstance(expr.op, ast.And):
            return False if False in values else (None if None in values else True)
        return True if True in values else (None if None in values else False)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and (
            expr.func.attr in ("startswith", "endswith") and len(expr.args) == 1):
        value = _value(expr.func.value, subject, model)
        prefixes = _strings(expr.args[0])
        if value is None or prefixes is None:
            return None
        test = value.startswith if expr.func.attr == "startswith" else value.endswith
        return test(prefixes)
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1:
        value = _value(expr.left, subject, model)
        options = _strings(expr.comparators[0])
        if value is None or options is None:
            return None
        op = expr.ops[0]
        if isinstance(op, ast.In | ast.NotIn) and isinstance(expr.comparators[0], ast.Constant):
            return (value in options[0]) is isinstance(op, ast.In)  # a substring test
        if isinstance(op, ast.Eq | ast.In):
            return value in options
        if isinstance(op, ast.NotEq | ast.NotIn):
            return value not in options
    return None


def _value(expr: ast.expr, subject: str, model: str) -> str | None:
    """`model` as the expression sees it, when the expression is the subject (or a case or
    whitespace fold of it)."""
    if ast.dump(expr) == subject:
        return model
    if (isinstance(expr, ast.Call) and not expr.args and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in _FOLD):
        inner = _value(expr.func.value, subject, model)
        return None if inner is None else _FOLD[expr.func.attr](inner)
    return None


def _strings(expr: ast.expr) -> tuple[str, ...] | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return (expr.value,)
    if isinstance(expr, ast.Tuple | ast.List | ast.Set):
        items = [e.value for e in expr.elts
                 if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return tuple(items) if len(items) == len(expr.elts) else None
    return None
