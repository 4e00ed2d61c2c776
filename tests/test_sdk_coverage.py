"""The merged catalog knows every ID in the installed openai's model Literals, with the right
surfaces, and every SDK-announced date: checked against the real package, not the extractor.

IDs come from importing openai and flattening the Literal types with typing.get_args; dates
come from a plain regex over the docstring text of openai/types/**. Neither uses modelmap.sdk.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog.load import DATA_DIR, load_catalog
from modelmap.catalog.model import Catalog
from modelmap.cli import main
from modelmap.resolve import resolve
from modelmap.sdk import installed_openai_version, version_key
from modelmap.status import status

openai = pytest.importorskip("openai")


def _flat(tp: Any) -> list[str]:
    out: list[str] = []
    for arg in typing.get_args(tp):
        out.extend([arg] if isinstance(arg, str) else _flat(arg))
    return out


def _field(module: str, cls: str) -> Callable[[], list[str]]:
    def get() -> list[str]:
        import importlib

        klass = getattr(importlib.import_module(module), cls)
        return _flat(klass.model_fields["model"].annotation)
    return get


def _alias(module: str, name: str) -> Callable[[], list[str]]:
    def get() -> list[str]:
        import importlib

        return _flat(getattr(importlib.import_module(module), name))
    return get


def _responses_only() -> list[str]:
    chat = set(_alias("openai.types.shared", "ChatModel")())
    return [i for i in _alias("openai.types.shared", "ResponsesModel")() if i not in chat]


# Literal -> (how to read it from the real package, surfaces the issue assigns to it)
EXPECTED: dict[str, tuple[Callable[[], list[str]], frozenset[str]]] = {
    "ChatModel": (_alias("openai.types.shared", "ChatModel"),
                  frozenset({"api.chat_completions", "api.responses"})),
    "ResponsesOnly": (_responses_only, frozenset({"api.responses"})),
    "ImageModel": (_alias("openai.types", "ImageModel"), frozenset({"api.images"})),
    "ImageGenerationTool": (_field("openai.types.responses.tool", "ImageGeneration"),
                            frozenset({"api.responses.image_tool"})),
    "VideoModel": (_alias("openai.types", "VideoModel"), frozenset({"api.videos"})),
    "SpeechModel": (_alias("openai.types.audio", "SpeechModel"), frozenset({"api.audio.speech"})),
    "AudioModel": (_alias("openai.types", "AudioModel"),
                   frozenset({"api.audio.transcriptions"})),
    "RealtimeSession": (_field("openai.types.realtime", "RealtimeSessionCreateRequest"),
                        frozenset({"api.realtime"})),
    "RealtimeTranscription": (_field("openai.types.realtime", "AudioTranscription"),
                              frozenset({"api.realtime"})),
    "LiveModel": (_field("openai.types.live", "SessionConfig"), frozenset({"api.live"})),
    "EmbeddingModel": (_alias("openai.types", "EmbeddingModel"), frozenset({"api.embeddings"})),
    "ModerationModel": (_alias("openai.types", "ModerationModel"),
                        frozenset({"api.moderations"})),
}

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December)")
_DATE_RES = (
    re.compile(r"Announced shutdown date: (\d{4}-\d{2}-\d{2})"),
    re.compile(rf"(?:shut down|retired) on ({_MONTH} \d{{1,2}}, \d{{4}})"),
)


def _docstring_dates() -> tuple[dict[str, set[dt.date]], set[str]]:
    """ID -> dates, and the 'not a supported model ID' IDs, from the raw text of openai/types."""
    root = Path(openai.__file__).parent / "types"
    dates: dict[str, set[dt.date]] = {}
    unsupported: set[str] = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for block in text.split("Deprecated values:")[1:]:
            block = block.split('"""')[0]
            for bullet in re.split(r"\n\s*- ", block):
                flat = " ".join(bullet.split())
                ids = re.findall(r'"([^"]+)"', flat.split(": ")[0])
                if "Not a supported model ID" in flat:
                    unsupported.update(ids)
                for rx in _DATE_RES:
                    m = rx.search(flat)
                    if m:
                        day = (dt.date.fromisoformat(m.group(1)) if "-" in m.group(1) else
                               dt.datetime.strptime(m.group(1), "%B %d, %Y").date())
                        for model_id in ids:
                            dates.setdefault(model_id, set()).add(day)
    return dates, unsupported


