"""Names that decide whether a JS/TS call can be a request at all, checked before the call's
member chain is read (most calls in a file fail here: `items.map(...)`, `this.emit(...)`)."""

from __future__ import annotations

import re
from functools import lru_cache

from modelmap.scan.js.aisdk import AI_SDK_METHODS
from modelmap.scan.js.values import Node, text_of
from modelmap.validate.endpoints import ENDPOINTS, NODE_V3_METHODS

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
LAST_SEGMENTS = frozenset(key.rpartition(".")[2] for key in ENDPOINTS)
"""The last name of every endpoint key (`create`, `create_variation`, `remix`)."""
_METHOD_WORDS = frozenset({*AI_SDK_METHODS, *NODE_V3_METHODS, "post", "create"})


@lru_cache(maxsize=4096)
def snake(part: str) -> str:
    """`createVariation` -> `create_variation` (memoised: the same few names recur)."""
    return _CAMEL.sub(r"_\1", part).lower()


def method_word(member: Node) -> bool:
    """Can a call of `x.<name>(...)` be a request? Only when `name` is an AI SDK provider
    method, `post` (raw HTTP), `create` (`OpenAIRealtimeWS.create`), a legacy v3 method, or
    the last name of an endpoint key: every shape in modelmap.scan.js.calls that reads a
    member call checks its last name against one of these."""
    prop = member.child_by_field_name("property")
    name = text_of(prop) if prop is not None else ""
    return name in _METHOD_WORDS or snake(name) in LAST_SEGMENTS
