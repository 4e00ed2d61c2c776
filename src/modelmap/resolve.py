"""resolve(name): what a model string really is (ID, snapshot, alias, fine-tune, display name,
label, unsupported, unknown).

Surrounding whitespace is ignored. A fine-tuned model ID (`ft:<base>:<org>:<suffix>:<id>`) is
an API ID of kind `fine-tune` when the catalog knows its base: OpenAI shuts fine-tunes down
with their base model, so the base's lifecycle is the fine-tune's (`base`, `target`).

An invented or mis-typed ID is never silently turned into a real one: only an exact ID
resolves as a model. A model page's display name ("GPT Image 1.5", "GPT-6.2 Sol", see
modelmap.names) resolves to its ID with kind `display-name`: it names exactly one model, but it
is not the string the API accepts. Everything else is a label (a ChatGPT mode, a launch name,
an invented variant: with the IDs to use) or unknown (with suggestions and a reason). Where a
curated label is spelled like a display name ("GPT-5.5 Pro", "Sora 2"), the label wins and
`display_of` names the model whose display name it also is.
"""

from __future__ import annotations

from modelmap import names
from modelmap.catalog.model import Catalog, Label, Model, Source
from modelmap.errors import UsageError
from modelmap.normalize import normalize, strip_provider
from modelmap.record import record

KINDS = ("model", "snapshot", "alias", "fine-tune", "display-name", "label", "unsupported",
         "unknown")


@record
class Suggestion:
    """A known ID close to an unknown name, and why it was picked."""

    id: str
    reason: str


@record
class Resolution:
    """What a name resolves to."""

    query: str
    """The name as given."""
    kind: str
    """model | snapshot | alias | display-name | label | unsupported | unknown."""
    id: str | None
    """Canonical ID when the name is one, or the ID a display name names."""
    api_ids: tuple[str, ...]
    """Developer-safe IDs to use (for labels, unsupported and unknown names)."""
    surfaces: tuple[str, ...]
    """Surfaces that serve the ID (or where the label lives)."""
    caveat: str
    """What not to assume."""
    suggestions: tuple[Suggestion, ...]
    """Closest known IDs, for unknown names."""
    sources: tuple[Source, ...]
    label: Label | None = None
    """The matched label, when kind is label."""
    model: Model | None = None
    """The matched model, when the name is an ID."""
    provider: str | None = None
    """A provider prefix that was present (`openai/`, `openai:`)."""
    display_name: str | None = None
    """The model's display name, when the name resolved to a model or display name."""
    display_of: str | None = None
    """For a label spelled like a model's display name: that model's ID."""
    base: str | None = None
    """For a fine-tune: the base model's ID (its lifecycle is the fine-tune's)."""

    @property
    def is_api_id(self) -> bool:
        return self.kind in ("model", "snapshot", "alias", "fine-tune")

    @property
    def target(self) -> str | None:
        """The one ID this name stands for, if any: the ID itself, the model a display name
        names, else the model a label's spelling names, its fix, or its first API ID; for a
        fine-tune, its base model (whose lifecycle it shares)."""
        if self.base is not None:
            return self.base
        if self.id is not None:
            return self.id
        if self.display_of is not None:
            return self.display_of
        if self.label is not None:
            return self.label.fix or (self.label.api_ids[0] if self.label.api_ids else None)
        return None


