"""Forgiving normalisation for matching labels and suggesting IDs (never for accepting IDs)."""

from __future__ import annotations

import unicodedata

_DASH_CHARS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASHES = dict.fromkeys(map(ord, _DASH_CHARS), "-")
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"


def normalize(name: str) -> str:
    """Lower-case, unify dashes, turn spaces/underscores into hyphens, drop quotes."""
    text = unicodedata.normalize("NFKC", name).translate(_DASHES).strip().strip(_QUOTES).strip()
    # Whitespace and underscores to hyphens, runs of hyphens to one (what
    # re.sub(r"-{2,}", "-", re.sub(r"[\s_]+", "-", text)) does; `re` stays unloaded)
    text = "-".join(text.lower().replace("_", " ").split())
    while "--" in text:
        text = text.replace("--", "-")
    return text.strip("-")


def strip_provider(name: str) -> tuple[str | None, str]:
    """Split `openai/gpt-4o` or `openai:gpt-4o` into (provider, model)."""
    for sep in ("/", ":"):
        if sep in name:
            head, _, tail = name.partition(sep)
            if sep == ":" and tail[:1].isdigit():
                break  # `gpt-3.5-turbo-instruct:20230824-v2`: a version tag, not a provider
            if head and tail and "/" not in head:
                return head, tail
    return None, name
