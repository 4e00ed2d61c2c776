"""Cross-file constants for `ScanContext.constants`, computed only when a scanner asks.

The first pass of a check collects every project module's string constants (H6a's
`module_constants`, H7's JS `module_constants`) so that `from settings import MODEL` resolves.
Parsing every module up front doubles the parsing work on large trees, so the table here has
every module's key from the start but parses a module only when a scanner looks it up (a
`get`, or reading a value it got from `items()`); results are memoised per process, seeded
from the cache, and handed back to the runner to be cached by content hash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

ConstantsFn = Callable[[str], Callable[[str, str], Mapping[str, str]] | None]


class LazyModule(Mapping[str, str]):
    """One module's constants, computed on first access."""

    def __init__(self, table: LazyConstants, rel: str) -> None:
        self._table = table
        self._rel = rel

    def _data(self) -> Mapping[str, str]:
        return self._table.load(self._rel)

    def __getitem__(self, name: str) -> str:
        if name.endswith("()") and not self._table.may_define(self._rel, name):
            raise KeyError(name)
        return self._data()[name]

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: object) -> bool:
        try:
            self[name]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


class LazyConstants(Mapping[str, Mapping[str, str]]):
    """Import key -> constants of the file behind it (parsed lazily)."""

    def __init__(self, keys: Mapping[str, str], paths: Mapping[str, str | Path],
                 known: Mapping[str, Mapping[str, str]], constants_for: ConstantsFn,
                 read: Callable[[str | Path], str | None]) -> None:
        self._keys = dict(keys)
        self._paths = paths
        self._memo: dict[str, Mapping[str, str]] = dict(known)
        self._constants_for = constants_for
        self._read = read
        self._helpers: dict[str, frozenset[str] | None] = {}
        """Per Python module: the names it may export helper entries for (see may_define)."""
        self.fresh: dict[str, dict[str, str]] = {}
        """Computed since the last `take_fresh` (to be cached)."""
        self._tails: dict[str, list[str]] | None = None

    def keys_ending(self, name: str) -> list[str]:
        """The keys that end with `.name` (`pkg.settings` for `settings`), from an index built
        on first use: astutil.lookup_module's fallback, which would otherwise test every key
        for each module name not found as it is (every stdlib import)."""
        if self._tails is None:  # by last component: one entry per key
            tails: dict[str, list[str]] = {}
            for key in self._keys:
                dot = key.rfind(".")
                if dot >= 0:
                    tails.setdefault(key[dot + 1:], []).append(key)
            self._tails = tails
        tail = "." + name
        return [k for k in self._tails.get(name.rsplit(".", 1)[-1], ()) if k.endswith(tail)]

    def load(self, rel: str) -> Mapping[str, str]:
        found = self._memo.get(rel)
        if found is not None:
            return found
        fn = self._constants_for(rel)
        result: dict[str, str] = {}
        if fn is not None and rel in self._paths:
            try:
                text = self._read(self._paths[rel])
                result = dict(fn(rel, text)) if text is not None else {}
            except (OSError, SyntaxError, ValueError, RecursionError):
                result = {}
        self._memo[rel] = result
        self.fresh[rel] = result
        return result

    def may_define(self, rel: str, key: str) -> bool:
        """False when module `rel` certainly has no constant `key` (a `name()` helper entry
        of a Python module whose text has no top-level `def name`): answered from the text,
        without parsing the module (most imported names are not helpers)."""
        found = self._memo.get(rel)
        if found is not None:
            return key in found
        if not rel.endswith((".py", ".pyi")) or rel not in self._paths:
            return True
        if rel not in self._helpers:
            from modelmap.scan.python.consts import helper_names

            try:
                text = self._read(self._paths[rel])
            except OSError:
                text = None
            self._helpers[rel] = helper_names(text) if text is not None else None
        names = self._helpers[rel]
        return names is None or key[:-2] in names

    def take_fresh(self) -> dict[str, dict[str, str]]:
        out, self.fresh = self.fresh, {}
        return out

    def __getitem__(self, key: str) -> Mapping[str, str]:
        return LazyModule(self, self._keys[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
