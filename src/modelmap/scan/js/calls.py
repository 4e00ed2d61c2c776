"""Which JS/TS call expressions are OpenAI requests, and the `Call` each one makes.

Followed shapes:
- openai-node: `client.chat.completions.create({ model, ... })` and every other endpoint key in
  modelmap.validate.endpoints (camelCase methods map to snake_case keys: `images.createVariation`
  -> `images.create_variation`), `await`ed or not, on any receiver (`client`, `this.openai`).
  The receiver's `new OpenAI({ baseURL })` / `new AzureOpenAI(...)` sets the route; a look-alike
  SDK (`new Groq()`) sets `provider` to its package name.
- Realtime: `new OpenAIRealtimeWebSocket({ model }, client)`, `OpenAIRealtimeWS.create(client,
  { model })`, `new WebSocket("wss://api.openai.com/v1/realtime?model=...")`.
- Vercel AI SDK (modelmap.scan.js.aisdk): `openai("id")` (Responses, the AI SDK 5 default),
  `openai.chat|responses|completion|embedding|image|transcription|speech|
  experimental_realtime("id")`, providers from `createOpenAI({ baseURL })` (named or called
  inline), a global default provider, and AI Gateway strings (`generateText({ model:
  "openai/gpt-..." })`): the gateway forwards the bare ID to OpenAI, so, as for LiteLLM in the
  Python scanner, the call carries the ID without `openai/` (`model_span` starts after the
  prefix) and no provider; strings for other providers (`anthropic/...`) yield no call.
- OpenAI Agents SDK: `new Agent({ model })` from `@openai/agents` (Responses); `Runner`,
  `RealtimeSession`, `@langchain/openai` classes and realtime URL literals are in
  modelmap.scan.js.shapes.
- openai-node helpers: `chat.completions.runTools|parse|stream`, `responses.parse|stream`,
  `fineTuning.jobs.create` (the base model) are endpoint keys like any other.
- Legacy openai-node v3 (`new OpenAIApi(cfg).createChatCompletion({...})`): `sdk_shape="node-v3"`.
- Raw HTTP: `fetch(url, { body: JSON.stringify({ model }) })`, `axios.post(url, { model })`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from modelmap.scan.js import helpers as js_helpers
from modelmap.scan.js import shapes as js_shapes
from modelmap.scan.js.aisdk import (
    AI_FUNCTIONS,
    AI_SDK_METHODS,
    ai_provider,
    gateway,
    inline_provider,
    method_endpoint,
    options_route,
    provider_call,
)
from modelmap.scan.js.build import (
    IMPLICIT,
    FileInfo,
    Route,
    args_of,
    construction,
    make_call,
    object_arg,
    source_of,
)
from modelmap.scan.js.http import raw_http_call, realtime_url_call
from modelmap.scan.js.names import LAST_SEGMENTS, method_word, snake
from modelmap.scan.js.resolve import property_map, resolve, resolve_object
from modelmap.scan.js.values import (
    Node,
    dotted,
    text_of,
    unwrap,
)
from modelmap.scan.providers import CLIENT_CLASSES
from modelmap.validate.call import Call
from modelmap.validate.endpoints import ENDPOINTS, KINDS, NODE_V3_METHODS

REALTIME_CLASSES = ("OpenAIRealtimeWebSocket", "OpenAIRealtimeWS")
_JS_SDKS = {
    "groq-sdk": "groq", "together-ai": "together", "@mistralai/mistralai": "mistral",
    "@cerebras/cerebras_cloud_sdk": "cerebras", "portkey-ai": "portkey", "ollama": "ollama",
    "@anthropic-ai/sdk": "anthropic", "@fireworks-ai/sdk": "fireworks",
}
"""npm packages that mimic the openai-node call shape but talk to someone else."""


def find_calls(info: FileInfo) -> Iterator[Call]:
    """Every OpenAI request among the file's call and new expressions."""
    done: list[Call] = []
    for node in info.calls:
        made = _new(info, node) if node.type == "new_expression" else _call(info, node)
        yield from made
        if made and KINDS.get(made[0].endpoint) == "responses":
            yield from _image_tools(info, node, made[0])
        if info.urls:
            done += made
    if info.urls:
        yield from js_shapes.realtime_strings(info, done)
    if info.helpers:
        yield from _helper_sites(info)


