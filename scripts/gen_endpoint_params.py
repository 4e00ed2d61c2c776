"""Maintainers: regenerate src/modelmap/catalog/data/endpoint_params.json.

    python scripts/gen_endpoint_params.py --openapi PATH/openapi.yaml [--openai-dir DIR]

Two published, machine-readable sources, nothing typed by hand:

- parameter names per endpoint: the request TypedDicts of the installed `openai` package
  (`openai/types/**/*_create_params.py` and friends), read with `ast` (fields of the params
  class and of its bases in the same file);
- numeric bounds: `minimum`/`maximum` of the same endpoint's request body schema in the
  OpenAPI description from github.com/openai/openai-openapi (MIT), following `$ref`,
  `allOf`, `anyOf` and `oneOf`.

The endpoint -> (type file, class, HTTP path) table below says where to look, not what is
there. Needs PyYAML (maintainer-only; nothing here runs at run or test time).
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
from pathlib import Path
from typing import Any

# endpoint key -> (type file under the openai package, params class, POST path in the spec)
WHERE: dict[str, tuple[str, str, str]] = {
    "chat.completions.create": ("types/chat/completion_create_params.py",
                                "CompletionCreateParamsBase", "/chat/completions"),
    "responses.create": ("types/responses/response_create_params.py",
                         "ResponseCreateParamsBase", "/responses"),
    "completions.create": ("types/completion_create_params.py", "CompletionCreateParamsBase",
                           "/completions"),
    "images.generate": ("types/image_generate_params.py", "ImageGenerateParamsBase",
                        "/images/generations"),
    "images.edit": ("types/image_edit_params.py", "ImageEditParamsBase", "/images/edits"),
    "images.create_variation": ("types/image_create_variation_params.py",
                                "ImageCreateVariationParams", "/images/variations"),
    "audio.speech.create": ("types/audio/speech_create_params.py", "SpeechCreateParams",
                            "/audio/speech"),
    "audio.transcriptions.create": ("types/audio/transcription_create_params.py",
                                    "TranscriptionCreateParamsBase", "/audio/transcriptions"),
    "audio.translations.create": ("types/audio/translation_create_params.py",
                                  "TranslationCreateParams", "/audio/translations"),
    "embeddings.create": ("types/embedding_create_params.py", "EmbeddingCreateParams",
                          "/embeddings"),
    "moderations.create": ("types/moderation_create_params.py", "ModerationCreateParams",
                           "/moderations"),
    "videos.create": ("types/video_create_params.py", "VideoCreateParams", "/videos"),
}

# Keyword arguments every SDK method takes besides the body (openai._types request options)
# and the streaming switch the SDK splits into Streaming/NonStreaming subclasses.
SDK_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "stream")


def fields(path: Path, cls: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    out: list[str] = []
    todo = [cls]
    while todo:
        node = classes.get(todo.pop())
        if node is None:
            continue
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                out.append(item.target.id)
        todo += [b.id for b in node.bases if isinstance(b, ast.Name)]
    return sorted(set(out))


def _deref(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        cur: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            cur = cur[part]
        node = cur
    return node


def properties(spec: dict[str, Any], node: Any) -> dict[str, Any]:
    node = _deref(spec, node)
    out: dict[str, Any] = {}
    if not isinstance(node, dict):
        return out
    for sub in node.get("allOf", []):
        out.update(properties(spec, sub))
    out.update(node.get("properties", {}))
    return out


def bounds(spec: dict[str, Any], node: Any) -> dict[str, float | int]:
    node = _deref(spec, node)
    if not isinstance(node, dict):
        return {}
    if node.get("type") in ("integer", "number"):
        return {k: node[k] for k in ("minimum", "maximum") if k in node}
    for key in ("anyOf", "oneOf"):
        for sub in node.get(key, []):
            found = bounds(spec, sub)
            if found:
                return found
    return {}


def ranges(spec: dict[str, Any], http: str) -> dict[str, dict[str, Any]]:
    op = spec["paths"].get(http, {}).get("post")
    if not op:
        return {}
    content = op.get("requestBody", {}).get("content", {})
    out: dict[str, dict[str, Any]] = {}
    for body in content.values():
        for name, prop in properties(spec, body.get("schema")).items():
            found = bounds(spec, prop)
            if found:
                out[name] = {("min" if k == "minimum" else "max"): v for k, v in found.items()}
    return out


def main() -> None:
    import openai
    import yaml

    ap = argparse.ArgumentParser()
    ap.add_argument("--openapi", type=Path, required=True)
    ap.add_argument("--openai-dir", type=Path, default=Path(openai.__file__).parent)
    ap.add_argument("--output", type=Path,
                    default=Path("src/modelmap/catalog/data/endpoint_params.json"))
    args = ap.parse_args()
    spec = yaml.safe_load(args.openapi.read_text(encoding="utf-8"))
    version = openai.__version__
    endpoints: dict[str, Any] = {}
    for key, (rel, cls, http) in WHERE.items():
        names = fields(args.openai_dir / rel, cls)
        if not names:
            raise SystemExit(f"{rel}: no fields in {cls}")
        endpoints[key] = {
            "params": names,
            "params_source": f"openai=={version}:openai/{rel}",
            "ranges": {k: v for k, v in sorted(ranges(spec, http).items()) if k in names},
            "ranges_source": f"openai-openapi {spec['info']['version']}: POST {http}",
        }
    out = {"schema": 1, "generated_on": dt.date.today().isoformat(),
           "openai_version": version, "openapi_version": spec["info"]["version"],
           "sdk_options": list(SDK_OPTIONS), "endpoints": endpoints}
    args.output.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(endpoints)} endpoints")


if __name__ == "__main__":
    main()
