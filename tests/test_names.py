"""Display names (modelmap.names): one rule for every ID, curated exceptions, and what resolve
and status answer for a display name or a label (issue 11)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelmap.catalog.load import DATA_DIR, load_catalog
from modelmap.catalog.model import Catalog
from modelmap.catalog.sdk_layer import SHIPPED_NAME, SdkLayer
from modelmap.cli import main
from modelmap.errors import CatalogError
from modelmap.names import derive, display_name
from modelmap.normalize import normalize
from modelmap.resolve import resolve
from modelmap.status import status_of_name


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(("model_id", "shown"), [
    ("gpt-5.5", "GPT-5.5"),
    ("gpt-4o-mini", "GPT-4o mini"),
    ("gpt-6.2-sol", "GPT-6.2 Sol"),
    ("gpt-6-astra-healthcare", "GPT-6 Astra Healthcare"),
    ("gpt-image-1.5", "GPT Image 1.5"),
    ("gpt-image-1", "GPT Image 1"),
    ("gpt-image-2.6-sunburst", "GPT Image 2.6 Sunburst"),
    ("gpt-audio-1.5", "GPT Audio 1.5"),
    ("gpt-realtime-2.1", "GPT Realtime 2.1"),
    ("gpt-live-1.1", "GPT Live 1.1"),
    ("gpt-5.3-codex", "GPT-5.3-Codex"),
    ("gpt-5.5-2026-04-23", "GPT-5.5-2026-04-23"),
    ("sora-2-pro", "Sora 2 pro"),
    ("tts-1-hd", "TTS-1-hd"),
    ("o3-pro", "o3-pro"),
    ("babbage-002", "babbage-002"),
])
def test_rule(model_id: str, shown: str) -> None:
    assert derive(model_id) == shown
    assert normalize(shown) == model_id  # the rule changes case and separators only


def test_every_sdk_id_has_a_display_name_that_resolves_back(catalog: Catalog) -> None:
    """Derived from the shipped SDK layer, not from a hand list."""
    layer = SdkLayer.read(DATA_DIR / SHIPPED_NAME, origin="shipped")
    ids = sorted(layer.all_ids() - layer.unsupported_ids())
    assert len(ids) > 150
    wrong = []
    for model_id in ids:
        shown = display_name(catalog, model_id)
        r = resolve(catalog, shown)
        if model_id not in (r.id, r.display_of):
            wrong.append((model_id, shown, r.kind, r.id, r.display_of))
    assert wrong == []


def test_rule_names_differ_from_ids_and_are_not_exact_ids(catalog: Catalog) -> None:
    """A display name that differs from its ID resolves as a display name (or a label spelled
    alike), never as a model: the API would not accept it."""
    layer = SdkLayer.read(DATA_DIR / SHIPPED_NAME, origin="shipped")
    for model_id in layer.all_ids() - layer.unsupported_ids():
        shown = display_name(catalog, model_id)
        if shown != model_id:
            assert resolve(catalog, shown).kind in ("display-name", "label"), model_id


@pytest.mark.parametrize(("name", "model_id"), [
    ("GPT Image 1.5", "gpt-image-1.5"),
    ("GPT Image 1", "gpt-image-1"),
    ("GPT Audio 1.5", "gpt-audio-1.5"),
    ("GPT Realtime 2.1", "gpt-realtime-2.1"),
    ("GPT-6.2 Sol", "gpt-6.2-sol"),
    ("GPT-5.5", "gpt-5.5"),
    ("GPT-Live-1.1", "gpt-live-1.1"),
    ("Whisper", "whisper-1"),  # a curated exception
    ("DALL·E 3", "dall-e-3"),
])
def test_issue_names_resolve_to_the_id(catalog: Catalog, name: str, model_id: str) -> None:
    r = resolve(catalog, name)
    assert (r.kind, r.id, r.api_ids, r.label) == ("display-name", model_id, (model_id,), None)
    assert r.suggestions[0].id == model_id


def test_display_names_and_labels_stay_apart(catalog: Catalog) -> None:
    assert resolve(catalog, "Audio 1.5").kind == "label"  # a launch name, not the page's name
    assert resolve(catalog, "GPT Audio 1.5").kind == "display-name"
    thinking = resolve(catalog, "GPT-5.5 Thinking")
    assert (thinking.kind, thinking.display_of) == ("label", None)  # a ChatGPT mode only
    pro = resolve(catalog, "GPT-5.5 Pro")  # the ChatGPT mode wins, the model is named too
    assert (pro.kind, pro.display_of, pro.target) == ("label", "gpt-5.5-pro", "gpt-5.5-pro")


def test_validate_still_fixes_a_display_name_to_the_id(catalog: Catalog) -> None:
    import datetime as dt

    from modelmap.validate import Call, Span, validate

    span = Span(1, 10, 1, 23)
    call = Call("images.generate", "GPT Image 1.5", model_span=span)
    found = validate(catalog, call, dt.date(2026, 6, 1))
    assert [f.rule for f in found] == ["MM101"]  # a known model's name, not an unknown one
    assert found[0].fix is not None and found[0].fix.edits[0].replacement == "gpt-image-1.5"
    # Once gpt-image-1.5 is deprecated the fix still writes it: the same model spelt right
    # (the string fails, the ID works); MM402 then offers the replacement (validate/settle.py).
    found = validate(catalog, call, dt.date(2026, 11, 1))
    assert [f.rule for f in found] == ["MM101"] and found[0].fix is not None
    assert (found[0].fix.safety, found[0].fix.edits[0].replacement) == ("safe", "gpt-image-1.5")
    assert found[0].message.endswith("(gpt-image-1.5 is deprecated: once it is written, MM402 "
                                     "offers its replacement.)")
    # Shut down, the ID fails as the string does: no fix, and the message says why.
    found = validate(catalog, call, dt.date(2026, 12, 2))
    assert [f.rule for f in found] == ["MM101"] and found[0].fix is None
    assert "No fix offered: gpt-image-1.5 itself draws MM401" in found[0].message


# --- CLI: resolve --------------------------------------------------------------------------------

def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, object]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_NO_CACHE", "1")


def test_resolve_display_name_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, ["resolve", "GPT Image 1.5", "--as-of", "2026-11-30"])
    assert code == 0 and isinstance(data, dict)
    assert {k: data[k] for k in ("kind", "id", "display_name", "status", "days_left",
                                  "replacement", "label")} == {
        "kind": "display-name", "id": "gpt-image-1.5", "display_name": "GPT Image 1.5",
        "status": "deprecated", "days_left": 1,
        "replacement": ["gpt-image-2.6-sunburst", "gpt-image-2.6-flare"], "label": None}
    code, data = _json(capsys, ["resolve", "GPT Image 1.5", "--as-of", "2026-12-01"])
    assert isinstance(data, dict) and data["status"] == "shut-down"


@pytest.mark.parametrize(("as_of", "state", "days", "replacement"), [
    ("2026-06-10", "current", None, []),
    ("2026-11-03", "deprecated", 38, ["gpt-5.6-sol"]),
    ("2026-12-04", "deprecated", 7, ["gpt-6.1-sol"]),
    ("2026-12-11", "shut-down", 0, ["gpt-6.1-sol"]),
])
def test_resolve_o3_shows_days_left_and_replacement(
        capsys: pytest.CaptureFixture[str], as_of: str, state: str, days: int | None,
        replacement: list[str]) -> None:
    code, data = _json(capsys, ["resolve", "o3", "--as-of", as_of])
    assert isinstance(data, dict) and code == (1 if state == "shut-down" else 0)
    assert (data["status"], data["replacement"]) == (state, replacement)
    if state != "current":
        assert data["days_left"] == days
    code, st = _json(capsys, ["status", "o3", "--as-of", as_of])
    assert isinstance(st, dict)
    assert (st["state"], st["replacement"]) == (data["status"], data["replacement"])


def test_resolve_text_names_the_kind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "GPT-6.2 Sol", "GPT-5.5 Thinking", "o3", "--as-of",
                 "2026-12-04"]) == 0
    out = capsys.readouterr().out
    assert "display-name (a model page's name for gpt-6.2-sol)" in out
    assert "label (product, chatgpt)" in out
    assert "deprecated, shutdown 2026-12-11, 7 days left; replacement gpt-6.1-sol" in out


def test_resolve_unknown_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "gpt-5.5", "gpt-9-imaginary"]) == 1
    assert "unknown" in capsys.readouterr().out
    assert main(["resolve", "gpt-5.5"]) == 0


# --- CLI: status through a label or display name ------------------------------------------------

@pytest.mark.parametrize(("name", "via", "model_id", "state"), [
    ("GPT-5.5 Thinking", "label", "gpt-5.5", "current"),
    ("GPT Image 1", "display-name", "gpt-image-1", "shut-down"),
    ("gpt-5.5", None, "gpt-5.5", "current"),
])
def test_status_answers_via_label_or_display_name(
        capsys: pytest.CaptureFixture[str], name: str, via: str | None, model_id: str,
        state: str) -> None:
    code, data = _json(capsys, ["status", name, "--as-of", "2026-12-04"])
    assert isinstance(data, dict) and code == (1 if state == "shut-down" else 0)
    assert (data["query"], data["via"], data["id"], data["state"]) == (name, via, model_id,
                                                                      state)


def test_status_of_name_unknown_stays_unknown(catalog: Catalog) -> None:
    import datetime as dt

    st, via = status_of_name(catalog, "Images with thinkingz", dt.date(2026, 12, 4))
    assert (st.state, via) == ("unknown", None)


def test_status_text_via_label(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "GPT-5.5 Thinking", "--as-of", "2026-12-04"]) == 0
    # the status line says the label is not an API ID (trial report: it used to say nothing)
    assert capsys.readouterr().out.startswith(
        "GPT-5.5 Thinking (label of gpt-5.5; not an API ID, send gpt-5.5) -> gpt-5.5: current "
        "as of 2026-12-04")


# --- bad data ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "expected"), [
    ('display = "Whisper"', 'display = 3', "field 'display'"),
    ('display = "Whisper"', 'display = "Whisper"\ncolour = "red"', "field 'colour'"),
    ('id = "dall-e-3"', 'id = "whisper-1"', "field 'id'"),
])
def test_malformed_display_names(tmp_path: Path, old: str, new: str, expected: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "display_names.toml"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(CatalogError) as info:
        load_catalog(data, sdk_layer=False)
    assert "display_names.toml" in str(info.value) and expected in str(info.value)
    proc = subprocess.run([sys.executable, "-m", "modelmap", "resolve", "Whisper"],
                          capture_output=True, text=True,
                          env={"MODELMAP_CATALOG_DIR": str(data), "MODELMAP_NO_CACHE": "1",
                               "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_curated_display_names_are_sourced_facts(catalog: Catalog) -> None:
    rows = {(f.subject, f.kind): f for f in catalog.facts if f.kind == "label"}
    fact = rows[("whisper-1", "label")]
    assert "'Whisper'" in fact.claim and fact.source.url.startswith("https://developers.openai")


def test_explain_treats_a_display_name_as_a_name_problem(catalog: Catalog) -> None:
    import datetime as dt

    from modelmap.explain import explain

    text = ('Error code: 404 - {"error": {"message": "The model `GPT Image 1.5` does not exist '
            'or you do not have access to it.", "type": "invalid_request_error", "param": null, '
            '"code": "model_not_found"}}')
    found = explain(catalog, text, dt.date(2026, 11, 1))
    assert found.key == "model-not-found.label"
    assert any("gpt-image-1.5" in check for check in found.checks)


@pytest.mark.parametrize("text", [
    "gpt-4o-2024-05-13", "gpt-4o-2024-05-13\n", "gpt-4o-2024-05-13\n\n", "-2024-05-13",
    "a-2024-05-13", "a\nb-2024-05-13", "a-\u0662\u0660\u0662\u0664-05-13", "a-2024-5-130",
    "a-2024-05-1", "a_2024-05-13", "a-2024_05-13", "x-y-2024-05-13", "", "2024-05-13",
    "a-2024-05-13 ", "a-²⁰²⁴-05-13", "gpt-4o",
])
def test_split_snapshot_answers_as_the_regex_did(text: str) -> None:
    import re

    from modelmap.names import split_snapshot

    m = re.match(r"^(?P<base>.+)-(?P<date>\d{4}-\d{2}-\d{2})$", text)
    assert split_snapshot(text) == ((m["base"], m["date"]) if m else None)


def test_normalize_answers_as_the_regexes_did() -> None:
    import re
    import sys
    import unicodedata

    from modelmap import normalize as mod

    def regex_normalize(name: str) -> str:  # the implementation before `re` left start-up
        text = unicodedata.normalize("NFKC", name).translate(mod._DASHES).strip()
        text = re.sub(r"[\s_]+", "-", text.strip(mod._QUOTES).strip().lower())
        return re.sub(r"-{2,}", "-", text).strip("-")

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c)))
    assert len(spaces) > 20 and all(c.isspace() for c in spaces)
    for text in ["GPT 5.5  Instant", "a_ -b", " _a__b- ", "a\u3000b\x1cc", "--a---b--",
                 "a" + spaces + "b", "\u2013x\u2014 y_", "'gpt_4o'", "_", "a - - b", "",
                 "\u201cGPT\u20115.5 Thinking\u201d", "x" + spaces[::-1] + "_-_" + spaces]:
        assert normalize(text) == regex_normalize(text), text
