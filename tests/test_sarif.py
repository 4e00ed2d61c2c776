"""SARIF output validates against the official SARIF 2.1.0 schema; fingerprints ignore line
numbers; URIs are repository-relative. GitHub annotations escape their data.

The schema (sarif-2.1.0-rtm.5.json) is taken from the npm package @microsoft/jest-sarif,
downloaded once with `npm pack` into $MODELMAP_TEST_CACHE (default ~/.cache/modelmap-tests).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest

import check_fakes as fakes
from modelmap.catalog.load import default_catalog
from modelmap.check.config import Config
from modelmap.check.runner import Settings, run_check
from modelmap.check.select import Selector
from modelmap.report.github import escape_data, escape_property, format_github
from modelmap.report.sarif import to_dict
from modelmap.rules import RULES
from treeutil import write_tree

SCHEMA_NAME = "sarif-2.1.0-rtm.5.json"
NPM_PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0"


def _cache() -> Path:
    root = os.environ.get("MODELMAP_TEST_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "modelmap-tests"


@pytest.fixture(scope="session")
def sarif_schema() -> dict[str, Any]:
    target = _cache() / SCHEMA_NAME
    if not target.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch the official SARIF schema")
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([npm, "pack", NPM_PACKAGE, "--silent"], cwd=tmp,
                                  capture_output=True, text=True, check=False, timeout=300)
            tgz = sorted(Path(tmp).glob("*.tgz"))
            if proc.returncode != 0 or not tgz:
                pytest.fail(f"npm pack {NPM_PACKAGE} failed: {proc.stderr.strip()[-400:]}")
            with tarfile.open(tgz[0]) as tar:
                member = next(m for m in tar.getmembers() if m.name.endswith(SCHEMA_NAME))
                extracted = tar.extractfile(member)
                assert extracted is not None
                target.write_bytes(extracted.read())
    schema: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return schema


def _report(root: Path) -> Any:
    settings = Settings(paths=(root,), root=root, catalog=default_catalog(),
                        as_of=dt.date(2026, 11, 21), config=Config(path=None, base=root),
                        selector=Selector(), cache_dir=None, jobs=1, strict=True)
    return run_check(settings, fakes.toolkit())


APP = {
    "app/main.py": 'x(model="bad-model")\ny(model="Label Model")\nz(model="warn-model")\n'
                   'w(model="info-model")\nx(model="bad-model")\n',
    "dir with space/.env.example": "MODEL=old-model\n",
}


write = write_tree


def test_sarif_validates_against_the_official_schema(tmp_path: Path,
                                                     sarif_schema: dict[str, Any]) -> None:
    import jsonschema

    write(tmp_path, APP)
    (tmp_path / "bin.py").write_bytes(b"\0model")
    log = to_dict(_report(tmp_path))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == [
        "MM102", "MM101", "MM402", "MM503", "MM102", "MM401"]
    assert [r["level"] for r in run["results"]] == [
        "error", "error", "warning", "note", "error", "error"]
    assert run["results"][-1]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "dir%20with%20space/.env.example", "uriBaseId": "%SRCROOT%"}
    assert run["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 10, "endLine": 1, "endColumn": 19}
    assert run["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"][0][
        "insertedContent"] == {"text": "good-model"}
    assert [n["message"]["text"] for n in run["invocations"][0][
        "toolExecutionNotifications"]] == ["bin.py: skipped (binary file)"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    assert all(run["results"][i]["ruleIndex"] == [r["id"] for r in rules].index(
        run["results"][i]["ruleId"]) for i in range(len(run["results"])))


def test_empty_report_validates(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    import jsonschema

    log = to_dict(_report(tmp_path))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    assert log["runs"][0]["results"] == []
    broken = {**log, "version": "2.0.0"}  # the validator is not vacuous
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema).validate(broken)


def test_fingerprints_do_not_depend_on_line_numbers(tmp_path: Path) -> None:
    write(tmp_path, APP)
    before = to_dict(_report(tmp_path))["runs"][0]["results"]
    main = tmp_path / "app" / "main.py"
    main.write_text("import os\n\n\n" + main.read_text())
    after = to_dict(_report(tmp_path))["runs"][0]["results"]
    fp = [r["partialFingerprints"]["primaryLocationLineHash"] for r in before]
    assert [r["partialFingerprints"]["primaryLocationLineHash"] for r in after] == fp
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after][:2] == [
        4, 5]
    # the two identical `bad-model` lines differ only by their occurrence counter
    assert fp[0].split(":")[0] == fp[4].split(":")[0] and fp[0] != fp[4]


def test_uris_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path, {"svc/app/main.py": 'x(model="bad-model")\n'})
    log = to_dict(_report(tmp_path / "svc"), base=tmp_path)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "svc/app/main.py"
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("100% sure", "100%25 sure", "100%25 sure"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("k: v, w", "k: v, w", "k%3A v%2C w"),
])
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_github_annotations(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.py": 'x(model="bad-model")\nz(model="warn-model")\n'
                                    'w(model="info-model")\n'})
    out = format_github(_report(tmp_path / "app"), base=tmp_path)
    assert out.splitlines() == [
        "::error file=app/main.py,line=1,col=10,endLine=1,endColumn=19,"
        "title=MM102 unknown-model::'bad-model' is not a model",
        "::warning file=app/main.py,line=2,col=10,endLine=2,endColumn=20,"
        "title=MM402 model-deprecated::'warn-model' is deprecated",
        "::notice file=app/main.py,line=3,col=10,endLine=3,endColumn=20,"
        "title=MM503 rolling-alias::'info-model' is a rolling alias",
    ]
