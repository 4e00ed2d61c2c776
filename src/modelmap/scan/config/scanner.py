"""Settings files (`.env`, YAML, JSON, TOML): model names in an OpenAI context, as Calls.

A value becomes `Call(endpoint="config.model")` when all of these hold:
- its key names a model: `model`, `*_model`, `model_name`, `model_id`, `engine`, `llm`
  (camelCase, kebab-case and dotted `openai.model` too); in `.env` files any key with a
  `MODEL`, `MODELS`, `ENGINE` or `LLM` word; `models`/`*_models` lists only under an explicit
  OpenAI section or provider;
- the context is OpenAI's: the file mentions OpenAI anywhere (`OPENAI_API_KEY`, an `openai`
  section, `provider: openai`, an api.openai.com URL, a path with `openai`, or an
  `openai/`/`openai:` prefix on the value), and the nearest provider hint is not another
  vendor's (an `anthropic:` section, `provider: ollama`, an `ANTHROPIC_MODEL` key);
- the value is model-like: the catalog resolves it (an ID, snapshot, alias or label), or it is
  spelled like an OpenAI model (`gpt-…`, `o3-…`, `dall-e-…`); `gpt-oss-*` (open weights served
  by other providers) and interpolations (`${VAR}`) are skipped.
Docker Compose's list form `environment: ["OPENAI_MODEL=x"]` is read like its mapping form.
A file that does not parse is skipped with a note naming the line (never "checked and clean").
A provider-style prefix (`openai/gpt-4o`, `openai:gpt-4o`) is stripped and `model_span` points
past it. A base URL next to the key (or an `OPENAI_BASE_URL` in the same `.env`) that is not
OpenAI's marks the call's `provider`, so validate stays quiet about foreign names (a LiteLLM
`api_base: os.environ/FAKE_OPENAI_API_BASE`, a fake test endpoint, marks it `fake`); base-URL
findings point at the URL's value (`base_url_span`). A base URL under an explicit base-URL key
(`base_url`, `api_base`, `OPENAI_BASE_URL`, ...) in an OpenAI context is checked even when no
model is set there: it becomes a model-less call located at the URL.
`config.model` means "a model used with an unspecified endpoint": validate checks names and
lifecycle only. Codex `config.toml` files go to modelmap.scan.config.codex instead, dotenv files to
modelmap.scan.config.env; both build their Calls with modelmap.scan.config.calls.
"""

from __future__ import annotations

import json
import re

from modelmap.catalog.model import Catalog
from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.config.calls import (
    BASE_KEYS,
    FOREIGN,
    MODEL_KEY,
    MODEL_WORD,
    base_call,
    default_catalog,
    make_call,
    norm_key,
)
from modelmap.scan.config.tree import (
    Node,
    env_list_as_mapping,
    json_error,
    parse_json,
    parse_toml,
    parse_yaml,
)
from modelmap.scan.providers import FAKE, fake_endpoint, provider_for_url
from modelmap.scan.suppress import parse_suppressions
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call

_PROVIDER_KEYS = frozenset({"provider", "model_provider", "llm_provider", "api_type", "type",
                            "vendor", "backend", "client", "llm_type", "api_provider"})
_URL_KEYS = frozenset({"base_url", "api_base", "base_uri", "endpoint", "api_url", "url",
                       "host", "api_host", "openai_api_base", "openai_base_url", "baseurl"})
_OPENAI_TEXT = re.compile(r"(?i)openai")


# -- YAML / JSON / TOML ----------------------------------------------------------------------

def walk(relpath: str, root: Node, catalog: Catalog, mentions_openai: bool) -> list[Call]:
    """Calls for model keys in a settings tree (see the module docstring for the rules)."""
    calls: list[Call] = []
    seen: set[int] = set()
    weak = mentions_openai or "openai" in relpath.lower()
    bases: list[Call] = []
    todo: list[tuple[Node, str, str | None, Node | None, str]] = [(root, "", None, None, "")]
    while todo:
        node, state, provider, base_node, path = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.elems is not None:
            todo += [(e, state, provider, base_node, f"{path}[{i}]")
                     for i, e in enumerate(node.elems)]
            continue
        if node.items is None:
            continue
        env_list_as_mapping(node)
        state, provider, base_node = _context(node, state, provider, base_node)
        base = base_node.value.strip() if base_node is not None else None
        base_span = base_node.span if base_node is not None else None
        # LiteLLM proxy `model_list` entries: `model_name` is the alias clients call the
        # proxy with; the model sent upstream is `litellm_params.model`.
        alias_only = node.get("litellm_params") is not None
        for key, child in node.items:
            if alias_only and key == "model_name":
                continue
            full = norm_key(key)
            nk = full.rsplit(".", 1)[-1]  # dotted keys: `openai.model` (VS Code settings)
            where = f"{path}.{key}" if path else key
            here = state or ("openai" if "openai" in full else "")
            if nk in FOREIGN or full.split("_")[0].split(".")[0] in FOREIGN:
                continue
            if child is base_node and nk in BASE_KEYS and here != "foreign" and (here or weak):
                bases.append(base_call(relpath, child.value, base_span or child.near, where))
            if isinstance(child.value, str) and MODEL_KEY.match(nk):
                if here == "foreign" or not (here or weak):
                    continue
                call = make_call(relpath, catalog, child.value, child.span, where, provider, base,
                                 child.near, base_span)
                if call is not None:
                    calls.append(call)
            elif (nk == "models" or nk.endswith("_models")) and child.elems is not None and (
                    here == "openai"):
                for i, elem in enumerate(child.elems):
                    if isinstance(elem.value, str):
                        call = make_call(relpath, catalog, elem.value, elem.span, f"{where}[{i}]",
                                         provider, base, elem.near, base_span)
                        if call is not None:
                            calls.append(call)
            elif child.items is not None or child.elems is not None:
                todo.append((child, "openai" if "openai" in full else state, provider,
                             base_node, where))
    used = {id(c.base_url_span) for c in calls if c.base_url_span is not None}
    calls += [b for b in bases if b.base_url_span is None or id(b.base_url_span) not in used]
    calls.sort(key=lambda c: (c.location.line, c.location.column) if c.location else (0, 0))
    return calls


