"""resolve(): every seed name resolves, labels map to safe IDs, nothing invented becomes real."""

from __future__ import annotations

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.errors import UsageError
from modelmap.resolve import resolve

CAT = default_catalog()

# name -> (kind, canonical id or None, first api id)
SEED_NAMES = {
    "gpt-5.5": ("model", "gpt-5.5", "gpt-5.5"),
    "gpt-5.5-pro": ("model", "gpt-5.5-pro", "gpt-5.5-pro"),
    "chat-latest": ("alias", "chat-latest", "chat-latest"),
    "gpt-5.4": ("model", "gpt-5.4", "gpt-5.4"),
    "gpt-5.4-mini": ("model", "gpt-5.4-mini", "gpt-5.4-mini"),
    "gpt-5.3-codex": ("model", "gpt-5.3-codex", "gpt-5.3-codex"),
    "gpt-5.3-codex-spark": ("model", "gpt-5.3-codex-spark", "gpt-5.3-codex-spark"),
    "gpt-5.2": ("model", "gpt-5.2", "gpt-5.2"),
    "gpt-image-2": ("model", "gpt-image-2", "gpt-image-2"),
    "gpt-image-2-2026-04-21": ("snapshot", "gpt-image-2-2026-04-21", "gpt-image-2-2026-04-21"),
    "gpt-image-1.5": ("model", "gpt-image-1.5", "gpt-image-1.5"),
    "gpt-image-1-mini": ("model", "gpt-image-1-mini", "gpt-image-1-mini"),
    "gpt-image-1": ("model", "gpt-image-1", "gpt-image-1"),
    "gpt-realtime-1.5": ("model", "gpt-realtime-1.5", "gpt-realtime-1.5"),
    "gpt-audio-1.5": ("model", "gpt-audio-1.5", "gpt-audio-1.5"),
    "sora-2": ("model", "sora-2", "sora-2"),
    "sora-2-pro": ("model", "sora-2-pro", "sora-2-pro"),
    "GPT-5.5 Instant": ("label", None, "chat-latest"),
    "GPT-5.5 Thinking": ("label", None, "gpt-5.5"),
    "GPT-5.5 Pro": ("label", None, "gpt-5.5-pro"),
    "ChatGPT Images 2.0": ("label", None, "gpt-image-2"),
    "OpenAI Images 2.0": ("label", None, "gpt-image-2"),
    "GPT Image 2": ("label", None, "gpt-image-2"),
    "Images with thinking": ("label", None, "gpt-image-2"),
    "Realtime 1.5": ("label", None, "gpt-realtime-1.5"),
    "Audio 1.5": ("label", None, "gpt-audio-1.5"),
    "Sora 2": ("label", None, None),
    "Sora 2 Pro": ("label", None, None),
    "GPT-5.3-Codex": ("label", None, "gpt-5.3-codex"),
    "Codex": ("label", None, "gpt-5.5"),
    # newer families (after the seeds)
    "gpt-5.6-sol": ("model", "gpt-5.6-sol", "gpt-5.6-sol"),
    "gpt-6-astra": ("model", "gpt-6-astra", "gpt-6-astra"),
    "gpt-6.1-terra": ("model", "gpt-6.1-terra", "gpt-6.1-terra"),
    "gpt-image-2.5-flare": ("model", "gpt-image-2.5-flare", "gpt-image-2.5-flare"),
    "gpt-image-2.6-sunburst": ("model", "gpt-image-2.6-sunburst", "gpt-image-2.6-sunburst"),
    "gpt-realtime-2.1": ("model", "gpt-realtime-2.1", "gpt-realtime-2.1"),
    "gpt-live-1": ("model", "gpt-live-1", "gpt-live-1"),
}


