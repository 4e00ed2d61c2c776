"""explain(error, as_of): an API error (text, JSON envelope or SDK exception text) -> a Diagnosis.

The rows of errors.toml are tried in order against the message. Then by `code`, but only
where the code decides: a row without a message pattern (the code is the whole story), or a
row whose `param` is the parameter the error names. A code that several message-specific rows
share, with nothing else to tell them apart, gives a `not-sure` diagnosis that lists them
instead of a guess. Rows with when = "status" come last, by HTTP status class.

A row may capture the model named in the message and add a condition on it (label, shut-down,
no-api-access, unknown, known), decided with resolve() and status() as of the given date, or
capture the request path and hold only when that endpoint's surface is shut down on that date.
So a model_not_found on a valid, current ID points at access (org, project, verification,
billing), a label at the name, a shut-down model at its date, and a 404 on /v1/videos at the
Videos API's shutdown. The surface is decided from evidence only (modelmap.explain_context):
a request path, the model (from the message, else from a pasted `model=...` code line), a
parameter path only one API has; else it is unknown (None) and `surfaces` are candidates.
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
from modelmap.catalog.model import Catalog, ErrorPattern, Source, Surface
from modelmap.errors import UsageError
from modelmap.explain_context import (
    choose_surfaces,
    endpoint_from,
    pasted_model,
    pasted_path,
    shape_surface,
)
from modelmap.resolve import Resolution, resolve, suggest
from modelmap.status import Status, status

CONDITIONS = ERROR_CONDITIONS

_STATUS = re.compile(
    r"(?:error code|status(?:[ _]code)?|http(?:/\d(?:\.\d)?)?)\s*[:=]?\s*([1-5]\d\d)\b", re.I)
# "404 ...", and openai-node's printed form "NotFoundError: 404 ..." (`${status} ${message}`).
_LEAD_STATUS = re.compile(r"^\s*(?:[\w.]*Error:\s*)?([1-5]\d\d)\b")
_PATH = re.compile(r"/v1/[\w./-]*")


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
    """message | code | param | status | uncertain | none."""
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    as_of: dt.date
    candidates: tuple[str, ...] = ()
    """With matched_by == "uncertain": the rows that could fit, none of them confirmed."""

    @property
    def recognised(self) -> bool:
        """A diagnosis modelmap stands behind (not `unrecognised`, not `not-sure`)."""
        return self.matched_by not in ("none", "uncertain")


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
    raw = error if isinstance(error, str) else ""
    sure, unsure, by_status = _candidates(catalog, parsed)
    for row, how, model in sure:
        res, st = _model_facts(catalog, model, as_of)
        if _holds(catalog, row, parsed, res, st, as_of):
            if model is None:  # the message names none: a pasted code line may
                model = pasted_model(raw)
                res, st = _model_facts(catalog, model, as_of)
            return _diagnose(catalog, row, how, parsed, model, res, st, as_of, raw)
    if unsure:
        return _not_sure(catalog, parsed, unsure, by_status, as_of)
    for row, how, _model in by_status:
        model = pasted_model(raw)
        res, st = _model_facts(catalog, model, as_of)
        return _diagnose(catalog, row, how, parsed, model, res, st, as_of, raw)
    return Diagnosis(
        key="unrecognised", cause="modelmap does not recognise this error.",
        checks=("Read the message together with the type, param and code fields.",
                "If a model is named, run `modelmap resolve` and `modelmap status` on it."),
        surface=None, surfaces=(), model=None, resolution=None, model_status=None,
        error=parsed, matched_by="none", notes=(), sources=(), as_of=as_of)


_Candidate = tuple[ErrorPattern, str, "str | None"]


def _same_param(a: str, b: str) -> bool:
    """`reasoning.effort` and `reasoning_effort` name one parameter."""
    def norm(x: str) -> str:
        return re.sub(r"[.\[\]]+", "_", x.strip().lower()).strip("_")
    return norm(a) == norm(b)


def _candidates(catalog: Catalog, parsed: ParsedError
                ) -> tuple[list[_Candidate], list[ErrorPattern], list[_Candidate]]:
    """(rows to trust in order, rows that share only the code, rows by HTTP status)."""
    sure: list[_Candidate] = []
    generic: list[_Candidate] = []  # rows for any param (param = "*"): after specific ones
    unsure: list[ErrorPattern] = []
    by_message: set[str] = set()
    for row in catalog.errors:
        if row.when == "status" or not row.pattern:
            continue
        m = re.search(row.pattern, parsed.message, re.I)
        if m:
            model = m.group(row.model_group) if row.model_group else None
            (generic if row.param == "*" else sure).append(
                (row, "message", model.strip() if model else None))
            by_message.add(row.key)
    code = parsed.code.lower() if parsed.code else None
    shared = [row for row in catalog.errors if code and row.code and row.code.lower() == code
              and row.when is None]
    for row in shared:
        if row.key in by_message:
            continue
        if parsed.param and row.param:
            if row.param == "*":
                generic.append((row, "param", None))
            elif _same_param(parsed.param, row.param):
                sure.append((row, "param", None))
            continue  # the error is about another parameter: not this row
        if not row.pattern or len(shared) == 1 or row.code_default:
            sure.append((row, "code", None))  # the code alone tells this row
        else:
            unsure.append(row)  # message-specific, and the message did not match
    sure += generic
    by_status: list[_Candidate] = []
    if parsed.status:
        cls = 500 if parsed.status >= 500 else parsed.status
        by_status = [(row, "status", None) for row in catalog.errors
                     if row.when == "status" and row.status == cls]
    return sure, unsure, by_status


def _not_sure(catalog: Catalog, parsed: ParsedError, rows: list[ErrorPattern],
              by_status: list[_Candidate], as_of: dt.date) -> Diagnosis:
    """Several rows share the code and nothing picks one: say so, and list them."""
    keys = tuple(dict.fromkeys(r.key for r in rows))
    checks = [f"It may be: {r.cause.split(':')[0].rstrip('.')} ({r.key})."
              for r in rows[:3] if "{" not in r.cause.split(":")[0]]
    checks.append("The message matches none of these: read the param field (it names the "
                  "parameter) and run `modelmap validate` on the request.")
    if by_status:
        checks += list(by_status[0][0].checks)
    surfaces = tuple(dict.fromkeys(s for r in rows for s in r.surfaces))
    code = parsed.code or "?"
    return Diagnosis(
        key="not-sure",
        cause=f"Not sure: {len(keys)} errors modelmap knows share the code '{code}', and the "
              "message matches none of them.",
        checks=tuple(checks), surface=surfaces[0] if len(surfaces) == 1 else None,
        surfaces=surfaces,
        model=None, resolution=None, model_status=None, error=parsed, matched_by="uncertain",
        notes=(), sources=tuple(dict.fromkeys(r.source for r in rows)), as_of=as_of,
        candidates=keys)


def _model_facts(catalog: Catalog, model: str | None,
                 as_of: dt.date) -> tuple[Resolution | None, Status | None]:
    if not model:
        return None, None
    res = resolve(catalog, model)
    if res.kind == "label":
        return res, None
    return res, status(catalog, res.base or res.id or model, as_of)  # a fine-tune: its base


def endpoint_surface(catalog: Catalog, path: str | None) -> Surface | None:
    """The surface whose endpoint serves a request path such as /v1/videos/abc/content."""
    if not path:
        return None
    path = path.split("?", 1)[0].rstrip("/")
    best: tuple[int, Surface] | None = None
    for surface in catalog.surfaces.values():
        for prefix in _PATH.findall(surface.endpoint):
            prefix = prefix.rstrip("/")
            serves = path == prefix or path.startswith(prefix + "/")
            if serves and (best is None or len(prefix) > best[0]):
                best = (len(prefix), surface)
    return best[1] if best else None


def _holds(catalog: Catalog, row: ErrorPattern, parsed: ParsedError, res: Resolution | None,
           st: Status | None, as_of: dt.date) -> bool:
    when = row.when
    if when is None or when == "status":
        return True
    if when == "endpoint-shut-down":
        path = _captured_path(row, parsed)
        surface = endpoint_surface(catalog, path)
        return bool(surface and surface.shutdown_date and surface.shutdown_date <= as_of)
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


def _captured_path(row: ErrorPattern, parsed: ParsedError) -> str | None:
    if not row.path_group:
        return None
    m = re.search(row.pattern, parsed.message, re.I)
    return m.group(row.path_group) if m else None


PLACEHOLDERS = frozenset({
    "model", "api_ids", "suggestions", "shutdown_date", "replacement", "replace_with", "state",
    "as_of", "caveat", "param", "code", "endpoint", "surface_name", "surface_shutdown",
    "surface_note"})
"""The names errors.toml causes and checks may use; _diagnose fills what the error shows."""


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _diagnose(catalog: Catalog, row: ErrorPattern, how: str, parsed: ParsedError,
              model: str | None, res: Resolution | None, st: Status | None,
              as_of: dt.date, raw: str = "") -> Diagnosis:
    values = _Values(as_of=as_of.isoformat(), model=model or "?",
                     param=parsed.param or row.param or "the parameter named in the error",
                     code=parsed.code or "")
    if res is not None:
        values.update(api_ids=", ".join(res.api_ids) or "none known",
                      suggestions=_suggestions(catalog, res, model or "", as_of),
                      caveat=res.caveat or (res.model.note if res.model else ""))
    if st is not None:
        values.update(
            state=st.state,
            shutdown_date=st.shutdown_date.isoformat() if st.shutdown_date else "an unknown date",
            replacement=(", ".join(st.replacement) + f" (named as of {st.replacement_as_of})"
                         if st.replacement else "none named by any source"),
            replace_with=(f"Replace it with {' or '.join(st.replacement)} (the successors "
                          f"named as of {st.replacement_as_of})." if st.replacement else
                          "Replace it: no source names a successor, so pick a current model "
                          "for the job (`modelmap route`)."))
    endpoint = endpoint_surface(catalog, _captured_path(row, parsed))
    named = endpoint or endpoint_from(catalog, (pasted_path(parsed.message), pasted_path(raw)),
                                      endpoint_surface)
    surface, surfaces = choose_surfaces(row, named, res,
                                        shape_surface(parsed.param, parsed.message))
    if endpoint is not None:
        values.update(endpoint=_captured_path(row, parsed) or "", surface_name=endpoint.name,
                      surface_shutdown=str(endpoint.shutdown_date or "an unknown date"),
                      surface_note=endpoint.note)
    fmt = string.Formatter()
    checks = tuple(c for c in (fmt.vformat(t, (), values).strip() for t in row.checks) if c)
    notes = _notes(catalog, row, surfaces, model, res, st, as_of)
    if how == "status" and parsed.param:
        notes.insert(0, f"The error names the parameter '{parsed.param}'.")
    sources = [row.source]
    if st is not None and st.source is not None and st.source != row.source:
        sources.append(st.source)
    if res is not None and res.sources and res.sources[0] not in sources:
        sources.append(res.sources[0])
    if endpoint is not None and endpoint.source not in sources:
        sources.append(endpoint.source)
    return Diagnosis(
        key=row.key, cause=fmt.vformat(row.cause, (), values), checks=checks,
        surface=surface, surfaces=surfaces, model=model,
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


def _notes(catalog: Catalog, row: ErrorPattern, surfaces: tuple[str, ...], model: str | None,
           res: Resolution | None, st: Status | None, as_of: dt.date) -> list[str]:
    notes: list[str] = []
    if st is not None and st.shutdown_date is not None and row.when != "shut-down":
        if st.state == "deprecated":
            notes.append(f"{model} shuts down on {st.shutdown_date} ({st.days_left} days after "
                         f"{as_of}).")
        elif st.state == "shut-down":
            notes.append(f"{model} was shut down on {st.shutdown_date}.")
    if row.when == "known" and res is not None and res.model is not None and res.model.note:
        notes.append(res.model.note)
    for key in surfaces:
        surface = catalog.surfaces.get(key)
        if row.when == "endpoint-shut-down":
            break  # the cause already says it
        if surface is not None and surface.shutdown_date and surface.shutdown_date <= as_of:
            notes.append(f"{surface.name} shut down on {surface.shutdown_date}: {surface.note}")
    if not row.source.confidence.strong:
        notes.append(f"This pattern rests on a source graded {row.source.confidence.value}: "
                     "treat the cause as a lead, not a verdict.")
    return notes


__all__ = ["CONDITIONS", "PLACEHOLDERS", "Diagnosis", "ParsedError", "endpoint_surface", "explain",
           "parse_error"]