def _not_surfaces() -> dict[str, set[str]]:
    with (DATA_DIR / "models.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    out: dict[str, set[str]] = {}
    for m in raw.get("model", []):
        for model_id in [m["id"], *m.get("snapshots", [])]:
            out[model_id] = set(m.get("not_surfaces", []))
    return out


@pytest.fixture(scope="module")
def real_literals() -> dict[str, list[str]]:
    return {name: get() for name, (get, _) in EXPECTED.items()}


@pytest.fixture(scope="module", params=["synced", "shipped"])
def catalog(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Catalog:
    """The catalog with a layer synced from the installed openai, and with the shipped one."""
    tmp = tmp_path_factory.mktemp("layer")
    mp = pytest.MonkeyPatch()
    mp.setenv("MODELMAP_DATA_DIR", str(tmp / "user"))
    mp.setenv("MODELMAP_STRICT", "1")
    try:
        if request.param == "synced":
            out = tmp / "layer.json"
            assert main(["sync", "--output", str(out)]) == 0
            return load_catalog(sdk_layer=out)
        cat = load_catalog()
        installed = installed_openai_version() or "0"
        assert cat.meta.sdk_origin == "shipped"
        if version_key(installed) > version_key(cat.meta.sdk_version or "0"):
            pytest.skip(f"installed openai {installed} is newer than the shipped layer "
                        f"{cat.meta.sdk_version}: run `modelmap sync`")
        return cat
    finally:
        mp.undo()


@pytest.mark.parametrize("literal", list(EXPECTED))
def test_every_literal_id_is_known_with_its_surfaces(
        catalog: Catalog, real_literals: dict[str, list[str]], literal: str) -> None:
    ids = real_literals[literal]
    want = EXPECTED[literal][1]
    assert ids, f"{literal} is empty in the installed openai"
    missing = [i for i in ids if i not in catalog.models]
    assert missing == []
    removed = _not_surfaces()
    wrong = []
    for model_id in ids:
        model = catalog.models[model_id]
        base = model.base or model_id
        for surface in want - model.surfaces:
            overridden = surface in removed.get(model_id, removed.get(base, set()))
            reported = any(c.subject == model_id and c.field == f"surface {surface}"
                           for c in catalog.conflicts)
            if not (overridden and reported):
                wrong.append((model_id, surface))
    assert wrong == []


def test_every_announced_date_is_known(catalog: Catalog,
                                       real_literals: dict[str, list[str]]) -> None:
    dates, _ = _docstring_dates()
    listed = {i for ids in real_literals.values() for i in ids}
    checked = 0
    for model_id, days in sorted(dates.items()):
        if model_id not in listed:
            continue
        sdk_days = {c.shutdown_date for c in catalog.lifecycle.get(model_id, ())
                    if c.origin == "sdk"}
        assert days <= sdk_days, model_id
        if len(days) == 1:
            (day,) = days
            assert catalog.lifecycle[model_id][0].shutdown_date == day, model_id
            before = status(catalog, model_id, day - dt.timedelta(days=1))
            after = status(catalog, model_id, day)
            assert (before.state, after.state, after.shutdown_date) == (
                "deprecated", "shut-down", day), model_id
        checked += 1
    assert checked > 0


def test_dated_resource_deprecations_are_known(catalog: Catalog) -> None:
    """`@deprecated("... shut down on <date>")` on a resource method with a `model: XModel`
    parameter dates every ID of that Literal (the Sora API in openai 3.x)."""
    root = Path(openai.__file__).parent / "resources"
    found = 0
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        days = set(re.findall(rf'deprecated\("[^"]*shut down on ({_MONTH} \d{{1,2}}, \d{{4}})',
                              text))
        aliases = set(re.findall(r"\bmodel: (\w+?Model)(?:Param)?\b", text))
        for day_text in days:
            day = dt.datetime.strptime(day_text, "%B %d, %Y").date()
            for alias in aliases:
                for model_id in _flat(getattr(openai.types, alias)):
                    sdk_days = {c.shutdown_date for c in catalog.lifecycle.get(model_id, ())
                                if c.origin == "sdk"}
                    assert day in sdk_days, (path.name, model_id)
                    found += 1
    installed = installed_openai_version() or "0"
    assert found > 0 or version_key(installed) < version_key("3")


def test_unsupported_marks_resolve_as_unsupported(catalog: Catalog) -> None:
    _, unsupported = _docstring_dates()
    assert unsupported
    assert {i: resolve(catalog, i).kind for i in sorted(unsupported)} == dict.fromkeys(
        sorted(unsupported), "unsupported")
