"""The check pipeline with a fake scanner/validator: suppressions, selection, cross-file
constants, the cache, the pool, ordering and policy findings."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import check_fakes as fakes
from modelmap.catalog.load import default_catalog
from modelmap.check.config import Config, Policy, load_config
from modelmap.check.runner import Settings, run_check
from modelmap.check.select import Selector
from modelmap.errors import UsageError
from treeutil import write_tree

DAY = dt.date(2026, 11, 21)


write = write_tree


def run(root: Path, *, cfg: Config | None = None, select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (), cache: Path | None = None, jobs: int = 1,
        paths: tuple[Path, ...] = ()) -> object:
    cfg = cfg or Config(path=None, base=root)
    selector = Selector.build(select or cfg.select, ignore or cfg.ignore, cfg.per_file_ignores,
                              cfg.base)
    settings = Settings(paths=paths or (root,), root=root, catalog=default_catalog(),
                        as_of=DAY, config=cfg, selector=selector, cache_dir=cache, jobs=jobs,
                        strict=True)
    return run_check(settings, fakes.toolkit())


APP = {
    "a.py": 'x(model="bad-model")\ny(model="old-model")  # noqa: MM401\n'
            'z(model="warn-model")  # modelmap: ignore[deprecated]\n',
    "b.py": 'x(model="good-model")\nx(model="info-model")\n',
    "c.py": '# modelmap: ignore-file[MM102]\nx(model="bad-model")\nx(model="old-model")\n',
    ".env.example": "MODEL=old-model\n",
    "notes.md": 'model="bad-model" in a file no scanner reads\n',
}


def test_findings_sorted_with_suppressions(tmp_path: Path) -> None:
    write(tmp_path, APP)
    report = run(tmp_path)
    assert fakes.rows(report) == [
        [".env.example", 1, 7, "MM401"],
        ["a.py", 1, 10, "MM102"],
        ["b.py", 2, 10, "MM503"],
        ["c.py", 3, 10, "MM401"],
    ]
    assert report.files == 4  # type: ignore[attr-defined]


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    (("MM4",), (), [".env.example", "c.py"]),
    (("shut-down",), ("MM401",), []),
    (("ALL",), ("MM4",), ["a.py", "b.py"]),
    (("MM",), ("route-advice",), [".env.example", "a.py", "c.py"]),
    (("MM401",), ("MM4",), [".env.example", "c.py"]),  # the more specific select wins
    (("model-shut-down",), (), [".env.example", "c.py"]),
])
def test_select_and_ignore(tmp_path: Path, select: tuple[str, ...], ignore: tuple[str, ...],
                           expected: list[str]) -> None:
    write(tmp_path, APP)
    report = run(tmp_path, select=select, ignore=ignore)
    assert [row[0] for row in fakes.rows(report)] == expected


@pytest.mark.parametrize("token", ["MM9", "XX101", "not-a-family", ""])
def test_unknown_selector_is_a_usage_error(token: str) -> None:
    with pytest.raises(UsageError, match="unknown rule selector"):
        Selector.build([token], [], {}, Path("/"))


def test_per_file_ignores_from_config(tmp_path: Path) -> None:
    write(tmp_path, {**APP, "modelmap.toml": '[per-file-ignores]\n"*.py" = ["MM102"]\n'
                                             '".env*" = ["shut-down"]\n'})
    cfg = load_config(tmp_path / "modelmap.toml", tmp_path)
    assert fakes.rows(run(tmp_path, cfg=cfg)) == [["b.py", 2, 10, "MM503"],
                                                  ["c.py", 3, 10, "MM401"]]


def test_cross_module_constant(tmp_path: Path) -> None:
    write(tmp_path, {"app/settings.py": 'MODEL = "old-model"\n',
                     "app/chat.py": "from app.settings import MODEL\nx(model=MODEL)\n"})
    assert fakes.rows(run(tmp_path)) == [["app/chat.py", 2, 3, "MM401"]]


def test_cache_reuses_results_and_follows_imported_constants(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    write(root, {**APP, "app/settings.py": 'MODEL = "old-model"\n',
                 "app/chat.py": "from app.settings import MODEL\nx(model=MODEL)\n"})
    first = run(root, cache=cache)
    past = 1_000_000_000  # old mtimes, so the racy-clean check does not force re-reads
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    second = run(root, cache=cache)
    third = run(root, cache=cache)
    assert fakes.rows(second) == fakes.rows(first) == fakes.rows(third)
    # new mtimes: every file is re-read and hashed, but unchanged content is not re-scanned
    assert second.stats == {"files": 6, "probed": 6, "constants": 0,  # type: ignore[attr-defined]
                            "scanned": 0}
    assert third.stats == {"files": 6, "probed": 0, "constants": 0,  # type: ignore[attr-defined]
                           "scanned": 0}
    (root / "app/settings.py").write_text('MODEL = "warn-model"\n')
    os.utime(root / "app/settings.py", (past + 10, past + 10))
    fourth = run(root, cache=cache)
    # settings.py changed (re-scanned, constants re-read) and chat.py imports it
    assert fourth.stats == {"files": 6, "probed": 1, "constants": 1,  # type: ignore[attr-defined]
                            "scanned": 2}
    assert ["app/chat.py", 2, 3, "MM402"] in fakes.rows(fourth)


@pytest.mark.parametrize("how", ["rewrite", "rename"])
def test_warm_run_sees_content_that_kept_size_and_mtime(tmp_path: Path, how: str) -> None:
    """The stat fast path compares ctime and inode too: rewriting a file to the same size and
    setting its mtime back, or renaming another file over it, is still noticed."""
    root, cache = tmp_path / "repo", tmp_path / "cache"
    write(root, {"a.py": 'x(model="old-model")\n'})
    target, past = root / "a.py", 1_000_000_000
    os.utime(target, (past, past))
    first = run(root, cache=cache)
    warm = run(root, cache=cache)
    assert fakes.rows(first) == fakes.rows(warm) == [["a.py", 1, 10, "MM401"]]
    assert warm.stats["probed"] == 0  # type: ignore[attr-defined]
    if how == "rewrite":
        target.write_text('x(model="bad-model")\n')
    else:
        other = tmp_path / "other.py"
        other.write_text('x(model="bad-model")\n')
        os.replace(other, target)
    os.utime(target, (past, past))
    after = run(root, cache=cache)
    assert after.stats["probed"] == 1  # type: ignore[attr-defined]
    assert [r[3] for r in fakes.rows(after)] == ["MM102"]


def test_warm_run_notices_added_and_removed_files(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    write(root, {"a.py": 'x(model="old-model")\n'})
    past = 1_000_000_000
    os.utime(root / "a.py", (past, past))
    run(root, cache=cache)
    write(root, {"b.py": 'x(model="warn-model")\n'})
    os.utime(root / "b.py", (past, past))
    added = run(root, cache=cache)
    assert [r[0] for r in fakes.rows(added)] == ["a.py", "b.py"]
    assert added.stats["probed"] == 1  # type: ignore[attr-defined]
    (root / "a.py").unlink()
    removed = run(root, cache=cache)
    assert [r[0] for r in fakes.rows(removed)] == ["b.py"]


def test_lost_import_side_file_means_reprobing_not_wrong_results(tmp_path: Path) -> None:
    root, cache = tmp_path / "repo", tmp_path / "cache"
    write(root, {**APP, "app/settings.py": 'MODEL = "old-model"\n',
                 "app/chat.py": "from app.settings import MODEL\nx(model=MODEL)\n"})
    past = 1_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))
    first = run(root, cache=cache)
    (side,) = cache.glob("*.imports.cache")
    side.unlink()
    (root / "app/settings.py").write_text('MODEL = "warn-model"\n')
    os.utime(root / "app/settings.py", (past + 10, past + 10))
    second = run(root, cache=cache)
    assert ["app/chat.py", 2, 3, "MM401"] in fakes.rows(first)
    assert ["app/chat.py", 2, 3, "MM402"] in fakes.rows(second)
    assert second.stats["probed"] > 1  # type: ignore[attr-defined]


def test_pool_gives_the_same_report(tmp_path: Path) -> None:
    files = {f"pkg/m{i:02}.py": f'x(model="{m}")\n'
             for i, m in enumerate(["bad-model", "old-model", "warn-model", "ok"] * 10)}
    write(tmp_path, files)
    serial, parallel = run(tmp_path, jobs=1), run(tmp_path, jobs=2)
    assert fakes.rows(parallel) == fakes.rows(serial)
    assert len(fakes.rows(serial)) == 30


def test_skip_notes_for_binary_undecodable_and_minified(tmp_path: Path) -> None:
    write(tmp_path, {"ok.py": 'x(model="bad-model")\n'})
    (tmp_path / "bin.py").write_bytes(b"\x00\x01model")
    (tmp_path / "latin.py").write_bytes(b'x(model="caf\xe9")\n')
    (tmp_path / "bundle.js").write_text('x(model="bad-model");' + "a" * 5000 + "\n")
    (tmp_path / "small.js").write_text('x(model="bad-model");\n' + "a" * 4999 + "\n")
    report = run(tmp_path)
    assert [(s.path, s.reason) for s in report.skipped] == [  # type: ignore[attr-defined]
        ("bin.py", "binary file"),
        ("bundle.js", "minified or bundled (a line over 5000 characters)"),
        ("latin.py", "not UTF-8 text (byte 12)")]
    assert report.files == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(("policy", "source", "expected"), [
    (Policy(allowed_models=("gpt-5.5*",)), 'x(model="gpt-5.4")\n', ["MM701"]),
    (Policy(allowed_models=("gpt-5.5",)), 'x(model="gpt-5.5-2026-04-23")\n', []),
    (Policy(allowed_models=("gpt-5.5",)), 'x(model="openai/gpt-5.5")\n', []),
    (Policy(require_snapshot=True), 'x(model="gpt-5.5")\n', ["MM702"]),
    (Policy(require_snapshot=True), 'x(model="gpt-5.5-2026-04-23")\n', []),
    (Policy(require_snapshot=("gpt-image-*",)), 'x(model="gpt-5.5")\n', []),
    (Policy(require_snapshot=("gpt-5.5",)), 'x(model="gpt-5.5")\n', ["MM702"]),
    (Policy(), 'x(model="gpt-5.4")\n', []),
])
def test_policy_findings(tmp_path: Path, policy: Policy, source: str,
                         expected: list[str]) -> None:
    write(tmp_path, {"a.py": source})
    report = run(tmp_path, cfg=Config(path=None, base=tmp_path, policy=policy))
    assert [row[3] for row in fakes.rows(report)] == expected


def test_snapshot_fix_is_unsafe_and_names_newest_snapshot(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": 'x(model="gpt-5.5")\n'})
    report = run(tmp_path, cfg=Config(path=None, base=tmp_path,
                                      policy=Policy(require_snapshot=True)))
    (only,) = report.findings  # type: ignore[attr-defined]
    assert only.finding.fix.safety == "unsafe"
    assert [(e.line, e.column, e.end_column, e.replacement) for e in only.finding.fix.edits] == [
        (1, 10, 17, "gpt-5.5-2026-04-23")]
