"""JS/TS scanner: snippet -> exact calls (endpoint, model, line, col, via, provider, base_url)."""

from __future__ import annotations

from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.js.scanner import language_for, module_constants, scan_javascript

HEAD = 'import OpenAI from "openai";\nconst client = new OpenAI();\n'
AI = "import { openai } from '@ai-sdk/openai';\nimport { generateText, streamText } from 'ai';\n"


def scan(src: str, path: str = "app.ts", **ctx: Any) -> list[tuple[Any, ...]]:
    fs = scan_javascript(path, src, ScanContext(root="", strict=True, **ctx))
    out = []
    for c in fs.calls:
        assert c.location is not None and c.site is not None
        out.append((c.endpoint, c.model, c.location.line, c.location.column, c.via,
                    c.provider, c.base_url))
    return out


CHAT = "chat.completions.create"
RESP = "responses.create"
IMG = "images.generate"

# (name, source, path, expected [(endpoint, model, line, col, via, provider, base_url)])
CASES: list[tuple[str, str, str, list[tuple[Any, ...]]]] = [
    ("literal-await", HEAD + 'await client.chat.completions.create({ model: "gpt-4o" });\n',
     "app.ts", [(CHAT, "gpt-4o", 3, 7, "literal", None, None)]),
    ("unbound-receiver", 'const r = openai.responses.create({ model: "gpt-5.5", input: "x" });',
     "a.js", [(RESP, "gpt-5.5", 1, 11, "literal", None, None)]),
    ("template-no-subst", HEAD + "client.images.generate({ model: `gpt-image-2`, prompt });",
     "a.mjs", [(IMG, "gpt-image-2", 3, 1, "literal", None, None)]),
    ("template-with-subst", HEAD + "client.images.generate({ model: `gpt-${v}` });", "a.cjs",
     [(IMG, None, 3, 1, "unresolved", None, None)]),
    ("absent-model", HEAD + "client.videos.remix(id, { prompt });", "a.ts",
     [("videos.remix", None, 3, 1, "absent", None, None)]),
    ("const-propagation", HEAD + 'const MODEL = "gpt-4o";\n'
     "client.chat.completions.create({ model: MODEL });", "a.ts",
     [(CHAT, "gpt-4o", 3, 15, "constant", None, None)]),
    ("shorthand-property", HEAD + 'const model = "gpt-4.1";\n'
     "client.responses.create({ model, input });", "a.ts",
     [(RESP, "gpt-4.1", 3, 15, "constant", None, None)]),
    ("const-object-member", HEAD + 'const cfg = { llm: { model: "o3" } };\n'
     "client.responses.create({ model: cfg.llm.model });", "a.ts",
     [(RESP, "o3", 3, 29, "constant", None, None)]),
    ("env-nullish", HEAD + 'const m = process.env.OPENAI_MODEL ?? "gpt-4o-mini";\n'
     "client.chat.completions.create({ model: m });", "a.ts",
     [(CHAT, "gpt-4o-mini", 3, 39, "env-default", None, None)]),
    ("env-or-chain", HEAD + "client.chat.completions.create({\n"
     '  model: process.env.A || process.env["B"] || "gpt-4",\n});', "a.js",
     [(CHAT, "gpt-4", 3, 1, "env-default", None, None)]),
    ("vite-env", HEAD + "client.responses.create({ model: import.meta.env.VITE_M ?? 'o4-mini' });",
     "a.ts", [(RESP, "o4-mini", 3, 1, "env-default", None, None)]),
    ("ts-casts", HEAD + 'const M = "gpt-5.5" as const;\n'
     "client.responses.create({ model: (M satisfies string)! });", "a.ts",
     [(RESP, "gpt-5.5", 3, 11, "constant", None, None)]),
    ("assigned-twice-is-unresolved", HEAD + 'let m = "gpt-4o";\nm = pick();\n'
     "client.chat.completions.create({ model: m });", "a.js",
     [(CHAT, None, 5, 1, "unresolved", None, None)]),
    ("openrouter-base", 'import OpenAI from "openai";\n'
     'const c = new OpenAI({ baseURL: "https://openrouter.ai/api/v1" });\n'
     'c.chat.completions.create({ model: "openai/gpt-5.5" });', "a.ts",
     [(CHAT, "openai/gpt-5.5", 3, 1, "literal", "openrouter", "https://openrouter.ai/api/v1")]),
    ("dynamic-base", 'const c = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });\n'
     'c.chat.completions.create({ model: "qwen3" });', "a.ts",
     [(CHAT, "qwen3", 2, 1, "literal", "dynamic", None)]),
    ("env-base-default", "const c = new OpenAI({\n"
     '  baseURL: process.env.BASE ?? "https://api.openai.com/v1" });\n'
     'c.embeddings.create({ model: "text-embedding-3-small", input });', "a.ts",
     [("embeddings.create", "text-embedding-3-small", 3, 1, "literal", None,
       "https://api.openai.com/v1")]),
    ("azure", 'import { AzureOpenAI } from "openai";\n'
     "const az = new AzureOpenAI({ deployment });\n"
     'az.chat.completions.create({ model: "my-deploy" });', "a.ts",
     [(CHAT, "my-deploy", 3, 1, "literal", "azure", None)]),
    ("lookalike-sdk", 'import Groq from "groq-sdk";\nconst groq = new Groq();\n'
     'groq.chat.completions.create({ model: "llama3" });', "a.ts",
     [(CHAT, "llama3", 3, 1, "literal", "groq", None)]),
    ("this-client-field", "class S {\n"
     '  private client = new OpenAI({ baseURL: "http://localhost:8000/v1" });\n'
     '  run() { return this.client.chat.completions.create({ model: "m" }); }\n}', "a.ts",
     [(CHAT, "m", 3, 18, "literal", "local", "http://localhost:8000/v1")]),
    ("new-inline-receiver", 'await new OpenAI().images.generate({ model: "dall-e-3" });', "a.ts",
     [(IMG, "dall-e-3", 1, 7, "literal", None, None)]),
    ("camel-endpoint", HEAD + 'client.images.createVariation({ model: "dall-e-2", image });',
     "a.ts", [("images.create_variation", "dall-e-2", 3, 1, "literal", None, None)]),
    ("beta-parse", HEAD + 'client.beta.chat.completions.parse({ model: "gpt-4o" });', "a.ts",
     [("beta.chat.completions.parse", "gpt-4o", 3, 1, "literal", None, None)]),
    ("videos-env-default", HEAD +
     "client.videos.create({ model: process.env.SORA_MODEL || 'sora-2', prompt } as any);",
     "a.ts", [("videos.create", "sora-2", 3, 1, "env-default", None, None)]),
    ("ai-sdk-default", AI + 'await generateText({ model: openai("gpt-4o"), prompt });', "a.ts",
     [(RESP, "gpt-4o", 3, 29, "literal", None, None)]),
    ("ai-sdk-methods", AI + 'openai.chat("gpt-4o");\nopenai.image("gpt-image-1");\n'
     'openai.embedding("text-embedding-3-large");\nopenai.transcription("whisper-1");\n'
     'openai.speech("tts-1");\nopenai.responses("o3");', "a.ts",
     [(CHAT, "gpt-4o", 3, 1, "literal", None, None),
      (IMG, "gpt-image-1", 4, 1, "literal", None, None),
      ("embeddings.create", "text-embedding-3-large", 5, 1, "literal", None, None),
      ("audio.transcriptions.create", "whisper-1", 6, 1, "literal", None, None),
      ("audio.speech.create", "tts-1", 7, 1, "literal", None, None),
      (RESP, "o3", 8, 1, "literal", None, None)]),
    ("ai-sdk-endpoint-from-function", AI + "import { embed, generateImage } from 'ai';\n"
     "embed({ model: openai('text-embedding-3-small'), value });\n"
     "generateImage({ model: openai('gpt-image-1') as any, prompt });", "a.ts",
     [("embeddings.create", "text-embedding-3-small", 4, 16, "literal", None, None),
      (IMG, "gpt-image-1", 5, 24, "literal", None, None)]),
    ("ai-sdk-create-provider", "import { createOpenAI } from '@ai-sdk/openai';\n"
     "const local = createOpenAI({ baseURL: 'http://127.0.0.1:11434/v1' });\n"
     "streamText({ model: local.chat('llama3.2') });", "a.ts",
     [(CHAT, "llama3.2", 3, 21, "literal", "local", "http://127.0.0.1:11434/v1")]),
    ("ai-sdk-implicit-provider",
     "const { text } = await generateText({ model: openai('gpt-4.1') });",
     "a.ts", [(RESP, "gpt-4.1", 1, 46, "literal", None, None)]),
    ("gateway-string", AI + "await streamText({ model: 'openai/gpt-5.5', prompt });", "a.ts",
     [(RESP, "gpt-5.5", 3, 7, "literal", None, None)]),
    ("gateway-other-provider", AI + "streamText({ model: 'anthropic/claude-sonnet-4' });", "a.ts",
     []),
    ("realtime-websocket-class",
     'import { OpenAIRealtimeWebSocket } from "openai/realtime/websocket";\n'
     "const rt = new OpenAIRealtimeWebSocket({ model: 'gpt-realtime' }, client);", "a.ts",
     [("realtime.connect", "gpt-realtime", 2, 12, "literal", None, None)]),
    ("realtime-ws-create",
     "const rt = await OpenAIRealtimeWS.create(client, { model: 'gpt-realtime-1.5' });",
     "a.ts", [("realtime.connect", "gpt-realtime-1.5", 1, 18, "literal", None, None)]),
    ("realtime-client-secret", HEAD + "client.realtime.clientSecrets.create({\n"
     "  session: { type: 'realtime', model: 'gpt-realtime' },\n});", "a.ts",
     [("realtime.client_secrets.create", "gpt-realtime", 3, 1, "literal", None, None)]),
    ("realtime-raw-url", 'const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime-2");',
     "a.js", [("realtime.connect", "gpt-realtime-2", 1, 12, "literal", None, None)]),
    ("legacy-v3", 'const { Configuration, OpenAIApi } = require("openai");\n'
     "const api = new OpenAIApi(new Configuration({ apiKey }));\n"
     'await api.createChatCompletion({ model: "gpt-3.5-turbo", messages });', "a.js",
     [(CHAT, "gpt-3.5-turbo", 3, 7, "literal", None, None)]),
    ("raw-fetch", 'await fetch("https://api.openai.com/v1/responses", {\n  method: "POST",\n'
     '  body: JSON.stringify({ model: "gpt-5.5", input: "hi" }),\n});', "a.ts",
     [(RESP, "gpt-5.5", 1, 7, "literal", None, None)]),
    ("raw-axios",
     "axios.post('https://api.openai.com/v1/chat/completions', { model: 'gpt-4', messages });",
     "a.js", [(CHAT, "gpt-4", 1, 1, "literal", None, None)]),
    ("raw-fetch-other-host-no-body-model", 'fetch("https://example.com/v1/chat/completions", '
     "{ body: JSON.stringify({ messages }) });", "a.js", []),
    ("agents-sdk", "import { Agent } from '@openai/agents';\n"
     "const agent = new Agent({ name: 'a', model: 'gpt-4.1' });", "a.ts",
     [(RESP, "gpt-4.1", 2, 15, "literal", None, None)]),
    ("image-tool", HEAD + "client.responses.create({ model: 'gpt-5.5', tools: [\n"
     "  { type: 'image_generation', model: 'gpt-image-2', size: '1920x1080' }] });", "a.ts",
     [(RESP, "gpt-5.5", 3, 1, "literal", None, None),
      ("responses.tools.image_generation", "gpt-image-2", 3, 1, "literal", None, None)]),
    ("jsx-grammar", "export function A() {\n  const x = <div>{openai.chat.completions.create("
     "{ model: 'gpt-4o' })}</div>;\n  return x;\n}", "a.jsx",
     [(CHAT, "gpt-4o", 2, 19, "literal", None, None)]),
    ("tsx-grammar",
     "const A = (p: P) => <b>{String(client.responses.create({ model: 'o3' }))}</b>;",
     "a.tsx", [(RESP, "o3", 1, 32, "literal", None, None)]),
    ("unicode-columns", "const s = 'héllo👋'; client.responses.create({ model: 'o3' });", "a.js",
     [(RESP, "o3", 1, 21, "literal", None, None)]),
    ("not-an-sdk-call", "foo.bar.create({ model: 'gpt-4o' }); db.models.create({ model: 'x' });",
     "a.js", []),
    ("import-across-files", HEAD + "import { MODEL as M } from './config.js';\n"
     "client.chat.completions.create({ model: M });", "src/app.ts",
     [(CHAT, "gpt-5.5", 4, 1, "import", None, None)]),
    ("require-across-files", 'const { IMAGE_MODEL } = require("../shared/models");\n'
     "openai.images.generate({ model: IMAGE_MODEL });", "src/app.js",
     [(IMG, "gpt-image-2", 2, 1, "import", None, None)]),
]
CONSTANTS = {"src/config.ts": {"MODEL": "gpt-5.5"},
             "shared/models/index.js": {"IMAGE_MODEL": "gpt-image-2"}}


