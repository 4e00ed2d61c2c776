"""The JSON type a parameter rule's data implies for its parameter (see validate.params).

No table of parameter types: a `range` rule with integer bounds takes an integer, `one_of`
takes the types of its listed values, a size check takes a string.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelmap.validate.data import ParamRule

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any

_JSON_TYPE = {bool: "boolean", int: "integer", float: "number", str: "string"}


def expected_type(rule: ParamRule) -> frozenset[str] | None:
    """The JSON types a rule's parameter may have, read from the rule's data (None: any)."""
    if rule.check == "range":
        bounds = [b for b in (rule.opts.get("min"), rule.opts.get("max")) if b is not None]
        if bounds and all(_JSON_TYPE.get(type(b)) == "integer" for b in bounds):
            return frozenset({"integer"})
        return frozenset({"integer", "number"})
    if rule.check in ("size_flex", "size_fixed"):
        return frozenset({"string"})
    if rule.check in ("one_of", "value_status"):
        values = (rule.opts.get("values", []) if rule.check == "one_of"
                  else [rule.opts.get("value")])
        kinds = {_JSON_TYPE.get(type(v)) for v in values}
        if not values or None in kinds:
            return None
        return frozenset(k for k in kinds if k is not None)
    return None


def json_type(value: Any) -> str:
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "array"
    return _JSON_TYPE.get(type(value), type(value).__name__)
