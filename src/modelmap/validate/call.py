"""Call: one request as modelmap sees it."""

from __future__ import annotations

from collections.abc import Mapping

from modelmap.findings import Location
from modelmap.record import field, record

TYPE_CHECKING = False  # not `import typing` at run time: ~3 ms of a one-shot command
if TYPE_CHECKING:
    from typing import Any


@record
class Span:
    """Source span of one value inside the call (for precise findings and fixes).

    1-based line and column, end column exclusive. For a string literal the span covers the
    characters of the string value only, excluding the quote characters (and any prefix such
    as `f` or `r`), so a fix Edit that replaces the span with a bare ID keeps the quotes."""

    line: int
    column: int
    end_line: int
    end_column: int


@record
class Call:
    """One request: endpoint, model, params, base URL, and where it came from."""

    endpoint: str
    """SDK-style endpoint key: `chat.completions.create`, `responses.create`,
    `images.generate`, `images.edit`, `audio.speech.create`, `audio.transcriptions.create`,
    `realtime.connect`, `videos.create`, `embeddings.create`, `moderations.create`,
    `live.connect`, `codex.config`, ... (see modelmap.validate.endpoints.ENDPOINTS)."""
    model: str | None
    """The model string as written (None when absent or unresolved)."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """Other request parameters whose values are known (literals only)."""
    base_url: str | None = None
    """The client's base URL when known; None means the default api.openai.com."""
    location: Location | None = None
    """file:line:col of the statement that sends, or None at run time."""
    model_span: Span | None = None
    """Span of the model string's content, quotes excluded (see Span), when it is a literal
    in this file; label and rename fixes replace exactly this span."""
    param_spans: Mapping[str, Span] = field(default_factory=dict)
    """Spans of parameter values, by name."""
    via: str = ""
    """How the model reached the call: literal, constant, env-default, field-default, ..."""
    sdk_shape: str = "v1"
    """v1 | v0 (openai<1.0 module-level calls such as openai.ChatCompletion.create) |
    node-v3 (openai-node v3: `new OpenAIApi(cfg).createChatCompletion(...)`)."""
    lang: str = ""
    """How advice should spell code for this call: `js` (the openai npm package, or a raw
    request from JS/TS), `ai-sdk` (a Vercel AI SDK provider call), "" (Python, and anything
    else: configs, the guard, `validate`)."""
    unknown_params: bool = False
    """True when some params could not be read (e.g. **kwargs): param rules stay quiet
    about what is missing."""
    provider: str | None = None
    """Who serves the request when a scanner can tell it is not api.openai.com: `azure`,
    `openrouter`, `groq`, `local`, another SDK's name, or the base URL's host; `dynamic` when
    a base URL is set at run time and cannot be read. None: judged by `base_url` (OpenAI's API
    when it is None or an OpenAI host). `openai`: OpenAI's API whatever `base_url` says (a test
    double on loopback, a proxy that forwards requests verbatim)."""
    site: Location | None = None
    """The call expression that sends. Equals `location` when the model is written at the
    call; differs when `location` points at the definition that feeds the model."""
    origin: str = ""
    """What fed the model when it is not a literal at the call: `MODEL`, `Settings.model`,
    `env OPENAI_MODEL`, `param model`, `settings.MODEL` (imported), a config key path."""
    base_url_span: Span | None = None
    """Span of the base URL string (inside the quotes) where the client is built, when it is a
    literal in this file: base-URL findings can point there instead of at every call."""


def runtime_call(endpoint: str, model: str | None, params: Mapping[str, Any],
                 base_url: str | None, provider: str | None) -> Call:
    """`Call(endpoint=..., model=..., params=..., base_url=..., via="runtime",
    provider=...)`, built without the frozen dataclass's per-field setattr calls (the runtime
    guard builds one per guarded call; tests/test_guard_plan.py compares the two)."""
    call = object.__new__(Call)
    call.__dict__.update(
        endpoint=endpoint, model=model, params=params, base_url=base_url, location=None,
        model_span=None, param_spans={}, via="runtime", sdk_shape="v1", lang="",
        unknown_params=False,
        provider=provider, site=None, origin="", base_url_span=None)
    return call
