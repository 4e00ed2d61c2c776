"""Find the files to check: a gitignore-aware walk (pathspec), hidden files included.

Rules, in the spirit of ripgrep's walker (which ruff uses):
- `.gitignore` files at every level and `.git/info/exclude` are honoured (deeper files win;
  within one file the last matching pattern wins); `.gitignore` files above the checked
  directory, up to the repository root, apply too. Global git excludes are not read.
- Each entry is matched on its own path and ignored directories are pruned, so a pattern that
  ignores an explicitly named directory (or one of its parents) does not hide what it contains.
- The configured `exclude` patterns (gitignore syntax, relative to the config file) prune the
  same way; `include`, when set, limits which files are kept.
- Paths named on the command line are always checked, unless `force_exclude` is set and they
  are excluded (what pre-commit needs).
- Hidden files (`.env.example`) are walked; `.git` is never entered. Symlinked directories are
  not followed (so loops cannot happen); symlinked files are read through only when their
  target lies inside the walked directory: a cloned repository can point `.codex/config.toml`
  at the user's own config, which is then neither read, reported nor fixed (a path named on
  the command line is read wherever it points).
- Ignore files (`.gitignore`, `.git/info/exclude`) are read only when they are regular files
  of at most MAX_IGNORE_BYTES (a FIFO or a link to `/dev/zero` is ignored, not read).
- Files over `max_bytes` are skipped with a note; binary files are noted by the reader.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from modelmap.fsread import read_regular, stat_input

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

DEFAULT_EXCLUDE = (
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
    ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
    ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "__pycache__", "_build", "buck-out",
    "node_modules", "site-packages", "venv",
)
"""Directories skipped unless the config replaces `exclude` (ruff's list, minus build/dist)."""

BACKEND = "simple"
"""pathspec's matcher for every spec built here: its own `re` one. pathspec otherwise picks
re2 or Hyperscan when installed (modelmap depends on Hyperscan), and on 1.1.1 those answer
some negation and nested-directory cases differently (cpburnz/python-pathspec#134): which
files a check covers must not depend on which packages happen to be installed."""

MAX_BYTES = 2_000_000
MAX_IGNORE_BYTES = 1_000_000
MAX_PARSE_BYTES = 1_000_000
"""Python files above this size are skipped with a note instead of parsed: an AST costs
hundreds of times the file's size, per worker (`max-parse-size` in the config)."""
PARSED_SUFFIXES = (".py", ".pyi")
_BY_FD = os.scandir in os.supports_fd and hasattr(os, "O_DIRECTORY")
"""List directories through a descriptor (then a file's stat resolves one name)."""
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


@dataclass(frozen=True)
class Skipped:
    """A file that was not checked, and why."""

    path: str
    """Relative to the reporting root, with / separators."""
    reason: str
    partial: bool = False
    """The file was checked, but part of it could not be read (its findings are reported)."""


@dataclass(frozen=True)
class Filters:
    """Which paths to walk past and which to keep."""

    base: Path
    """Directory the `exclude`/`include` patterns are relative to (the config file's)."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    include: tuple[str, ...] = ()
    respect_gitignore: bool = True
    max_bytes: int = MAX_BYTES


@dataclass(frozen=True)
class Discovered:
    """The walk's result: absolute file paths (sorted by relative path, unique) and skip
    notes. Paths stay strings: building a `Path` per file was a third of a warm run."""

    paths: tuple[str, ...]
    skipped: tuple[Skipped, ...]
    stats: Mapping[str, os.stat_result] = field(default_factory=dict, compare=False)
    """Each kept file's stat result, taken by the walk (so a run need not stat it again)."""
    rels: tuple[str, ...] = field(default=(), compare=False)
    """`rel` of each path, in the same order."""
    others: Mapping[str, os.stat_result] = field(default_factory=dict, compare=False)
    """The stat result of each file the walk stat'ed but did not keep (too large, not a
    regular file): a later run is the same walk only if these stat the same too."""
    links: tuple[str, ...] = field(default=(), compare=False)
    """The symbolic links the walk met (kept or not): a later run is the same walk only if
    each resolves as it did (modelmap.check.replay follows them)."""


@dataclass(frozen=True)
class _Spec:
    base: Path
    lines: tuple[str, ...]
    compiled: GitIgnoreSpec | None = None
    """A spec built from patterns rather than lines (see _drop_matching)."""

    @cached_property
    def spec(self) -> GitIgnoreSpec:
        if self.compiled is not None:
            return self.compiled
        from pathspec import GitIgnoreSpec  # not imported at all when names suffice

        try:
            return GitIgnoreSpec.from_lines(list(self.lines), backend=BACKEND)
        except (ValueError, re.error):  # pathspec raises either for an invalid pattern
            # Like git, skip the lines that are not valid patterns (`!`, `a/[z-a]`) rather
            # than fail the walk on a repository's ignore file.
            return GitIgnoreSpec.from_lines([x for x in self.lines if bad_pattern(x) is None],
                                            backend=BACKEND)

    @cached_property
    def prefix(self) -> str:
        text = str(self.base)
        return text if text.endswith(os.sep) else text + os.sep

    @cached_property
    def names(self) -> tuple[frozenset[str], frozenset[str]] | None:
        """(names, directory-only names) when every pattern is a plain name such as
        `node_modules` or `.venv/` (the default excludes), else None. Such a pattern matches
        an entry's own name, or a path below a directory of that name; a walk that prunes
        excluded directories therefore only needs the entry's own name. Read from the raw
        lines, conservatively: anything but a blank line, a comment or a bare name (with an
        optional trailing `/`) leaves the decision to pathspec."""
        if self.compiled is not None:
            return None
        any_names: set[str] = set()
        dir_names: set[str] = set()
        for text in self.lines:
            if not text or text.startswith("#"):
                continue  # blank line or comment
            name = text[:-1] if text.endswith("/") else text
            if not name or any(c in name for c in "/*?[]\\!# \t\r\f\v"):
                return None
            (dir_names if text.endswith("/") else any_names).add(name)
        return frozenset(any_names), frozenset(dir_names)

    def rel(self, path: str) -> str | None:
        """`path` (absolute, a string for speed) relative to the base, or None."""
        prefix = self.prefix
        if not path.startswith(prefix):
            return None
        rel = path[len(prefix):]
        return rel.replace(os.sep, "/") if os.sep != "/" else rel

    def check(self, path: str | Path, is_dir: bool, walked: bool = False) -> bool | None:
        """True when a pattern ignores `path`, None when none matches. `walked`: the walk
        reached `path`, so no directory between the base and it was ignored."""
        rel = self.rel(os.fspath(path))
        if not rel:
            return None
        names = self.names if walked else None
        if names is not None:
            name = rel.rsplit("/", 1)[-1]
            return True if name in names[0] or (is_dir and name in names[1]) else None
        include = self.spec.check_file(rel + "/" if is_dir else rel).include
        return include


def bad_pattern(pattern: str) -> str | None:
    """Why `pattern` is not a valid gitignore pattern, or None when it is."""
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([pattern], backend=BACKEND).check_file("x")
    except (ValueError, re.error) as exc:  # pathspec raises either
        return str(exc)
    return None


def discover(
    paths: Sequence[Path],
    filters: Filters,
    *,
    rel: Callable[[str], str],
    accept: Callable[[str], bool] = lambda p: True,
    force_exclude: bool = False,
    accept_name: Callable[[str], bool] | None = None,
) -> Discovered:
    """Walk `paths` (absolute) and return the files `accept` wants, plus notes on skips.

    `rel` turns an absolute path (a string) into the reported relative path; `accept` gets
    the absolute path too. `accept_name`, when given, answers as `accept` does from a file's
    name alone: the walk then asks it instead (it has the name at hand).
    """
    found: dict[str, os.stat_result] = {}
    others: dict[str, os.stat_result] = {}
    links: list[str] = []
    skipped: list[Skipped] = []
    excl = _compile(filters.exclude, filters.base)
    incl = _compile(filters.include, filters.base) if filters.include else None
    for start in paths:
        if not start.exists() and not start.is_symlink():
            skipped.append(Skipped(rel(str(start)), "does not exist"))
            continue
        if start.is_symlink():
            links.append(str(start))
        git_specs = _ancestor_gitignores(start) if filters.respect_gitignore else []
        if start.is_dir():
            chain = _chain(start, [s.base for s in git_specs] + [filters.base])
            specs = [_drop_matching(s, chain) for s in git_specs]
            _walk(start, specs, _drop_matching(excl, chain), incl, filters, rel, accept,
                  found, skipped, accept_name, others, links)
            continue
        ignored = _excluded(start, False, excl, git_specs)
        if force_exclude and (ignored or (incl is not None and not _included(start, incl))):
            continue
        name = str(start)
        if not accept(name):
            skipped.append(Skipped(rel(name), "no scanner for this file type"))
        elif (st := _size_ok(name, filters.max_bytes, rel, skipped, others)) is not None:
            found[name] = st
    ordered = sorted(zip(map(rel, found), found, strict=True))
    return Discovered(tuple([p for _, p in ordered]),
                      tuple(sorted(skipped, key=lambda s: s.path)), found,
                      tuple([r for r, _ in ordered]), others, tuple(links))


def _walk(
    root: Path, specs: list[_Spec], excl: _Spec, incl: _Spec | None, filters: Filters,
    rel: Callable[[str], str], accept: Callable[[str], bool],
    found: dict[str, os.stat_result],
    skipped: list[Skipped],
    accept_name: Callable[[str], bool] | None,
    others: dict[str, os.stat_result],
    links: list[str],
) -> None:
    # Paths stay strings and entries stay in directory order: the result is sorted once.
    # With plain-name excludes and no .gitignore in force (`fast`), exclusion is two set
    # lookups on the entry's name, inlined: this loop runs once per entry of the tree.
    # Directories are listed through a descriptor where the platform allows, so a file's
    # stat (`DirEntry.stat`) resolves one name, not its whole path; an entry's type comes
    # from the listing itself (no stat for it).
    names = excl.names
    any_names, dir_names = names if names is not None else (frozenset(), frozenset())
    limit = filters.max_bytes
    isreg = stat.S_ISREG
    named = accept_name or accept  # (only called when `quick`: then it is accept_name)
    tree = os.path.realpath(root)
    tree = tree if tree.endswith(os.sep) else tree + os.sep
    sep = os.sep
    stack: list[tuple[str, list[_Spec]]] = [(str(root), specs)]
    while stack:
        directory, active = stack.pop()
        if filters.respect_gitignore:
            local = _read_spec(Path(directory, ".gitignore"), Path(directory))
            if local is not None:
                active = [*active, local]
        fast = names is not None and not active
        head = directory if directory.endswith(sep) else directory + sep
        fd = -1
        try:
            if _BY_FD:
                fd = os.open(directory, _DIR_FLAGS)
            with os.scandir(fd if fd >= 0 else directory) as it:
                entries = list(it)
        except OSError as exc:
            if fd >= 0:
                os.close(fd)
            skipped.append(Skipped(rel(directory), f"unreadable directory ({exc.strerror})"))
            continue
        quick = fast and incl is None and accept_name is not None
        try:
            for entry in entries:
                name = entry.name
                if name == ".git":
                    continue
                try:
                    regular = entry.is_file(follow_symlinks=False)
                except OSError:
                    continue
                if regular and quick:  # the common case, inlined: a plain file, names only
                    if name in any_names or not named(name):
                        continue
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        skipped.append(Skipped(rel(head + name), f"unreadable ({exc.strerror})"))
                        continue
                    if isreg(st.st_mode) and st.st_size <= limit:
                        found[head + name] = st
                    else:
                        _size_fits(st, head + name, limit, rel, skipped)  # (its note)
                        others[head + name] = st
                    continue
                path = head + name
                try:
                    is_dir = not regular and entry.is_dir(follow_symlinks=False)
                    is_link = not regular and not is_dir and entry.is_symlink()
                except OSError:
                    continue
                if is_dir:
                    if fast:
                        if name not in any_names and name not in dir_names:
                            stack.append((path, active))
                    elif not _excluded(path, True, excl, active, True):
                        stack.append((path, active))
                    continue
                if is_link:
                    links.append(path)
                    try:
                        target = os.stat(path)
                    except OSError:
                        if not _excluded(path, False, excl, active, True) and accept(path):
                            skipped.append(Skipped(rel(path), "broken symlink or symlink loop"))
                        continue
                    if stat.S_ISDIR(target.st_mode):
                        if not _excluded(path, True, excl, active, True):
                            skipped.append(Skipped(rel(path),
                                                   "symlinked directory not followed"))
                        continue
                    if not os.path.realpath(path).startswith(tree):
                        if not _excluded(path, False, excl, active, True) and accept(path):
                            skipped.append(Skipped(rel(path), "symlink to a file outside the "
                                                              "checked tree: not read"))
                        continue
                if fast:
                    if name in any_names:
                        continue
                elif _excluded(path, False, excl, active, True):
                    continue
                if incl is not None and not _included(path, incl):
                    continue
                if not (accept_name(name) if accept_name is not None else accept(path)):
                    continue
                try:
                    st = entry.stat()  # follows a link (whose target lies in the tree)
                except OSError as exc:
                    skipped.append(Skipped(rel(path), f"unreadable ({exc.strerror})"))
                    continue
                if _size_fits(st, path, limit, rel, skipped):
                    found[path] = st
                else:
                    others[path] = st
        finally:
            if fd >= 0:
                os.close(fd)


def _size_ok(path: str, limit: int, rel: Callable[[str], str],
             skipped: list[Skipped], others: dict[str, os.stat_result]
             ) -> os.stat_result | None:
    """The file's stat result when it is a regular file within the size limit (else it goes
    to `others`)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        skipped.append(Skipped(rel(path), f"unreadable ({exc.strerror})"))
        return None
    if _size_fits(st, path, limit, rel, skipped):
        return st
    others[path] = st
    return None


def _size_fits(st: os.stat_result, path: str, limit: int, rel: Callable[[str], str],
               skipped: list[Skipped]) -> bool:
    """Whether `st` is a regular file within the size limit (else a note says why not)."""
    if not stat.S_ISREG(st.st_mode):
        skipped.append(Skipped(rel(path), "not a regular file"))
        return False
    if st.st_size > limit:
        skipped.append(Skipped(rel(path), f"larger than {limit} bytes ({st.st_size})"))
        return False
    return True


def _excluded(path: str | Path, is_dir: bool, excl: _Spec,
              gitignores: Sequence[_Spec], walked: bool = False) -> bool:
    """Whether `excl` or the .gitignore files ignore `path`; `walked`: `path` is an entry
    the walk reached (only the exclude spec, checked first and pruning unconditionally,
    takes the by-name shortcut: a .gitignore verdict can be overridden deeper down)."""
    names = excl.names if walked else None
    if names is not None:
        # Plain names match an entry's own name, inside the config directory or outside
        # it (where _name_match tests the base name): one set lookup either way.
        name = os.path.basename(path)
        if name in names[0] or (is_dir and name in names[1]):
            return True
    elif excl.check(path, is_dir, walked) or _name_match(excl, os.fspath(path), is_dir):
        return True
    for spec in reversed(gitignores):  # deepest .gitignore first
        verdict = spec.check(path, is_dir)
        if verdict is not None:
            return verdict
    return False


def _name_match(excl: _Spec, path: str, is_dir: bool) -> bool:
    # Exclude patterns also apply to paths outside the config directory, by name.
    if path.startswith(excl.prefix):
        return False
    return bool(excl.spec.check_file(os.path.basename(path) + ("/" if is_dir else "")).include)


def _included(path: str | Path, incl: _Spec) -> bool:
    return bool(incl.check(path, False)) or bool(
        incl.spec.check_file(os.path.basename(path)).include)


def _compile(patterns: Iterable[str], base: Path) -> _Spec:
    return _Spec(base, tuple(patterns))


def _read_spec(file: Path, base: Path) -> _Spec | None:
    try:
        data = read_regular(file, MAX_IGNORE_BYTES)
    except OSError:
        return None
    if data is None:
        return None  # a FIFO, a device, a link to /dev/zero, or too large: not an ignore file
    return _compile(data.decode("utf-8", errors="replace").splitlines(), base)


def git_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        stat_input(directory / ".git")
        if (directory / ".git").exists():
            return directory
    return None


def _ancestor_gitignores(start: Path) -> list[_Spec]:
    """`.git/info/exclude` and the .gitignore files from the repo root down to `start`'s
    parent (the walk reads `start`'s own), shallowest first."""
    begin = start if start.is_dir() else start.parent
    root = git_root(begin)
    if root is None:
        return []
    specs: list[_Spec] = []
    info = _read_spec(root / ".git" / "info" / "exclude", root)
    if info is not None:
        specs.append(info)
    dirs = [d for d in (begin, *begin.parents) if d == root or root in d.parents]
    for directory in reversed(dirs):
        if start.is_dir() and directory == start:
            continue
        spec = _read_spec(directory / ".gitignore", directory)
        if spec is not None:
            specs.append(spec)
    return specs


def _chain(start: Path, bases: Iterable[Path]) -> list[Path]:
    """`start` and its parents up to the shallowest base: directories that are walked into
    by being named, not by being found."""
    top = min((b for b in bases if b == start or b in start.parents),
              key=lambda b: len(b.parts), default=start)
    return [d for d in (start, *start.parents) if d == top or top in d.parents]


def _drop_matching(spec: _Spec, chain: list[Path]) -> _Spec:
    """Forget positive patterns that ignore a directory on the way to an explicit path."""
    if not any(_rel_dir(d, spec.base) for d in chain):
        return spec  # nothing on the way lies below the spec's base
    if spec.names is not None:
        # A plain name ignores a directory when it names one of the directory's components.
        parts = {part for d in chain if (r := _rel_dir(d, spec.base)) for part in
                 r.rstrip("/").split("/")}
        lines = tuple(line for line in spec.lines
                      if not line or line.startswith("#") or line.rstrip("/") not in parts)
        return spec if len(lines) == len(spec.lines) else _Spec(spec.base, lines)
    keep = []
    for pattern in spec.spec.patterns:
        hits = any(
            pattern.include and pattern.match_file(_rel_dir(d, spec.base) or "") is not None
            for d in chain if _rel_dir(d, spec.base)
        )
        if not hits:
            keep.append(pattern)
    if len(keep) == len(spec.spec.patterns):
        return spec
    from pathspec import GitIgnoreSpec

    return _Spec(spec.base, spec.lines, GitIgnoreSpec(keep, backend=BACKEND))


def _rel_dir(directory: Path, base: Path) -> str | None:
    try:
        rel = directory.relative_to(base).as_posix()
    except ValueError:
        return None
    return None if rel == "." else rel + "/"
