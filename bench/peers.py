"""Locate (and, when asked, install) the tools the check benchmark compares against.

    python bench/peers.py            # report what is found and how to install what is not
    python bench/peers.py --install  # create bench/.venv-peers with pinned semgrep + depdesk

- ripgrep: the Debian package (`apt-get install -y ripgrep`); this script never installs it.
- ruff: the dev dependency (`pip install -e '.[dev]'`): the one next to the running Python
  (the dev venv), else on PATH; this script never installs it.
- semgrep and depdesk: pinned, from PyPI, into their own venv (bench/.venv-peers, gitignored)
  so the dev venv stays clean. semgrep is pinned to 1.178.0: 1.182.1, 1.184.0 and 1.185.0
  require certifi>=2026.10.19, which the package index served here did not have on
  2026-11-22.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-peers"
PINNED = {"semgrep": "1.178.0", "depdesk": "0.3.0"}
SEMGREP_ENV = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
"""Without these semgrep waits ~100 s on the network (version check) before every run here."""


@dataclass(frozen=True)
class Tool:
    """A located peer: its executable and the version it reports."""

    name: str
    path: str | None
    version: str | None
    install: str
    """How to get it, for the message when it is missing."""


def _version(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False,
                             env={**os.environ, **SEMGREP_ENV})
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"\d+\.\d+(\.\d+)?", out.stdout + out.stderr)
    return m.group(0) if m else None


def _venv_bin(name: str) -> str | None:
    path = VENV / "bin" / name
    return str(path) if path.exists() else None


def _pip_version(name: str) -> str | None:
    py = VENV / "bin" / "python"
    if not py.exists():
        return None
    return _version([str(py), "-c",
                     f"import importlib.metadata as m; print(m.version({name!r}))"])


def _ruff() -> str | None:
    beside = Path(sys.executable).parent / "ruff"
    return str(beside) if beside.exists() else shutil.which("ruff")


def locate() -> dict[str, Tool]:
    """ripgrep from PATH; ruff from the dev venv (else PATH); semgrep and depdesk from
    bench/.venv-peers (else PATH)."""
    rg = shutil.which("rg")
    ruff = _ruff()
    semgrep = _venv_bin("semgrep") or shutil.which("semgrep")
    depdesk = _venv_bin("depdesk") or shutil.which("depdesk")
    venv_hint = f"python {Path(__file__).relative_to(HERE.parent)} --install"
    return {
        "ripgrep": Tool("ripgrep", rg, _version([rg, "--version"]) if rg else None,
                        "apt-get install -y ripgrep  (Debian package; as root)"),
        "ruff": Tool("ruff", ruff, _version([ruff, "--version"]) if ruff else None,
                     "pip install -e '.[dev]'  (ruff is a dev dependency)"),
        "semgrep": Tool("semgrep", semgrep,
                        _version([semgrep, "--version"]) if semgrep else None,
                        f"{venv_hint}  (pip: semgrep=={PINNED['semgrep']})"),
        "depdesk": Tool("depdesk", depdesk,
                        (_pip_version("depdesk") or _version([depdesk, "--version"]))
                        if depdesk else None,
                        f"{venv_hint}  (pip: depdesk=={PINNED['depdesk']})"),
    }


def choose(skip: set[str]) -> dict[str, Tool] | str:
    """The located peers not in `skip`, plus modelmap from PATH; or why one is missing."""
    chosen = {name: tool for name, tool in locate().items() if name not in skip}
    for name, tool in chosen.items():
        if tool.path is None:
            return f"{name} missing; install: {tool.install} (or --skip {name})"
    mm = shutil.which("modelmap")
    if mm is None:
        return "modelmap not on PATH: activate the dev venv"
    chosen["modelmap"] = Tool("modelmap", mm, _version([mm, "--version"]),
                              "pip install -e '.[dev]'")
    return chosen


def install() -> None:
    """Create bench/.venv-peers and pip-install the pinned semgrep and depdesk into it."""
    if not (VENV / "bin" / "python").exists():
        venv.create(VENV, with_pip=True)
    pins = [f"{name}=={version}" for name, version in PINNED.items()]
    subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *pins],
                   check=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--install", action="store_true",
                    help=f"pip-install {', '.join(PINNED)} into {VENV}")
    args = ap.parse_args()
    if args.install:
        install()
    missing = 0
    for tool in locate().values():
        if tool.path:
            print(f"{tool.name:8} {tool.version or '?':10} {tool.path}")
        else:
            missing += 1
            print(f"{tool.name:8} MISSING    install: {tool.install}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
