"""Model rules: label-as-id, unknown-model (MM1xx), wrong-surface (MM2xx), lifecycle (MM401/402),
rolling alias (MM503). Which model goes where is catalog data, never a name pattern."""

from __future__ import annotations

import datetime as dt

from modelmap.catalog.model import Model, Source
from modelmap.findings import Finding
from modelmap.normalize import strip_provider
from modelmap.record import record
from modelmap.resolve import Resolution, is_display_name, resolve
from modelmap.rules import finding, replace_fix
from modelmap.status import Status, status
from modelmap.validate.context import Ctx, served_surfaces

TEXT_KINDS = frozenset({"chat", "responses", "codex.config", "completions", "assistants"})
API_KINDS = frozenset({"chat", "responses", "images.generate", "images.edit", "images.variation",
                       "image_tool", "speech", "transcription", "translation", "embeddings",
                       "moderations", "realtime", "realtime_beta", "live", "completions"})


@record
class Resolved:
    """The model a call names, once names are judged."""

    id: str
    """The bare ID the other rules judge (provider prefix or ft: wrapper removed)."""
    model: Model | None
    """The catalog model; None when only lifecycle claims know the ID."""


def check_name(ctx: Ctx) -> tuple[list[Finding], Resolved | None]:
    """MM101/MM102, and the resolved model for the remaining rules (None: stop judging)."""
    raw = ctx.call.model
    if isinstance(raw, str) and not raw.strip() and ctx.first_party and ctx.call.via in (
            "cli", "runtime"):  # a request as sent; in files an empty value is a placeholder
        return [finding("MM102", f"the model is {'empty' if not raw else 'blank'}: the API "
                        "answers 400; give a model ID.", location=ctx.model_location())], None
    if not isinstance(raw, str) or not raw.strip() or not ctx.first_party:
        return [], None
    name = raw.strip()
    cat = ctx.catalog
    if name.startswith("ft:"):
        # Fine-tuned model: ft:<base>:<org>:<suffix>:<id>; judge the base's lifecycle only.
        base = name.split(":")[1] if name.count(":") >= 1 else ""
        if base in cat.models or base in cat.lifecycle:
            return [], Resolved(base, cat.models.get(base))
        return [], None
    head, colon, tag = name.partition(":")
    if colon and tag[:1].isdigit() and (head in cat.models or head in cat.lifecycle):
        # `gpt-3.5-turbo-instruct:20230824-v2`: the build tag the API reports in a
        # response's `model` field; judge the model it tags.
        return [], Resolved(head, cat.models.get(head))
    res = _resolve(ctx, name)
    if name != raw and res.is_api_id and ctx.call.via not in _TRIMMED:
        # `model="gpt-5.5 "`: the API matches model IDs exactly. No source we hold says
        # whether it trims whitespace first, so this is a warning (strong=False), not an error.
        return [finding("MM102", f"{raw!r} has whitespace around the ID; the API matches model "
                        f"IDs exactly (no source shows it trims them). Write '{name}'.",
                        location=ctx.model_location(), strong=False,
                        sources=tuple(s.url for s in res.sources),
                        fix=replace_fix("safe", f"Replace with '{name}'", ctx.call.model_span,
                                        name))], None
    if res.kind == "label":
        return [_label(ctx, name, res)], None
    if res.kind == "display-name" and res.model is not None and is_display_name(
            name.strip(), res.display_name):
        return [_display_name(ctx, res)], None
    if res.is_api_id and res.model is not None:
        return [], Resolved(res.model.id, res.model)
    bare = strip_provider(name)[1] if res.provider else name
    if res.kind == "unknown" and bare in cat.lifecycle:
        return [], Resolved(bare, None)
    return [_unknown(ctx, name, bare, res)], None


_TRIMMED = frozenset({"config", "docs", "env-default"})
"""Where a value's surrounding whitespace is not what gets sent (settings files trim it;
prose pads it)."""

_RESOLVED: dict[tuple[str, int, str], Resolution] = {}


def _resolve(ctx: Ctx, name: str) -> Resolution:
    """resolve(), memoised per catalog: a scan meets the same strings again and again, and
    suggestions for an unknown name cost milliseconds."""
    key = (ctx.catalog.meta.data_version, id(ctx.catalog.models), name)
    found = _RESOLVED.get(key)
    if found is None:
        if len(_RESOLVED) > 4096:
            _RESOLVED.clear()
        found = _RESOLVED[key] = resolve(ctx.catalog, name)
    return found


def _label(ctx: Ctx, name: str, res: Resolution) -> Finding:
    label = res.label
    assert label is not None
    what = ("a product label" if label.kind == "product" else "an invented variant of an ID")
    where = ctx.catalog.surfaces.get(label.surface)
    if label.kind == "product" and where is not None:
        what = f"a product label ({where.name})"
    use = f"use {' or '.join(label.api_ids)}" if label.api_ids else "there is no API model"
    msg = f"'{name}' is {what}, not an API model ID; {use}. {label.caveat}"
    fix = None
    if label.fix and label.fix_safety in ("safe", "unsafe"):
        fix = replace_fix(label.fix_safety, f"Replace with '{label.fix}'",
                          ctx.call.model_span, label.fix)
    return finding("MM101", msg.strip(), location=ctx.model_location(), fix=fix,
                   sources=(label.source.url,), strong=label.source.strong)


