"""Call: one request as modelmap sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from modelmap.findings import Location


@dataclass(frozen=True)
class Span:
    """Source span of one value inside the call (for precise findings and fixes)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
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
    """Span of the model string literal (for fixes), when it is a literal in this file."""
    param_spans: Mapping[str, Span] = field(default_factory=dict)
    """Spans of parameter values, by name."""
    via: str = ""
    """How the model reached the call: literal, constant, env-default, field-default, ..."""
    sdk_shape: str = "v1"
    """v1 | v0 (openai<1.0 module-level calls such as openai.ChatCompletion.create)."""
    unknown_params: bool = False
    """True when some params could not be read (e.g. **kwargs): param rules stay quiet
    about what is missing."""
