"""Vercel AI SDK shapes in JS/TS: providers, their model calls and route options.

`openai("id")` (Responses, the AI SDK 5 default), `openai.chat|responses|completion|
embedding|image|transcription|speech|experimental_realtime("id")`, providers built with
`createOpenAI({ baseURL })` (bound to a name or called inline: `createOpenAI({...})("id")`),
a provider installed as the global default (`globalThis.AI_SDK_DEFAULT_PROVIDER = openai`,
then `generateText({ model: "gpt-..." })` with a plain ID, same file only), and AI Gateway
strings (`generateText({ model: "openai/gpt-..." })`; other providers' strings yield no call).
`options_route` also serves openai-node client options (`baseURL`, `provider`).
"""

from __future__ import annotations

from modelmap.scan.js import shapes as js_shapes
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
from modelmap.scan.js.resolve import property_map, resolve
from modelmap.scan.js.values import Node, dotted, text_of, unwrap
from modelmap.scan.providers import DYNAMIC, provider_for_url
from modelmap.validate.call import Call

AI_SDK_METHODS = {
    "": "responses.create", "languageModel": "responses.create", "responses": "responses.create",
    "chat": "chat.completions.create", "completion": "completions.create",
    "embedding": "embeddings.create", "textEmbedding": "embeddings.create",
    "textEmbeddingModel": "embeddings.create", "embeddingModel": "embeddings.create",
    "image": "images.generate", "imageModel": "images.generate",
    "transcription": "audio.transcriptions.create", "speech": "audio.speech.create",
    "experimental_realtime": "realtime.connect", "realtime": "realtime.connect",
}


AI_FUNCTIONS = {
    "generateText": "responses.create", "streamText": "responses.create",
    "generateObject": "responses.create", "streamObject": "responses.create",
    "embed": "embeddings.create", "embedMany": "embeddings.create",
    "generateImage": "images.generate", "experimental_generateImage": "images.generate",
    "transcribe": "audio.transcriptions.create",
    "experimental_transcribe": "audio.transcriptions.create",
    "generateSpeech": "audio.speech.create", "experimental_generateSpeech": "audio.speech.create",
    "streamTranscribe": "realtime.connect", "experimental_streamTranscribe": "realtime.connect",
}
"""AI SDK functions -> the endpoint their `model:` reaches (streamTranscribe streams audio over a
Realtime transcription session, not to Audio transcriptions)."""


PASSED_OPTIONS = {"images.generate": frozenset({"size"})}
"""Options of the AI SDK function around a provider call that the OpenAI provider sends to
the API as they are, by endpoint: `generateImage({ model: openai.image(id), size })` sends
`size`. (`n` is not: the SDK splits it into requests of at most the model's own batch size.)"""


def provider_call(info: FileInfo, node: Node, endpoint: str, route: Route,
                  model: Node) -> list[Call]:
    """The Calls of a provider call (`openai.image("gpt-image-2")`), with the options its AI
    SDK function passes through (PASSED_OPTIONS) as the request's parameters."""
    only = PASSED_OPTIONS.get(endpoint)
    found = _holder(node) if only else None
    obj = found[1] if found is not None else None
    return make_call(info, node, endpoint, obj, route, model=model, lang="ai-sdk",
                     only=only)


def method_endpoint(info: FileInfo, node: Node, method: str, args: list[Node]) -> str:
    """The endpoint a provider method call (`openai.chat(id)`, `openai(id)`,
    `openai.transcription(id)`) reaches, given the AI SDK function that uses it."""
    endpoint = AI_SDK_METHODS[method] if method else used_by(node) or "responses.create"
    if method == "transcription" and used_by(node) == "realtime.connect":
        endpoint = "realtime.connect"
    return js_shapes.realtime_api(info, args, endpoint)


def inline_provider(info: FileInfo, node: Node, root: Node, props: list[str],
                     args: list[Node]) -> list[Call]:
    """`createOpenAI({...})("id")` and `createOpenAI({...}).chat("id")`."""
    b = info.b
    if dotted(root.child_by_field_name("function")) != "createOpenAI" or \
            source_of(b, "createOpenAI") not in (None, "@ai-sdk/openai"):
        return []
    method = props[0] if props else ""
    if method not in AI_SDK_METHODS or not args:
        return []
    endpoint = method_endpoint(info, node, method, args)
    route = options_route(info, object_arg(args_of(root), 0, b))
    return provider_call(info, node, endpoint, route, args[0])


