"""The catalog's vocabulary: frozen dataclasses, no behaviour beyond lookups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum, StrEnum

from modelmap.record import field, names_of, record


class Confidence(StrEnum):
    """How sure the research notes are of a fact (see the facts file's scale)."""

    H = "H"
    MH = "MH"
    M = "M"
    L = "L"

    @property
    def strong(self) -> bool:
        """H and MH facts may back an error; weaker ones only a warning."""
        return self in (Confidence.H, Confidence.MH)


class Rank(int, Enum):
    """Source precedence: lower wins (docs/architecture.md)."""

    SDK = 1  # the installed openai package, or the user's own GET /v1/models
    OPENAI = 2  # OpenAI's own pages (models, deprecations, Codex docs)
    THIRD_PARTY = 3  # gateways, blogs, peer catalogs: never an error alone


@record
class Source:
    """Where a fact comes from and when it was last checked."""

    url: str
    """URL, or `package==version:path` for package-derived facts."""
    verified_on: dt.date
    """The date someone (or `modelmap sync`) last confirmed the fact."""
    confidence: Confidence = Confidence.H
    """Grade from the research notes."""
    rank: Rank = Rank.OPENAI
    """Precedence class of the source."""

    @property
    def strong(self) -> bool:
        """Whether a verdict built on this source may be an error."""
        return self.confidence.strong and self.rank != Rank.THIRD_PARTY


@record
class Surface:
    """A place a model is used, with its own owner and failure modes."""

    key: str
    """Stable key, e.g. `api.images`."""
    name: str
    """Human name."""
    group: str
    """chatgpt | api | codex | sora."""
    endpoint: str
    """HTTP method and path, or empty for product surfaces."""
    sdk: tuple[str, ...]
    """Python SDK call paths that reach this surface."""
    note: str
    """One line: what it is for."""
    source: Source
    """Where the surface is documented."""
    shutdown_date: dt.date | None = None
    """When the whole surface stopped serving requests, if it did."""


@record
class Replacement:
    """A recommended successor, as a page showed it on one date."""

    ids: tuple[str, ...]
    """Successor IDs (empty: no replacement)."""
    as_of: dt.date
    """Date of the page version that named them."""
    source: Source
    """The page (or package) that named them."""


@record
class Lifecycle:
    """One source's dated claim about a model's deprecation and shutdown."""

    model: str
    """Model ID the claim is about."""
    shutdown_date: dt.date | None
    """Announced (or executed) shutdown; None when the claim is 'no date'."""
    deprecated_on: dt.date | None
    """When the deprecation was announced, if known."""
    replacements: tuple[Replacement, ...]
    """Successors over time (pick the newest with as_of <= the query date)."""
    note: str
    """Short text in our words (or the SDK's docstring line, quoted)."""
    source: Source
    """Who says so."""
    origin: str = "curated"
    """curated | sdk | live."""


@record
class CodexAvailability:
    """The Codex models page matrix for one model."""

    cli: bool
    ide: bool
    cloud: bool
    chatgpt_credits: bool
    api_access: bool
    chatgpt_signin_retired_on: dt.date | None
    """Retired from Codex with ChatGPT sign-in on this date (API unaffected)."""
    source: Source


@record
class Model:
    """A public developer model ID (or snapshot / alias) and what serves it."""

    id: str
    """The exact API string."""
    kind: str
    """model | snapshot | alias."""
    family: str
    """Param family key (see params data), e.g. `gpt-image-2`, `reasoning`."""
    modality: str
    """text | image | realtime | audio | transcription | speech | video | embedding | moderation
    | live | codex."""
    surfaces: frozenset[str]
    """Surfaces that serve it (SDK Literal membership plus curated overrides)."""
    base: str | None
    """For a snapshot or alias: the model it belongs to / points to."""
    rolling: bool
    """True for aliases whose target moves (chat-latest)."""
    unsupported: bool
    """A source lists it but marks it 'not a supported model ID'."""
    released: dt.date | None
    """Launch date, if known."""
    note: str
    """Caveat in our words."""
    codex: CodexAvailability | None
    """Codex availability matrix, for Codex models."""
    sources: tuple[Source, ...]
    """Every source that lists the ID."""
    sdk_literals: tuple[str, ...] = ()
    """SDK Literal names the ID appears in (empty when only curated)."""


@record
class Label:
    """A product/display name or an invented variant that is not an API ID."""

    name: str
    """The label as people write it."""
    kind: str
    """product | invented."""
    surface: str
    """Where the label lives (chatgpt, codex.cli, ...), or `api` for invented IDs."""
    api_ids: tuple[str, ...]
    """Developer-safe IDs to use instead, best first."""
    fix: str | None
    """The one ID a rename may write, when it is unambiguous."""
    fix_safety: str
    """safe (1:1, same API) | unsafe (rolling alias, other family) | none."""
    caveat: str
    """What not to assume."""
    variants: tuple[str, ...]
    """Other spellings that mean the same label (matched after normalisation)."""
    source: Source


@record
class Route:
    """A first route for a job, as recommended on a date."""

    surface: str
    """Surface key, or `none` when no supported path exists."""
    model: str | None
    """Model ID (or a label for product surfaces); None when no model applies."""
    why: str
    hold_back: str
    fallback: str
    recheck: tuple[str, ...]
    """Volatile facts to recheck before relying on the route."""
    since: dt.date
    """Date this recommendation starts to apply (its source date)."""
    until: dt.date | None
    """Date it stopped applying (superseded or shut down)."""
    source: Source
    kind: str = "use"
    """use (a model to start with) | recheck (no model pick: volatile facts to recheck first)."""


@record
class Job:
    """A user's task and its routes over time."""

    key: str
    title: str
    keywords: Mapping[str, tuple[tuple[str, int], ...]]
    """language -> (keyword, weight) pairs for free-text matching."""
    routes: tuple[Route, ...]
    """All dated recommendations, oldest first."""


@record
class ErrorPattern:
    """A recognisable API error and what it usually means."""

    key: str
    pattern: str
    """Regular expression matched against the error message."""
    status: int | None
    code: str | None
    cause: str
    checks: tuple[str, ...]
    surfaces: tuple[str, ...]
    source: Source
    model_group: int | None = None
    """Regex group that captures the model ID, if any."""
    when: str | None = None
    """Extra condition on the captured model or the status (see modelmap.explain.CONDITIONS)."""
    type: str | None = None
    """The envelope's `type` field, when the row has a typical one."""
    param: str | None = None
    """The request parameter the error is about (the envelope's `param`), when it is fixed."""
    path_group: int | None = None
    """Regex group that captures a request path (`/v1/...`), if any."""
    code_default: bool = False
    """The row stands for its code when the message matches no row (rows share the code)."""


@record
class Fact:
    """A flat view of one dated, sourced claim (for `modelmap facts`)."""

    subject: str
    kind: str
    """id | lifecycle | label | route | surface | param | price | quota | limit | availability |
    error."""
    claim: str
    source: Source
    until: dt.date | None = None
    """The claim stopped applying on this date (a superseded route): history never goes stale."""
    origin: str = "shipped"
    """shipped (curated data) | sdk (installed|shipped|file) | overlay <path>."""


@record
class Conflict:
    """Two sources disagree on one field of one subject; the winner is kept, the rest too."""

    subject: str
    field: str
    chosen: str
    chosen_source: Source
    others: tuple[tuple[str, Source], ...]
    note: str


@record
class Meta:
    """Provenance of the loaded catalog."""

    curated_verified_on: dt.date
    """The newest verified_on among curated facts."""
    sdk_version: str | None
    """The openai version the SDK layer came from."""
    sdk_generated_on: dt.date | None
    sdk_origin: str
    """shipped | installed (this environment's openai) | file | none."""
    ttl_days: Mapping[str, int]
    """Time-to-live per fact kind."""
    data_version: str
    """Hash of the data files: part of every cache key."""
    overlays: tuple[str, ...] = ()
    """Overlay files merged in (docs/overlay.md), in the order applied."""
    stale_after_days: int = 30
    """Curated data older than this at run time gets a notice (0: never)."""
    sdk_path: str = ""
    """The SDK layer file in use (shipped data, this environment's cache entry, or a file)."""


@record
class Catalog:
    """The immutable, indexed map."""

    meta: Meta
    surfaces: Mapping[str, Surface]
    models: Mapping[str, Model]
    labels: Mapping[str, Label]
    """Keyed by normalised label name (variants included)."""
    lifecycle: Mapping[str, tuple[Lifecycle, ...]]
    """Per model ID, every claim, best first."""
    jobs: Mapping[str, Job]
    errors: tuple[ErrorPattern, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    params: Mapping[str, object] = field(default_factory=dict)
    """Parameter rules per family (interpreted by modelmap.validate)."""
    sdk_literals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """SDK Literal name -> the surfaces it stands for."""
    allowed_models: tuple[str, ...] | None = None
    """An overlay's allow list (IDs or globs); None: none. Applied by validate()."""
    denied_models: tuple[str, ...] = ()
    """An overlay's deny list (IDs or globs). Applied by validate()."""

    def __getstate__(self) -> dict[str, object]:
        """Pickle and copy see every field decoded (never a compiled-cache placeholder)."""
        return {n: getattr(self, n) for n in names_of(type(self))}

    def model(self, model_id: str) -> Model | None:
        """Exact lookup, no normalisation."""
        return self.models.get(model_id)

    def lifecycle_of(self, model_id: str) -> Lifecycle | None:
        """The winning lifecycle claim for an ID, or for the model it belongs to."""
        claims = self.lifecycle.get(model_id)
        if claims:
            return claims[0]
        model = self.models.get(model_id)
        if model is not None and model.base and model.kind == "snapshot":
            base_claims = self.lifecycle.get(model.base)
            if base_claims:
                return base_claims[0]
        return None


class _Packed:
    """A Catalog field a compiled-cache entry left encoded (catalog/cache.py `unpack`): the
    first read decodes it into the instance, where later reads find it. On a catalog built
    from the data files the instance value always shadows this (a non-data descriptor)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, cls: type) -> object:
        packed = None if obj is None else obj.__dict__.get("_packed")
        if not packed:
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {self.name!r}")
        value = packed[self.name]()
        return obj.__dict__.setdefault(self.name, value)


LAZY_FIELDS = ("jobs", "errors", "facts", "conflicts")
"""Catalog fields a cached catalog decodes on first read (a resolve or status never does)."""
for _name in LAZY_FIELDS:
    setattr(Catalog, _name, _Packed(_name))
