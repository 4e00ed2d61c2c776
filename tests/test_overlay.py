"""Catalog overlays (docs/overlay.md): your own models, labels, dates, routes and deny list,
end to end through `check`, `validate`, `facts`, `route` and the runtime guard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog, load_catalog
from modelmap.cli import main
from modelmap.errors import CatalogError

PROXY = """
[[tool.modelmap.catalog.model]]
id = "acme-gpt-5.5"
kind = "alias"
base = "gpt-5.5"
modality = "text"
surfaces = ["api.responses", "api.chat_completions"]
note = "The platform team's proxy alias for gpt-5.5."
source = "https://wiki.acme.invalid/llm-proxy"
verified_on = 2026-12-01

[[tool.modelmap.catalog.label]]
name = "Acme Assistant"
kind = "product"
surface = "chatgpt"
api_ids = ["acme-gpt-5.5"]
caveat = "Our internal chat app, not a model ID."
source = "https://wiki.acme.invalid/assistant"
verified_on = 2026-12-01

[[tool.modelmap.catalog.lifecycle]]
ids = ["gpt-5.5"]
shutdown_date = 2027-06-30
note = "Our enterprise agreement ends."
source = "https://wiki.acme.invalid/contract"
verified_on = 2026-12-01

[[tool.modelmap.catalog.job]]
key = "acme-support-bot"
title = "Acme support bot"
keywords = { en = { acme = 3, support = 2 } }
[[tool.modelmap.catalog.job.route]]
surface = "api.responses"
model = "acme-gpt-5.5"
why = "Goes through the proxy that logs and redacts."
since = 2026-12-01
source = "https://wiki.acme.invalid/support-bot"
verified_on = 2026-12-01

[tool.modelmap.policy]
denied-models = ["gpt-4o*"]
"""
APP = """from openai import OpenAI

client = OpenAI()
client.responses.create(model="acme-gpt-5.5", input="hi")
client.responses.create(model="gpt-4o", input="hi")
"""


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("MODELMAP_CATALOG_OVERLAY", "MODELMAP_CATALOG_DIR", "MODELMAP_SDK_LAYER"):
        monkeypatch.delenv(name, raising=False)
    default_catalog.cache_clear()
    yield
    default_catalog.cache_clear()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'app'\n\n" + PROXY, encoding="utf-8")
    (root / "app.py").write_text(APP, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_the_added_model_and_fails_the_denied_one(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", ".", "--json", "--no-cache")
    doc = json.loads(out)
    by_line = {(f["line"], f["rule"]) for f in doc["findings"]}
    assert code == 1
    assert (4, "MM102") not in by_line and (4, "MM101") not in by_line  # known: no unknown-model
    assert (4, "MM402") in by_line  # our own shutdown date applies to the alias's base
    denied = [f for f in doc["findings"] if f["rule"] == "MM701"]
    assert [(f["line"], f["message"]) for f in denied] == [
        (5, "'gpt-4o' is on this project's denied-models list (gpt-4o*)")]
    assert doc["catalog"]["overlays"] == [str(project / "pyproject.toml")]


def test_without_the_overlay_the_alias_is_unknown(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "app.py").write_text(APP, encoding="utf-8")
    monkeypatch.chdir(bare)
    _, out, _ = _run(capsys, "check", ".", "--json", "--no-cache")
    rules = {(f["line"], f["rule"]) for f in json.loads(out)["findings"]}
    assert (4, "MM102") in rules and not any(r == "MM701" for _, r in rules)


def test_validate_agrees(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "validate", "responses.create", "model=acme-gpt-5.5",
                          "--json")
    # a warning (MM402): validate, like check, fails on warnings by default
    assert code == 1 and {f["rule"] for f in json.loads(out)["findings"]} == {"MM402"}
    code, out, _ = _run(capsys, "validate", "responses.create", "model=gpt-4o", "--json")
    assert code == 1 and "MM701" in {f["rule"] for f in json.loads(out)["findings"]}
    code, out, err = _run(capsys, "validate", "responses.create", "model=gpt-4o")
    assert "error: MM701 [model-not-allowed]" in out
    assert err.splitlines()[0].endswith(f"overlay {project / 'pyproject.toml'}")


def test_guard_agrees(project: Path) -> None:
    import openai

    import modelmap
    from modelmap.guard import GuardError, ModelmapWarning
    from openai_loopback import LoopbackOpenAI

    srv = LoopbackOpenAI()
    try:
        client = modelmap.guard(openai.OpenAI(api_key="sk-test", base_url=srv.base_url,
                                              max_retries=0), provider="openai")
        with pytest.warns(ModelmapWarning, match="2027-06-30"):  # our date: a warning
            client.responses.create(model="acme-gpt-5.5", input="hi")  # passes: sent
        assert [r.body["model"] for r in srv.take()] == ["acme-gpt-5.5"]
        with pytest.raises(GuardError, match="denied-models"):
            client.responses.create(model="gpt-4o", input="hi")
        assert srv.take() == []  # the denied call was never sent
    finally:
        srv.close()


def test_facts_show_origin_and_conflicts(project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "facts", "--json", "--subject", "acme")
    facts = json.loads(out)["facts"]
    origin = f"overlay {project / 'pyproject.toml'}"
    assert code == 0 and {(f["subject"], f["kind"], f["origin"]) for f in facts} == {
        ("acme-gpt-5.5", "id", origin), ("Acme Assistant", "label", origin),
        ("acme-support-bot", "route", origin)}
    code, out, _ = _run(capsys, "facts", "--conflicts", "--json", "--subject", "gpt-5.5")
    conflicts = json.loads(out)["conflicts"]
    ours = [c for c in conflicts if c["field"] == "shutdown_date" and c["subject"] == "gpt-5.5"]
    assert ours and ours[0]["chosen"] == "2027-06-30"
    assert ours[0]["chosen_source"]["origin"] == origin
    _, out, _ = _run(capsys, "facts", "--subject", "acme")
    assert origin in out  # the text table has an origin column


def test_route_and_resolve_use_overlay_entries(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "route", "acme-support-bot", "--json")
    doc = json.loads(out)
    assert code == 0 and (doc["surface"], doc["model"]) == ("api.responses", "acme-gpt-5.5")
    assert doc["model_status"] == "deprecated"  # our own date, through the alias's base
    code, out, _ = _run(capsys, "resolve", "Acme Assistant", "--json")
    assert json.loads(out)["kind"] == "label"


def test_replacing_a_shipped_model_stays_visible(tmp_path: Path) -> None:
    ov = tmp_path / "ours.toml"
    ov.write_text("""
