"""Long runs on a real terminal (a pty): a progress line on stderr while `check` works, none in
CI or for machine formats, and Ctrl-C ends the run with exit 130 and one line (no worker
tracebacks). Also: an ASCII-only stdout never ends a command with UnicodeEncodeError."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from treeutil import write_tree

CALLS = "".join(f'c.chat.completions.create(model="gpt-4o-{i}", messages=[])\n'
                for i in range(150))
SLOW = "from openai import OpenAI\nc = OpenAI()\n" + CALLS


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "FORCE_COLOR")}
    env.update(MODELMAP_TODAY="2026-11-21", MODELMAP_CACHE_DIR=str(tmp_path / "cache"),
               TERM="xterm", COLUMNS="100", **extra)
    return env


def _spawn(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: session leader with the pty as its terminal, like a shell's job
        os.chdir(cwd)
        os.execve(sys.executable, [sys.executable, "-m", "modelmap", *argv], env)
    return pid, fd


def _read(fd: int, until: bytes | None, timeout: float) -> bytes:
    """Output until `until` appears (or EOF when None), within `timeout` seconds."""
    out = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
        if until is not None and until in out:
            break
    return out


def _wait(pid: int, timeout: float) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError("modelmap did not exit")


@pytest.fixture(scope="module")
def slow_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("slow")
    return write_tree(root, {f"pkg{i // 100}/m{i}.py": SLOW for i in range(200)})


def test_progress_then_clean_ctrl_c(slow_tree: Path, tmp_path: Path) -> None:
    pid, fd = _spawn(["check", ".", "--no-cache", "-j", "2"], _env(tmp_path), slow_tree)
    try:
        seen = _read(fd, b"modelmap: scanning", timeout=120)  # the worker pool is busy
        assert b"modelmap: reading 200/200 files" in seen, seen[-500:]
        seen += _read(fd, b" files", timeout=10)
        os.write(fd, b"\x03")  # Ctrl-C, as typed: the terminal signals the whole job
        rest = _read(fd, None, timeout=60)
        code = _wait(pid, 30)
    finally:
        os.close(fd)
    text = (seen + rest).decode("utf-8", "replace")
    assert code == 130, text[-2000:]
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-2000:]
    assert text.count("modelmap: interrupted") == 1
    assert text.rstrip().endswith("modelmap: interrupted")


@pytest.mark.parametrize(("extra", "argv", "shown"), [
    ({}, [], True),
    ({"CI": "true"}, [], False),
    ({}, ["--format", "json"], False),
    ({}, ["--quiet"], False),
])
def test_progress_only_for_a_person_watching(tmp_path: Path, extra: dict[str, str],
                                             argv: list[str], shown: bool) -> None:
    small = 'from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o")\n'
    write_tree(tmp_path / "t", {f"m{i}.py": small for i in range(30)})
    pid, fd = _spawn(["check", ".", "--no-cache", "-j", "1", *argv],
                     _env(tmp_path, **extra), tmp_path / "t")
    try:
        out = _read(fd, None, timeout=120)
        code = _wait(pid, 30)
    finally:
        os.close(fd)
    assert code == 1
    assert (b"modelmap: finding files" in out and b"modelmap: reading 30/30 files" in out) is shown
    assert b"\x1b[2K" in out if shown else b"\x1b[2K" not in out


def test_ascii_only_output_does_not_traceback(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "PYTHONIOENCODING": "ascii"}
    queries = (["route", "实时语音助手"], ["resolve", "модель"],
               ["route", "实时语音助手", "--json"])
    for argv in queries:
        done = subprocess.run([sys.executable, "-m", "modelmap", *argv], env=env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert "Traceback" not in done.stderr and "UnicodeEncodeError" not in done.stderr
        assert done.returncode in (0, 1), done.stderr
    done = subprocess.run([sys.executable, "-m", "modelmap", "route", "实时语音助手"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert "\\u5b9e\\u65f6" in done.stdout