@pytest.mark.parametrize(("name", "src", "path", "expected"), CASES, ids=[c[0] for c in CASES])
def test_snippet_gives_exact_calls(name: str, src: str, path: str,
                                   expected: list[tuple[Any, ...]]) -> None:
    assert scan(src, path, constants=CONSTANTS) == expected


def test_params_spans_and_origin() -> None:
    src = (HEAD + 'const SIZE = "1920x1080";\nconst M = process.env.IMG ?? "gpt-image-2";\n'
           "client.images.generate({\n  model: M,\n  size: SIZE,\n  n: 2,\n"
           "  quality: pick(),\n  ...extra,\n});\n")
    (call,) = scan_javascript("a.ts", src, ScanContext(root="", strict=True)).calls
    assert dict(call.params) == {"size": "1920x1080", "n": 2}
    assert call.unknown_params is True
    assert call.origin == "env IMG"
    assert call.model_span is not None
    assert (call.model_span.line, call.model_span.column, call.model_span.end_column) == (4, 31, 42)
    assert call.location is not None and (call.location.line, call.location.column) == (4, 30)
    assert call.site is not None and (call.site.line, call.site.column) == (5, 1)
    assert {k: (s.line, s.column) for k, s in call.param_spans.items()} == {
        "size": (7, 9), "n": (8, 6), "quality": (9, 12)}