[[model]]
id = "gpt-5.5"
modality = "text"
surfaces = ["api.responses"]
not_surfaces = ["api.chat_completions"]
source = "https://wiki.acme.invalid/gpt-5.5-only-responses"
verified_on = 2026-12-02
""", encoding="utf-8")
    cat = load_catalog(overlays=[ov])
    assert "api.chat_completions" not in cat.models["gpt-5.5"].surfaces
    replaced = [c for c in cat.conflicts if c.subject == "gpt-5.5" and c.field == "model"]
    assert replaced and str(ov) in replaced[0].note
    contested = [c for c in cat.conflicts
                 if c.subject == "gpt-5.5" and c.field == "surface api.chat_completions"]
    assert contested and contested[0].chosen_source.url.endswith("only-responses")
    assert cat.meta.curated_verified_on == load_catalog().meta.curated_verified_on


@pytest.mark.parametrize(("body", "entry", "field"), [
    ('[[model]]\nid = "x"\nmodality = "text"\nsurfaces = ["api.nowhere"]\nsource = "s"\n'
     'verified_on = 2026-12-01\n', "model[0] (x)", "surfaces"),
    ('[[model]]\nid = "x"\nmodality = "text"\nsource = "s"\n', "model[0] (x)", "verified_on"),
    ('[[lifecycle]]\nids = ["x"]\nshutdown_date = "soon"\nsource = "s"\n'
     'verified_on = 2026-12-01\n', "lifecycle[0]", "shutdown_date"),
    ('[[label]]\nname = "Y"\nkind = "nickname"\nsurface = "chatgpt"\ncaveat = ""\nsource = "s"\n'
     'verified_on = 2026-12-01\n', "label[0] (Y)", "kind"),
    ('[[modle]]\nid = "x"\n', "(top level)", "modle"),
    ('[[label]]\nname = "gpt-5.5"\nkind = "product"\nsurface = "chatgpt"\ncaveat = ""\n'
     'source = "s"\nverified_on = 2026-12-01\n', "gpt-5.5", "name"),
    ("max-age-days = -3\n", "(top level)", "max-age-days"),
])
def test_malformed_overlay_is_one_line_with_file_entry_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, entry: str,
        field: str) -> None:
    ov = tmp_path / "ours.toml"
    ov.write_text(body, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(overlays=[ov])
    assert (info.value.file, info.value.entry, info.value.field) == (str(ov), entry, field)
    for argv in (["status", "gpt-5.5"], ["check", str(tmp_path), "--no-cache"],
                 ["validate", "responses.create", "model=gpt-5.5"]):
        code, out, err = _run(capsys, *argv, "--catalog-overlay", str(ov))
        assert code == 2 and out == "" and err.count("\n") == 1
        assert err.startswith(f"modelmap: error: {ov}: {entry}: field '{field}'")


def test_pyproject_errors_name_the_table(project: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    text = (project / "pyproject.toml").read_text().replace(
        'surfaces = ["api.responses", "api.chat_completions"]', 'surfaces = "api.responses"')
    (project / "pyproject.toml").write_text(text)
    code, _, err = _run(capsys, "status", "gpt-5.5")
    assert code == 2 and err == (
        f"modelmap: error: {project / 'pyproject.toml'}: tool.modelmap.catalog.model[0] "
        "(acme-gpt-5.5): field 'surfaces' must be a list of strings\n")


def test_env_overlay_and_deny_beats_allow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    ov = tmp_path / "org.toml"
    ov.write_text('[policy]\nallowed-models = ["gpt-*"]\ndenied-models = ["gpt-5.5-pro"]\n',
                  encoding="utf-8")
    monkeypatch.setenv("MODELMAP_CATALOG_OVERLAY", str(ov))
    monkeypatch.chdir(tmp_path)
    cat = default_catalog()
    assert (cat.allowed_models, cat.denied_models) == (("gpt-*",), ("gpt-5.5-pro",))
    code, out, _ = _run(capsys, "validate", "responses.create", "model=gpt-5.5-pro", "--json")
    msgs = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "MM701"]
    assert code == 1 and msgs == ["'gpt-5.5-pro' is on this project's denied-models list "
                                  "(gpt-5.5-pro)"]
    code, out, _ = _run(capsys, "validate", "embeddings.create", "model=text-embedding-3-small",
                        "--json")
    msgs = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "MM701"]
    assert code == 1 and msgs == ["'text-embedding-3-small' is not on this project's "
                                  "allowed-models list (gpt-*)"]
    monkeypatch.setenv("MODELMAP_CATALOG_OVERLAY", str(tmp_path / "missing.toml"))
    code, _, err = _run(capsys, "status", "gpt-5.5")
    assert code == 2 and "missing.toml" in err and err.count("\n") == 1


def test_overlay_route_for_a_shipped_job_applies_from_its_date(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ov = tmp_path / "ours.toml"
    ov.write_text("""
