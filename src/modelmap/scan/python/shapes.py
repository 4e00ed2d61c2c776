"""Python call shapes that are not a single SDK method call: realtime URLs carrying
`?model=`, OpenAI Agents SDK realtime session settings, and LangChain wrapper subclasses whose
field default is the model.

- A string (or f-string) holding an `api.openai.com` realtime URL with a `model=` query
  (`wss://api.openai.com/v1/realtime?model=...` for WebSocket, `.../v1/realtime/calls?model=`
  for WebRTC) is a realtime request for that model, wherever the string is written: the URL
  names OpenAI's host and the model, and nothing else reads such a URL. Other hosts are left
  to the HTTP shapes (a proxy's URL says nothing about who serves it).
- `RealtimeRunner(agent, config={"model_settings": {...}})` (or `RealtimeRunConfig(
  model_settings=...)`) from `agents.realtime`, and `runner.run(model_config={
  "initial_model_settings": {...}})`: `model_name` is the realtime model; the input
  transcription model (`input_audio_transcription={"model": ...}` or
  `audio={"input": {"transcription": {"model": ...}}}`) is reported as a model in
  configuration (`config.model`: only name and lifecycle rules apply, since that request goes
  to the realtime transcription route, not Audio transcriptions).
- `class MyLLM(ChatOpenAI): model_name: str = "gpt-..."`: the field default is what the
  wrapper sends when built without a model, so it is reported at the default, with the
  wrapper's route.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, cast

from modelmap.findings import Location
from modelmap.scan.python import wrappers
from modelmap.scan.python.astutil import literal
from modelmap.scan.python.scope import Env
from modelmap.scan.python.sdk import Client, sources
from modelmap.validate.call import Call, Span

if TYPE_CHECKING:
    from modelmap.scan.python.emit import KW, Emitter

REALTIME_URL = re.compile(
    r"^(?:wss|https)://api\.openai\.com/v1/realtime(/calls)?/?\?(?:[^#]*&)?model=([^&#]+)")
"""An OpenAI realtime URL and the model its query names (group 1: the WebRTC calls path)."""
URL_WORD = "api.openai.com/v1/realtime"
_REALTIME_RUNNERS = frozenset(wrappers.REALTIME_RUNNERS)


def realtime_urls(finder: Emitter, tree: ast.Module, text: str) -> None:
    """Calls for every realtime URL string with a model query (strings and f-strings)."""
    if URL_WORD not in text:
        return
    done: set[int] = set()
    partial: set[int] = set()
    """Constant parts of unreadable f-strings: only a model followed by more text counts."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr | ast.Constant) or id(node) in done:
            continue
        where: ast.expr = node
        if isinstance(node, ast.JoinedStr):
            parts = [finder.res.values(p.value if isinstance(p, ast.FormattedValue) else p,
                                       Env()) for p in node.values]
            inner = {id(p) for p in node.values[:-1]}
            if not all(len({v.text for v in vals}) == 1 for vals in parts):
                partial |= inner
                continue
            done |= inner | {id(node.values[-1])}
            value = "".join(vals[0].text for vals in parts)
            last = parts[-1][0]  # `...?model={MODEL}`: the finding goes on MODEL's literal
            if isinstance(node.values[-1], ast.FormattedValue) and last.node is not None and \
                    value.endswith("model=" + last.text):
                where = last.node
        elif isinstance(node.value, str):
            value = node.value
        else:
            continue
        m = REALTIME_URL.match(value)
        if m is None or (id(node) in partial and m.end() == len(value)):
            continue
        model = m.group(2)
        endpoint = "realtime.calls.create" if m.group(1) else "realtime.connect"
        site = _location(finder, node)
        finder.sites.append((site.line, site.end_line))
        if where is not node:
            assert isinstance(where, ast.Constant)
            finder.calls.append(Call(endpoint, model, location=_location(finder, where),
                                     site=site, model_span=finder.lines.inner_span(where),
                                     via="constant", unknown_params=True))
            continue
        finder.calls.append(Call(endpoint, model, location=site, site=site,
                                 model_span=_inside(finder, node, "model=" + model),
                                 via="literal", unknown_params=True))


def _inside(finder: Emitter, node: ast.expr, needle: str) -> Span | None:
    """The span of the last `len(needle) - 6` characters of `needle` in the node's source
    (the model after `model=`), when the source spells it out on one line."""
    start, end = finder.lines.node_offsets(node)
    at = finder.lines.text.find(needle, start, end)
    if at < 0:
        return None
    span = finder.lines.span(at + len("model="), at + len(needle))
    return span if span.line == span.end_line else None