def _helper_sites(info: FileInfo) -> Iterator[Call]:
    """Calls of the file's own helpers that pass a readable model (see js_helpers)."""
    for node in info.calls:
        fn = node.child_by_field_name("function") if node.type == "call_expression" else None
        helper = info.helpers.get(text_of(fn)) if fn is not None and \
            fn.type == "identifier" else None
        if helper is None or info.b.local(text_of(fn), node) is not None:
            continue
        arg = js_helpers.site_argument(node, helper)
        if arg is None or resolve(arg, info.b, info.pos) is None:
            continue
        for made in make_call(info, node, helper.endpoint, None, helper.route, model=arg):
            yield dataclasses.replace(made, unknown_params=True)


def _image_tools(info: FileInfo, node: Node, call: Call) -> Iterator[Call]:
    """`tools: [{ type: "image_generation", model, ... }]` in a Responses request."""
    obj = object_arg(args_of(node), 0, info.b)
    tools = unwrap(property_map(obj, info.b)[0].get("tools")) if obj is not None else None
    if tools is None or tools.type != "array":
        return
    route = Route(call.base_url, call.provider, call.base_url_span)
    for item in tools.named_children:
        tool = resolve_object(item, info.b)
        kind = property_map(tool, info.b)[0].get("type") if tool is not None else None
        found = resolve(kind, info.b, info.pos) if kind is not None else None
        if found is not None and found.text == "image_generation":
            for made in make_call(info, node, "responses.tools.image_generation", tool, route):
                params = {k: v for k, v in made.params.items() if k != "type"}
                spans = {k: v for k, v in made.param_spans.items() if k != "type"}
                yield dataclasses.replace(made, params=params, param_spans=spans)


def _call(info: FileInfo, node: Node) -> list[Call]:
    fn = unwrap(node.child_by_field_name("function"))
    if fn is not None and fn.type == "member_expression" and not method_word(fn):
        return []
    root, props = _chain(fn)
    args = args_of(node)
    head = text_of(root) if root is not None and root.type in ("identifier", "this") else None
    if head is None:
        if len(props) == 1 and props[0] in NODE_V3_METHODS and _is_v3_client(root):
            # `new OpenAIApi(cfg).createChatCompletion({...})`, chained
            return _v3_call(info, node, props[0], args)
        if root is not None and root.type == "new_expression" and len(props) >= 2:
            return _endpoint_call(info, node, props, args, _new_route(info, root))
        if root is not None and root.type == "call_expression" and len(props) <= 1:
            return inline_provider(info, node, root, props, args)
        return []
    parts = [head, *props]
    name = ".".join(parts)
    b = info.b
    if len(parts) == 1 and name in AI_FUNCTIONS and name not in b.values:
        return gateway(info, node, AI_FUNCTIONS[name], args)
    if name in ("fetch", "axios.post", "ky.post", "got.post", "$fetch", "ofetch"):
        return raw_http_call(info, node, name, args)
    if len(parts) == 2 and parts[0] in REALTIME_CLASSES and parts[1] == "create":
        obj = object_arg(args, 1, b)
        return make_call(info, node, "realtime.connect", obj, _route(info, args[0]))
    provider = ai_provider(info, parts)
    if provider is not None:
        method = parts[1] if len(parts) == 2 else ""
        if method not in AI_SDK_METHODS or not args or (
                provider is IMPLICIT and resolve(args[0], b, info.pos) is None):
            return []
        endpoint = method_endpoint(info, node, method, args)
        return provider_call(info, node, endpoint, provider, args[0])
    if len(parts) >= 2 and parts[-1] in NODE_V3_METHODS and _is_v3_client(
            construction(info, ".".join(parts[:-1]))):
        return _v3_call(info, node, parts[-1], args)
    return _endpoint_call(info, node, parts, args, None)