def test_gateway_span_starts_after_prefix_and_base_url_span() -> None:
    src = ('const c = new OpenAI({ baseURL: "https://openrouter.ai/api/v1" });\n'
           "c.responses.create({ model: 'x' });\nstreamText({ model: 'openai/gpt-5.5' });\n")
    first, second = scan_javascript("a.ts", src, ScanContext(root="", strict=True)).calls
    assert first.base_url_span is not None
    assert (first.base_url_span.line, first.base_url_span.column) == (1, 34)
    assert second.model_span is not None
    assert (second.model_span.column, second.model_span.end_column) == (29, 36)


def test_nested_literal_params() -> None:
    src = HEAD + ("client.responses.create({ model: 'gpt-5.5', reasoning: { effort: 'high' },"
                  " background: true, temperature: -0.5, stop: ['a', null] });")
    (call,) = scan_javascript("a.ts", src, ScanContext(root="")).calls
    assert dict(call.params) == {"reasoning": {"effort": "high"}, "background": True,
                                 "temperature": -0.5, "stop": ["a", None]}
    assert call.unknown_params is False


@pytest.mark.parametrize(("comment", "lines", "codes"), [
    ("// modelmap: ignore[MM101]", [3], frozenset({"MM101"})),
    ("// modelmap: ignore", [3], None),
    ("/* modelmap: ignore[shut-down] */", [3], frozenset({"shut-down"})),
])
def test_suppression_comment_on_call(comment: str, lines: list[int],
                                     codes: frozenset[str] | None) -> None:
    src = HEAD + f'client.chat.completions.create({{ model: "gpt-4" }}); {comment}\n'
    fs = scan_javascript("a.ts", src, ScanContext(root=""))
    assert {n: fs.line_ignores[n] for n in lines} == dict.fromkeys(lines, codes)


