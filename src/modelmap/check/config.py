"""Project configuration: `modelmap.toml`, or `[tool.modelmap]` in pyproject.toml.

Found from the checked path upward; in one directory `modelmap.toml` wins over pyproject.toml,
and a pyproject.toml without a `[tool.modelmap]` table is passed over. Keys are kebab-case
(snake_case is accepted too). An unknown key or a wrong type is a one-line error naming the
file and the key.

    [tool.modelmap]
    include = ["app/**"]                 # only these files (gitignore syntax)
    exclude = [...]                      # replaces the default excludes
    extend-exclude = ["legacy/"]         # adds to them
    respect-gitignore = true
    max-file-size = 2000000              # bytes; larger files are skipped with a note
    max-parse-size = 1000000             # bytes; larger Python files are not parsed (memory)
    select = ["MM1", "shut-down"]        # codes, code prefixes or families (default: all)
    ignore = ["MM401"]
    per-file-ignores = { "tests/**" = ["MM2"] }
    fail-on = "warning"                  # info | warning | error
    ttl-days = { price = 7 }             # freshness window per fact kind
    openai-base-urls = ["https://gateway.corp/v1", "runtime"]   # these forward to OpenAI

    [tool.modelmap.policy]
    allowed-models = ["gpt-5.5*", "gpt-image-2"]
    denied-models = ["gpt-4o*"]          # wins over the allow list
    require-snapshot = true              # or a list of models that must be pinned
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelmap.check.discover import DEFAULT_EXCLUDE, MAX_BYTES, MAX_PARSE_BYTES
from modelmap.errors import UsageError
from modelmap.findings import Severity
from modelmap.fsread import read_regular, stat_input

CONFIG_NAMES = ("modelmap.toml", "pyproject.toml")


@dataclass(frozen=True)
class Policy:
    """The organisation's own model policy."""

    allowed_models: tuple[str, ...] | None = None
    """Model IDs or glob patterns a call may use (None: no allow list)."""
    require_snapshot: bool | tuple[str, ...] = False
    """True: every model with dated snapshots must be pinned to one; a list: only these."""
    denied_models: tuple[str, ...] = ()
    """Model IDs or glob patterns no call may use (checked before the allow list)."""


