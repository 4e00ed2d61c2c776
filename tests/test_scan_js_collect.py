"""The JS/TS scanner's fast paths hold to the slow ones they replaced.

- `collect` finds its nodes with a tree-sitter query (modelmap.scan.js.collect.collected):
  exactly the nodes, and in the order, that a depth-first walk over every named node finds
  (bindings depend on the order), on hand-written sources covering every collected kind in
  each grammar (broken ones too) and on every JS/TS fixture file.
- Every endpoint key, spelled as openai-node spells it or as written, on a client variable or
  on `new OpenAI()`, is still found (`_endpoint_call` now rejects a chain by its last name).
- `worth_scanning`'s provider-call test agrees with a plain regex search.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modelmap.scan.base import ScanContext
from modelmap.scan.js import scanner as js
from modelmap.scan.js.aisdk import AI_SDK_METHODS
from modelmap.scan.js.collect import COLLECTED, STRINGS, collected
from modelmap.validate.endpoints import ENDPOINTS
from modelmap.validate.endpoints import NODE_V3_METHODS as LEGACY_METHODS

HERE = Path(__file__).parent
CTX = ScanContext(root="", strict=True)
HEAD = 'import OpenAI from "openai";\nconst client = new OpenAI();\n'

JS_SOURCE = """\
import OpenAI, { AzureOpenAI as Az } from "openai";
import * as ai from "ai";
const { createOpenAI: make, x } = require("@ai-sdk/openai");
const lib = await require("lib");
let model = "gpt-4o", other;
model = pick();
for (name in table) { use(name); }
function helper(m) { return client.chat.completions.create({ model: m }); }
function helper(m) { return m; }
class Bot { field = "gpt-4.1";
  static s = new Az({ endpoint: `wss://api.openai.com/v1/realtime` }); }