def resolve(catalog: Catalog, name: str) -> Resolution:
    """Resolve one name. An empty name is a usage error; nothing else raises."""
    if not isinstance(name, str) or not name.strip():
        raise UsageError("empty model name: give an ID or label, e.g. 'gpt-5.5'")
    name = name.strip()
    query = name
    exact = catalog.models.get(name)
    if exact is not None:
        return _from_model(query, exact, catalog)
    base = fine_tune_base(name)
    if base is not None:
        return _from_fine_tune(query, base, catalog)
    provider, bare = strip_provider(name.strip())
    if provider is not None and bare in catalog.models:
        res = _from_model(query, catalog.models[bare], catalog)
        note = (f"'{provider}' prefix: a gateway/framework spelling. The OpenAI API itself "
                f"expects '{bare}'.")
        return Resolution(**{**res.__dict__, "provider": provider,
                             "caveat": f"{note} {res.caveat}".strip()})
    key = normalize(name)
    label = _label_match(catalog, key, provider, bare)
    shown_as = names.match(catalog, bare if provider else name)
    if label is not None:
        return Resolution(
            query=query, kind="label", id=None, api_ids=label.api_ids,
            surfaces=(label.surface,), caveat=label.caveat, suggestions=(),
            sources=(label.source,), label=label, provider=provider, display_of=shown_as,
        )
    if shown_as is not None:
        return _from_display(query, catalog.models[shown_as], catalog, provider)
    near = _case_or_dash_twin(catalog, key)
    if near is not None:
        model = catalog.models[near]
        return Resolution(
            query=query, kind="unknown", id=None, api_ids=(near,),
            surfaces=tuple(sorted(model.surfaces)),
            caveat=f"'{name}' is not an exact ID; the API is exact about case and punctuation. "
                   f"Write '{near}'.",
            suggestions=(Suggestion(near, "same ID with different case, spaces or dashes"),),
            sources=model.sources, provider=provider,
        )
    suggestions = suggest(catalog, bare if provider else name)
    return Resolution(
        query=query, kind="unknown", id=None, api_ids=(), surfaces=(),
        caveat="not a known OpenAI model ID, snapshot, alias or label in this catalog",
        suggestions=suggestions, sources=(), provider=provider,
    )


def fine_tune_base(name: str) -> str | None:
    """The base model ID a fine-tuned model ID names (`ft:gpt-4o-mini:acme::abc` ->
    `gpt-4o-mini`), else None. Whether the catalog knows the base is the caller's question."""
    parts = name.strip().split(":")
    if len(parts) < 3 or parts[0] != "ft" or not parts[1].strip():
        return None
    return parts[1].strip()


def _from_fine_tune(query: str, base: str, catalog: Catalog) -> Resolution:
    model = catalog.models.get(base)
    if model is None and base not in catalog.lifecycle:
        return Resolution(
            query=query, kind="unknown", id=None, api_ids=(), surfaces=(),
            caveat=f"a fine-tune of '{base}', which this catalog does not know",
            suggestions=suggest(catalog, base), sources=(), base=None)
    return Resolution(
        query=query, kind="fine-tune", id=query, api_ids=(query,),
        surfaces=tuple(sorted(model.surfaces)) if model else (),
        caveat=(f"a fine-tune of {base}: OpenAI shuts fine-tuned models down together with "
                f"their base model, so {base}'s lifecycle is this model's"),
        suggestions=(), sources=model.sources if model else (), base=base,
        display_name=None)


def label_for(catalog: Catalog, name: str) -> Label | None:
    """The label `resolve(catalog, name)` returns (kind "label"), else None, without the
    closest-match search `resolve` runs for unknown names (scanners ask this of every quoted
    string in a document)."""
    if not isinstance(name, str) or not name.strip() or name in catalog.models:
        return None
    provider, bare = strip_provider(name.strip())
    if provider is not None and bare in catalog.models:
        return None
    return _label_match(catalog, normalize(name), provider, bare)


def _label_match(catalog: Catalog, key: str, provider: str | None, bare: str) -> Label | None:
    return catalog.labels.get(key) or (catalog.labels.get(normalize(bare)) if provider else None)


