"""--fix under real conditions: concurrent edits, owners, links, read-only files, failed
writes, symlinks out of the tree, stale temporary files (issue 15, items 1 and 2)."""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import check_fakes as fakes
from modelmap.catalog.load import default_catalog
from modelmap.check import fix as fixer
from modelmap.check.config import Config
from modelmap.check.result import CheckReport
from modelmap.check.runner import Settings, run_check
from modelmap.check.safe_write import TMP_SUFFIX, clean_stale
from modelmap.check.select import Selector
from modelmap.cli import main

BAD = 'x(model="bad-model")\n'
GOOD = 'x(model="good-model")\n'
VERSIONS = (
    BAD,
    'client = x(model="bad-model")\n',
    'y = 1\n  x(model="bad-model")  # moved\n',
    'x(model="bad-model", n=2)\nz(model="bad-model")\n',
)
"""What a racing editor saves: the same call at other lines and columns."""


def _check(root: Path) -> CheckReport:
    settings = Settings(paths=(root,), root=root, catalog=default_catalog(),
                        as_of=dt.date(2026, 11, 21), config=Config(path=None, base=root),
                        selector=Selector(), cache_dir=None, jobs=1, strict=True)
    return run_check(settings, fakes.toolkit())


def _fix_once(root: Path) -> list[str | None]:
    plans, notes = fixer.plan_notes(_check(root))
    return [n.reason for n in notes] + [fixer.write(p) for p in plans]


def test_a_file_edited_after_the_scan_is_not_fixed(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BAD)
    report = _check(tmp_path)
    path.write_text(VERSIONS[1])  # the editor saves: the call moved 9 columns right
    plans, notes = fixer.plan_notes(report)
    assert plans == [] and [(n.path, n.reason) for n in notes] == [("app.py", fixer.CHANGED)]
    assert path.read_text() == VERSIONS[1]


def test_a_file_edited_after_the_plan_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BAD)
    (plan,) = fixer.plan(_check(tmp_path))
    path.write_text(VERSIONS[2])
    assert fixer.write(plan) == fixer.CHANGED
    assert path.read_text() == VERSIONS[2]
    assert sorted(os.listdir(tmp_path)) == ["app.py"]


def test_concurrent_edit_loop_never_corrupts(tmp_path: Path) -> None:
    """A writer saves another version at a random moment while the fixer scans, plans and
    writes: the file ends as a version or a version's correct fix, never a mix."""
    allowed = {v for v in VERSIONS} | {v.replace("bad-model", "good-model") for v in VERSIONS}
    path = tmp_path / "app.py"
    path.write_text(BAD)
    started = time.perf_counter()
    _fix_once(tmp_path)
    window = (time.perf_counter() - started) * 1.5
    rng = random.Random(15)
    tries, corrupted, skipped = 60, [], 0
    for i in range(tries):
        path.write_text(rng.choice(VERSIONS))
        new = rng.choice(VERSIONS[1:])
        delay = rng.uniform(0, window)

        def edit(new: str = new, delay: float = delay, i: int = i) -> None:
            time.sleep(delay)
            if i % 2:
                path.write_text(new)  # in place, like most editors
            else:
                tmp = tmp_path / f".edit{i}"
                tmp.write_text(new)
                os.replace(tmp, path)  # atomic save, like vim's backupcopy=no

        writer = threading.Thread(target=edit)
        writer.start()
        notes = _fix_once(tmp_path)
        writer.join()
        skipped += notes.count(fixer.CHANGED)
        if path.read_text() not in allowed:
            corrupted.append(path.read_text())
    assert corrupted == []
    assert skipped > 0  # the race was really run: some fixes met an edited file


@settings(max_examples=60, deadline=None)
@given(prefix=st.text(alphabet=st.sampled_from(' \t\n\r#ab=("'), max_size=30),
       edit_at=st.integers(min_value=0, max_value=40),
       inserted=st.text(alphabet=st.sampled_from(' \nxyz=#"'), min_size=1, max_size=8))
def test_fix_vs_edit_property(tmp_path_factory: pytest.TempPathFactory, prefix: str,
                              edit_at: int, inserted: str) -> None:
    """Whatever is inserted wherever between scan and write, the fix is either not applied
    (the edit stays intact) or applied to unchanged bytes; a second pass finds nothing."""
    root = tmp_path_factory.mktemp("prop")
    path = root / "app.py"
    original = prefix + BAD
    path.write_bytes(original.encode())
    report = _check(root)
    edited = original[:edit_at] + inserted + original[edit_at:]
    path.write_bytes(edited.encode())
    plans, notes = fixer.plan_notes(report)
    for p in plans:
        fixer.write(p)
    assert path.read_bytes() == edited.encode()
    assert [n.reason for n in notes] == ([fixer.CHANGED] if fixer.plan(report) == [] and
                                         report.findings else [])
    # idempotence on whatever is there now
    path.write_bytes(original.encode())
    for p in fixer.plan(_check(root)):
        assert fixer.write(p) is None
    once = path.read_bytes()
    assert fixer.plan(_check(root)) == [] and path.read_bytes() == once


