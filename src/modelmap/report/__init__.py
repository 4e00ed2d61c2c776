"""Formatters for `modelmap check`: each turns a CheckReport into a string (text, json, sarif,
github). Only the CLI prints."""

from __future__ import annotations

from pathlib import Path

FORMATS = ("text", "json", "sarif", "github")


def shown_path(root: Path, rel: str, base: Path | None) -> str:
    """A finding's path (relative to `root`) re-expressed relative to `base`, with / separators.

    Stays as it is when `base` is None or the file is not under `base`."""
    if base is None:
        return rel
    full = root / rel
    try:
        return full.relative_to(base).as_posix()
    except ValueError:
        return rel if not Path(rel).is_absolute() else full.as_posix()