def _from_model(query: str, model: Model, catalog: Catalog) -> Resolution:
    if model.unsupported:
        return Resolution(
            query=query, kind="unsupported", id=model.id, api_ids=_family_ids(catalog, model),
            surfaces=tuple(sorted(model.surfaces)),
            caveat="listed in the SDK types but marked 'not a supported model ID'; the API "
                   "rejects it",
            suggestions=suggest(catalog, model.id, exclude=model.id), sources=model.sources,
            model=model,
        )
    return Resolution(
        query=query, kind=model.kind, id=model.id, api_ids=(model.id,),
        surfaces=tuple(sorted(model.surfaces)), caveat=model.note, suggestions=(),
        sources=model.sources, model=model, display_name=names.display_name(catalog, model.id),
    )


def is_display_name(query: str, shown: str | None) -> bool:
    """Is `query` the display name `shown` itself (in any case), not just the same name once
    separators are dropped (`gpt_5.5` for GPT-5.5)?"""
    return shown is not None and " ".join(query.split()).casefold() == shown.casefold()


def _from_display(query: str, model: Model, catalog: Catalog,
                  provider: str | None) -> Resolution:
    """A model page's display name: it names one ID, which is what the API accepts. Shaped
    like a same-ID twin (one suggestion, a caveat that says what to write), so validate's
    MM102 safe fix applies to it unchanged."""
    shown = names.display_name(catalog, model.id)
    src = names.display_source(catalog, model.id)
    if is_display_name(query, shown):
        caveat = (f"'{query}' is the display name of {model.id}, not an exact ID; the API is "
                  f"exact about case and punctuation. Write '{model.id}'.")
    else:  # `gpt_5.5`, `gpt 5.5`: the ID with other separators
        caveat = (f"'{query}' is {model.id} written with other case or separators; the API "
                  f"is exact about both. Write '{model.id}'.")
    return Resolution(
        query=query, kind="display-name", id=model.id, api_ids=(model.id,),
        surfaces=tuple(sorted(model.surfaces)), caveat=caveat,
        suggestions=(Suggestion(model.id, f"its display name is {shown}"),),
        sources=((src,) if src else ()) + model.sources, model=model, provider=provider,
        display_name=shown,
    )


def _family_ids(catalog: Catalog, model: Model) -> tuple[str, ...]:
    return tuple(s.id for s in suggest(catalog, model.id, exclude=model.id)[:2])


def _case_or_dash_twin(catalog: Catalog, key: str) -> str | None:
    """A real ID that differs only by case, separators or unicode dashes."""
    for model_id, model in catalog.models.items():
        if not model.unsupported and normalize(model_id) == key:
            return model_id
    return None


def suggest(catalog: Catalog, name: str, exclude: str | None = None,
            limit: int = 3) -> tuple[Suggestion, ...]:
    """Closest usable IDs: same family prefix first, then edit similarity."""
    key = normalize(name)
    candidates = [m for m in catalog.models.values()
                  if m.kind != "snapshot" and not m.unsupported and m.id != exclude]
    ids = [m.id for m in candidates]
    scored: list[tuple[float, str, str]] = []
    import difflib  # only for names that do not resolve: not on every start
    import re

    version = re.compile(r"\d+(?:\.\d+)?")

    for model_id in ids:
        ratio = difflib.SequenceMatcher(None, key, model_id).ratio()
        reason = f"{int(ratio * 100)}% similar spelling"
        common = _common_prefix(key, model_id)
        if common >= 5 and version.search(key[:common] or ""):
            ratio += 0.15
            reason = f"same family: {_family(model_id, common)}"
        scored.append((ratio, model_id, reason))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return tuple(Suggestion(i, r) for score, i, r in scored[:limit] if score >= 0.55)


def _family(model_id: str, common: int) -> str:
    """The shared prefix cut back to whole pieces (`gpt-4o-mi` -> `gpt-4o`, `gpt-5.` ->
    `gpt-5`)."""
    head = model_id[:common]
    if head.endswith(("-", ".")) or common == len(model_id) or model_id[common] in "-.":
        return head.rstrip("-.")
    cut = max(head.rfind("-"), head.rfind("."))
    return head[:cut] if cut > 0 else head


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
