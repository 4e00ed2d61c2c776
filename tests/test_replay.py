"""Replay (modelmap.check.replay): a check run again with nothing changed prints the last
identical run's output; any change to what the run read, its arguments, its environment or
the date runs the check again."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelmap import cachedirs, datacache
from modelmap.check import cache as check_cache
from modelmap.check import replay
from modelmap.check import runner as check_runner
from modelmap.check.cache import default_dir
from modelmap.cli import main

HEAD = "from openai import OpenAI\nclient = OpenAI()\n"
APP = HEAD + 'client.chat.completions.create(model="gpt-image-2", messages=[])\n'
CLEAN = HEAD + 'client.chat.completions.create(model="gpt-5.5", messages=[])\n'
ARGV = ["check", ".", "--format", "json", "--as-of", "2026-12-04"]
TICK = 0.03
"""Longer than a file-timestamp clock tick: an edit after it shows in the stat."""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / "app.py").write_text(APP)
    (root / "pkg" / "clean.py").write_text(CLEAN)
    (root / ".gitignore").write_text("build/\n")
    (root / "pyproject.toml").write_text("[tool.modelmap]\n")
    monkeypatch.chdir(root)
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(replay.OFF_ENV, raising=False)
    monkeypatch.setattr(replay, "SETTLE_NS", 0)  # the files were written a moment ago
    monkeypatch.setattr(check_cache, "RACY_NS", 0)  # (so a second run is all from the cache)
    monkeypatch.setattr(replay, "_on_terminal", lambda: False)
    time.sleep(TICK)
    yield root


def _run(capsys: pytest.CaptureFixture[str], argv: list[str] = ARGV) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _recorded(capsys: pytest.CaptureFixture[str], argv: list[str] = ARGV
              ) -> tuple[int, str, str]:
    """Run the check until its record replays (a folder above the test's, such as /tmp,
    may change between two runs because of another process: then the record is rightly
    refused, and the next run records again)."""
    for _ in range(5):
        first = _run(capsys, argv)
        time.sleep(TICK)
        if _replays(argv) is not None:
            capsys.readouterr()
            return first
    raise AssertionError("no run was replayed")


def _replays(argv: list[str]) -> int | None:
    """What main() would do first: the replayed exit code, or None (the check runs)."""
    found = replay.record_file(argv)
    return None if found is None else replay.replay(found)


def _no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the check ran instead of replaying")

    monkeypatch.setattr(check_runner, "run_check", refuse)


def test_an_unchanged_run_replays_its_output_and_exit_code(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _recorded(capsys)
    assert code == 1 and '"MM' in out
    _no_check(monkeypatch)
    assert _run(capsys) == (code, out, err)


def test_the_record_lists_the_inputs_and_leaves_the_caches_out(
        project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _recorded(capsys)
    path, key = replay.record_file(ARGV) or ("", b"")
    stored, paths, keys, _absent, out, _err, code = datacache.load(path, replay.KIND)
    assert stored == key and len(paths) == len(keys)
    assert {str(project / "app.py"), str(project / "pkg" / "clean.py"), str(project / "pkg"),
            str(project / ".gitignore"), str(project / "pyproject.toml"), str(project),
            str(tmp_path), "/"} <= set(paths)
    assert not [p for p in paths if p.startswith(str(tmp_path / "cache"))]
    # modelmap's own files, including modules only a scan worker imports
    here = Path(replay.__file__).resolve().parents[1]
    assert str(here / "scan" / "python" / "gate.py") in paths
    assert code == 1 and '"MM' in out


@pytest.mark.parametrize("change", [
    "edit", "add", "add-nested", "delete", "config", "gitignore", "ignore-file-created",
    "config-above", "shrink-large-file"])
def test_a_change_to_what_the_run_read_runs_the_check_again(
        project: Path, capsys: pytest.CaptureFixture[str], change: str) -> None:
    if change == "shrink-large-file":
        (project / "pyproject.toml").write_text("[tool.modelmap]\nmax-file-size = 200\n")
        (project / "big.py").write_text(APP + "#" * 400 + "\n")
        time.sleep(TICK)
    if change == "config-above":
        (project / "pyproject.toml").unlink()  # the config is then looked for further up
        time.sleep(TICK)
    before = _recorded(capsys)
    if change == "edit":
        (project / "app.py").write_text(CLEAN)
    elif change == "add":
        (project / "more.py").write_text(APP)
    elif change == "add-nested":
        (project / "pkg" / "more.py").write_text(APP)
    elif change == "delete":
        (project / "app.py").unlink()
    elif change == "config":
        (project / "pyproject.toml").write_text('[tool.modelmap]\nignore = ["MM2"]\n')
    elif change == "gitignore":
        (project / ".gitignore").write_text("build/\napp.py\n")
    elif change == "ignore-file-created":
        (project / "pkg" / ".gitignore").write_text("*.py\n")
    elif change == "config-above":
        (project.parent / "modelmap.toml").write_text('ignore = ["MM2"]\n')
    elif change == "shrink-large-file":
        (project / "big.py").write_text(APP)
    assert _replays(ARGV) is None
    after = _run(capsys)
    assert after != before  # what the check says now differs: the record was not used


def test_arguments_environment_and_date_are_the_key(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _recorded(capsys)
    assert _replays([*ARGV, "--exit-zero"]) is None
    monkeypatch.setenv("MODELMAP_STRICT", "1")
    assert _replays(ARGV) is None
    monkeypatch.delenv("MODELMAP_STRICT")
    monkeypatch.setattr(replay, "_today", lambda: "2099-01-01")
    assert _replays(ARGV) is None
    monkeypatch.undo()
    monkeypatch.chdir(project / "pkg")
    assert _replays(ARGV) is None


def test_a_catalog_input_known_by_its_stat_alone_is_an_input(
        project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from modelmap.catalog import load

    data = tmp_path / "data"
    shutil.copytree(load.DATA_DIR, data)
    monkeypatch.setenv("MODELMAP_CATALOG_DIR", str(data))
    _run(capsys)  # builds and stores the compiled catalog: later runs only stat the data
    time.sleep(TICK)
    _recorded(capsys)
    toml = sorted(data.glob("*.toml"))[0]
    toml.write_text(toml.read_text() + "\n# edited\n")
    assert _replays(ARGV) is None


def test_an_overlay_is_an_input(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overlay = project.parent / "overlay.toml"
    overlay.write_text("")
    argv = [*ARGV, "--catalog-overlay", str(overlay)]
    _recorded(capsys, argv)
    overlay.write_text("# a comment\n")
    assert _replays(argv) is None


@pytest.mark.parametrize("argv", [
    ["check", ".", "--fix"], ["check", ".", "--diff"], ["check", ".", "--unsafe-fixes"],
    ["check", ".", "-o", "out.json"], ["check", ".", "--output-file=out.json"],
    ["check", ".", "--no-cache"], ["check", ".", "--form", "json"], ["check", "-qj2", "."],
    ["check", ".", "-j2"], ["check", "--", "."], ["check", ".", "--help"],
    ["resolve", "gpt-5.5"], [],
])
def test_runs_that_write_or_cannot_be_read_safely_are_neither_replayed_nor_recorded(
        argv: list[str]) -> None:
    assert replay.record_file(argv) is None


@pytest.mark.parametrize("argv", [
    ["check"], ["check", "src", "--format=json", "-q", "-j", "2", "--exit-zero"],
    ["check", "--select", "MM1", "--extend-select=MM2", "--ignore", "MM3", "--fail-on",
     "error", "--config", "c.toml", "--cache-dir", "c", "--jobs=1", "--statistics",
     "--show-set-aside", "--force-exclude", "--json", "--no-stale-notice", "--quiet"],
])
def test_report_only_runs_are_recorded(argv: list[str], monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    monkeypatch.delenv(replay.OFF_ENV, raising=False)
    monkeypatch.setattr(replay, "_on_terminal", lambda: False)
    assert replay.record_file(argv) is not None


def test_where_records_go(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(replay.OFF_ENV, raising=False)
    monkeypatch.setattr(replay, "_on_terminal", lambda: False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "env"))
    given = replay.record_file(["check", "--cache-dir", "mine"])
    assert given is not None and Path(given[0]).parent == tmp_path / "mine" / replay.SUBDIR
    found = replay.record_file(["check"])
    assert found is not None and Path(found[0]).parent == default_dir() / replay.SUBDIR
    monkeypatch.delenv("MODELMAP_CACHE_DIR")
    found = replay.record_file(["check"])
    assert found is not None and Path(found[0]).parent == default_dir() / replay.SUBDIR
    assert Path(cachedirs.check_dir()) == default_dir()


def test_switches_that_turn_it_off(project: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(replay.OFF_ENV, "1")
    assert replay.record_file(ARGV) is None
    monkeypatch.delenv(replay.OFF_ENV)
    monkeypatch.setattr(replay, "_on_terminal", lambda: True)
    assert replay.record_file(ARGV) is None


def _records(root: Path) -> list[Path]:
    return sorted((root / replay.SUBDIR).glob("*.replay"))


def test_what_is_not_recorded(project: Path, capsys: pytest.CaptureFixture[str],
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    assert main(["check", "no-such-dir"]) == 2  # a usage error
    main(["check", ".", "--fix"])  # writes files
    assert _records(cache) == []
    monkeypatch.setattr(replay, "SETTLE_NS", 3_600_000_000_000)  # every input is recent
    main(ARGV)
    assert _records(cache) == []
    monkeypatch.setattr(replay, "SETTLE_NS", 0)
    (project / "app.py").write_text(APP + "\n")
    main(ARGV)  # app.py changed: read and scanned again, so not recorded
    assert _records(cache) == []
    time.sleep(TICK)
    main(ARGV)  # all from the results cache
    assert len(_records(cache)) == 1


def test_a_damaged_record_is_ignored_and_rewritten(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _recorded(capsys)
    path = Path((replay.record_file(ARGV) or ("",))[0])
    for junk in (b"", b"not marshal", marshal.dumps((1, 2, 3)),
                 datacache.encode(replay.KIND, (1, 2, 3)), datacache.encode("check", ())):
        path.write_bytes(junk)
        assert _replays(ARGV) is None
    assert _recorded(capsys) == (code, out, err)


def test_old_records_are_pruned(project: Path, capsys: pytest.CaptureFixture[str],
                                tmp_path: Path) -> None:
    folder = tmp_path / "cache" / replay.SUBDIR
    folder.mkdir(parents=True)
    for i in range(replay.KEEP + 5):
        (folder / f"{i:016x}.replay").write_bytes(b"x")
        os.utime(folder / f"{i:016x}.replay", ns=(i * 10**9, i * 10**9))
    _run(capsys)
    time.sleep(TICK)
    _run(capsys)  # (the first run filled the results cache; this one is recorded)
    names = {p.name for p in _records(tmp_path / "cache")}
    assert len(names) == replay.KEEP
    assert f"{0:016x}.replay" not in names  # the oldest went first
    assert os.path.basename((replay.record_file(ARGV) or ("",))[0]) in names


def test_reads_are_recorded_writes_are_not(tmp_path: Path) -> None:
    recorder = replay.Recorder(str(tmp_path / "r.replay"), b"key", str(tmp_path / "c"),
                               str(tmp_path / "c" / "check"))
    try:
        (tmp_path / "read.txt").write_text("x")
        (tmp_path / "read.txt").read_text()
        os.listdir(tmp_path)
        sys.audit("modelmap.stat", str(tmp_path / "stat-only"))
        (tmp_path / "written.txt").write_text("y")
    finally:
        recorder.finish(None)
    assert recorder.read >= {str(tmp_path / "read.txt"), str(tmp_path),
                             str(tmp_path / "stat-only")}
    assert str(tmp_path / "written.txt") not in recorder.read
    assert replay.current() is None and not (tmp_path / "r.replay").exists()


def test_a_real_process_replays(tmp_path: Path) -> None:
    """Two `modelmap check` processes, output to pipes: the second imports no checker."""
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text(APP)
    env = {k: v for k, v in os.environ.items() if k != replay.OFF_ENV}
    env["MODELMAP_CACHE_DIR"] = str(tmp_path / "cache")
    probe = ("import sys; from modelmap.cli import main; code = main(sys.argv[1:]); "
             "print('ran' if 'modelmap.check.runner' in sys.modules else 'replayed', "
             "file=sys.stderr); raise SystemExit(code)")
    runs = []
    for _ in range(12):
        # (the test's own folders are new: the first runs are not recorded until they settle)
        proc = subprocess.run([sys.executable, "-c", probe, *ARGV], cwd=root, env=env,
                              capture_output=True, text=True, check=False)
        runs.append(proc)
        if proc.stderr.endswith("replayed\n"):
            break
        time.sleep(0.5)
    assert runs[-1].stderr.endswith("replayed\n"), [r.stderr for r in runs]
    assert runs[-1].returncode == runs[0].returncode == 1
    assert runs[-1].stdout == runs[0].stdout and '"MM' in runs[0].stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_place_of_a_record_is_not_read(project: Path) -> None:
    path = Path((replay.record_file(ARGV) or ("",))[0])
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert _replays(ARGV) is None  # returns at once: opened without blocking


def test_a_cached_module_stands_for_its_source() -> None:
    assert replay._source_of("/x/pkg/__pycache__/mod.cpython-311.pyc") == "/x/pkg/mod.py"
    assert replay._source_of("/x/pkg/__pycache__/mod.cpython-311.opt-1.pyc") == "/x/pkg/mod.py"
    assert replay._source_of("/x/pkg/mod.pyc") is None


def test_a_record_holds_no_environment_value(project: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-replay-test-secret-0123456789")
    _recorded(capsys)
    path = Path((replay.record_file(ARGV) or ("",))[0])
    assert b"sk-replay-test-secret" not in path.read_bytes()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-another")
    assert _replays(ARGV) is None  # (still part of the key)


class _ClosedPipe:
    """stdout after the reader went away (`modelmap check | head -1`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def isatty(self) -> bool:
        return False


def test_a_run_whose_reader_went_away_is_not_recorded(
        project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(list(ARGV)) == 0  # as before: a closed pipe ends the run quietly
    assert _records(tmp_path / "cache") == []


def test_a_replay_into_a_closed_pipe_ends_quietly(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _recorded(capsys)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert _replays(ARGV) == 0


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_whose_target_appears_later(project: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    (project / ".gitignore").write_text("build/\n")
    (project / "build").mkdir()  # ignored: never walked
    (project / "settings.py").symlink_to(project / "build" / "generated.py")  # dangling
    time.sleep(TICK)
    before = _recorded(capsys)
    assert "broken symlink" in before[1]
    (project / "build" / "generated.py").write_text(APP)
    assert _replays(ARGV) is None
    assert _run(capsys) != before


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_through_a_retargeted_hop(project: Path, capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    """linked.py -> away/hop.py -> vendor/clean.py (in the tree, but ignored: read only through
    the link); then the hop, outside the tree, is pointed at vendor/bad.py."""
    (project / ".gitignore").write_text("vendor/\n")
    (project / "vendor").mkdir()
    (project / "vendor" / "clean.py").write_text(CLEAN)
    (project / "vendor" / "bad.py").write_text(APP.replace("gpt-image-2", "dall-e-3"))
    away = tmp_path / "away"
    away.mkdir()
    (away / "hop.py").symlink_to(project / "vendor" / "clean.py")
    (project / "linked.py").symlink_to(away / "hop.py")
    time.sleep(TICK)
    before = _recorded(capsys)
    (away / "hop.py").unlink()
    (away / "hop.py").symlink_to(project / "vendor" / "bad.py")
    assert _replays(ARGV) is None
    after = _run(capsys)
    assert after != before and "dall-e-3" in after[1]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_config_link_whose_target_appears_later(
        project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (project / "pyproject.toml").unlink()
    shared = tmp_path / "shared"
    shared.mkdir()
    (project.parent / "modelmap.toml").symlink_to(shared / "modelmap.toml")  # dangling
    time.sleep(TICK)
    before = _recorded(capsys)
    (shared / "modelmap.toml").write_text('ignore = ["MM2"]\n')
    assert _replays(ARGV) is None
    assert _run(capsys) != before


def test_an_input_kept_in_the_cache_dir_is_an_input(
        project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An SDK layer in the catalog's cache dir (where `modelmap sync` writes them) is an
    input like any other file there that is not a cache's own."""
    from modelmap.catalog import load

    layer = tmp_path / "cache" / "sdk-layers" / "my-layer.json"
    layer.parent.mkdir(parents=True)
    shipped = Path(load.DATA_DIR) / "sdk_layer.json"
    layer.write_text(shipped.read_text())
    monkeypatch.setenv("MODELMAP_SDK_LAYER", str(layer))
    argv = [*ARGV, "--cache-dir", str(tmp_path / "check")]  # (the catalog's dir: no churn)
    _run(capsys, argv)  # builds the compiled catalog
    time.sleep(TICK)
    _recorded(capsys, argv)
    layer.write_text(shipped.read_text() + "\n")
    assert _replays(argv) is None


def test_a_project_inside_the_cache_dir(project: Path, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path))  # the project's parent
    _run(capsys)
    time.sleep(TICK)
    argv = [*ARGV, "--cache-dir", "."]
    _run(capsys, argv)
    time.sleep(TICK)
    before = _run(capsys, argv)
    time.sleep(TICK)
    (project / ".gitignore").write_text("build/\napp.py\n")
    assert _replays(argv) is None
    assert _run(capsys, argv) != before


def test_the_key_is_stable_and_names_how_python_was_started(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONE_LETTER", "O")  # interned part-way through a run
    _recorded(capsys)
    assert replay.record_file(ARGV) == replay.record_file(ARGV)
    monkeypatch.setattr(sys, "path", ["", *sys.path])  # `python -m modelmap` from here
    assert _replays(ARGV) is None
