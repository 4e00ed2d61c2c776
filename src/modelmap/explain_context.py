"""What a pasted error says about where it came from: its endpoint, its model, its surface.

explain() reads the error's message; people paste more than that (a traceback whose code line
says `model="gpt-5.5-pro"`, a log line with the request path). These helpers read that
context, and decide the surface the first checks are about from evidence only:

1. a request path the message or the pasted text names (`/v1/images/edits`);
2. the named model's own API surfaces (the row's typical ones that it serves first; for a
   fine-tune, its base model's);
3. the shape of the parameter path the error names: items of `input[...]` (a role, content,
   type ... field) exist only in Responses requests, `messages[...]` only in Chat Completions;
4. a row that only one surface can raise (its single typical surface).

With none of these, the surface is unknown (None) and the row's typical surfaces are only
candidates: an "Unknown parameter" or a rate limit can come from any endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from modelmap.catalog.model import Catalog, ErrorPattern, Surface
from modelmap.resolve import Resolution

_MODEL_KW = re.compile(r"""\bmodel["']?\s*[=:]\s*["']([A-Za-z0-9][\w.:/-]{0,120})["']""")
_PATH = re.compile(r"/v1/[\w./-]*")
_PARAM_PATH = re.compile(r"""['"`]((?:input|messages)\[\d+\][\w.\[\]]*)['"`]""")

# Request shapes whose item paths only one API has (see the module docstring).
ITEM_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^input\[\d+\]\.(?:content|role|type|id|call_id|output|summary)\b"),
     "api.responses"),
    (re.compile(r"^messages\[\d+\]"), "api.chat_completions"),
)


def pasted_model(text: str) -> str | None:
    """The model a pasted code line or request body names (`model="gpt-5.5-pro"`,
    `"model": "gpt-5.5"`), when exactly one model is named; else None."""
    found = list(dict.fromkeys(m.group(1) for m in _MODEL_KW.finditer(text)))
    return found[0] if len(found) == 1 else None


def pasted_path(text: str) -> str | None:
    """The one request path (/v1/...) the pasted text names, else None."""
    found = list(dict.fromkeys(p.rstrip("./") for p in _PATH.findall(text)))
    return found[0] if len(found) == 1 else None


def shape_surface(param: str | None, message: str) -> str | None:
    """The surface an API-specific parameter path (`input[0].content`) belongs to."""
    paths = [param] if param else []
    paths += _PARAM_PATH.findall(message)
    for path in paths:
        for shape, surface in ITEM_SHAPES:
            if shape.match(path.strip()):
                return surface
    return None


def choose_surfaces(row: ErrorPattern, endpoint: Surface | None, res: Resolution | None,
                    shape: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(the surface the checks are about or None when nothing says, the surfaces to list)."""
    if endpoint is not None:
        return endpoint.key, (endpoint.key,)
    model_surfaces = (res.model.surfaces if res is not None and res.model is not None
                      else res.surfaces if res is not None and res.kind == "fine-tune" else ())
    if model_surfaces:  # a fine-tune's surfaces are its base model's
        own = sorted(model_surfaces)
        mine = [x for x in own if x.startswith("api.")] or own
        both = [x for x in row.surfaces if x in mine]
        ordered = tuple(both + [x for x in mine if x not in both])
        return ordered[0], ordered
    if shape is not None:
        return shape, (shape, *(x for x in row.surfaces if x != shape))
    if len(row.surfaces) == 1:
        return row.surfaces[0], row.surfaces
    return None, row.surfaces


def endpoint_from(catalog: Catalog, paths: tuple[str | None, ...],
                  lookup: Callable[[Catalog, str | None], Surface | None]) -> Surface | None:
    """The surface of the first path that one serves."""
    for path in paths:
        found = lookup(catalog, path)
        if found is not None:
            return found
    return None
