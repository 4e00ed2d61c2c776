"""explain(error, as_of): an API error (text, JSON envelope or SDK exception text) -> a Diagnosis.

The rows of errors.toml are tried in order against the message; then by `code`; then by
HTTP status class. A row may capture the model named in the message and add a condition on
it (label, shut-down, no-api-access, unknown, known), decided with resolve() and status()
as of the given date. So a model_not_found on a valid, current ID points at access (org,
project, verification, billing), a label at the name, a shut-down model at its date.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from modelmap.catalog.curated import ERROR_CONDITIONS
from modelmap.catalog.model import Catalog, ErrorPattern, Source
from modelmap.errors import UsageError
from modelmap.resolve import Resolution, resolve, suggest
from modelmap.status import Status, status

CONDITIONS = ERROR_CONDITIONS

_STATUS = re.compile(
    r"(?:error code|status(?:[ _]code)?|http(?:/\d(?:\.\d)?)?)\s*[:=]?\s*([1-5]\d\d)\b", re.I)
_LEAD_STATUS = re.compile(r"^\s*([1-5]\d\d)\b")


@dataclass(frozen=True)
class ParsedError:
    """The fields of an API error, as far as the input shows them."""

    message: str
    status: int | None
    type: str | None
    code: str | None
    param: str | None
    form: str
    """json | text: how the input was read."""


@dataclass(frozen=True)
class Diagnosis:
    """The likely cause of an error and the first checks."""

    key: str
    """errors.toml row key, or `unrecognised`."""
    cause: str
    checks: tuple[str, ...]
    surface: str | None
    """The surface the first checks are about."""
    surfaces: tuple[str, ...]
    model: str | None
    """The model string the message names, if any."""
    resolution: Resolution | None
    model_status: Status | None
    error: ParsedError
    matched_by: str
    """message | code | status | none."""
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    as_of: dt.date

    @property
    def recognised(self) -> bool:
        return self.matched_by != "none"


def parse_error(error: str | Mapping[str, Any]) -> ParsedError:
    """Read an error given as JSON (envelope, WebSocket event, failed Response), as the
    Python SDK's exception text (`Error code: 404 - {...}`), or as plain text."""
    if isinstance(error, Mapping):
        return _from_mapping(error, None)
    if not isinstance(error, str) or not error.strip():
        raise UsageError("empty error: give the error message or its JSON body")
    text = error.strip()
    start, end = text.find("{"), text.rfind("}")
    if start != -1 and end > start:
        data = _load_object(text[start:end + 1])
        if data is not None:
            prefix = _STATUS.search(text[:start]) or _LEAD_STATUS.search(text[:start])
            return _from_mapping(data, int(prefix.group(1)) if prefix else None)
    if text.startswith(("{", "[")):
        raise UsageError("the input starts like JSON but is not a valid JSON object")
    found = _STATUS.search(text) or _LEAD_STATUS.search(text)
    code = re.search(r"\bcode[\"']?\s*[:=]\s*[\"']?([a-z_]{4,})", text, re.I)
    return ParsedError(message=text, status=int(found.group(1)) if found else None, type=None,
                       code=code.group(1) if code else None, param=None, form="text")


def _load_object(text: str) -> Mapping[str, Any] | None:
    for loader in (json.loads, ast.literal_eval):
        try:
            value = loader(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, Mapping):
            return value
    return None


def _from_mapping(data: Mapping[str, Any], status_hint: int | None) -> ParsedError:
    err = data.get("error")
    body: Mapping[str, Any] = err if isinstance(err, Mapping) else data
    message = body.get("message")
    if not isinstance(message, str):
        message = err if isinstance(err, str) else data.get("detail") or data.get("message")
    raw_status = data.get("status", data.get("status_code", body.get("status")))
    status_code = raw_status if isinstance(raw_status, int) else status_hint
    code = body.get("code")
    if not isinstance(message, str) and not isinstance(code, str):
        raise UsageError("the JSON has no error message or code (expected "
                         '{"error": {"message": ..., "type": ..., "param": ..., "code": ...}})')
    kind = body.get("type") if body is not data or data.get("type") != "error" else None
    return ParsedError(
        message=message if isinstance(message, str) else "", status=status_code,
        type=kind if isinstance(kind, str) else None,
        code=str(code) if code is not None else None,
        param=str(body["param"]) if body.get("param") is not None else None, form="json")


def explain(catalog: Catalog, error: str | Mapping[str, Any], as_of: dt.date) -> Diagnosis:
    """Diagnose one error as of a date."""
    parsed = parse_error(error)
    for row, how, model in _candidates(catalog, parsed):
        res, st = _model_facts(catalog, model, as_of)
        if _holds(row.when, res, st):
            return _diagnose(catalog, row, how, parsed, model, res, st, as_of)
    return Diagnosis(
        key="unrecognised", cause="modelmap does not recognise this error.",
        checks=("Read the message together with the type, param and code fields.",
                "If a model is named, run `modelmap resolve` and `modelmap status` on it."),
        surface=None, surfaces=(), model=None, resolution=None, model_status=None,
        error=parsed, matched_by="none", notes=(), sources=(), as_of=as_of)


