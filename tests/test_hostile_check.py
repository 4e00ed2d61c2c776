"""`modelmap check` on hostile trees and configs: no hang, no unbounded read, no traceback
(issue 15: ignore files, config errors, parse-size cap, worker cap, SyntaxWarnings)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from modelmap.cli import main

BAD = ('from openai import OpenAI\nclient = OpenAI()\n'
       'a = client.images.generate(model="GPT Image 2", prompt="p")\n')


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MODELMAP_TODAY", "2026-11-21")
    monkeypatch.setenv("MODELMAP_CACHE_DIR", str(tmp_path / "cache"))


def _run_bounded(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a child with 1.5 GB of address space and 60 s: a hang or runaway read
    fails the test instead of the machine."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    env = {**os.environ, "MODELMAP_TODAY": "2026-11-21", "MODELMAP_NO_CACHE": "1"}
    # run from inside the tree: paths are printed relative to the working directory
    return subprocess.run([sys.executable, "-m", "modelmap", "check", ".", "--no-cache",
                           *argv], capture_output=True, text=True, env=env, cwd=root,
                          preexec_fn=limit, timeout=60)


@pytest.mark.parametrize("where", [".gitignore", "sub/.gitignore", ".git/info/exclude"])
@pytest.mark.parametrize("kind", ["fifo", "devzero"])
def test_ignore_files_that_are_not_regular_are_not_read(tmp_path: Path, where: str,
                                                        kind: str) -> None:
    root = tmp_path / "repo"
    (root / "sub").mkdir(parents=True)
    (root / ".git" / "info").mkdir(parents=True)
    (root / "sub" / "a.py").write_text(BAD)
    target = root / where
    if kind == "fifo":
        os.mkfifo(target)
    else:
        os.symlink("/dev/zero", target)
    proc = _run_bounded(root / "sub" if where.startswith(".git/") else root)
    assert proc.returncode == 1, proc.stderr
    assert "a.py" in proc.stdout and "Traceback" not in proc.stderr


def test_invalid_gitignore_lines_are_skipped_like_git(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".gitignore").write_text("!\na/[z-a]\nignored.py\n")
    (tmp_path / "ignored.py").write_text(BAD)
    (tmp_path / "a.py").write_text(BAD)
    assert main(["check", str(tmp_path), "--json"]) == 1
    out = capsys.readouterr().out
    assert '"a.py"' in out and "ignored.py" not in out


@pytest.mark.parametrize(("content", "message"), [
    (b"[tool.modelmap]\nselect = [\"MM1\"]\n# caf\xe9\n", "pyproject.toml: not UTF-8 text (byte"),
    (b'[tool.modelmap]\nexclude = ["!"]\n',
     "key '[tool.modelmap].exclude' has an invalid pattern '!'"),
    (b'[tool.modelmap]\ninclude = ["a/[z-a]"]\n',
     "key '[tool.modelmap].include' has an invalid pattern 'a/[z-a]' (bad character range"),
    (b'[tool.modelmap]\nper-file-ignores = { "\\\\" = ["MM1"] }\n',
     "key '[tool.modelmap].per-file-ignores' has an invalid pattern"),
    (b'[tool.modelmap]\nfail-on = ["error"]\n',
     "key '[tool.modelmap].fail-on' must be one of info, warning, error"),
    (b'[tool.modelmap]\nfail-on = "error"\nfail_on = "info"\n',
     "key '[tool.modelmap].fail_on' is set twice (also as 'fail-on'): keep one"),
    (b"[tool.modelmap]\nselect = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
     "pyproject.toml: invalid TOML"),
    (b"[tool.modelmap]\nmax-parse-size = 0\n",
     "key '[tool.modelmap].max-parse-size' must be a positive integer"),
])
def test_config_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    content: bytes, message: str) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.modelmap]\n" if not content.startswith(
        b"[tool") else content)
    (tmp_path / "a.py").write_text(BAD)
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


def test_python_files_over_the_parse_limit_are_noted(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "modelmap.toml").write_text("max-parse-size = 1000\n")
    (tmp_path / "big.py").write_text(BAD + "# pad\n" * 400)
    (tmp_path / "small.py").write_text(BAD)
    assert main(["check", str(tmp_path), "--json"]) == 1
    out = capsys.readouterr().out
    assert "larger than 1000 bytes: not parsed (max-parse-size)" in out
    assert '"path": "small.py"' in out and '"path": "big.py",\n      "line"' not in out


def test_syntax_warnings_from_scanned_files_do_not_leak(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(BAD + 'pattern = "\\d+"\nx = 1 is 1\n')
    proc = subprocess.run([sys.executable, "-W", "default", "-m", "modelmap", "check",
                           str(tmp_path), "--no-cache"], capture_output=True, text=True,
                          env={**os.environ, "MODELMAP_TODAY": "2026-11-21"}, timeout=120)
    assert proc.returncode == 1
    assert "Warning" not in proc.stderr, proc.stderr


def test_jobs_are_capped_at_the_cores_available() -> None:
    from modelmap.check.runner import jobs_for

    cores = len(os.sched_getaffinity(0))
    assert jobs_for(300) == cores
    assert jobs_for(0) == cores
    assert jobs_for(1) == 1


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_non_utf8_file_names_give_valid_utf8_output(tmp_path: Path, fmt: str) -> None:
    import json

    base = os.fsencode(tmp_path)
    os.makedirs(base + b"/d\xff")
    with open(base + b"/d\xff/a\xfe.py", "w") as fh:
        fh.write(BAD)
    out = tmp_path / "out.txt"
    proc = _run_bounded(tmp_path, "--format", fmt, "-o", str(out))
    assert proc.returncode == 1, proc.stderr
    text = out.read_bytes().decode("utf-8")  # strict: raises on a raw 0xff
    if fmt == "json":
        paths = [f["path"] for f in json.loads(text)["findings"]]
        assert paths == ["d\\xff/a\\xfe.py"] * len(paths) and paths
    elif fmt == "sarif":
        json.loads(text)
    else:
        assert "d\\xff/a\\xfe.py" in text
    if fmt == "sarif":
        assert "d%FF/a%FE.py" in text
    fixed = _run_bounded(tmp_path, "--fix", "--select", "MM1")
    assert fixed.returncode == 0, fixed.stderr
    with open(base + b"/d\xff/a\xfe.py") as fh:
        assert "gpt-image-2" in fh.read()


def test_non_utf8_root_and_names_without_findings(tmp_path: Path) -> None:
    """The path itself goes through the prefilter and the cache key: neither may crash."""
    root = os.fsencode(tmp_path) + b"/r\xff"
    os.makedirs(root + b"/s\xfe")
    for i in range(30):  # enough files for the worker pool
        with open(root + b"/s\xfe/m%d.py" % i, "w") as fh:
            fh.write("x = 1\n")
    env = {**os.environ, "MODELMAP_TODAY": "2026-11-21",
           "MODELMAP_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # cold, then warm from the cache
        proc = subprocess.run([sys.executable, "-m", "modelmap", "check", os.fsdecode(root),
                               "-j", "2"], capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