def test_owner_group_and_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BAD)
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 1234, 5678)
    before = path.stat()
    (plan,) = fixer.plan(_check(tmp_path))
    assert fixer.write(plan) is None
    after = path.stat()
    assert path.read_text() == GOOD
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        before.st_uid, before.st_gid, 0o640)


def test_hard_links_and_read_only_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BAD)
    os.link(tmp_path / "a.py", tmp_path / "outside.dat")
    (tmp_path / "b.py").write_text(BAD)
    (tmp_path / "b.py").chmod(0o444)  # refused as root too: the mode says read-only
    notes = _fix_once(tmp_path)
    assert sorted(n or "" for n in notes) == [
        "has 2 hard links: not fixed (a rewrite would split them)", "read-only file: not fixed"]
    assert (tmp_path / "a.py").read_text() == BAD == (tmp_path / "b.py").read_text()
    assert (tmp_path / "a.py").stat().st_ino == (tmp_path / "outside.dat").stat().st_ino


def test_stale_temporary_files_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BAD)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    left = tmp_path / f".app.py.{dead}.abc123{TMP_SUFFIX}"  # from a run killed mid-write
    left.write_text("partial")
    live = tmp_path / f".app.py.{os.getppid()}.def456{TMP_SUFFIX}"  # a run still writing
    live.write_text("partial")
    old = tmp_path / f".app.py.{os.getppid()}.ghi789{TMP_SUFFIX}"
    old.write_text("partial")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert fixer.write(fixer.plan(_check(tmp_path))[0]) is None
    assert sorted(os.listdir(tmp_path)) == sorted(["app.py", live.name])
    assert clean_stale(path, now=time.time() + 4000) == [live]


def _cli(root: Path, *argv: str, fsize: int | None = None,
         drop_caps: bool = False) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    env = {**os.environ, "MODELMAP_TODAY": "2026-11-21", "MODELMAP_NO_CACHE": "1"}
    # root writes anywhere: without the capabilities that override file modes it cannot
    prefix = (["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
              if drop_caps else [])
    return subprocess.run([*prefix, sys.executable, "-m", "modelmap", "check", str(root),
                           "--no-cache", "--select", "MM1", *argv], capture_output=True,
                          text=True, env=env, preexec_fn=limits, timeout=120)


BIG = ('from openai import OpenAI\nclient = OpenAI()\n'
       'a = client.images.generate(model="GPT Image 2", prompt="p")\n' + "# pad\n" * 4000)


def test_file_too_large_error_is_one_line_and_keeps_the_original(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text(BIG)
    proc = _cli(tmp_path, "--fix", fsize=len(BIG) // 2)  # RLIMIT_FSIZE: the write gets EFBIG
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("modelmap: error: app.py: cannot write the fix (File too large)")
    assert path.read_text() == BIG
    assert sorted(os.listdir(tmp_path)) == ["app.py"]


def test_unwritable_directory_error_is_one_line_and_keeps_the_original(tmp_path: Path) -> None:
    root = os.geteuid() == 0
    if root and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's override capabilities")
    path = tmp_path / "app.py"
    path.write_text(BIG)
    tmp_path.chmod(0o555)
    try:
        proc = _cli(tmp_path, "--fix", drop_caps=root)
    finally:
        tmp_path.chmod(0o755)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == ("modelmap: error: app.py: cannot write the fix (Permission "
                           "denied); the file is unchanged\n")
    assert path.read_text() == BIG


def test_symlinks_out_of_the_tree_are_not_read_or_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    mine = tmp_path / "home" / "app.py"  # the user's own file, outside the checked repo
    mine.parent.mkdir()
    mine.write_text(BIG)
    repo = tmp_path / "repo"
    (repo / ".codex").mkdir(parents=True)
    os.symlink(mine, repo / "app.py")
    os.symlink(tmp_path / "home" / "config.toml", repo / ".codex" / "config.toml")
    (tmp_path / "home" / "config.toml").write_text('model = "GPT Image 2"\n')
    code = main(["check", str(repo), "--fix", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "GPT Image 2" not in out and "symlink to a file outside the checked tree" in out
    assert mine.read_text() == BIG
    # named on the command line, it is the user's choice
    monkeypatch.chdir(repo)
    assert main(["check", "app.py", "--select", "MM1", "--fix"]) == 0
    assert "gpt-image-2" in mine.read_text()


def test_cli_reports_files_not_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "ro.py").write_text(BIG)
    (repo / "ro.py").chmod(0o444)
    (repo / "ok.py").write_text(BIG)
    code = main(["check", str(repo), "--fix", "--select", "MM1"])
    out, err = capsys.readouterr()
    assert code == 1 and "Fixed 1 finding." in out  # ok.py only; ro.py's finding remains
    assert [line for line in err.splitlines() if not line.startswith("modelmap: catalog:")] == [
        "modelmap: ro.py: read-only file: not fixed", "1 file not fixed."]
    assert (repo / "ro.py").read_text() == BIG