def test_suppression_spreads_over_a_multiline_call() -> None:
    src = HEAD + "client.chat.completions.create({\n  model: 'gpt-4', // modelmap: ignore[MM401]\n"
    src += "  messages,\n});\n"
    fs = scan_javascript("a.ts", src, ScanContext(root=""))
    assert {n: fs.line_ignores.get(n) for n in range(3, 7)} == dict.fromkeys(
        range(3, 7), frozenset({"MM401"}))


def test_file_ignore() -> None:
    src = "// modelmap: ignore-file[MM402]\n" + HEAD
    assert scan_javascript("a.ts", src, ScanContext(root="")).file_ignores == frozenset({"MM402"})


@pytest.mark.parametrize(("path", "language"), [
    ("a.js", "javascript"), ("a.mjs", "javascript"), ("a.cjs", "javascript"),
    ("a.jsx", "javascript"), ("a.ts", "typescript"), ("a.mts", "typescript"),
    ("a.tsx", "tsx"), ("A.TS", "typescript"), ("a.d.ts", None), ("a.min.js", None),
    ("a.py", None), ("Makefile", None),
])
def test_language_for(path: str, language: str | None) -> None:
    assert language_for(path) == language


def test_module_constants() -> None:
    src = ('export const MODEL = "gpt-5.5";\nexport const IMG = process.env.IMG ?? `gpt-image-2`;\n'
           'const LOCAL = "o3";\nconst HIDDEN = "x";\nexport { LOCAL };\n'
           'module.exports.LEGACY = "gpt-4";\nexport const DYN = pick();\n')
    assert module_constants("src/config.ts", src) == {
        "MODEL": "gpt-5.5", "IMG": "gpt-image-2", "LOCAL": "o3", "LEGACY": "gpt-4"}


