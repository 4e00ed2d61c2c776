"""Formatters for `modelmap check`: each turns a CheckReport into a string (text, json, sarif,
github). Only the CLI prints.

Paths are shown as ruff and mypy show them: relative to the working directory (`base`), with
/ separators; a file outside it is shown absolute."""

from __future__ import annotations

import os
from pathlib import Path

FORMATS = ("text", "concise", "json", "sarif", "github")


def shown_path(root: Path, rel: str, base: Path | None) -> str:
    """A finding's path (relative to `root`) re-expressed relative to `base`, with / separators.

    Stays as it is when `base` is None; absolute when the file is not under `base`."""
    if base is None:
        return rel
    if os.sep == "/":  # strings: a report may show thousands of paths
        text = os.path.normpath(os.path.join(root, rel))
        if not text.startswith("//"):  # (a POSIX `//` root is left to pathlib)
            top = os.fspath(base)
            if text == top:
                return "."
            prefix = top if top.endswith("/") else top + "/"
            return text[len(prefix):] if text.startswith(prefix) else text
    full = Path(os.path.normpath(root / rel))
    try:
        return full.relative_to(base).as_posix()
    except ValueError:
        return full.as_posix()