def _location(finder: Emitter, node: ast.expr) -> Location:
    s = finder.lines.node_span(node)
    return Location(finder.path, s.line, s.column, s.end_line, s.end_column)


def realtime_runner(finder: Emitter, node: ast.Call, qual: str, env: Env) -> bool:
    """`RealtimeRunner(..., config={"model_settings": {...}})` and `RealtimeRunConfig(
    model_settings={...})` from the Agents SDK. True when `node` is one (handled)."""
    module, _, last = qual.rpartition(".")
    if last not in _REALTIME_RUNNERS or module.split(".", 1)[0] != "agents":
        return False
    kwargs, _ = finder.kwargs(node, env)
    if last == "RealtimeRunner":
        config = kwargs.get("config")
        if config is None:
            return True
        inner = _dict(finder, config)
        settings = inner.get("model_settings")
    else:
        settings = kwargs.get("model_settings")
    if settings is not None:
        _session_settings(finder, node, env, settings)
    return True


def run_model_config(finder: Emitter, node: ast.Call, env: Env) -> bool:
    """`await runner.run(model_config={"initial_model_settings": {...}})` in a module that
    imports the Agents SDK. True when `node` is one (handled)."""
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "run") or \
            "agents" not in finder.res.info.top_modules:
        return False
    config = next(((k.value, env, "") for k in node.keywords if k.arg == "model_config"), None)
    settings = _dict(finder, config).get("initial_model_settings") if config else None
    if settings is None:
        return False
    _session_settings(finder, node, env, settings)
    return True


def _session_settings(finder: Emitter, node: ast.Call, env: Env,
                      settings: tuple[ast.expr, Env, str]) -> None:
    """The realtime model and the input transcription model of session settings."""
    items = _dict(finder, settings)
    client = Client(None, None)
    if "model_name" in items:
        finder.emit(node, "realtime.connect", env, client, items["model_name"], {}, True)
    transcription = _dict(finder, items["input_audio_transcription"]) if (
        "input_audio_transcription" in items) else {}
    if "model" not in transcription and "audio" in items:
        audio_in = _dict(finder, items["audio"]).get("input")
        heard = _dict(finder, audio_in).get("transcription") if audio_in else None
        transcription = _dict(finder, heard) if heard else {}
    if "model" in transcription:
        finder.emit(node, "config.model", env, client, transcription["model"], {}, True,
                    route=lambda text: (text, "config.model", None))


def _dict(finder: Emitter, entry: tuple[ast.expr, Env, str]) -> KW:
    """The string-keyed entries of the dict literal an entry stands for (or `dict(k=v)`)."""
    expr, env, _ = entry
    if isinstance(expr, ast.Name):  # `S = dict(...)` bound once
        bound = sources(finder.res, expr, env)
        if len(bound) == 1 and isinstance(bound[0][0], ast.Call):
            expr, env = bound[0]
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and \
            expr.func.id == "dict":
        return {k.arg: (k.value, env, "") for k in expr.keywords if k.arg is not None}
    return finder.dict_kwargs(expr, env, "")[0]


def wrapper_subclasses(finder: Emitter, tree: ast.Module) -> None:
    """Module-level classes deriving from a LangChain/Agents wrapper: their model field
    defaults are requests (reported at the default)."""
    for stmt in tree.body:
        if not isinstance(stmt, ast.ClassDef) or not stmt.bases:
            continue
        found = _wrapper_base(finder, stmt)
        cls = finder.res.info.classes.get(stmt.name)
        if found is None or cls is None or cls.node is not stmt:
            continue
        flags: dict[str, object] = {"_chat_default": finder.chat_default}
        for name in ("use_responses_api", "output_version"):
            for b in cls.fields.get(name, []):
                if b.expr is not None:
                    flags[name] = literal(b.expr)
        for kw in found.model_kw:
            for b in cls.fields.get(kw, []):
                if b.expr is None or b.kind != "field":
                    continue
                model: tuple[ast.expr, Env, str] = (b.expr, b.env, "")

                def route(text: str, w: wrappers.Wrapper = found,
                          f: dict[str, object] = flags) -> tuple[str, str, str | None] | None:
                    return wrappers.route(w, text, f)

                site = cast(ast.Call, b.expr)  # emit only needs a position
                finder.emit(site, found.endpoint, b.env, Client(None, found.provider), model,
                            {}, True, route=route)


def _wrapper_base(finder: Emitter, cls: ast.ClassDef) -> wrappers.Wrapper | None:
    for base in cls.bases:
        qual = finder.res.qualname(base)
        if qual and "." in qual:  # only imported wrapper classes, never a bare look-alike
            found = wrappers.match(qual)
            if found is not None and found.family == "langchain":
                return found
    return None

