"""The fast path of the JSON settings scanner (modelmap.scan.config.scanner.scan_json): is a file,
already read by the C `json` module, worth the position-keeping reader? Only when a model-like
string sits under a model key, or a URL under a base-URL key; large data files hold neither."""

from __future__ import annotations

from modelmap.catalog.model import Catalog
from modelmap.scan.config.calls import (
    BASE_KEYS,
    BASE_WORD,
    MODEL_KEY,
    MODEL_WORD,
    candidate,
    norm_key,
    split_prefix,
)


def worth_reading(data: object, catalog: Catalog) -> bool:
    """Does a model-like string sit under a model key anywhere in the data (or a URL under a
    base-URL key)?"""
    keys: dict[str, tuple[bool, str | None]] = {}  # data files repeat a few keys many times
    todo = [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, dict):
                    todo.append(value)
                    continue
                if not isinstance(value, str | list):
                    continue
                kind = keys.get(key)
                if kind is None:
                    kind = keys[key] = _key_kind(key)
                base, last = kind
                if base and isinstance(value, str) and "://" in value:
                    return True
                if last is not None:
                    if isinstance(value, str) and MODEL_KEY.match(last):
                        values = [value]
                    elif isinstance(value, list) and (last == "models"
                                                      or last.endswith("_models")):
                        values = [v for v in value if isinstance(v, str)]
                    else:
                        values = []
                    for v in values:
                        split = split_prefix(v.strip())
                        if split is not None and candidate(catalog, split[0]):
                            return True
                if isinstance(value, list):
                    todo.append(value)
        elif isinstance(item, list):
            todo.extend(x for x in item if isinstance(x, dict | list))
    return False


def _key_kind(key: str) -> tuple[bool, str | None]:
    """(a base-URL key, the last segment of a model-word key or None)."""
    base = bool(BASE_WORD.search(key)) and norm_key(key).rsplit(".", 1)[-1] in BASE_KEYS
    return base, norm_key(key).rsplit(".", 1)[-1] if MODEL_WORD.search(key) else None
