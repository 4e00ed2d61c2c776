"""A fix never proposes a model that itself draws a finding as of the check date: labels
settle on a pinned API ID rather than a rolling alias, deprecated targets on their catalog
successor, and when nothing settles there is no fix (validate/settle.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.catalog.model import Catalog
from modelmap.cli import main
from modelmap.findings import Finding
from modelmap.validate import Call, Span, validate
from treeutil import write_tree

AS_OF = dt.date(2026, 12, 4)
SPAN = Span(3, 10, 3, 30)
ENDPOINTS = ("chat.completions.create", "responses.create", "images.generate",
             "audio.speech.create", "embeddings.create")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def _model_fixes(catalog: Catalog, call: Call, day: dt.date) -> list[Finding]:
    return [f for f in validate(catalog, call, day) if f.fix is not None
            and any((e.line, e.column) == (SPAN.line, SPAN.column) for e in f.fix.edits)]


def _target_findings(catalog: Catalog, call: Call, f: Finding, day: dt.date) -> list[str]:
    assert f.fix is not None
    target = f.fix.edits[0].replacement
    again = validate(catalog, dataclasses.replace(call, model=target), day)
    before = {(g.rule, g.location) for g in validate(catalog, call, day)}
    if f.rule == "MM508":  # the prefix dropped, the same model: nothing new may appear
        return [f"{g.rule} {g.message}" for g in again if (g.rule, g.location) not in before]
    return [f"{g.rule} {g.message}" for g in again if (g.rule, g.location) not in before
            or (g.location is not None and (g.location.line, g.location.column)
                == (SPAN.line, SPAN.column))]


@pytest.mark.parametrize("day", [AS_OF, dt.date(2026, 6, 1), dt.date(2027, 6, 1)])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_fix_target_draws_a_finding(catalog: Catalog, endpoint: str, day: dt.date) -> None:
    """Over every label, model and lifecycle ID of the catalog, on several endpoints and
    dates: whatever a fix writes is clean on the same call."""
    names = sorted({*catalog.labels, *catalog.models, *catalog.lifecycle})
    fixed = 0
    bad = []
    for name in names:
        call = Call(endpoint, name, model_span=SPAN)
        for f in _model_fixes(catalog, call, day):
            fixed += 1
            left = _target_findings(catalog, call, f, day)
            if left and f.fix is not None:
                bad.append((name, f.rule, f.fix.edits[0].replacement, left))
    assert bad == []
    if endpoint == "chat.completions.create":
        assert fixed > 10  # the property was exercised


@pytest.mark.parametrize(("model", "code", "target"), [
    ("gpt-4o-latest", "MM101", "gpt-6-luna"),  # the label names gpt-4o, deprecated
    ("GPT-5.5 Instant", "MM101", "gpt-5.5"),  # the label names chat-latest first, rolling
    ("gpt-4o", "MM402", "gpt-6-luna"),
])
def test_settled_targets(catalog: Catalog, model: str, code: str, target: str) -> None:
    found = [f for f in validate(catalog, Call("chat.completions.create", model,
                                               model_span=SPAN), AS_OF) if f.rule == code]
    assert len(found) == 1 and found[0].fix is not None
    assert [e.replacement for e in found[0].fix.edits] == [target]
    assert found[0].fix.safety == "unsafe"


@pytest.mark.parametrize(("model", "named", "said"), [
    ("gpt-4o-latest", "use gpt-4o",
     "The fix writes gpt-6-luna: gpt-4o itself draws MM402 (gpt-4o shuts down on 2027-01-14"),
    ("GPT-5.5 Instant", "chat-latest",
     "The fix writes gpt-5.5: chat-latest itself draws MM503 (chat-latest is a rolling alias"),
])
def test_the_message_says_why_the_fix_names_another_model(catalog: Catalog, model: str,
                                                          named: str, said: str) -> None:
    """A fresh-eyes trial read "use gpt-4o" beside "Replace with 'gpt-6-luna'"."""
    found = [f for f in validate(catalog, Call("chat.completions.create", model,
                                               model_span=SPAN), AS_OF) if f.rule == "MM101"]
    assert len(found) == 1 and named in found[0].message
    assert said in " ".join(found[0].message.split())


def test_no_fix_when_no_target_settles(catalog: Catalog) -> None:
    """gpt-4o's successor refuses `temperature`: replacing the model would trade a warning
    for a rejected request, so the finding stands without a fix."""
    call = Call("chat.completions.create", "gpt-4o", {"temperature": 0.5}, model_span=SPAN)
    found = [f for f in validate(catalog, call, AS_OF) if f.rule == "MM402"]
    assert len(found) == 1 and found[0].fix is None
    assert "gpt-6-luna" in found[0].message  # the replacement is still named


def test_check_fix_writes_a_clean_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path, {
        "a.py": 'from openai import OpenAI\n'
                'OpenAI().chat.completions.create(model="gpt-4o-latest", messages=[])\n'
                'OpenAI().chat.completions.create(model="GPT-5.5 Instant", messages=[])\n'})
    main(["check", "a.py", "--fix", "--unsafe-fixes"])
    out = capsys.readouterr().out
    assert "Fixed 2 findings." in out and "All checks passed" in out
    assert (tmp_path / "a.py").read_text(encoding="utf-8").splitlines()[1:] == [
        'OpenAI().chat.completions.create(model="gpt-6-luna", messages=[])',
        'OpenAI().chat.completions.create(model="gpt-5.5", messages=[])']


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_a_fine_tune_is_never_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str], mode: str) -> None:
    """Its base's shutdown is reported, with no fix, and `modelmap rules` says so."""
    monkeypatch.setenv("MODELMAP_TODAY", "2026-12-04")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    source = ('from openai import OpenAI\nOpenAI().chat.completions.create('
              'model="ft:gpt-4o-mini-2024-07-18:acme::abc123", messages=[])\n')
    write_tree(tmp_path, {"a.py": source})
    main(["check", "a.py", mode, "--unsafe-fixes"])
    capsys.readouterr()
    assert (tmp_path / "a.py").read_text(encoding="utf-8") == source
    main(["check", "a.py", "--json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [(f["rule"], f["fix"]) for f in found] == [("MM402", None)]
    assert "fine-tune of gpt-4o-mini-2024-07-18" in found[0]["message"]
    main(["rules", "MM402"])
    assert "fine-tuned `ft:` ID is never rewritten" in " ".join(capsys.readouterr().out.split())


def test_a_display_name_of_a_shut_down_model_says_why_there_is_no_fix(catalog: Catalog) -> None:
    """A fresh-eyes trial followed "Write 'gpt-image-1.5'" and met MM401 next."""
    found = [f for f in validate(catalog, Call("images.generate", "GPT Image 1.5",
                                               model_span=SPAN), AS_OF) if f.rule == "MM101"]
    assert len(found) == 1 and found[0].fix is None
    assert "No fix offered: gpt-image-1.5 itself draws MM401 (gpt-image-1.5 was shut down" \
        in found[0].message  # (which finding: the user meets it next)


def test_a_label_whose_model_refuses_a_parameter_names_that_finding(catalog: Catalog) -> None:
    """A fresh-eyes trial: `GPT Image 2` with a size gpt-image-2 refuses showed MM101 alone;
    the size problem came only after the label was fixed by hand."""
    found = validate(catalog, Call("images.generate", "GPT Image 2", model_span=SPAN,
                                   params={"size": "1000x1000"}), AS_OF)
    label = [f for f in found if f.rule == "MM101"]
    assert len(label) == 1 and label[0].fix is None
    assert "gpt-image-2 itself draws MM301 (size '1000x1000' is invalid for gpt-image-2" \
        in label[0].message


def test_a_label_with_no_settling_candidate_names_what_each_one_draws(catalog: Catalog) -> None:
    """A fresh-eyes trial: 'GPT-5.5 Instant' with temperature and max_tokens on Chat
    Completions said only that chat-latest draws MM503, while gpt-5.5 (the other ID, which
    would settle without those parameters) was left out of the reason."""
    found = validate(catalog, Call("chat.completions.create", "GPT-5.5 Instant",
                                   model_span=SPAN,
                                   params={"temperature": 0.2, "max_tokens": 500}), AS_OF)
    [label] = [f for f in found if f.rule == "MM101"]
    assert label.fix is None
    why = label.message.split("No fix offered: ", 1)[1]
    assert why.startswith("chat-latest itself draws MM503 (chat-latest is a rolling alias")
    assert "; gpt-5.5 draws MM30" in why and why.endswith(" on this call.")
    assert "nothing settles" not in label.message
    quiet = validate(catalog, Call("chat.completions.create", "GPT-5.5 Instant",
                                   model_span=SPAN), AS_OF)
    [label] = [f for f in quiet if f.rule == "MM101"]
    assert label.fix is not None and label.fix.edits[0].replacement == "gpt-5.5"


def test_a_respelling_of_a_deprecated_model_stays_a_safe_spelling_fix(catalog: Catalog) -> None:
    """A fresh-eyes trial: `GPT-4o` said "Write 'gpt-4o'" while its fix wrote gpt-6-luna (a
    model change, applied by --unsafe-fixes). The same model spelt right is written as such;
    an invented variant (`gpt-4o-latest`: not the same model) still follows the successor."""
    [spelt] = validate(catalog, Call("chat.completions.create", "GPT-4o", model_span=SPAN), AS_OF)
    assert spelt.rule == "MM101" and spelt.fix is not None
    assert (spelt.fix.safety, spelt.fix.edits[0].replacement) == ("safe", "gpt-4o")
    assert spelt.message.endswith(
        "(gpt-4o is deprecated: once it is written, MM402 offers its replacement.)")
    [variant] = validate(catalog, Call("chat.completions.create", "gpt-4o-latest",
                                      model_span=SPAN), AS_OF)
    assert variant.fix is not None and variant.fix.safety == "unsafe"
    assert variant.fix.edits[0].replacement == "gpt-6-luna"
