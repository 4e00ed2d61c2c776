"""Dotenv files (`.env`, `.env.*`, `*.env`, `.envrc`): model settings in an OpenAI context.

A file counts when it mentions OpenAI anywhere (`OPENAI_API_KEY`, an api.openai.com URL).
Keys with a `MODEL`, `MODELS`, `ENGINE` or `LLM` word are read (`OPENAI_MODEL`,
`EMBEDDING_MODEL`, `MODEL`); keys that start with another vendor's name (`ANTHROPIC_MODEL`)
are not, nor generic keys when `LLM_PROVIDER`/`MODEL_PROVIDER`/`PROVIDER` names another
vendor. `*_MODELS` values are split on commas. An `OPENAI_BASE_URL` (or `OPENAI_API_BASE`,
`BASE_URL`, ...) that is not OpenAI's marks every call's provider; base-URL findings point at
its value, and it is checked even when the file sets no model (a model-less call at the URL).
Values must pass modelmap.scan.config.scanner.candidate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from modelmap.scan.base import FileScan, ScanContext
from modelmap.scan.config.calls import (
    FOREIGN,
    base_call,
    candidate,
    default_catalog,
    make_call,
    norm_key,
)
from modelmap.scan.providers import provider_for_url
from modelmap.scan.registry import is_env_file
from modelmap.scan.suppress import parse_suppressions
from modelmap.scan.text import LineIndex
from modelmap.validate.call import Call

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$")
_OPENAI_TEXT = re.compile(r"(?i)openai")




def scan_env(relpath: str, text: str, ctx: ScanContext) -> FileScan:
    """Scan a dotenv file."""
    sup = parse_suppressions(text, ("hash",))
    calls: list[Call] = []
    if _OPENAI_TEXT.search(text):
        lines = LineIndex(text)
        calls = env_calls(relpath, lines, list(_env_pairs(lines)), ctx)
    return FileScan(relpath, tuple(calls), (), sup.line_ignores, sup.file_ignores)


def env_calls(relpath: str, lines: LineIndex, pairs: list[tuple[str, str, int]],
              ctx: ScanContext) -> list[Call]:
    """Calls for the model settings among (key, value, offset of the value) assignments, by
    the rules of this module (the caller checks that the file mentions OpenAI)."""
    calls: list[Call] = []
    if pairs:
        keys = {k.upper(): v for k, v, _ in pairs}
        starts = {k.upper(): s for k, _, s in pairs}
        base_key = next((k for k in ("OPENAI_BASE_URL", "OPENAI_API_BASE", "OPENAI_API_HOST",
                                     "BASE_URL", "API_BASE") if keys.get(k)), None)
        base = keys[base_key] if base_key else None
        base_span = lines.span(starts[base_key], starts[base_key] + len(base)) if (
            base_key and base) else None
        chosen = next((keys[k] for k in ("LLM_PROVIDER", "MODEL_PROVIDER", "PROVIDER")
                       if keys.get(k)), "")
        generic_foreign = bool(chosen) and "openai" not in chosen.lower()
        provider = provider_for_url(base) if base else None
        catalog = ctx.catalog or default_catalog()
        for key, value, start in pairs:
            words = norm_key(key).split("_")
            if not {"model", "models", "engine", "llm"} & set(words) or words[0] in FOREIGN:
                continue
            if generic_foreign and "openai" not in words:
                continue
            offset = 0
            for piece in value.split(",") if "models" in words else [value]:
                span = lines.span(start + offset, start + offset + len(piece))
                offset += len(piece) + 1
                call = make_call(relpath, catalog, piece, span, key, provider, base,
                                 base_span=base_span)
                if call is not None:
                    calls.append(call)
        # A base URL is checked without a model too (`OPENAI_API_HOST` is left out: some
        # apps append /v1 to it themselves).
        if (not calls and base and base_key and base_key != "OPENAI_API_HOST"
                and ("OPENAI" in base_key or not generic_foreign)):
            calls.append(base_call(relpath, base, base_span, base_key))
    return calls


def _env_pairs(lines: LineIndex) -> Iterator[tuple[str, str, int]]:
    """(key, value, character offset of the value) for each assignment line."""
    for number, line in enumerate(lines.lines, start=1):
        m = _ENV_LINE.match(line)
        if m is None:
            continue
        raw = m.group(2)
        start = lines.starts[number - 1] + m.start(2)
        if raw[:1] in ("'", '"'):
            end = raw.find(raw[0], 1)
            if end > 0:
                yield m.group(1), raw[1:end], start + 1
            continue
        value = re.split(r"\s+#", raw, maxsplit=1)[0].rstrip()
        yield m.group(1), value, start


__all__ = ["candidate", "is_env_file", "scan_env"]