def _display_name(ctx: Ctx, res: Resolution) -> Finding:
    """MM101 for a model page's display name written as the model (`GPT-5.5`, `GPT Image
    1.5`): a name of a known model, not an unknown one; the safe fix writes its ID. The ID
    with other separators (`gpt_5.5`) stays MM102's same-ID twin."""
    assert res.model is not None
    fix = replace_fix("safe", f"Replace with '{res.model.id}'", ctx.call.model_span,
                      res.model.id)
    return finding("MM101", res.caveat, location=ctx.model_location(), fix=fix,
                   sources=tuple(s.url for s in res.sources))


def _unknown(ctx: Ctx, name: str, bare: str, res: Resolution) -> Finding:
    meta = ctx.catalog.meta
    sdk = f", openai {meta.sdk_version}" if meta.sdk_version else ", without the SDK layer"
    fix = None
    twin = False
    strong = meta.sdk_origin != "none"
    if res.kind == "unsupported":
        msg = (f"'{bare}' is listed by the openai package but marked as not a supported model "
               f"ID; the API rejects it.")
    elif len(res.api_ids) == 1 and res.suggestions and res.caveat:
        near = res.api_ids[0]
        msg = res.caveat
        strong = twin = True
        fix = replace_fix("safe", f"Replace with '{near}'", ctx.call.model_span, near)
    else:
        msg = (f"'{bare}' is not a known OpenAI model ID, snapshot, alias or label "
               f"(catalog of {meta.curated_verified_on}{sdk}).")
    if not twin and res.suggestions:
        msg += " Closest: " + ", ".join(f"{s.id} ({s.reason})" for s in res.suggestions) + "."
    if not twin and res.kind == "unknown":
        msg += " If the ID is newer than the catalog, run `modelmap sync`."
    return finding("MM102", msg, location=ctx.model_location(), fix=fix,
                   sources=tuple(s.url for s in res.sources), strong=strong)


def check_lifecycle(ctx: Ctx, target: Resolved) -> list[Finding]:
    """MM401/MM402 for the model, as of the check date."""
    st = status(ctx.catalog, target.id, ctx.as_of)
    if st.state not in ("shut-down", "deprecated") or st.shutdown_date is None:
        return []
    announced = _announced_on(ctx, target)
    if st.state == "deprecated" and announced is not None and ctx.as_of < announced:
        return []  # not yet announced as of the check date
    days = st.days_left or 0
    if st.state == "shut-down":
        when = "the check date" if days == 0 else f"{-days} days before {ctx.as_of}"
        head = f"{target.id} was shut down on {st.shutdown_date} ({when})"
        code = "MM401"
    else:
        head = f"{target.id} shuts down on {st.shutdown_date} ({days} days after {ctx.as_of})"
        code = "MM402"
    tuned = isinstance(ctx.call.model, str) and ctx.call.model.strip().startswith("ft:")
    if tuned:
        # A fine-tune lives and dies with its base; no other model carries its training,
        # so there is no rename to offer: it has to be trained again on a current base.
        head = f"'{ctx.call.model}' is a fine-tune of {target.id}, which" + head[len(target.id):]
    msg = head + _replacement(st) + "." + _cite(st.source)
    if tuned:
        msg += " Fine-tune a current base model again; the ID cannot be renamed."
    if st.contested:
        msg += " Sources disagree on the date: see `modelmap facts --conflicts`."
    fix = None
    if len(st.replacement) == 1 and not tuned:
        fix = replace_fix("unsafe", f"Replace with '{st.replacement[0]}' (another model)",
                          ctx.call.model_span, st.replacement[0])
    return [finding(code, msg, location=ctx.model_location(), fix=fix,
                    sources=(st.source.url,) if st.source else (), strong=st.strong)]


def _announced_on(ctx: Ctx, target: Resolved) -> dt.date | None:
    """The earliest deprecation notice any source dates for the model (or its base)."""
    claims = ctx.catalog.lifecycle.get(target.id, ())
    if not claims and target.model is not None and target.model.base:
        claims = ctx.catalog.lifecycle.get(target.model.base, ())
    days = [c.deprecated_on for c in claims if c.deprecated_on is not None]
    return min(days) if days else None


def _replacement(st: Status) -> str:
    if st.replacement:
        return f"; replacement as of {st.replacement_as_of}: {', '.join(st.replacement)}"
    if st.replacement_as_of:
        return f"; no replacement named (as of {st.replacement_as_of})"
    return ""


