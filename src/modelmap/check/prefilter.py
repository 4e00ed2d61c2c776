"""A byte prefilter: only files that contain something model-like are parsed.

Invariant (tested in tests/test_check_prefilter.py): if a file's bytes and its path both
miss the prefilter (and the file's scanner's own `PREFILTER` pattern, if it declares one, misses
too), no scanner can report a call or a finding in it. The path counts because some scanners
recognise a file by where it is (`.codex/config.toml`). The token list is a superset of what
any scanner keys on:

- every catalog model ID, label and label variant, as its longest separator-free piece
  (`text-embedding-3-small` -> `embedding`) unless a marker already sits inside one of its
  pieces (`gpt-5.5-instant` has `gpt`); labels match after normalising case and separators,
  and that keeps every piece intact;
- the segments of every SDK call path the catalog's surfaces name (`images`, `realtime`, ...)
  and the endpoint keys validate knows, minus generic verbs (`create`, `generate`);
- the words every call shape needs to carry a model or a route: `model`, `engine`,
  `deployment`, `openai`, `base_url`, `wire_api`, ...;
- any `PREFILTER` tuple a scanner module exports.

Tokens that contain a shorter token are dropped (the shorter one already hits). Matching is
ASCII case-insensitive on raw bytes. Not covered: model strings spelled only with Unicode
compatibility characters (full-width letters), which normalise to an ID but share no bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from modelmap.catalog.model import Catalog
from modelmap.scan.words import Words

MARKERS = (
    "model", "engine", "deployment", "openai", "azure", "gpt", "chatgpt", "codex", "sora",
    "dall", "whisper", "tts", "davinci", "base_url", "baseurl", "api_base", "base-url",
    "wire_api", "/v1", "realtime", "assistant",
)
"""Words every call shape carries (the model keyword, the client, the route)."""

_GENERIC = {
    "create", "generate", "edit", "connect", "list", "retrieve", "stream", "parse", "update",
    "delete", "client", "with_raw_response", "with_streaming_response", "accept", "poll",
    "count", "download_content", "remix", "extend", "calls", "get_character",
    "create_character", "create_and_poll", "create_and_run", "create_variation", "compact",
    "input_tokens", "runs", "messages", "tools", "beta", "config", "sessions",
    "client_secrets", "transcription_sessions", "chat", "completions", "responses",
}
"""SDK path segments too common to be useful markers; each call shape also carries a model
argument or an `openai`/`client` name, which MARKERS cover."""

_CHUNK = re.compile(r"[a-z0-9.]+")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Prefilter:
    """A compiled byte prefilter."""

    tokens: tuple[bytes, ...]
    """Lower-case tokens, most frequent first (so hits return early)."""
    words: Words = field(init=False, repr=False, compare=False)
    """The tokens as one ASCII case-insensitive search (scan.words: one Hyperscan pass)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", Words((t.decode("ascii") for t in self.tokens),
                                                caseless=True))

    def hit(self, data: bytes) -> bool:
        """True when the bytes may hold something a scanner reports."""
        return self.words.any(data)


def chunks(name: str) -> list[str]:
    """The separator-free pieces of a normalised name (`GPT-5.5 Instant` -> gpt, 5.5, instant).

    A raw spelling that normalises to the name contains each piece (ASCII case aside)."""
    from modelmap.normalize import normalize

    return _CHUNK.findall(normalize(name))


def reduce_tokens(tokens: Iterable[str]) -> tuple[str, ...]:
    """Lower-case, de-duplicate, and drop tokens that contain a shorter kept token."""
    kept: list[str] = []
    for token in sorted({t.lower() for t in tokens if t}, key=lambda t: (len(t), t)):
        if not any(k in token for k in kept):
            kept.append(token)
    return tuple(sorted(kept))


def _segments(path: str) -> set[str]:
    return {seg.lower() for seg in path.split(".")
            if _IDENT.fullmatch(seg) and seg.lower() not in _GENERIC}


def catalog_tokens(catalog: Catalog, markers: Iterable[str] = MARKERS) -> set[str]:
    """Tokens for the catalog's SDK call paths, and for each ID and label not already covered
    by a marker: its longest piece."""
    out: set[str] = set()
    for surface in catalog.surfaces.values():
        for path in surface.sdk:
            out |= _segments(path)
    try:
        from modelmap.validate.endpoints import ENDPOINTS
    except ImportError:  # pragma: no cover - validate is part of the package
        ENDPOINTS = {}
    for endpoint in ENDPOINTS:
        out |= _segments(endpoint)
    covering = [m for m in [*markers, *out] if _CHUNK.fullmatch(m)]
    names = [*catalog.models, *catalog.labels]
    names += [n for lb in catalog.labels.values() for n in (lb.name, *lb.variants)]
    # Short names first, so `o1` is a token before `o1-pro` needs one.
    for name in sorted(set(names), key=lambda n: (len(n), n)):
        pieces = chunks(name)
        if pieces and not any(m in p for p in pieces for m in covering):
            token = max(pieces, key=len)
            out.add(token)
            covering.append(token)
    return out


def build_prefilter(catalog: Catalog, extra: Iterable[str] = ()) -> Prefilter:
    """The prefilter for this catalog plus scanner-declared tokens."""
    tokens = reduce_tokens([*MARKERS, *catalog_tokens(catalog), *extra])
    order = {m: i for i, m in enumerate(MARKERS)}
    ranked = sorted(tokens, key=lambda t: (order.get(t, len(order)), t))
    return Prefilter(tuple(t.encode() for t in ranked))