@pytest.mark.parametrize("name", sorted(SEED_NAMES))
def test_seed_names_resolve(name: str) -> None:
    kind, canonical, first = SEED_NAMES[name]
    r = resolve(CAT, name)
    assert r.kind == kind
    assert r.id == canonical
    assert (r.api_ids[0] if r.api_ids else None) == first
    assert r.kind != "unknown"
    assert r.sources, "every answer names its source"


# Invented variants: never silently real; they name the safe ID instead.
INVENTED = {
    "gpt-5.5-instant": ("label", ("chat-latest", "gpt-5.5")),
    "GPT\u20115.5\u2013Instant": ("label", ("chat-latest", "gpt-5.5")),  # unicode dashes
    "gpt-image-2.0": ("label", ("gpt-image-2",)),
    "gpt-4o-latest": ("label", ("gpt-4o",)),
    "gpt-5.5-thinking": ("label", ("gpt-5.5",)),
    "gpt_image_2": ("label", ("gpt-image-2",)),
    "gpt-image-2-5-sunburst": ("label", ("gpt-image-2.5-sunburst", "gpt-image-2.5-flare")),
    "o3-mini-high": ("label", ("o3-mini",)),
}


@pytest.mark.parametrize("name", sorted(INVENTED))
def test_invented_variants_are_labels(name: str) -> None:
    kind, api_ids = INVENTED[name]
    r = resolve(CAT, name)
    assert (r.kind, r.id, r.api_ids) == (kind, None, api_ids)


def test_case_twin_is_not_silently_accepted() -> None:
    # "GPT-5.5" is gpt-5.5's display name: it names the ID but is never taken as one
    r = resolve(CAT, "GPT-5.5")
    assert (r.kind, r.id, r.is_api_id) == ("display-name", "gpt-5.5", False)
    assert r.api_ids == ("gpt-5.5",)
    # the rule's name of every ID is matched after normalisation, like a label, so a case
    # twin names its ID the same way; a name that normalises to no ID stays unknown
    r = resolve(CAT, "WHISPER-1")
    assert (r.kind, r.id, r.api_ids) == ("display-name", "whisper-1", ("whisper-1",))
    r = resolve(CAT, "Whisper-One")
    assert r.kind == "unknown" and r.id is None


def test_unknown_gets_close_suggestions_with_reasons() -> None:
    r = resolve(CAT, "gpt-5.4-minii")
    assert r.kind == "unknown"
    assert r.suggestions[0].id == "gpt-5.4-mini"
    assert r.suggestions[0].reason


@pytest.mark.parametrize(("name", "first", "reason"), [
    ("gpt-4o-mimi", "gpt-4o-mini", "same family: gpt-4o"),  # not the bare prefix gpt-4o-mi
    ("gpt-5.1-minii", "gpt-5.4-mini", "same family: gpt-5"),  # not gpt-5. or gpt
])
def test_a_suggestion_names_its_family_in_whole_pieces(name: str, first: str,
                                                      reason: str) -> None:
    r = resolve(CAT, name)
    assert (r.suggestions[0].id, r.suggestions[0].reason) == (first, reason)


def test_provider_prefix_resolves_to_bare_id() -> None:
    r = resolve(CAT, "openai/gpt-5.5")
    assert (r.kind, r.id, r.provider) == ("model", "gpt-5.5", "openai")


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_empty_name_is_usage_error(name: str) -> None:
    with pytest.raises(UsageError):
        resolve(CAT, name)


@pytest.mark.parametrize("name", ["\x00", "💥", "a" * 5000, "gpt-" * 300, "../../etc/passwd"])
def test_odd_input_never_raises(name: str) -> None:
    r = resolve(CAT, name)
    assert r.kind == "unknown"


def test_safe_fix_only_for_one_to_one_labels() -> None:
    assert CAT.labels["gpt-image-2"].fix_safety == "safe"  # "GPT Image 2"
    assert resolve(CAT, "GPT-5.5 Instant").label is not None
    instant = resolve(CAT, "GPT-5.5 Instant").label
    assert instant is not None and instant.fix_safety == "unsafe"
