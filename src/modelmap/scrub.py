"""Remove an API key from text that a server (or an error) may echo back.

A server can echo a key whole, cut, upper-cased, or split by separators (`sk-AbCd EfGh...`).
`scrub` replaces every stretch of text that shares a run of at least MIN_RUN characters with
the key, compared case-insensitively and ignoring characters that are not letters or digits
(so separators inserted between the key's characters do not hide it). It runs before any
truncation: a cut echo is then still long enough to be found.
"""

from __future__ import annotations

from typing import Any

MIN_RUN = 8
MARK = "[redacted]"


def _alnum(text: str) -> tuple[str, list[int]]:
    """`text` lower-cased with only letters and digits kept, and each kept char's index."""
    kept = [(i, ch) for i, ch in enumerate(text.lower()) if ch.isalnum()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


class Scrubber:
    """Scrubs one key from any number of strings."""

    def __init__(self, key: str) -> None:
        norm, _ = _alnum(key.strip())
        self.grams = frozenset(norm[i:i + MIN_RUN] for i in range(len(norm) - MIN_RUN + 1))
        self.key = key.strip()

    def __call__(self, text: str) -> str:
        if not self.grams or len(text) < MIN_RUN:
            return text
        norm, where = _alnum(text)
        grams = self.grams
        hit = [False] * len(text)
        found = False
        for i in range(len(norm) - MIN_RUN + 1):
            if norm[i:i + MIN_RUN] in grams:
                found = True
                for j in range(where[i], where[i + MIN_RUN - 1] + 1):
                    hit[j] = True
        if not found:
            return text
        out: list[str] = []
        for i, ch in enumerate(text):
            if not hit[i]:
                out.append(ch)
            elif i == 0 or not hit[i - 1]:
                out.append(MARK)
        return "".join(out)

    def json(self, value: Any) -> Any:
        """Every string (keys included) of a decoded JSON value, scrubbed."""
        stack: list[Any] = [value]
        if isinstance(value, str):
            return self(value)
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for k in list(node):
                    v = node.pop(k)
                    node[self(k) if isinstance(k, str) else k] = self(v) if isinstance(
                        v, str) else v
                    if isinstance(v, (dict, list)):
                        stack.append(v)
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    if isinstance(v, str):
                        node[i] = self(v)
                    elif isinstance(v, (dict, list)):
                        stack.append(v)
        return value


def scrub(text: str, key: str) -> str:
    return Scrubber(key)(text)
