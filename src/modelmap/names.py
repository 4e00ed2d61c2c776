"""Display names: the name a model page gives an API ID ("GPT Image 1.5" for `gpt-image-1.5`).

One rule for every ID, plus curated exceptions (catalog/data/display_names.toml):

- the rule spells the ID the way OpenAI's model pages do: `gpt-<version>` becomes `GPT-<version>`
  (`GPT-5.5`, `GPT-4o`), `gpt-<word>` becomes `GPT <Word>` (`GPT Image 1.5`, `GPT Realtime 2.1`,
  `GPT Audio 1.5`, `GPT Live 1.1`); tier names are capitalised (`GPT-6.2 Sol`, `GPT Image 2.6
  Sunburst`), size words stay lower case (`GPT-5.4 mini`), `codex` joins with a hyphen
  (`GPT-5.3-Codex`), a dated snapshot keeps its date (`GPT-5.5-2026-04-23`), `sora-2` is
  `Sora 2`, `tts-1` is `TTS-1`; any other ID is its own display name (`o3-pro`, `babbage-002`).
  The rule changes only case and separators, so a rule-derived name always normalises
  (modelmap.normalize) back to its ID;
- an exception names what no rule derives (`whisper-1` is "Whisper"), with its source.

A display name is matched after normalisation, like a label, so "GPT-Live-1.1", "gpt live 1.1"
and "GPT Live 1.1" are one name. It is not a ChatGPT mode: "GPT-5.5 Thinking" is a label
(labels.toml), and where a label and a display name are spelled alike the label wins and the
resolution says whose display name it also is (modelmap.resolve).
"""

from __future__ import annotations

from collections.abc import Mapping

from modelmap.catalog.fields import SOURCE_FIELDS, Entry
from modelmap.catalog.model import Catalog, Source
from modelmap.errors import CatalogError
from modelmap.normalize import normalize
from modelmap.record import record

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from typing import Any

FILE = "display_names.toml"
TIERS = frozenset({"sol", "astra", "terra", "luna", "sunburst", "flare", "healthcare", "law",
                   "cyber", "rosalind", "daybreak", "blue", "red", "research", "instant"})
"""Words a model page capitalises (tier and variant names)."""
_UPPER = {"tts": "TTS"}
_WORDS = {"sora": "Sora"}


def split_snapshot(model_id: str) -> tuple[str, str] | None:
    """(base, date) of a dated snapshot ID (`BASE-YYYY-MM-DD`), else None: what
    `re.match(r"^(?P<base>.+)-(?P<date>\\d{4}-\\d{2}-\\d{2})$", ...)` answers, a final newline
    included, without loading `re` on every start (tests/test_names.py compares the two)."""
    text = model_id[:-1] if model_id.endswith("\n") else model_id
    base, date = text[:-11], text[-10:]
    if (len(text) < 12 or text[-11] != "-" or "\n" in base or date[4] != "-" or date[7] != "-"
            or not (date[:4].isdecimal() and date[5:7].isdecimal() and date[8:].isdecimal())):
        return None
    return base, date


@record
class DisplayName:
    """A curated display name the rule does not derive."""

    id: str
    name: str
    source: Source


def derive(model_id: str) -> str:
    """The rule-derived display name of an ID (see the module docstring)."""
    snap = split_snapshot(model_id)
    if snap:
        return f"{derive(snap[0])}-{snap[1]}"
    parts = model_id.split("-")
    head, rest = parts[0], parts[1:]
    if head == "gpt" and rest:
        first = rest.pop(0)
        out = f"GPT-{first}" if first[:1].isdigit() else f"GPT {first.capitalize()}"
    elif head in _UPPER and rest:
        return "-".join([_UPPER[head], *rest])
    elif head in _WORDS and rest:
        out = _WORDS[head]
    else:
        return model_id
    for word in rest:
        if word == "codex":
            out += "-Codex"
        elif word in TIERS:
            out += f" {word.capitalize()}"
        else:
            out += f" {word}"
    return out


def exceptions(raw: Any) -> dict[str, DisplayName]:
    """Validated entries of display_names.toml ([[name]] id, display, source, verified_on)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise CatalogError(FILE, "(root)", "(root)", "must be a table")
    items = raw.get("name", [])
    if not isinstance(items, list):
        raise CatalogError(FILE, "[name]", "name", "must be an array of tables")
    out: dict[str, DisplayName] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise CatalogError(FILE, f"name[{i}]", "name", "must be a table")
        label = item.get("id")
        e = Entry(FILE, f"name[{i}]" + (f" ({label})" if isinstance(label, str) else ""), item)
        e.reject_unknown({"id", "display", *SOURCE_FIELDS})
        model_id, display = e.text("id"), e.text("display")
        if model_id in out:
            raise e.fail("id", f"duplicates the display name of {model_id!r}")
        if not display.strip():
            raise e.fail("display", "must not be empty")
        out[model_id] = DisplayName(model_id, display, e.source())
    return out


_INDEX: dict[tuple[str, int], dict[str, str]] = {}
_CURATED: dict[tuple[str, int], dict[str, DisplayName]] = {}


def _curated(catalog: Catalog) -> dict[str, DisplayName]:
    """ID -> curated exception, read once per catalog."""
    key = (catalog.meta.data_version, id(catalog.models))
    found = _CURATED.get(key)
    if found is None:
        if len(_CURATED) > 8:
            _CURATED.clear()
        found = _CURATED[key] = exceptions(catalog.params.get("display_names"))
    return found


def _tables(catalog: Catalog) -> tuple[dict[str, str], dict[str, DisplayName]]:
    """(normalised display name -> ID, ID -> curated exception), built once per catalog (the
    index only when a name is looked up: a display name of an ID needs just the exceptions)."""
    key = (catalog.meta.data_version, id(catalog.models))
    curated = _curated(catalog)
    index = _INDEX.get(key)
    if index is None:
        index = {}
        for model_id, model in catalog.models.items():
            if model.unsupported:
                continue
            index.setdefault(normalize(derive(model_id)), model_id)
        for model_id, entry in curated.items():
            if model_id in catalog.models:
                index.setdefault(normalize(entry.name), model_id)
        if len(_INDEX) > 8:
            _INDEX.clear()
        _INDEX[key] = index
    return index, curated


def display_name(catalog: Catalog, model_id: str) -> str:
    """The display name of an ID: the curated exception, else the rule's."""
    curated = _curated(catalog).get(model_id)
    return curated.name if curated is not None else derive(model_id)


def display_source(catalog: Catalog, model_id: str) -> Source | None:
    """The source of a curated display name (None: the name comes from the rule)."""
    curated = _curated(catalog).get(model_id)
    return curated.source if curated is not None else None


def match(catalog: Catalog, name: str) -> str | None:
    """The ID whose display name `name` is (after normalisation), else None."""
    return _tables(catalog)[0].get(normalize(name))


__all__ = ["DisplayName", "derive", "display_name", "display_source", "exceptions", "match"]
