"""Where an `openai` package's source comes from: a folder, a wheel, or the installed copy.

Nothing here imports `openai`: files are read as text (a wheel through zipfile, without
unpacking it), and the version comes from the distribution metadata or `openai/_version.py`.

A wheel is untrusted input (`sync --from` any file): it may list at most MAX_MEMBERS entries,
each member is read up to MAX_MEMBER_BYTES uncompressed, and all reads together stop at
MAX_TOTAL_BYTES, so a zip bomb is a one-line error, not a MemoryError.
"""

from __future__ import annotations

import ast
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from modelmap.errors import UsageError

_VERSION_LINE = re.compile(r"^Version:\s*(\S+)\s*$", re.M)
_SANE_VERSION = re.compile(r"[0-9A-Za-z.+\-]{1,64}")
MAX_MEMBERS = 100_000
MAX_MEMBER_BYTES = 16_000_000
MAX_TOTAL_BYTES = 400_000_000
"""openai 3.54's wheel has ~1,500 members, the largest ~0.3 MB, ~12 MB in all."""


@dataclass
class PackageSource:
    """Read-only view of one `openai` package: `openai/...` relative paths -> text."""

    label: str
    """What the user pointed at (a path, or `installed openai`)."""
    version: str
    """The package version (`unknown` when neither metadata nor _version.py says)."""
    _dir: Path | None = None
    _zip: zipfile.ZipFile | None = None
    _names: list[str] = field(default_factory=list)
    _set: set[str] = field(init=False, default_factory=set)
    _read_bytes: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        self._set = set(self._names)
        if not _SANE_VERSION.fullmatch(self.version):
            self.version = "unknown"  # a crafted METADATA: no 5,000-digit version downstream

    def paths(self, under: str = "openai/types/") -> Iterator[str]:
        """Every `.py` file under `under`, as `openai/...` posix paths, sorted."""
        return iter(sorted(n for n in self._names if n.startswith(under) and n.endswith(".py")))

    def read(self, path: str) -> str:
        """The text of one file (UTF-8; undecodable bytes replaced)."""
        if self._zip is not None:
            data = _read_member(self._zip, path, self.label, MAX_TOTAL_BYTES - self._read_bytes)
            self._read_bytes += len(data)
            return data.decode("utf-8", errors="replace")
        assert self._dir is not None
        return (self._dir / path).read_text(encoding="utf-8", errors="replace")

    def exists(self, path: str) -> bool:
        return path in self._set

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def open_source(path: Path) -> PackageSource:
    """A wheel (.whl), a folder that contains `openai/`, or the `openai/` folder itself."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix != ".whl" and not zipfile.is_zipfile(path):
            raise UsageError(f"{path}: not a wheel (.whl) or a folder")
        return _from_wheel(path)
    root = path
    if (path / "__init__.py").exists() and path.name == "openai":
        root = path.parent
    if not (root / "openai" / "types").is_dir():
        raise UsageError(f"{path}: no openai/types folder found (give a wheel, a site-packages "
                         "folder, or the openai package folder)")
    names = [p.relative_to(root).as_posix() for p in (root / "openai").rglob("*.py")]
    version = _dir_version(root)
    return PackageSource(label=str(path), version=version, _dir=root, _names=names)


def installed_source() -> PackageSource:
    """The `openai` distribution installed in this environment (located, not imported)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("openai")
    except metadata.PackageNotFoundError:
        raise UsageError("the openai package is not installed here: install it, or give "
                         "--from PATH to a wheel or folder") from None
    pkg = Path(str(dist.locate_file("openai")))
    if not (pkg / "types").is_dir():
        raise UsageError(f"openai {dist.version} is installed but {pkg}/types is missing")
    src = open_source(pkg)
    src.label = f"installed openai ({pkg})"
    src.version = dist.version
    return src


def _from_wheel(path: Path) -> PackageSource:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{path}: cannot read the wheel: {exc}") from None
    names = zf.namelist()
    if len(names) > MAX_MEMBERS:
        zf.close()
        raise UsageError(f"{path}: the wheel lists {len(names)} files (at most {MAX_MEMBERS}): "
                         "not an openai wheel")
    if not any(n.startswith("openai/types/") for n in names):
        zf.close()
        raise UsageError(f"{path}: the wheel has no openai/types folder")
    version = "unknown"
    for name in names:
        parts = PurePosixPath(name).parts
        if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == "METADATA":
            raw = _read_member(zf, name, str(path), MAX_MEMBER_BYTES)
            m = _VERSION_LINE.search(raw.decode("utf-8", errors="replace"))
            if m:
                version = m.group(1)
                break
    if version == "unknown" and "openai/_version.py" in names:
        raw = _read_member(zf, "openai/_version.py", str(path), MAX_MEMBER_BYTES)
        version = _version_from_py(raw.decode("utf-8", "replace"))
    return PackageSource(label=str(path), version=version, _zip=zf, _names=names)


def _read_member(zf: zipfile.ZipFile, name: str, label: str, budget: int) -> bytes:
    """One member's bytes, uncompressed, refusing more than MAX_MEMBER_BYTES or `budget`
    (counted as it decompresses: the sizes a zip declares may lie)."""
    limit = min(MAX_MEMBER_BYTES, budget)
    try:
        with zf.open(name) as fh:
            data = fh.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError,
            RuntimeError) as exc:
        raise UsageError(f"{label}: cannot read {name} from the wheel: {exc}") from None
    if len(data) > limit:
        what = (f"{name} is larger than {MAX_MEMBER_BYTES} bytes" if limit == MAX_MEMBER_BYTES
                else f"more than {MAX_TOTAL_BYTES} bytes in all")
        raise UsageError(f"{label}: the wheel unpacks to {what}: not read (a zip bomb?)")
    return data


def _dir_version(root: Path) -> str:
    for meta in sorted(root.glob("openai-*.dist-info/METADATA")):
        m = _VERSION_LINE.search(meta.read_text(encoding="utf-8", errors="replace"))
        if m:
            return m.group(1)
    vfile = root / "openai" / "_version.py"
    if vfile.exists():
        return _version_from_py(vfile.read_text(encoding="utf-8", errors="replace"))
    return "unknown"


def _version_from_py(text: str) -> str:
    """`__version__ = "x.y.z"` from openai/_version.py, read with ast."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return "unknown"
    for node in tree.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if (isinstance(target, ast.Name) and target.id == "__version__"
                and isinstance(value, ast.Constant) and isinstance(value.value, str)):
            return value.value
    return "unknown"
