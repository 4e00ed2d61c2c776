"""Python scanner: OpenAI requests in a `.py` file, as `Call`s, found with `ast` (no grep).

What counts as a call: an OpenAI SDK method (see python_sdk), a v0 module-level call
(`openai.ChatCompletion.create`, `engine=` read as the model, `sdk_shape="v0"`), a framework
wrapper (see python_wrappers), or a raw HTTP POST to an OpenAI path (see python_http).
Mentions are not calls: alias tables, docstrings, comments and test data produce nothing
unless a value of theirs reaches a call.

Choices:
- One Call per model value that can reach the call (`"a" if x else "b"` gives two).
- An SDK call whose model cannot be read (a parameter, a runtime value) still yields one Call
  with `model=None`, `via="unresolved"` (`via="absent"` without a model keyword), so
  endpoint-level rules (a v0 shape, a shut-down interface, a base URL) still apply. Wrapper
  calls with an unreadable model yield nothing: without the string we cannot tell whose model.
- `location` is the call expression when the model literal is written inside the call, and
  the literal itself (quotes included) when it comes from a definition elsewhere in this file
  (a constant, an env default, a field or parameter default): the finding belongs where the
  string must change, and a suppression comment goes there. `site` is always the call.
  Values imported from other modules point at the call (`via="import"`, no `model_span`).
- `model_span` covers the characters inside the quotes (after a wrapper's provider prefix
  such as `openai/`), only when the source text equals the value (no escapes or implicit
  concatenation). `param_spans` cover each keyword's whole value expression (quotes included)
  for every keyword written, literal or not; `params` holds only readable values.
- Suppression comments on any line of a multi-line call (or of a multi-line statement that
  holds a reported literal) cover the whole statement.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable

from modelmap.scan.base import FileScan, ScanContext, passes
from modelmap.scan.python import helpers as python_helpers
from modelmap.scan.python import pruned, wrappers
from modelmap.scan.python import shapes as python_shapes
from modelmap.scan.python.astutil import statement_at
from modelmap.scan.python.branch import reachable
from modelmap.scan.python.consts import module_constants
from modelmap.scan.python.emit import Emitter
from modelmap.scan.python.gate import CODE_HINTS, HINTS, MODEL_LITERAL, worth_scanning
from modelmap.scan.python.http import PATH_WORDS, POST_HINT, http_call
from modelmap.scan.python.names import (
    PACKAGES,
    UNIMPORTED,
    V0_CLASSES,
    WRAPPER_NAMES,
)
from modelmap.scan.python.pruned import Hints
from modelmap.scan.python.scope import Env, ModuleInfo
from modelmap.scan.python.sdk import (
    Client,
    client_of,
    default_provider,
    expand_receiver,
    module_client,
    sdk_call,
    with_options,
)
from modelmap.scan.python.values import Resolver
from modelmap.scan.suppress import Suppressions, parse_suppressions, spread
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call
from modelmap.validate.endpoints import KINDS, V0_ENDPOINTS

_BOUND = re.compile(r"[ \t]*(\w+)[ \t]*(?::[^=]*)?=[ \t]*[\w.]+$")
"""A line binding a name to an SDK attribute chain (the name is then called elsewhere)."""
# Files the gate rejects are not parsed; parsed files are walked only into the statements and
# expressions that contain a hint line. Regexes whose alternatives do not start with a
# literal are slow in `re`, so wrapper names are matched with a per-file pattern built from
# what the file imports.


def scan(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan one Python file (the Scanner contract)."""
    sup = parse_suppressions(text, ("hash",))
    if not passes(worth_scanning, text, ctx):
        return FileScan(relpath, (), (), sup.line_ignores, sup.file_ignores)
    lines = LineIndex(text)
    if len(text) >= pruned.MIN_SIZE and not ctx.strict:
        cut = _pruned_tree(text, lines)
        if cut is not None:
            try:
                return _finish(relpath, text, cut[1], ctx, sup, (), lines, cut[0])
            except pruned.NeedFull:
                pass  # the scan needs a blanked body: parse the whole file
    notes: tuple[str, ...] = ()
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError) as exc:
        if ctx.strict:
            raise
        if not isinstance(exc, SyntaxError):
            return FileScan(relpath, (), (), sup.line_ignores, sup.file_ignores,
                            skip=f"not parsed ({type(exc).__name__}: {exc})")
        from modelmap.scan.python.recover import recover_python

        got = recover_python(text, exc)
        if got.tree is None:
            return FileScan(relpath, (), (), sup.line_ignores, sup.file_ignores,
                            skip=got.note())
        tree, text, notes = got.tree, got.text, (got.note(),)
        lines = LineIndex(text)
    return _finish(relpath, text, tree, ctx, sup, notes, lines, None)