def _context(node: Node, state: str, provider: str | None,
             base: Node | None) -> tuple[str, str | None, Node | None]:
    """Update (state, provider, base URL node) from a mapping's provider and URL keys."""
    for key, child in node.items or ():
        nk = norm_key(key)
        if not isinstance(child.value, str):
            continue
        value = child.value.strip()
        if nk in _PROVIDER_KEYS and value:
            low = norm_key(value)
            if "openai" in low and low not in FOREIGN:
                state = "openai"
            elif low in FOREIGN or low.split("_")[0] in FOREIGN:
                state = "foreign"
        elif nk in _URL_KEYS and fake_endpoint(value):
            provider = FAKE  # a test deployment behind a fake server: its names are not sent
        elif nk in _URL_KEYS and ("://" in value or "/v1" in value):
            found = provider_for_url(value)
            base = child
            provider = found
            if found is None:
                state = "openai"
    return state, provider, base


def scan_yaml(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan a YAML file (every document)."""
    import yaml

    sup = parse_suppressions(text, ("hash",))
    calls: list[Call] = []
    if MODEL_WORD.search(text):
        lines = LineIndex(text)
        try:
            docs = parse_yaml(text, lines)
        except yaml.YAMLError as exc:
            if ctx.strict:
                raise
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            what = getattr(exc, "problem", None) or "not valid YAML"
            return FileScan(relpath, (), (), sup.line_ignores, sup.file_ignores,
                            skip=f"invalid YAML at line {mark.line + 1 if mark else 1}: {what}")
        mentions = bool(_OPENAI_TEXT.search(text))
        for doc in docs:
            calls += walk(relpath, doc, ctx.catalog or default_catalog(), mentions)
    return FileScan(relpath, tuple(calls), (), sup.line_ignores, sup.file_ignores)




def scan_json(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan a JSON or JSONC file.

    Strict JSON is first read by the C `json` module; the position-keeping reader runs only
    when the data holds a string under a model-like key (large data files never do)."""
    sup = parse_suppressions(text, ("slash",))
    calls: list[Call] = []
    if MODEL_WORD.search(text) and text.strip():
        catalog = ctx.catalog or default_catalog()
        try:
            from modelmap.scan.config.jsonfile import worth_reading

            worth = worth_reading(json.loads(text.lstrip("\ufeff")), catalog)
        except (ValueError, RecursionError):
            worth = True  # JSONC or broken: the reader below decides
        if worth:
            lines = LineIndex(text)
            try:
                root: Node | None = parse_json(text, lines)
            except (ValueError, IndexError, RecursionError) as exc:
                if ctx.strict:
                    raise
                return FileScan(relpath, (), (), sup.line_ignores, sup.file_ignores,
                                skip=json_error(exc, lines))
            if root is not None:
                calls = walk(relpath, root, catalog, bool(_OPENAI_TEXT.search(text)))
    return FileScan(relpath, tuple(calls), (), sup.line_ignores, sup.file_ignores)


def scan_toml(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan a TOML file; Codex configs are handed to modelmap.scan.config.codex."""
    import tomllib

    from modelmap.scan.config import codex

    sup = parse_suppressions(text, ("hash",))
    calls: list[Call] = []
    if MODEL_WORD.search(text):
        lines = LineIndex(text)
        try:
            root, found = parse_toml(text, lines)
        except tomllib.TOMLDecodeError as exc:
            if ctx.strict:
                raise
            return FileScan(relpath, (), (), sup.line_ignores, sup.file_ignores,
                            skip=f"invalid TOML: {exc}")
        if codex.is_codex_config(relpath, root):
            calls = codex.codex_calls(relpath, root, found)
        else:
            calls = walk(relpath, root, ctx.catalog or default_catalog(),
                         bool(_OPENAI_TEXT.search(text)))
    return FileScan(relpath, tuple(calls), (), sup.line_ignores, sup.file_ignores)
