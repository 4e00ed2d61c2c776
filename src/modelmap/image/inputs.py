"""Collect the outputs to check: image files, API response JSON, or folders of them.

A response is an Images API body (`data[].b64_json`, plus `usage`, `size`, `quality`,
`output_format`, `background`) or a Responses API body whose `output` holds
`image_generation_call` items (`result` is the base64 image). Image URLs (`data[].url`) are out
of scope: they are counted and reported as not checked, never fetched.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelmap.errors import UsageError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})


@dataclass(frozen=True)
class Output:
    """One image to check: its bytes and where they came from."""

    name: str
    data: bytes
    origin: str
    """file | response (decoded from a response body, i.e. exactly what the API returned)."""
    response: int | None = None
    """Index into Collected.responses for decoded images."""


@dataclass(frozen=True)
class ResponseInfo:
    """What one response body says about itself."""

    name: str
    kind: str
    """images | responses."""
    images: int
    """Decoded images it carried."""
    urls: int
    """Images given only as URLs (not checked)."""
    usage: Mapping[str, Any] | None
    fields: Mapping[str, Any] = field(default_factory=dict)
    """size, quality, output_format, background as the response reports them."""


@dataclass(frozen=True)
class Collected:
    outputs: tuple[Output, ...]
    responses: tuple[ResponseInfo, ...]


def collect(paths: Iterable[Path]) -> Collected:
    """Every output under `paths`; UsageError (exit 2) names the file on bad input."""
    outputs: list[Output] = []
    responses: list[ResponseInfo] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and (
                p.suffix.lower() in IMAGE_SUFFIXES or p.suffix.lower() == ".json"))
            if not files:
                raise UsageError(f"{path}: no image or .json files in this folder")
        elif path.is_file():
            files = [path]
        else:
            raise UsageError(f"{path}: no such file or folder")
        for f in files:
            data = _read(f)
            if f.suffix.lower() == ".json" or data[:1] in (b"{", b"["):
                _response(f, data, outputs, responses)
            else:
                outputs.append(Output(str(f), data, "file"))
    return Collected(tuple(outputs), tuple(responses))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _response(path: Path, data: bytes, outputs: list[Output],
              responses: list[ResponseInfo]) -> None:
    try:
        body = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise UsageError(f"{path}: expected a response object with `data` or `output`")
    index = len(responses)
    if isinstance(body.get("data"), list):
        kind, items = "images", body["data"]
        key, fields = "b64_json", body
    elif isinstance(body.get("output"), list):
        kind = "responses"
        items = [o for o in body["output"] if isinstance(o, dict)
                 and o.get("type") == "image_generation_call"]
        key, fields = "result", (items[0] if items else {})
        if not items:
            raise UsageError(f"{path}: output: no image_generation_call item in this response")
    else:
        raise UsageError(f"{path}: expected an Images API response (`data`) or a Responses "
                         f"API response (`output`)")
    images = urls = 0
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise UsageError(f"{path}: {kind}[{i}]: must be an object")
        b64 = item.get(key)
        if isinstance(b64, str) and b64:
            try:
                raw = base64.b64decode(b64, validate=True)
            except (binascii.Error, ValueError):
                raise UsageError(f"{path}: item {i}: field '{key}' is not valid base64") from None
            outputs.append(Output(f"{path}#{i}", raw, "response", index))
            images += 1
        elif isinstance(item.get("url"), str):
            urls += 1
    usage = body.get("usage") if kind == "images" else None
    if kind == "responses" and isinstance(body.get("tool_usage"), dict):
        usage = body["tool_usage"].get("image_gen")
    responses.append(ResponseInfo(
        name=str(path), kind=kind, images=images, urls=urls,
        usage=usage if isinstance(usage, dict) else None,
        fields={k: fields.get(k) for k in ("size", "quality", "output_format", "background")
                if fields.get(k) is not None}))