def _cite(src: Source | None) -> str:
    if src is None:
        return ""
    grade = "" if src.confidence.value == "H" else f", confidence {src.confidence.value}"
    rank = ", third-party source" if int(src.rank) == 3 else ""
    return f" Source: {src.url} (verified {src.verified_on}{grade}{rank})."


def check_surface(ctx: Ctx, target: Resolved) -> list[Finding]:
    """MM2xx: the endpoint's surfaces do not serve the model (catalog data)."""
    model = target.model
    if model is None or not model.surfaces or not ctx.surfaces or ctx.kind is None:
        return []
    if set(model.surfaces) & set(ctx.surfaces):
        return []
    if not set(ctx.surfaces) & served_surfaces(ctx.catalog):
        return []  # no model lists this endpoint's surface: no data to judge by
    kind = ctx.kind
    served = ", ".join(_surface_name(ctx, s) for s in sorted(model.surfaces))
    here = " / ".join(_surface_name(ctx, s) for s in ctx.surfaces)
    api = any(s.startswith("api.") for s in model.surfaces)
    if model.modality == "image" and kind in TEXT_KINDS:
        code = "MM201"
        msg = (f"{model.id} is an image model, not a text model for {here}. Call "
               f"images.generate / images.edit, or name it as the model of the Responses "
               f"image_generation tool under a text model.")
    elif model.modality == "realtime" and kind not in ("realtime", "realtime_beta"):
        code = "MM202"
        msg = (f"{model.id} is a realtime model for live sessions (WebSocket, WebRTC, SIP); "
               f"{here} does not serve it. Use client.realtime.connect(model=...).")
    elif kind == "chat" and "api.responses" in model.surfaces:
        code = "MM203"
        msg = (f"{model.id} is served only by the Responses API; Chat Completions answers 404. "
               f"Use {_responses_call(ctx, model)}.")
    elif not api and any(s.startswith("codex.") for s in model.surfaces):
        code = "MM204"
        msg = (f"{model.id} is available only inside Codex ({served}); it has no API access, "
               f"so an API key gets model_not_found. {model.note}")
    elif model.modality in ("audio", "speech", "transcription") or kind in (
            "speech", "transcription", "translation"):
        code = "MM205"
        msg = f"{model.id} is not served by {here}; it is served by {served}."
    else:
        code = "MM206"
        msg = f"{model.id} is not served by {here}; it is served by {served}."
    return [finding(code, msg.strip(), location=ctx.model_location(),
                    sources=tuple(s.url for s in model.sources[:1]),
                    strong=_surface_strong(ctx, model))]


def _surface_name(ctx: Ctx, key: str) -> str:
    surface = ctx.catalog.surfaces.get(key)
    return surface.name if surface else key


def _surface_strong(ctx: Ctx, model: Model) -> bool:
    subjects = {model.id, model.base}
    for conflict in ctx.catalog.conflicts:
        if conflict.subject in subjects and conflict.field in {
                f"surface {s}" for s in ctx.surfaces}:
            return False
    return not model.sources or model.sources[0].strong


def _long_running(ctx: Ctx, model: Model) -> bool:
    fam = ctx.family(model)
    return fam is not None and "long-running" in fam.traits


def check_rolling(ctx: Ctx, target: Resolved) -> list[Finding]:
    """MM503: a rolling alias on an API call."""
    model = target.model
    if model is None or not model.rolling or ctx.kind not in API_KINDS:
        return []
    msg = f"{model.id} is a rolling alias; the model behind it changes without notice. {model.note}"
    return [finding("MM503", msg.strip(), location=ctx.model_location(),
                    sources=tuple(s.url for s in model.sources[:1]))]


def _responses_call(ctx: Ctx, model: Model) -> str:
    """The Responses call to write instead, in the call's language (see Call.lang)."""
    long = _long_running(ctx, model)
    if ctx.call.lang == "ai-sdk":
        return f'openai.responses("{model.id}")' + (" in background mode" if long else "")
    if ctx.call.lang == "js":
        bg = ", background: true" if long else ""
        return f'client.responses.create({{ model: "{model.id}"{bg} }})'
    bg = ", background=True" if long else ""
    return f'client.responses.create(model="{model.id}"{bg})'


def check_background(ctx: Ctx, target: Resolved) -> list[Finding]:
    """MM501: a long-running (Pro) model on Responses without background=True."""
    model = target.model
    if ctx.kind != "responses" or model is None or not _long_running(ctx, model):
        return []
    if ctx.param("background") is True:
        return []
    if ctx.call.unknown_params and not ctx.has("background"):
        return []
    fam = ctx.family(model)
    how = {"js": "background: true", "ai-sdk": "background mode"}.get(ctx.call.lang,
                                                                     "background=True")
    msg = (f"{model.id} requests can run for minutes; a synchronous call risks client and proxy "
           f"time-outs. Pass {how} and poll the response by ID.")
    src = fam.source if fam else None
    return [finding("MM501", msg, location=ctx.param_location("background")
                    if ctx.has("background") else ctx.model_location(),
                    sources=(src.url,) if src else ())]