[[job]]
key = "backend-reasoning"
title = "Backend reasoning (our route)"
[[job.route]]
surface = "api.responses"
model = "acme-gpt-5.5"
why = "All backend traffic goes through our proxy."
since = 2099-01-01
source = "https://wiki.acme.invalid/routing"
verified_on = 2026-12-01

[[model]]
id = "acme-gpt-5.5"
kind = "alias"
base = "gpt-5.5"
modality = "text"
surfaces = ["api.responses"]
source = "https://wiki.acme.invalid/llm-proxy"
verified_on = 2026-12-01
""", encoding="utf-8")
    shipped = load_catalog().jobs["backend-reasoning"]
    ours = load_catalog(overlays=[ov]).jobs["backend-reasoning"]
    assert ours.title == shipped.title and len(ours.routes) == len(shipped.routes) + 1
    before = _run(capsys, "route", "backend-reasoning", "--json", "--as-of", "2098-12-31",
                  "--catalog-overlay", str(ov))[1]
    after = _run(capsys, "route", "backend-reasoning", "--json", "--as-of", "2099-01-01",
                 "--catalog-overlay", str(ov))[1]
    assert json.loads(before)["model"] != "acme-gpt-5.5"
    assert json.loads(before)["upcoming"][-1]["model"] == "acme-gpt-5.5"
    assert json.loads(after)["model"] == "acme-gpt-5.5"


@pytest.mark.parametrize(("text", "found"), [
    ('[project]\nname = "app"\ndependencies = ["modelmap>=0.1"]\n', False),
    ('[tool.modelmap.catalog.models."acme-llm"]\nsurfaces = ["chat_completions"]\n', True),
    ('[tool]\nmodelmap = { exclude = ["x"] }\n', True),
])
def test_a_pyproject_that_names_modelmap_is_read_without_the_checker(
        tmp_path: Path, text: str, found: bool) -> None:
    """A project that only lists modelmap as a dependency is not a modelmap config; finding
    that out reads the file with tomllib alone, so `resolve` and the other queries do not
    import the checker's config module on every start."""
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    code = ("import sys; from modelmap.catalog.overlay import _find_config_from as f; "
            "import os; print(f(os.getcwd()) is not None, 'modelmap.check.config' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == [str(found), "False"]


def test_an_unreadable_pyproject_still_gets_the_checkers_one_line_error(tmp_path: Path) -> None:
    from modelmap.catalog.overlay import find_config
    from modelmap.errors import UsageError

    (tmp_path / "pyproject.toml").write_text('[tool.modelmap\nx = 1\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"pyproject\.toml"):
        find_config(tmp_path)