def test_strict_mode_raises_on_a_syntax_error_and_users_are_spared() -> None:
    src = HEAD + "client.chat.completions.create({ model: 'gpt-4o' ;\n"
    with pytest.raises(SyntaxError):
        scan_javascript("a.ts", src, ScanContext(root="", strict=True))
    assert scan_javascript("a.ts", src, ScanContext(root="")).path == "a.ts"


def test_file_without_trigger_words_is_not_parsed() -> None:
    assert scan_javascript("a.ts", "const x = 1;\n", ScanContext(root="")).calls == ()


@pytest.mark.parametrize("suffix", [".d.ts", ".d.mts", ".d.cts"])
def test_declaration_files_are_not_parsed(suffix: str) -> None:
    """Types only: no call, and no partial-parse note from what tsc emits (a real line of
    @ai-sdk/openai 4.0.118's dist/index.d.ts the grammar stumbles on); suppressions still read."""
    src = ("// modelmap: ignore-file[MM401]\n"
           "type OpenAIResponsesModelId = OpenAIModelIds['responses'] | (string & {});\n"
           "declare const opts: import(\"@ai-sdk/provider-utils\").LazySchema<{\n"
           "  conversation?: string | null | undefined;\n}>;\n"
           "export declare const client: OpenAI;\n")
    call = HEAD + "client.chat.completions.create({ model: 'gpt-4o' });\n"
    for path, decl in ((f"dist/index{suffix}", True), ("src/index.ts", False)):
        fs = scan_javascript(path, src + call, ScanContext(root=""))
        assert (fs.calls == ()) is decl
        assert fs.file_ignores == frozenset({"MM401"})
    assert not scan_javascript(f"a{suffix}", src + call, ScanContext(root="")).notes
    assert scan_javascript("a.ts", src + call, ScanContext(root="")).notes  # parsed: stumbles


def test_conditional_model_gives_one_call_per_value() -> None:
    src = HEAD + ('const BIG = "gpt-5.5";\n'
                  'client.responses.create({ model: fast ? "gpt-5.4-mini" : BIG });\n')
    got = [(c.model, c.via, c.location.line, c.location.column)
           for c in scan_javascript("a.ts", src, ScanContext(root="")).calls if c.location]
    assert got == [("gpt-5.4-mini", "literal", 4, 1), ("gpt-5.5", "constant", 3, 13)]


def test_const_object_spread_is_merged() -> None:
    src = HEAD + ('const BASE = { model: "gpt-4o", temperature: 0 };\n'
                  "client.chat.completions.create({ ...BASE, messages: [] });\n"
                  "client.chat.completions.create({ ...opts, model: 'o3' });\n")
    first, second = scan_javascript("a.ts", src, ScanContext(root="")).calls
    assert (first.model, dict(first.params), first.unknown_params) == (
        "gpt-4o", {"temperature": 0, "messages": []}, False)
    assert (second.model, second.unknown_params) == ("o3", True)


def test_openai_node_provider_option() -> None:
    src = ("import { bedrock } from 'openai/providers/bedrock/aws';\n"
           "const c = new OpenAI({ provider: bedrock({ region: 'us-west-2' }) });\n"
           "await c.responses.create({ model: 'openai.gpt-5.4', input: 'hi' });\n")
    (call,) = scan_javascript("a.ts", src, ScanContext(root="", strict=True)).calls
    assert (call.model, call.provider, call.base_url) == ("openai.gpt-5.4", "bedrock", None)