def _candidates(catalog: Catalog,
                parsed: ParsedError) -> list[tuple[ErrorPattern, str, str | None]]:
    out: list[tuple[ErrorPattern, str, str | None]] = []
    by_message: set[str] = set()
    for row in catalog.errors:
        if row.when == "status" or not row.pattern:
            continue
        m = re.search(row.pattern, parsed.message, re.I)
        if m:
            model = m.group(row.model_group) if row.model_group else None
            out.append((row, "message", model.strip() if model else None))
            by_message.add(row.key)
    if parsed.code:
        out += [(row, "code", None) for row in catalog.errors
                if row.code and row.code.lower() == parsed.code.lower()
                and row.when != "status" and row.key not in by_message]
    if parsed.status:
        cls = 500 if parsed.status >= 500 else parsed.status
        out += [(row, "status", None) for row in catalog.errors
                if row.when == "status" and row.status == cls]
    return out


def _model_facts(catalog: Catalog, model: str | None,
                 as_of: dt.date) -> tuple[Resolution | None, Status | None]:
    if not model:
        return None, None
    res = resolve(catalog, model)
    if res.kind == "label":
        return res, None
    return res, status(catalog, res.id or model, as_of)


def _holds(when: str | None, res: Resolution | None, st: Status | None) -> bool:
    if when is None or when == "status":
        return True
    if res is None:
        return False
    dead = st is not None and st.state == "shut-down"
    if when == "label":
        return res.kind in ("label", "display-name")  # a name problem, not an access one
    if when == "shut-down":
        return dead
    if when == "no-api-access":
        model = res.model
        if model is None or dead:
            return False
        no_api = not any(s.startswith("api.") for s in model.surfaces)
        return no_api or (model.codex is not None and not model.codex.api_access)
    if when == "unknown":
        return res.kind in ("unknown", "unsupported") and not dead
    if when == "known":
        return res.is_api_id and not dead
    raise ValueError(f"unknown condition {when!r}")  # parse_errors rejects these


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _diagnose(catalog: Catalog, row: ErrorPattern, how: str, parsed: ParsedError,
              model: str | None, res: Resolution | None, st: Status | None,
              as_of: dt.date) -> Diagnosis:
    values = _Values(as_of=as_of.isoformat(), model=model or "?")
    if res is not None:
        values.update(api_ids=", ".join(res.api_ids) or "none known",
                      suggestions=_suggestions(catalog, res, model or "", as_of),
                      caveat=res.caveat or (res.model.note if res.model else ""))
    if st is not None:
        values.update(
            state=st.state,
            shutdown_date=st.shutdown_date.isoformat() if st.shutdown_date else "an unknown date",
            replacement=(", ".join(st.replacement) + f" as of {st.replacement_as_of}"
                         if st.replacement else "none named"))
    fmt = string.Formatter()
    checks = tuple(c for c in (fmt.vformat(t, (), values).strip() for t in row.checks) if c)
    notes = _notes(catalog, row, model, res, st, as_of)
    sources = [row.source]
    if st is not None and st.source is not None and st.source != row.source:
        sources.append(st.source)
    if res is not None and res.sources and res.sources[0] not in sources:
        sources.append(res.sources[0])
    surfaces = row.surfaces or (tuple(sorted(res.model.surfaces)) if res and res.model else ())
    return Diagnosis(
        key=row.key, cause=fmt.vformat(row.cause, (), values), checks=checks,
        surface=surfaces[0] if surfaces else None, surfaces=surfaces, model=model,
        resolution=res, model_status=st, error=parsed, matched_by=how, notes=tuple(notes),
        sources=tuple(sources), as_of=as_of)


def _suggestions(catalog: Catalog, res: Resolution, model: str, as_of: dt.date) -> str:
    """Up to three close IDs that an API call can use on `as_of` (deprecated ones dated)."""
    ids = [s.id for s in res.suggestions] or [
        s.id for s in suggest(catalog, model, exclude=res.id, limit=8)]
    out: list[str] = []
    for model_id in ids:
        found = catalog.models.get(model_id)
        if found is None or not any(x.startswith("api.") for x in found.surfaces):
            continue
        st = status(catalog, model_id, as_of)
        if st.state == "shut-down":
            continue
        out.append(f"{model_id} (shuts down {st.shutdown_date})" if st.state == "deprecated"
                   else model_id)
        if len(out) == 3:
            break
    return ", ".join(out) or "none close"


def _notes(catalog: Catalog, row: ErrorPattern, model: str | None, res: Resolution | None,
           st: Status | None, as_of: dt.date) -> list[str]:
    notes: list[str] = []
    if st is not None and st.shutdown_date is not None and row.when != "shut-down":
        if st.state == "deprecated":
            notes.append(f"{model} shuts down on {st.shutdown_date} ({st.days_left} days after "
                         f"{as_of}).")
        elif st.state == "shut-down":
            notes.append(f"{model} was shut down on {st.shutdown_date}.")
    if row.when == "known" and res is not None and res.model is not None and res.model.note:
        notes.append(res.model.note)
    for key in row.surfaces:
        surface = catalog.surfaces.get(key)
        if surface is not None and surface.shutdown_date and surface.shutdown_date <= as_of:
            notes.append(f"{surface.name} shut down on {surface.shutdown_date}: {surface.note}")
    if not row.source.confidence.strong:
        notes.append(f"This pattern rests on a source graded {row.source.confidence.value}: "
                     "treat the cause as a lead, not a verdict.")
    return notes


__all__ = ["CONDITIONS", "Diagnosis", "ParsedError", "explain", "parse_error"]