def _pruned_tree(text: str, lines: LineIndex) -> tuple[pruned.Pruned, ast.Module] | None:
    """A large file's tree with the bodies the scan cannot need blanked (see pruned)."""
    if python_shapes.URL_WORD in text or "initial_model_settings" in text:
        return None  # realtime URLs and session settings are read from anywhere
    hints: list[Hints] = [CODE_HINTS]
    if any(word in text for word in PATH_WORDS):
        hints.append(POST_HINT)
    return pruned.parse(text, lines.starts, hints)


def _finish(relpath: str, text: str, tree: ast.Module, ctx: ScanContext, sup: Suppressions,
            notes: tuple[str, ...], lines: LineIndex, cut: pruned.Pruned | None) -> FileScan:
    finder = _Finder(relpath, text, tree, ctx, lines, cut)
    finder.run()
    ignores = spread(sup.line_ignores, finder.statement_spans()) if sup.line_ignores else {}
    calls = finder.calls
    if calls and ("startswith" in text or "==" in text or " in " in text):
        calls = reachable(tree, finder.lines, calls)
    return FileScan(relpath, tuple(calls), (), ignores, sup.file_ignores, notes)


class _Finder(Emitter):
    """One pass over a parsed module, collecting Calls."""

    def __init__(self, relpath: str, text: str, tree: ast.Module, ctx: ScanContext,
                 lines: LineIndex, cut: pruned.Pruned | None = None) -> None:
        self.tree = tree
        self.cut = cut
        self.info = ModuleInfo(tree, relpath, text)
        if cut is not None:
            self.info.hidden = cut.attrs
        super().__init__(relpath, lines, Resolver(self.info, ctx.constants))
        self.session_hint = "initial_model_settings" in text
        self.hits = self._hit_lines(text)
        if cut is not None and cut.covers(self.hits):
            raise pruned.NeedFull
        self.fallback = default_provider(self.res)
        self.chat_default = "chat_completions" in text and "set_default_openai_api" in text

    def _hit_lines(self, text: str) -> list[int]:
        """Sorted line numbers where a call we report may sit: SDK resource attributes, the
        wrapper names and wrapper packages this file imports, raw POSTs to OpenAI paths."""
        starts = self.lines.starts
        patterns: list[Hints] = [CODE_HINTS]
        names = {n for n in UNIMPORTED if n in text}
        for m in CODE_HINTS.finditer(text):  # `create = client.chat.completions.create`
            line = self.lines.line_text(bisect.bisect_right(starts, m.start()))
            bound = _BOUND.match(line)
            if bound is not None:
                names.add(bound.group(1))
        modules = set()
        for local, (module, attr) in self.info.imports.items():
            if not module.split(".", 1)[0].startswith(PACKAGES):
                continue
            if attr is None:
                modules.add(local)
            elif attr in WRAPPER_NAMES or attr in V0_CLASSES:
                names.add(local)
        if names:
            patterns.append(re.compile(rf"(?:{_alternatives(names)})\s*[(.]"))
        if modules:
            members = _alternatives({*WRAPPER_NAMES, *V0_CLASSES})
            patterns.append(re.compile(rf"(?:{_alternatives(modules)})\s*\.\s*(?:{members})\b"))
        if any(word in text for word in PATH_WORDS):
            patterns.append(POST_HINT)
        if self.session_hint:  # `runner.run(model_config={"initial_model_settings": ...})`
            patterns.append(re.compile(r"\bmodel_config\s*="))
        return sorted({bisect.bisect_right(starts, m.start())
                       for pattern in patterns for m in pattern.finditer(text)})

    def _relevant(self, node: ast.AST) -> bool:
        start = getattr(node, "lineno", None)
        if start is None:
            return True
        end = getattr(node, "end_lineno", None) or start
        i = bisect.bisect_left(self.hits, start)
        return i < len(self.hits) and self.hits[i] <= end

    def run(self) -> None:
        self._walk(self._on_call)
        python_shapes.wrapper_subclasses(self, self.tree)
        python_shapes.realtime_urls(self, self.tree, self.lines.text)
        found = python_helpers.module_helpers(self.helpers, self.tree.body, self.info.bindings)
        found.update(python_helpers.from_imports(self.info, self.res.constants, self.lines.text,
                                                 MODEL_LITERAL))
        if found:  # calls of the project's own helpers: a second walk over their lines
            pattern = re.compile(rf"\b(?:{_alternatives(set(found))})\s*\(")
            starts = self.lines.starts
            self.hits = sorted({bisect.bisect_right(starts, m.start())
                                for m in pattern.finditer(self.lines.text)})
            if self.cut is not None and self.cut.covers(self.hits):
                raise pruned.NeedFull

            def on_call(node: ast.Call, env: Env) -> None:
                if isinstance(node.func, ast.Name) and node.func.id in found:
                    self.helper_site(node, env, found[node.func.id])

            self._walk(on_call)

    def _walk(self, on_call: Callable[[ast.Call, Env], None]) -> None:
        todo: list[tuple[ast.AST, Env]] = [(self.tree, Env())]
        while todo:
            node, env = todo.pop()
            if isinstance(node, ast.Call):
                on_call(node, env)
            children = [c for c in ast.iter_child_nodes(node) if self._relevant(c)]
            todo += [(child, self._enter(node, child, env)) for child in reversed(children)]

    def _enter(self, parent: ast.AST, child: ast.AST, env: Env) -> Env:
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            cls = self.info.classes.get(parent.name) if isinstance(parent, ast.ClassDef) else None
            if cls is not None and cls.node is parent:
                return self.info.method_env(cls, child, env)
            own = self.info.func(child, env)
            return Env((*env.funcs, own), env.cls, env.self_name)
        if isinstance(child, ast.Lambda):
            return Env((*env.funcs, self.info.func(child, env)), env.cls, env.self_name)
        if isinstance(child, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            return self.info.comprehension(child, env)
        return env

    def statement_spans(self) -> list[tuple[int, int]]:
        """Call sites, and the simple statements holding reported definitions."""
        out = list(self.sites)
        for call in self.calls:
            if call.location is not None and call.location != call.site:
                out.append(statement_at(self.tree.body, call.location.line))
        return out

    # -- classification ----------------------------------------------------------------------

    def _on_call(self, node: ast.Call, env: Env) -> None:
        qual = self.res.qualname(node.func)
        if (qual and python_shapes.realtime_runner(self, node, qual, env)) or (
                self.session_hint and python_shapes.run_model_config(self, node, env)):
            return
        if qual:
            wrapper = wrappers.match(qual)
            if wrapper is not None:
                self.wrapper(node, wrapper, env)
                return
            head, _, rest = qual.partition(".")
            if head == "openai" and rest in V0_ENDPOINTS:
                kwargs, unknown = self.kwargs(node, env)
                model = kwargs.get("model") or kwargs.get("engine")
                if model is None and rest.startswith("Audio.") and node.args:
                    model = (node.args[0], env, "")
                client = module_client(self.res)
                self.emit(node, V0_ENDPOINTS[rest], env, client, model, kwargs, unknown,
                           shape="v0")
                return
        if isinstance(node.func, ast.Attribute) and node.func.attr == "post":
            http = http_call(self.res, node, env)
            if http is not None:
                kwargs, unknown = self.dict_kwargs(http.body, env)
                self.emit(node, http.endpoint, env, http.client, kwargs.get("model"), kwargs,
                          unknown)
            return
        sdk = sdk_call(node.func)
        expanded = expand_receiver(self.res, node.func, env)
        alt = sdk_call(expanded) if expanded is not None else None
        if alt is not None and (sdk is None or len(alt.endpoint) > len(sdk.endpoint)):
            sdk = alt
        if sdk is None:
            return
        client = client_of(self.res, sdk.receiver, env) or Client(None, self.fallback)
        client = with_options(self.res, client, sdk.options, env)
        kwargs, unknown = self.kwargs(node, env)
        model = kwargs.get("model")
        if model is None and "session" in kwargs:  # realtime.client_secrets.create(session=)
            model = self.dict_kwargs(kwargs["session"][0], kwargs["session"][1],
                                     "session")[0].get("model")
        self.emit(node, sdk.endpoint, env, client, model, kwargs, unknown)
        if KINDS.get(sdk.endpoint) == "responses" and "tools" in kwargs:
            self.image_tools(node, kwargs["tools"], client)

def _alternatives(words: set[str] | frozenset[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _order(call: Call) -> tuple[int, int]:
    site = call.site or call.location
    return (site.line, site.column) if site is not None else (0, 0)


__all__ = ["HINTS", "module_constants", "scan"]