this.client = new OpenAI({ baseURL: "https://example.com/v1" });
a.b(c)(d(e))(f);
new A(new B(g()))[h]();
const url = `wss://api.openai.com/v1/realtime?model=${model}`;
const plain = "wss://api.openai.com/v1/realtime?model=gpt-realtime";
"""

TS_SOURCE = """\
import OpenAI from "openai";
import type { Foo } from "./foo";
export const MODEL: string = "gpt-4o" as const;
class Service {
  private readonly client = new OpenAI();
  public model: string = MODEL;
  static #hidden = helper()!;
  async run<T>(x: T): Promise<void> {
    const r = await this.client.responses.create({ model: this.model, input: `${x}` });
    for (key in r) { key = "x"; }
  }
}
function helper(): string { return (process.env.M ?? "gpt-4.1") satisfies string; }
let n = <string>cast(MODEL);
const ws = new WebSocket("wss://api.openai.com/v1/realtime?model=gpt-realtime");
"""

TSX_SOURCE = """\
import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
export function Page({ q }: { q: string }) {
  const [text, setText] = useState<string>("");
  const run = async () =>
    setText((await generateText({ model: openai("gpt-4o"), prompt: q })).text);
  return <button onClick={() => run()}>{`wss://api.openai.com/v1/realtime ${text}`}</button>;
}
"""

BROKEN_SOURCE = """\
const client = new OpenAI(;
client.chat.completions.create({ model: "gpt-4o" ;
let x = = f(g());
class { y = h() }
"""

SOURCES = [("a.js", JS_SOURCE), ("a.ts", TS_SOURCE), ("a.tsx", TSX_SOURCE),
           ("broken.js", BROKEN_SOURCE), ("broken.ts", BROKEN_SOURCE)]


def _walk(root: Any) -> Iterator[Any]:
    """The walk `collect` used before the query: every named node, depth first."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.named_children))


def _same_as_walk(relpath: str, text: str) -> int:
    language = js.language_for(relpath) or "typescript"
    source = text.encode("utf-8", "surrogatepass")
    root = js.parse(relpath, source, language)
    grammar = js._parser(language).language
    total = 0
    for strings in (False, True):
        kinds = set(COLLECTED) | (set(STRINGS) if strings else set())
        want = [(n.type, n.start_byte, n.end_byte) for n in _walk(root) if n.type in kinds]
        got = [(n.type, n.start_byte, n.end_byte)
               for n in collected(root, grammar, strings=strings)]
        assert got == want, relpath
        total += len(want)
    return total


@pytest.mark.parametrize(("relpath", "text"), SOURCES, ids=[p for p, _ in SOURCES])
def test_query_finds_what_a_walk_finds_in_walk_order(relpath: str, text: str) -> None:
    assert _same_as_walk(relpath, text) > 10


def test_sources_cover_every_collected_kind_of_each_grammar() -> None:
    seen: dict[str, set[str]] = {}
    for relpath, text in SOURCES:
        language = js.language_for(relpath) or "typescript"
        root = js.parse(relpath, text.encode(), language)
        seen.setdefault("typescript" if language == "tsx" else language, set()).update(
            n.type for n in _walk(root))
    for language, kinds in seen.items():
        grammar = js._parser(language).language
        known = {k for k in (*COLLECTED, *STRINGS) if grammar.id_for_node_kind(k, True)}
        assert known <= kinds, (language, known - kinds)


@pytest.mark.parametrize("language", ["javascript", "typescript", "tsx"])
def test_each_grammar_names_the_collected_kinds(language: str) -> None:
    """A grammar upgrade that renamed a kind would make the query skip it silently."""
    grammar = js._parser(language).language
    fields = "field_definition" if language == "javascript" else "public_field_definition"
    for kind in (*[k for k in COLLECTED if not k.endswith("field_definition")], fields,
                 *STRINGS):
        assert grammar.id_for_node_kind(kind, True) is not None, kind


def test_fixture_files_collect_as_a_walk_would() -> None:
    files = sorted(p for p in (HERE / "fixtures").rglob("*")
                   if p.is_file() and js.language_for(p.name) is not None)
    assert len(files) >= 10
    assert sum(_same_as_walk(p.name, p.read_text(encoding="utf-8")) for p in files) > 100


@pytest.mark.parametrize("key", sorted(ENDPOINTS))
def test_every_endpoint_chain_is_found(key: str) -> None:
    camel = ".".join(js._camel(s) for s in key.split("."))
    body = '{ model: "gpt-4o", input: "x" }'
    if key == "realtime.client_secrets.create":  # the model sits in its `session`
        body = f"{{ session: {body} }}"
    for chain in dict.fromkeys((camel, key)):
        for receiver in ("client", "new OpenAI()"):
            src = HEAD + f"await {receiver}.{chain}({body});\n"
            found = [(c.endpoint, c.model) for c in js.scan_javascript("a.ts", src, CTX).calls]
            assert found == [(key, "gpt-4o")], (chain, receiver)


def test_a_chain_whose_last_name_ends_no_endpoint_is_not_a_call() -> None:
    src = HEAD + 'client.chat.completions.createMany({ model: "gpt-4o" });\n' \
        'client.chat.completions({ model: "gpt-4o" });\n'
    assert js.scan_javascript("a.ts", src, CTX).calls == ()


@pytest.mark.parametrize("text", [
    "openai(", " openai (", "x = openai.chat(", "openai . responses\n(", "é openai(",
    "xopenai(", "_openai(", "$openai(", "openai.com", "openaiopenai(", "openai.a.b(",
    "openai", "", "open ai(", "OPENAI(", "openai\n.\nchat\n(", "foo.openai(", "(openai)(",
])
def test_provider_call_test_agrees_with_a_regex_search(text: str) -> None:
    for t in (text, "z " + text, text + " openai("):
        assert js._provider_call(t) == bool(js._PROVIDER_CALL.search(t)), t


def test_endpoint_chain_gate_needs_every_segment() -> None:
    assert js.worth_scanning("x\n  .images\n  .createVariation\n(")
    assert js.worth_scanning("client.fine_tuning.jobs.create(")
    assert not js.worth_scanning("client.images.create(")
    assert not js.worth_scanning("createVariation only")


CREATE = "client.chat.completions.create"
CHAT = "chat.completions.create"
URL = "https://llm.example.com/v1"
NEW = f'new OpenAI({{ baseURL: "{URL}" }})'
THIS_CREATE = 'this.client.chat.completions.create({ model: "gpt-4o" })'
KIND_CASES = [
    # (collected kind it needs, path, source, (endpoint, model, base URL) of each call)
    ("variable_declarator", "a.js", f'const M = "gpt-4o";\n{CREATE}({{ model: M }});',
     [(CHAT, "gpt-4o", None)]),
    ("assignment_expression", "a.js", f'let M = "gpt-4o";\nM = pick();\n'
     f'{CREATE}({{ model: M }});', [(CHAT, None, None)]),
    ("assignment_expression", "a.js", f"this.client = {NEW};\n{THIS_CREATE};",
     [(CHAT, "gpt-4o", URL)]),
    ("for_in_statement", "a.js", f'let M = "gpt-4o";\nfor (M in table) {{}}\n'
     f'{CREATE}({{ model: M }});', [(CHAT, None, None)]),
    ("function_declaration", "a.js", 'function pick() { return "gpt-4o"; }\n'
     f'{CREATE}({{ model: pick() }});', [(CHAT, "gpt-4o", None)]),
    ("field_definition", "a.js", f"class Bot {{\n  client = {NEW};\n  run() {{\n"
     f"    return {THIS_CREATE};\n  }}\n}}", [(CHAT, "gpt-4o", URL)]),
    ("public_field_definition", "a.ts", f"class Bot {{\n  private client = {NEW};\n"
     f"  run() {{\n    return {THIS_CREATE};\n  }}\n}}", [(CHAT, "gpt-4o", URL)]),
    ("import_statement", "src/a.ts", f'import {{ MODEL }} from "./config";\n'
     f'{CREATE}({{ model: MODEL }});', [(CHAT, "gpt-4o", None)]),
    ("call_expression", "src/a.js", f'const {{ MODEL: M }} = require("./config");\n'
     f'{CREATE}({{ model: M }});', [(CHAT, "gpt-4o", None)]),
    ("new_expression", "a.js", 'new OpenAIRealtimeWebSocket({ model: "gpt-realtime" }, client);',
     [("realtime.connect", "gpt-realtime", None)]),
    ("string", "a.js", 'const u = "wss://api.openai.com/v1/realtime?model=gpt-realtime";\n'
     'connect(u);', [("realtime.connect", "gpt-realtime", None)]),
    ("template_string", "a.js", "const u = `wss://api.openai.com/v1/realtime?model=gpt-realtime`;"
     "\nconnect(u);", [("realtime.connect", "gpt-realtime", None)]),
]


@pytest.mark.parametrize(("kind", "relpath", "src", "want"), KIND_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(KIND_CASES)])
def test_each_collected_kind_still_shapes_the_calls(
        kind: str, relpath: str, src: str, want: list[tuple[str, str | None, str | None]]) -> None:
    assert kind in (*COLLECTED, *STRINGS)
    ctx = ScanContext(root="", strict=True,
                      constants={"src/config.ts": {"MODEL": "gpt-4o"},
                                 "src/config.js": {"MODEL": "gpt-4o"}})
    found = js.scan_javascript(relpath, HEAD + src + "\n", ctx).calls
    assert [(c.endpoint, c.model, c.base_url) for c in found] == want


@pytest.mark.parametrize("method", sorted(m for m in AI_SDK_METHODS if m))
def test_every_ai_sdk_provider_method_is_found(method: str) -> None:
    for provider in ('import { openai } from "@ai-sdk/openai";\nconst p = openai;\n',
                     'import { createOpenAI } from "@ai-sdk/openai";\n'
                     'const p = createOpenAI({ baseURL: "https://llm.example.com/v1" });\n'):
        src = provider + f'const m = p.{method}("gpt-4o");\n'
        if "const p = openai" in src:
            src = src.replace("p.", "openai.")
        found = js.scan_javascript("a.ts", src, CTX).calls
        assert [(c.endpoint, c.model, c.lang) for c in found] == [
            (AI_SDK_METHODS[method], "gpt-4o", "ai-sdk")]


def test_inline_ai_sdk_provider_and_sdk_calls_say_their_language() -> None:
    """Advice is spelled per Call.lang: the openai package's calls are `js`, a provider
    built inline (`createOpenAI({...})("id")`) is `ai-sdk`."""
    src = ('import OpenAI from "openai";\nimport { createOpenAI } from "@ai-sdk/openai";\n'
           'new OpenAI().chat.completions.create({ model: "gpt-4o", messages: [] });\n'
           'const m = createOpenAI({ apiKey: k }).chat("gpt-4o");\n')
    found = js.scan_javascript("a.ts", src, CTX).calls
    assert [(c.endpoint, c.lang) for c in found] == [
        ("chat.completions.create", "js"), ("chat.completions.create", "ai-sdk")]


@pytest.mark.parametrize("method", sorted(LEGACY_METHODS))
def test_every_legacy_v3_method_is_found(method: str) -> None:
    src = ('import { Configuration, OpenAIApi } from "openai";\n'
           "const api = new OpenAIApi(new Configuration({}));\n"
           f'api.{method}({{ model: "gpt-4o" }});\n')
    found = js.scan_javascript("a.js", src, CTX).calls
    assert [(c.endpoint, c.model, c.sdk_shape) for c in found] == [
        (LEGACY_METHODS[method], "gpt-4o", "node-v3")]
    chained = src.replace("const api = new OpenAIApi(new Configuration({}));\napi.",
                          "await new OpenAIApi(new Configuration({})).")
    found = js.scan_javascript("a.js", chained, CTX).calls  # a verification pass missed it
    assert [(c.endpoint, c.model, c.sdk_shape) for c in found] == [
        (LEGACY_METHODS[method], "gpt-4o", "node-v3")]


@pytest.mark.parametrize("http", ["axios.post", "ky.post", "got.post"])
def test_raw_http_post_is_found(http: str) -> None:
    body = '{ model: "gpt-4o" }'
    if http != "axios.post":
        body = f"{{ body: JSON.stringify({body}) }}"
    src = f'{http}("https://api.openai.com/v1/chat/completions", {body});\n'
    found = js.scan_javascript("a.js", src, CTX).calls
    assert [(c.endpoint, c.model) for c in found] == [("chat.completions.create", "gpt-4o")]


def test_every_shape_word_alone_opens_the_gate() -> None:
    """The gate searches only the shape words that hold no other one; each still counts."""
    assert set(js._GATE_WORDS) <= set(js._SHAPE_WORDS)
    for word in js._SHAPE_WORDS:
        assert js.worth_scanning(f"x {word} y"), word
    assert not js.worth_scanning("x generate y embe transcrib y WebSock")


@pytest.mark.parametrize("name", [*js._CALLED, "$fetch", "ofetch", "experimental_generateImage"])
def test_a_called_name_opens_the_gate_only_as_a_call(name: str) -> None:
    """`fetch`, `generateText`, `new WebSocket`...: a call (also with type arguments or `?.`)
    opens the gate; the bare word in prose or a type name does not."""
    for call in (f"{name}(url)", f"{name} (url)", f"{name}<Reply>(url)", f"{name}?.(url)",
                 f"new {name}(\n  url)"):
        assert js.worth_scanning(call), call
    for mention in (f"// {name} is used below", f"type T = typeof {name};", f"x.{name}Done"):
        assert not js.worth_scanning(mention), mention


def test_axios_post_and_member_chains() -> None:
    assert js.worth_scanning("axios .post(url, body)")
    assert not js.worth_scanning("import axios from 'axios'; axios.get(url)")
    # Every segment of a chain must be written as a member access, in any order or spacing.
    assert js.worth_scanning("const chat = client.chat;\nchat\n  .completions\n  ?.create(x)")
    assert not js.worth_scanning("// chat completions: create a reply\nfunction create() {}")
    assert not js.worth_scanning('client["chat"]["completions"]["create"](x)')


@pytest.mark.parametrize(("src", "want"), [
    ('exports.MODEL = "gpt-4o";\n', {"MODEL": "gpt-4o"}),
    ('module.exports.MODEL = "gpt-4o";\n', {"MODEL": "gpt-4o"}),
    ('const MODEL = "gpt-4o";\nexport { MODEL };\n', {"MODEL": "gpt-4o"}),
    ('export const MODEL = "gpt-4o";\n', {"MODEL": "gpt-4o"}),
    ('const MODEL = "gpt-4o";\nmodule.exports = { MODEL };\n', {}),
    ('const MODEL = "gpt-4o";\n', {}),
])
def test_module_constants_of_files_with_and_without_an_export(src: str,
                                                               want: dict[str, str]) -> None:
    """Files that never spell `export` are not parsed for constants; the rest still are."""
    assert js.module_constants("src/config.js", src) == want


def test_the_agents_sdk_opens_the_gate_only_with_a_class_it_reads() -> None:
    assert js.worth_scanning('import { Agent } from "@openai/agents";\n'
                             'const a = new Agent({ name: "x", model: "gpt-4o" });\n')
    assert js.worth_scanning("import { Runner } from '@openai/agents-core';\n"
                             "new Runner({ model: 'gpt-4o' });\n")
    assert js.worth_scanning('import { RealtimeSession } from "@openai/agents/realtime";\n')
    assert not js.worth_scanning("// Types re-exported from @openai/agents-core.\n"
                                 "export { Agent } from './agent';\n")


def test_the_ai_sdk_provider_under_another_name_opens_the_gate() -> None:
    src = ('import { openai as provider } from "@ai-sdk/openai";\n'
           'const m = provider("gpt-4o");\n')
    assert js.worth_scanning(src)
    assert not js.worth_scanning('// Docs: https://ai-sdk.dev/providers/@ai-sdk/openai\n'
                                 "export const version = '1.0';\n")


@pytest.mark.parametrize(("text", "opens"), [
    ("export async function generateText(options) { return run(options); }\n", False),
    ("const r = await this.client.fetch(url, init);\n", False),
    ("prefetch(url);\n", False),
    ("const r = await $fetch(url, { body });\n", True),
    ("const img = await experimental_generateImage({ model });\n", True),
])
def test_a_called_name_counts_only_as_the_bare_callee(text: str, opens: bool) -> None:
    """The scanner reads these shapes only by the bare name (`fetch(`, not `x.fetch(`), and a
    definition is not a call."""
    assert js.worth_scanning(text) is opens


def test_ai_sdk_image_size_is_read_from_the_function_around_the_provider_call() -> None:
    """A fresh-eyes trial: `generateImage({ model: openai.image("gpt-image-2"), size })` with
    a size gpt-image-2 refuses was not reported (the same size through images.generate was).
    Only what the OpenAI provider sends as it is (`size`) becomes a parameter: `n` is split
    by the SDK, `aspectRatio` and `prompt` are not checked here."""
    src = ('import { openai, createOpenAI } from "@ai-sdk/openai";\n'
           'import { generateImage, experimental_generateImage } from "ai";\n'
           'await generateImage({ model: openai.image("gpt-image-2"), prompt: "x", '
           'size: "1920x1080", n: 3, aspectRatio: "16:9" });\n'
           'await experimental_generateImage({ model: createOpenAI({ apiKey: k })'
           '.image("gpt-image-2"), size: "1000x1000" });\n'
           'const m = openai.image("gpt-image-2");\n')
    found = js.scan_javascript("a.ts", src, CTX).calls
    assert [(c.endpoint, c.model, dict(c.params), c.lang) for c in found] == [
        ("images.generate", "gpt-image-2", {"size": "1920x1080"}, "ai-sdk"),
        ("images.generate", "gpt-image-2", {"size": "1000x1000"}, "ai-sdk"),
        ("images.generate", "gpt-image-2", {}, "ai-sdk")]
    span = found[0].param_spans["size"]
    assert (span.line, src.splitlines()[2][span.column - 1:span.end_column - 1]) == (
        3, '"1920x1080"')
