"""Which scanner reads which file: `scanner_for(relpath)` and `constants_for(relpath)`.

By name: `.py`/`.pyi` (Python), `.env`, `.env.*`, `*.env`, `.envrc` (dotenv), `.yaml`/`.yml`,
`.json`/`.jsonc`, `.toml` (Codex `config.toml` or generic settings, decided by content),
`.ipynb` (Jupyter notebooks: modelmap.scan.notebook.scanner), Dockerfiles and `.sh .bash .zsh` shell
scripts (modelmap.scan.config.shell_env),
and the JS/TS and docs scanners (`.js .jsx .mjs .cjs .ts .tsx .mts .cts`, `.md .mdx
.markdown .rst`) when their modules are installed. Scanner modules are imported on first
use, so listing files stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from modelmap.scan.base import Scanner

_BY_SUFFIX: Mapping[str, tuple[str, str]] = {
    ".py": ("modelmap.scan.python.scanner", "scan"),
    ".pyi": ("modelmap.scan.python.scanner", "scan"),
    ".yaml": ("modelmap.scan.config.scanner", "scan_yaml"),
    ".yml": ("modelmap.scan.config.scanner", "scan_yaml"),
    ".json": ("modelmap.scan.config.scanner", "scan_json"),
    ".jsonc": ("modelmap.scan.config.scanner", "scan_json"),
    ".toml": ("modelmap.scan.config.scanner", "scan_toml"),
    **dict.fromkeys((".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"),
                    ("modelmap.scan.js.scanner", "scan_javascript")),
    **dict.fromkeys((".md", ".mdx", ".markdown", ".rst"),
                    ("modelmap.scan.docs.scanner", "scan_docs")),
    ".ipynb": ("modelmap.scan.notebook.scanner", "scan_notebook"),
    **dict.fromkeys((".sh", ".bash", ".zsh"), ("modelmap.scan.config.shell_env", "scan_shell")),
    ".dockerfile": ("modelmap.scan.config.shell_env", "scan_dockerfile"),
}
_ENV = ("modelmap.scan.config.env", "scan_env")
_DOCKERFILE = ("modelmap.scan.config.shell_env", "scan_dockerfile")
_CONSTANTS: Mapping[str, tuple[str, str]] = {
    ".py": ("modelmap.scan.registry", "python_constants"),
    ".pyi": ("modelmap.scan.registry", "python_constants"),
    **dict.fromkeys((".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts"),
                    ("modelmap.scan.js.scanner", "module_constants")),
}
_SKIP_NAMES = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock",
                         "Cargo.lock", "poetry.lock", "uv.lock", "pnpm-lock.yaml"})
"""Lock files: machine-written, large, never hold a model setting."""

PREFILTER = ("litellm", "init_chat_model")
"""Extra prefilter tokens for call shapes that may carry neither `model` nor `openai`."""


@cache
def _load(module: str, attr: str) -> Any:
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


def _suffix(relpath: str) -> tuple[str, str]:
    name = relpath.rpartition("/")[2]
    if "\\" in name:
        name = name.rpartition("\\")[2]
    dot = name.rfind(".")
    return name, (name[dot:].lower() if dot > 0 else "")


def _target(path: str) -> tuple[str, str] | None:
    """(module, function) of the scanner for a file, decided by its name alone."""
    name, suffix = _suffix(path)
    if name in _SKIP_NAMES:
        return None
    if is_env_file(name):
        return _ENV
    if is_dockerfile(name):
        return _DOCKERFILE
    return _BY_SUFFIX.get(suffix)


def is_env_file(name: str) -> bool:
    """`.env`, `.env.local`, `.env.example`, `prod.env`, `.envrc`."""
    return name in (".env", ".envrc") or name.startswith(".env.") or name.endswith(".env")


def is_dockerfile(name: str) -> bool:
    """`Dockerfile`, `Dockerfile.dev`, `app.Dockerfile`, `Containerfile` (any case)."""
    low = name.lower()
    return (low in ("dockerfile", "containerfile") or low.startswith(("dockerfile.",
                                                                      "containerfile."))
            or low.endswith(".dockerfile"))


def reads(path: str) -> bool:
    """Whether a scanner reads this file: `scanner_for(path) is not None`, decided without
    importing any scanner."""
    return reads_name(path.rpartition("/")[2])


def reads_name(name: str) -> bool:
    """`reads` for a file's name (the walk asks this of every file it finds): one lookup of
    the suffix, then the lock-file, dotenv and Dockerfile names (`_target`'s rules)."""
    if "\\" in name:
        name = name.rpartition("\\")[2]
    dot = name.rfind(".")
    if dot > 0 and name[dot:].lower() in _BY_SUFFIX:
        return name not in _SKIP_NAMES
    return name not in _SKIP_NAMES and (is_env_file(name) or is_dockerfile(name))


def scanner_for(relpath: str) -> Scanner | None:
    """The scanner for a file, or None when no scanner reads files of that kind."""
    target = _target(relpath)
    return cast("Scanner | None", _load(*target)) if target else None


def constants_for(relpath: str) -> Callable[[str, str], Mapping[str, str]] | None:
    """`fn(relpath, text) -> {name: value}` collecting a module's constants, or None."""
    target = _CONSTANTS.get(_suffix(relpath)[1])
    return cast(Callable[[str, str], Mapping[str, str]] | None,
                _load(*target)) if target else None


def python_constants(relpath: str, text: str) -> dict[str, str]:
    """Python module constants (see modelmap.scan.python.consts), in the registry's
    (relpath, text) argument order."""
    from modelmap.scan.python.consts import module_constants

    return module_constants(text, relpath)
