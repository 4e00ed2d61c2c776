"""Which of a fixed set of literal words occur in a text, found in one pass.

The scanners' gates ask, for every file of a tree, whether each of some eighty words occurs
in it. One `in` test per word reads the text eighty times; a Hyperscan database of all the
words reads it once (about 40x less CPU on the benchmark corpus's JS/TS files). Hyperscan
comes from the `hyperscan` package where it has wheels (Linux x86-64, macOS, Windows); without
it, the same answer comes from one `in` test per word. Words are ASCII, matched case-sensitively
(or ASCII case-insensitively with `caseless`), so a word occurs in the UTF-8 encoding of a text
exactly when it occurs in the text: no byte of a multi-byte sequence is ASCII.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any


def _compile(words: tuple[str, ...], caseless: bool) -> Callable[[bytes, bool], set[int]] | None:
    """A one-pass matcher returning the indexes of the words found (with `first`, as soon as
    one is found), or None without Hyperscan (the caller then tests each word)."""
    try:
        import hyperscan
    except ImportError:
        return None
    flags = hyperscan.HS_FLAG_SINGLEMATCH | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=[w.encode("ascii") for w in words], ids=list(range(len(words))),
               elements=len(words), flags=[flags] * len(words), literal=True)
    scratch = hyperscan.Scratch(db)
    stopped = hyperscan.ScanTerminated

    def found(data: bytes, first: bool) -> set[int]:
        out: set[int] = set()

        def on_match(index: int, start: int, end: int, flags: int, context: Any) -> bool:
            out.add(index)
            return first  # True stops the scan

        with contextlib.suppress(stopped):
            db.scan(data, match_event_handler=on_match, scratch=scratch)
        return out

    return found


class Words:
    """A fixed set of ASCII words; calling it with a text gives the ones that occur."""

    def __init__(self, words: Iterable[str], caseless: bool = False) -> None:
        self.words = tuple(dict.fromkeys(w.lower() if caseless else w for w in words if w))
        if not all(w.isascii() for w in self.words):
            raise ValueError("Words takes ASCII words only")
        self.caseless = caseless
        self._matcher: Callable[[bytes, bool], set[int]] | None = None
        self._compiled = False

    def __call__(self, text: str | bytes) -> frozenset[str]:
        return self._find(text, False)

    def any(self, text: str | bytes) -> bool:
        """Does any of the words occur? (The search stops at the first.)"""
        return bool(self._find(text, True))

    def _find(self, text: str | bytes, first: bool) -> frozenset[str]:
        if not self._compiled:  # compiled on first use: start-up and forks pay nothing
            self._matcher = _compile(self.words, self.caseless)
            self._compiled = True
        if self._matcher is not None:
            data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
            return frozenset(self.words[i] for i in self._matcher(data, first))
        if self.caseless:
            text = text.lower()
        if isinstance(text, bytes):
            found = (w for w in self.words if w.encode("ascii") in text)
        else:
            found = (w for w in self.words if w in text)
        if first:
            word = next(found, None)
            return frozenset() if word is None else frozenset((word,))
        return frozenset(found)
