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
    todo = [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, str) and "://" in value and BASE_WORD.search(key) and (
                        norm_key(key).rsplit(".", 1)[-1] in BASE_KEYS):
                    return True
                if isinstance(value, str | list) and MODEL_WORD.search(key):
                    last = norm_key(key).rsplit(".", 1)[-1]
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
                if isinstance(value, dict | list):
                    todo.append(value)
        elif isinstance(item, list):
            todo.extend(x for x in item if isinstance(x, dict | list))
    return False
