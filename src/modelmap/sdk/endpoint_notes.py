"""Dated notes on API endpoints (not models) in the openai package's "Deprecated values" blocks.

A field such as `BatchCreateParams.endpoint` lists endpoint paths in a Literal, and its
docstring dates the ones that went away:

    Deprecated values:

    - "/v1/videos": The Videos API shut down on September 24, 2026. Batch creation
      no longer accepts this endpoint.

Such a bullet names no model, so the model extractor passes over it; this module keeps it as an
endpoint note: {"endpoints": [...], "kind": "shutdown", "date": "2026-09-24", "text": ...,
"path": ..., "symbol": ...}. The catalog turns each note into a rank-1 surface fact and checks
it against the curated surface's shutdown date (modelmap.catalog.sdk_layer).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from modelmap.sdk.docnotes import HEADER, parse_block
from modelmap.sdk.source import PackageSource


def is_endpoint(text: str) -> bool:
    """An HTTP path of the API (`/v1/...`), as the SDK writes them in Literals."""
    return text.startswith("/v1/") and " " not in text


def endpoint_notes(src: PackageSource,
                   skip: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Every dated bullet about endpoint paths, once per (endpoints, kind, date)."""
    seen: set[tuple[tuple[str, ...], str, str | None]] = set()
    out: list[dict[str, Any]] = []
    for path in src.paths():
        text = src.read(path)
        if HEADER not in text or '"/v1/' not in text:
            continue
        try:
            tree = ast.parse(text, filename=path)
        except SyntaxError as exc:
            if skip is not None:
                skip(f"{path}:{exc.lineno}: cannot parse: {exc.msg}")
            continue
        for symbol, doc in _documented_fields(tree):
            for bullet in parse_block(doc):
                if not bullet.ids or not all(is_endpoint(i) for i in bullet.ids):
                    continue
                if bullet.kind not in ("shutdown", "retired") or bullet.date is None:
                    continue
                day = bullet.date.isoformat()
                key = (bullet.ids, bullet.kind, day)
                if key in seen:
                    continue
                seen.add(key)
                out.append({"endpoints": list(bullet.ids), "kind": bullet.kind, "date": day,
                            "text": bullet.text, "path": path, "symbol": symbol})
    return out


def _documented_fields(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """(Class.field, docstring) for every annotated class field followed by a docstring."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for i, stmt in enumerate(node.body[:-1]):
            nxt = node.body[i + 1]
            if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                    and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant)
                    and isinstance(nxt.value.value, str) and HEADER in nxt.value.value):
                yield f"{node.name}.{stmt.target.id}", nxt.value.value
