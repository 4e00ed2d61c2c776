"""The guard's warn mode prints each warning once on a plain interpreter (no logging set up):
the `warnings` line, not a second copy from logging's last-resort handler. With logging
configured, the record still reaches the application's handlers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import logging, sys, datetime as dt
sys.path.insert(0, {tests!r})
import openai
import modelmap
from openai_loopback import LoopbackOpenAI

if sys.argv[1] == "logging":
    logging.basicConfig(level=logging.WARNING, format="LOG %(name)s %(message)s")
srv = LoopbackOpenAI()
try:
    client = modelmap.guard(openai.OpenAI(api_key="sk-test", base_url=srv.base_url,
                                          max_retries=0),
                            mode="warn", as_of=dt.date(2026, 11, 21), provider="openai")
    client.chat.completions.create(model="gpt-image-2", messages=[{{"role": "user",
                                                                   "content": "hi"}}])
finally:
    srv.close()
"""


@pytest.mark.parametrize(("setup", "count", "logged"), [("plain", 1, False),
                                                         ("logging", 2, True)])
def test_warn_mode_prints_each_warning_once(tmp_path: Path, setup: str, count: int,
                                            logged: bool) -> None:
    script = tmp_path / "warn.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    done = subprocess.run([sys.executable, str(script), setup], capture_output=True, text=True,
                          timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("MM201") == count, done.stderr
    assert ("LOG modelmap.guard" in done.stderr) is logged
    assert "ModelmapWarning" in done.stderr