def default_provider(info: FileInfo) -> Route | None:
    """The route of the AI SDK provider this file installs as the global default
    (`globalThis.AI_SDK_DEFAULT_PROVIDER = openai`), if it is OpenAI's."""
    value = unwrap(info.b.values.get("globalThis.AI_SDK_DEFAULT_PROVIDER"))
    if value is None:
        return None
    if value.type == "call_expression":
        fn = dotted(value.child_by_field_name("function"))
        if fn == "createOpenAI" and source_of(info.b, "createOpenAI") in (None, "@ai-sdk/openai"):
            return options_route(info, object_arg(args_of(value), 0, info.b))
        return None
    name = dotted(value)
    route = ai_provider(info, [name]) if name is not None else None
    return None if route is IMPLICIT and name != "openai" else route


def used_by(node: Node) -> str | None:
    """The endpoint of the AI SDK function whose `model:` a provider call is
    (`embed({ model: openai("text-embedding-3-small") })` -> embeddings.create)."""
    found = _holder(node)
    if found is None:
        return None
    return AI_FUNCTIONS.get(dotted(found[0].child_by_field_name("function")) or "")


def _holder(node: Node) -> tuple[Node, Node] | None:
    """(the call, its options object) when `node` is the value of that object's `model:`
    (through parentheses and type assertions)."""
    pair = node.parent
    while pair is not None and pair.type in ("parenthesized_expression", "as_expression",
                                             "satisfies_expression", "non_null_expression"):
        pair = pair.parent
    if pair is None or pair.type != "pair":
        return None
    key = pair.child_by_field_name("key")
    holder = pair.parent
    args = holder.parent if holder is not None else None
    call = args.parent if args is not None and args.type == "arguments" else None
    if key is None or text_of(key) != "model" or call is None or holder is None:
        return None
    return call, holder


def options_route(info: FileInfo, options: Node | None, azure: bool = False,
                   default: str | None = None) -> Route:
    props = property_map(options, info.b)[0] if options is not None else {}
    chosen = props.get("provider")  # openai-node's `provider: bedrock({...})` option
    if chosen is not None:
        value = unwrap(chosen)
        name = dotted(value.child_by_field_name("function")) if value is not None and \
            value.type == "call_expression" else None
        text = resolve(chosen, info.b, info.pos)
        return Route(None, (name or "").rsplit(".", 1)[-1] or (text.text if text else DYNAMIC))
    node = props.get("baseURL") or props.get("baseUrl") or (props.get("endpoint") if azure
                                                            else None)
    if node is None:
        return Route(None, default)
    found = resolve(node, info.b, info.pos)
    if found is None:
        return Route(None, default or DYNAMIC)
    return Route(found.text, default or provider_for_url(found.text), found.span)


def ai_provider(info: FileInfo, parts: list[str]) -> Route | None:
    """The route of an AI SDK provider named by `parts[0]`, or None if it is not one."""
    if len(parts) > 2:
        return None
    name, b = parts[0], info.b
    if b.imports.get(name) == ("@ai-sdk/openai", "openai"):
        return Route()
    node = construction(info, name)
    if node is not None and node.type == "call_expression":
        fn = dotted(node.child_by_field_name("function"))
        if fn == "createOpenAI" and source_of(b, "createOpenAI") in (None, "@ai-sdk/openai"):
            return options_route(info, object_arg(args_of(node), 0, b))
        return None
    if name == "openai" and node is None and source_of(b, name) is None and \
            "openai" not in b.clash:
        return IMPLICIT  # a doc snippet that uses the default provider without its import
    return None


def gateway(info: FileInfo, node: Node, endpoint: str, args: list[Node]) -> list[Call]:
    obj = object_arg(args, 0, info.b)
    model = property_map(obj, info.b)[0].get("model") if obj is not None else None
    found = resolve(model, info.b, info.pos) if model is not None else None
    if found is None:
        return []
    if not found.text.startswith("openai/"):
        route = default_provider(info) if "/" not in found.text else None
        return [] if route is None else make_call(info, node, endpoint, obj, route)
    return make_call(info, node, endpoint, obj, Route(), strip=len("openai/"))