@dataclass(frozen=True)
class Config:
    """Settings for one `modelmap check` run."""

    path: Path | None
    """The file the settings came from (None: defaults)."""
    base: Path
    """Directory relative patterns are matched against."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    max_file_size: int = MAX_BYTES
    max_parse_size: int = MAX_PARSE_BYTES
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    ttl_days: Mapping[str, int] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)
    openai_base_urls: tuple[str, ...] = ()
    """Base URLs (URL prefixes, host globs, or "runtime") that forward to OpenAI's API: calls
    through them are judged as OpenAI calls (modelmap.check.forward)."""
    show_set_aside: bool = False
    """Report findings in test code, fixtures and history too (modelmap.check.context)."""


_KEYS = {
    "include", "exclude", "extend-exclude", "respect-gitignore", "max-file-size",
    "max-parse-size", "select", "ignore", "per-file-ignores", "fail-on", "ttl-days", "policy",
    "catalog", "openai-base-urls", "show-set-aside",
}
"""`catalog` is the overlay (modelmap.catalog.overlay reads it; docs/overlay.md)."""
_POLICY_KEYS = {"allowed-models", "require-snapshot", "denied-models"}


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above `start` (a file or a directory)."""
    begin = start if start.is_dir() else start.parent
    for directory in (begin, *begin.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            stat_input(candidate)
            if candidate.is_file() and (name != "pyproject.toml" or _has_table(candidate)):
                return candidate
    return None


def load_config(path: Path | None, default_base: Path) -> Config:
    """Read one config file (None: defaults rooted at `default_base`)."""
    if path is None:
        return Config(path=None, base=default_base)
    data = _read(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("modelmap", {})
        where = "[tool.modelmap]"
    else:
        table, where = data, ""
    if not isinstance(table, dict):
        raise UsageError(f"{path}: {where or 'top level'} must be a table")
    return _parse(table, path, where)


MAX_CONFIG_BYTES = 4_000_000


def _read(path: Path) -> dict[str, Any]:
    try:
        data = read_regular(path, MAX_CONFIG_BYTES)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    if data is None:
        raise UsageError(f"{path}: not a regular file of at most {MAX_CONFIG_BYTES} bytes")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML ({exc})") from None
    except RecursionError:
        raise UsageError(f"{path}: invalid TOML (nested too deeply)") from None


def _has_table(pyproject: Path) -> bool:
    tool = _read(pyproject).get("tool", {})
    return isinstance(tool, dict) and "modelmap" in tool


def _norm(table: Mapping[str, Any], path: Path, where: str, known: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in table.items():
        kebab = key.replace("_", "-")
        name = f"{where}.{key}" if where else key
        if kebab not in known:
            raise UsageError(f"{path}: unknown key '{name.lstrip('.')}'")
        if kebab in out:
            raise UsageError(f"{path}: key '{name.lstrip('.')}' is set twice (also as "
                             f"'{spelled[kebab]}'): keep one")
        out[kebab] = value
        spelled[kebab] = key
    return out


def _parse(table: Mapping[str, Any], path: Path, where: str) -> Config:
    t = _norm(table, path, where, _KEYS)

    def err(key: str, what: str) -> UsageError:
        name = f"{where}.{key}" if where else key
        return UsageError(f"{path}: key '{name}' {what}")

    def strings(key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = t.get(key, default)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise err(key, "must be a list of strings")
        return tuple(value)

    def patterns(key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        value = strings(key, default)
        if value is not default:
            from modelmap.check.discover import bad_pattern

            for pattern in value:
                why = bad_pattern(pattern)
                if why is not None:
                    raise err(key, f"has an invalid pattern {pattern!r} ({why})")
        return value

    exclude = patterns("exclude", DEFAULT_EXCLUDE) + patterns("extend-exclude")
    respect = t.get("respect-gitignore", True)
    if not isinstance(respect, bool):
        raise err("respect-gitignore", "must be true or false")
    size = t.get("max-file-size", MAX_BYTES)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise err("max-file-size", "must be a positive integer (bytes)")
    parse_size = t.get("max-parse-size", MAX_PARSE_BYTES)
    if not isinstance(parse_size, int) or isinstance(parse_size, bool) or parse_size <= 0:
        raise err("max-parse-size", "must be a positive integer (bytes)")
    pfi = t.get("per-file-ignores", {})
    if not isinstance(pfi, dict) or not all(
            isinstance(v, list) and all(isinstance(c, str) for c in v) for v in pfi.values()):
        raise err("per-file-ignores", "must map a glob to a list of codes")
    from modelmap.check.discover import bad_pattern

    for glob in pfi if isinstance(pfi, dict) else ():
        if (why := bad_pattern(glob)) is not None:
            raise err("per-file-ignores", f"has an invalid pattern {glob!r} ({why})")
    fail_on = t.get("fail-on", "warning")
    if not isinstance(fail_on, str) or fail_on not in {s.value for s in Severity}:
        raise err("fail-on", "must be one of info, warning, error")
    ttl = t.get("ttl-days", {})
    if not isinstance(ttl, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in ttl.values()):
        raise err("ttl-days", "must map a fact kind to a number of days")
    show = t.get("show-set-aside", False)
    if not isinstance(show, bool):
        raise err("show-set-aside", "must be true or false")
    from modelmap.check.select import check_tokens

    for key in ("select", "ignore"):  # an unknown token names this file and key
        check_tokens(strings(key), f"{path}: key '{f'{where}.{key}' if where else key}'")
    return Config(
        path=path, base=path.parent, show_set_aside=show, include=patterns("include"),
        exclude=exclude, respect_gitignore=respect, max_file_size=size,
        max_parse_size=parse_size, select=strings("select"),
        ignore=strings("ignore"), per_file_ignores={k: tuple(v) for k, v in pfi.items()},
        fail_on=Severity(fail_on), ttl_days=dict(ttl),
        openai_base_urls=strings("openai-base-urls"),
        policy=_policy(t.get("policy", {}), path, f"{where}.policy" if where else "policy"),
    )


def _policy(raw: Any, path: Path, where: str) -> Policy:
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: key '{where.lstrip('.')}' must be a table")
    p = _norm(raw, path, where, _POLICY_KEYS)
    allowed = p.get("allowed-models")
    if allowed is not None and (
            not isinstance(allowed, list) or not all(isinstance(v, str) for v in allowed)):
        raise UsageError(f"{path}: key '{where}.allowed-models' must be a list of strings")
    denied = p.get("denied-models", [])
    if not isinstance(denied, list) or not all(isinstance(v, str) for v in denied):
        raise UsageError(f"{path}: key '{where}.denied-models' must be a list of strings")
    pin = p.get("require-snapshot", False)
    if not isinstance(pin, bool) and not (
            isinstance(pin, list) and all(isinstance(v, str) for v in pin)):
        raise UsageError(
            f"{path}: key '{where}.require-snapshot' must be true, false or a list of models")
    return Policy(
        allowed_models=tuple(allowed) if allowed is not None else None,
        require_snapshot=pin if isinstance(pin, bool) else tuple(pin),
        denied_models=tuple(denied),
    )


def parse_policy(raw: Any, path: Path, where: str) -> Policy:
    """A `[policy]` table (for catalog overlays that are not the check config itself)."""
    return _policy(raw, path, where)