def _chain(node: Node | None) -> tuple[Node | None, list[str]]:
    """The root of a member chain and the property names after it (`a.b.c` -> a, [b, c])."""
    props: list[str] = []
    while node is not None and node.type == "member_expression":
        prop = node.child_by_field_name("property")
        props.append(text_of(prop) if prop is not None else "")
        node = unwrap(node.child_by_field_name("object"))
    if node is not None and node.type == "await_expression" and node.named_children:
        node = unwrap(node.named_children[0])
    return node, props[::-1]


def _endpoint_call(info: FileInfo, node: Node, parts: list[str], args: list[Node],
                   route: Route | None) -> list[Call]:
    """An SDK resource call: the longest endpoint key the chain ends with (route: given, or
    the receiver's when None)."""
    low = 1 if route is not None else 2
    top = min(5, len(parts) - low + 1)
    if top < 2 or snake(parts[-1]) not in LAST_SEGMENTS:
        return []  # every key tried below ends with the last part
    names = [snake(p) for p in parts[-top:]]
    for size in range(top, 1, -1):
        key = ".".join(names[-size:])
        if key not in ENDPOINTS:
            continue
        obj = object_arg(args, 0, info.b)
        if key == "realtime.client_secrets.create" and obj is not None:
            session = property_map(obj, info.b)[0].get("session")
            obj = resolve_object(session, info.b) if session is not None else None
        if route is None:
            route = _receiver_route(info, ".".join(parts[:-size]))
        return make_call(info, node, key, obj, route)
    return []


def _new(info: FileInfo, node: Node) -> list[Call]:
    ctor = dotted(node.child_by_field_name("constructor"))
    args = args_of(node)
    if ctor in REALTIME_CLASSES:
        route = _route(info, args[1]) if len(args) > 1 else Route()
        return make_call(info, node, "realtime.connect", object_arg(args, 0, info.b), route)
    if ctor == "Agent" and source_of(info.b, "Agent") == "@openai/agents":
        return make_call(info, node, "responses.create", object_arg(args, 0, info.b), Route())
    made = js_shapes.construct(info, node, ctor, args) if ctor else None
    if made is not None:
        return made
    if ctor == "WebSocket" and args:
        url = resolve(args[0], info.b, info.pos)
        if url is not None and "/v1/realtime" in url.text and "model=" in url.text:
            return realtime_url_call(info, node, url)
    return []


def _receiver_route(info: FileInfo, receiver: str) -> Route:
    node = construction(info, receiver)
    if node is None or node.type != "new_expression":
        return Route()
    return _new_route(info, node)


def _new_route(info: FileInfo, node: Node) -> Route:
    """The route of `new OpenAI({...})`, `new AzureOpenAI(...)` or a look-alike SDK client."""
    ctor = dotted(node.child_by_field_name("constructor")) or ""
    source = source_of(info.b, ctor.split(".")[0])
    imported = info.b.imports.get(ctor, ("", ctor))[1]
    if source not in (None, "openai"):
        return Route(None, _JS_SDKS.get(source, source))
    if source is None and ctor not in CLIENT_CLASSES:
        return Route(None, ctor.lower())
    provider = CLIENT_CLASSES.get(imported)
    options = object_arg(args_of(node), 0, info.b)
    return options_route(info, options, azure=provider == "azure", default=provider)


def _route(info: FileInfo, client: Node) -> Route:
    name = dotted(client)
    return _receiver_route(info, name) if name is not None else Route()


def _is_v3_client(node: Node | None) -> bool:
    """`new OpenAIApi(...)`: an openai-node v3 client."""
    return node is not None and node.type == "new_expression" and dotted(
        node.child_by_field_name("constructor")) == "OpenAIApi"


def _v3_call(info: FileInfo, node: Node, method: str, args: list[Node]) -> list[Call]:
    """An openai-node v3 method call (`createChatCompletion({...})`): sdk_shape node-v3."""
    return make_call(info, node, NODE_V3_METHODS[method], object_arg(args, 0, info.b),
                     Route(), sdk_shape="node-v3")
