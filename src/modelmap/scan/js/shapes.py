"""JS/TS constructors of framework objects that carry a model, and realtime URL strings.

- `@openai/agents`: `new Runner({ model })` (the run's default model, Responses);
  `new RealtimeSession(agent, { model, config: { inputAudioTranscription: { model } } })`:
  the session model is a realtime request; the input transcription model (also
  `input_audio_transcription` or `audio: { input: { transcription: { model } } }`) is
  reported as a model in configuration (`config.model`, only name and lifecycle rules apply:
  it runs on the realtime transcription route, not Audio transcriptions).
- `@langchain/openai`: `new ChatOpenAI({ model | modelName })` (chat; Responses with
  `useResponsesApi: true`), `new OpenAI({...})` (legacy completions), `new OpenAIEmbeddings(
  {...})`, their Azure twins (provider `azure`); `configuration: { baseURL }` sets the route.
  Only classes imported from LangChain's OpenAI packages count (other vendors ship classes
  with the same names).
- Realtime URLs: any string or template literal whose value is an `api.openai.com` realtime
  URL with a `model=` query (WebSocket `wss://.../v1/realtime?model=`, WebRTC
  `https://.../v1/realtime/calls?model=`) is a realtime request for that model, wherever it is
  written, unless a `new WebSocket(...)` call already reported it.
- AI SDK `openai.experimental_realtime(id)` serves Realtime and Live models: see
  `realtime_api`.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.scan.js.build import FileInfo, Route, make_call, object_arg, source_of
from modelmap.scan.js.resolve import property_map, resolve, resolve_object
from modelmap.scan.js.values import Node, Value, text_of, unwrap
from modelmap.scan.providers import DYNAMIC, provider_for_url
from modelmap.scan.python.shapes import REALTIME_URL
from modelmap.validate.call import Call, Span

URL_WORD = "api.openai.com/v1/realtime"
_LANGCHAIN_SOURCES = ("@langchain/openai", "langchain/chat_models/openai",
                      "langchain/llms/openai", "langchain/embeddings/openai")
_LANGCHAIN = {
    "ChatOpenAI": ("chat.completions.create", None),
    "AzureChatOpenAI": ("chat.completions.create", "azure"),
    "OpenAI": ("completions.create", None),
    "AzureOpenAI": ("completions.create", "azure"),
    "OpenAIEmbeddings": ("embeddings.create", None),
    "AzureOpenAIEmbeddings": ("embeddings.create", "azure"),
}


def construct(info: FileInfo, node: Node, ctor: str, args: list[Node]) -> list[Call] | None:
    """Calls a `new <ctor>(...)` of a known framework class makes (None: not one)."""
    source = source_of(info.b, ctor) or ""
    ctor = info.b.imports.get(ctor, ("", ctor))[1]  # `import { X as Y }`: X
    if source.startswith("@openai/agents"):
        if ctor == "Runner":
            return _model_of(info, node, object_arg(args, 0, info.b), "responses.create")
        if ctor == "RealtimeSession":
            return _realtime_session(info, node, object_arg(args, 1, info.b))
        return None
    if ctor in _LANGCHAIN and source in _LANGCHAIN_SOURCES:
        return _langchain(info, node, ctor, object_arg(args, 0, info.b))
    return None


def _model_of(info: FileInfo, node: Node, obj: Node | None, endpoint: str,
              route: Route | None = None, keys: tuple[str, ...] = ("model",)) -> list[Call]:
    props = property_map(obj, info.b)[0] if obj is not None else {}
    model = next((props[k] for k in keys if k in props), None)
    if model is None:
        return []
    return make_call(info, node, endpoint, None, route or Route(), model=model)


def _realtime_session(info: FileInfo, node: Node, options: Node | None) -> list[Call]:
    if options is None:
        return []
    out = _model_of(info, node, options, "realtime.connect")
    config = _object(info, options, "config")
    heard = _object(info, config, "inputAudioTranscription") or _object(
        info, config, "input_audio_transcription") or _object(
        info, _object(info, _object(info, config, "audio"), "input"), "transcription")
    found = _model_of(info, node, heard, "config.model")
    return out + [c for c in found if c.model is not None]


def _object(info: FileInfo, obj: Node | None, key: str) -> Node | None:
    if obj is None:
        return None
    value = property_map(obj, info.b)[0].get(key)
    return resolve_object(value, info.b) if value is not None else None


def _langchain(info: FileInfo, node: Node, ctor: str, options: Node | None) -> list[Call]:
    endpoint, provider = _LANGCHAIN[ctor]
    props = property_map(options, info.b)[0] if options is not None else {}
    flag = unwrap(props.get("useResponsesApi"))
    if endpoint.startswith("chat.") and flag is not None and flag.type == "true":
        endpoint = "responses.create"
    route = Route(None, provider)
    base = _object(info, options, "configuration")
    url = property_map(base, info.b)[0].get("baseURL") if base is not None else None
    found = resolve(url, info.b, info.pos) if url is not None else None
    if url is not None:
        route = Route(found.text, provider or provider_for_url(found.text), found.span) \
            if found is not None else Route(None, provider or DYNAMIC)
    calls = _model_of(info, node, options, endpoint, route, ("model", "modelName"))
    return [c for c in calls if c.model is not None]  # a library default is not reported


def realtime_strings(info: FileInfo, done: list[Call]) -> Iterator[Call]:
    """Calls for realtime URL literals no WebSocket call has reported."""
    seen = {(c.model, c.model_span) for c in done if c.model_span is not None}
    sites = [c.site for c in done if c.site is not None and c.endpoint.startswith("realtime")]
    for node in info.urls:
        found = resolve(node, info.b, info.pos)
        m = REALTIME_URL.match(found.text) if found is not None else None
        if found is None or m is None:
            continue
        model = m.group(2)
        value = _located(info, node, model)
        if (model, value.span) in seen or any(
                s.line <= node.start_point[0] + 1 <= s.end_line for s in sites):
            continue
        endpoint = "realtime.calls.create" if m.group(1) else "realtime.connect"
        yield from make_call(info, node, endpoint, None, Route(), value=value)


def _located(info: FileInfo, node: Node, model: str) -> Value:
    """Where the model of a URL literal is written: inside the literal, or in the constant a
    final `${...}` substitution names."""
    last = node.named_children[-1] if node.named_children else None
    if node.type == "template_string" and last is not None and \
            last.type == "template_substitution" and last.named_children:
        inner = resolve(last.named_children[0], info.b, info.pos)
        if inner is not None and inner.text == model and inner.where is not None:
            return inner
    where = info.pos.span(node)
    raw = text_of(node)
    at = raw.find("model=" + model)
    span = None
    if at >= 0 and where.line == where.end_line:
        col = where.column + at + len("model=")
        span = Span(where.line, col, where.line, col + len(model))
    return Value(model, span, "literal", where)


def realtime_api(info: FileInfo, args: list[Node], endpoint: str) -> str:
    """The API an AI SDK `experimental_realtime(id, { api })` model talks to: it serves both
    Realtime and Live models, Live when `api: 'live'` says so or the ID is a `gpt-live` one."""
    if endpoint != "realtime.connect" or not args:
        return endpoint
    options = object_arg(args, 1, info.b)
    api = property_map(options, info.b)[0].get("api") if options is not None else None
    chosen = resolve(api, info.b, info.pos) if api is not None else None
    if chosen is not None:
        return "live.connect" if chosen.text == "live" else endpoint
    model = resolve(args[0], info.b, info.pos)
    return "live.connect" if model is not None and model.text.startswith("gpt-live") \
        else endpoint
