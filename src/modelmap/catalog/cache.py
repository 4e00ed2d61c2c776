"""A compiled-catalog cache: parsing TOML and JSON on every CLI call costs more than start-up.

The key is a hash of every input file (curated files, shipped and synced SDK layers, and the
catalog package's own source) plus the modelmap and Python versions, so a stale entry can never
be served: change any input and the key changes. A file stands in the key by its stat (inode,
size, mtime, ctime) once it is a few seconds old, by its bytes before (`_stamp`). Entries live
in the user cache dir (MODELMAP_CACHE_DIR overrides; MODELMAP_NO_CACHE=1 turns the cache off).

An entry is data, not code: the Catalog is flattened into built-in values (`encode`) and
stored with `modelmap.datacache` (checked header, marshal). `decode` rebuilds it and may only
create the dataclasses and enums of `modelmap.catalog.model`, dates and containers; a file
that does not decode to a Catalog is ignored and rebuilt.
"""

from __future__ import annotations

import datetime as dt
import enum
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable, Sequence

from modelmap import cachedirs, datacache
from modelmap.catalog import model as _model
from modelmap.catalog.model import Catalog
from modelmap.digest import blake2b
from modelmap.fsread import stat_input
from modelmap.record import is_record, names_of

TYPE_CHECKING = False  # not `import typing`: ~3 ms of every start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

KIND = "catalog"
SUFFIX = ".cache"
DECODE_ERRORS = (TypeError, ValueError, IndexError, KeyError, OverflowError, RecursionError)
"""What `unpack` raises on data `pack` cannot have written."""


def cache_dir() -> Path:
    from pathlib import Path

    return Path(_cache_dir())


def _cache_dir() -> str:
    """cache_dir() as a string (pathlib, with urllib and re, stays unloaded on a cached start)."""
    return cachedirs.root()


def _xdg_cache_dir() -> Path | None:
    from pathlib import Path

    found = cachedirs.xdg()
    return None if found is None else Path(found)


def input_key(data_dir: str | Path, extra: Sequence[str | Path]) -> str:
    from modelmap import __version__

    # blake2b: the interpreter's built-in sha256 is ~3x slower
    h = blake2b(f"{__version__}|{sys.version_info[:3]}".encode(), 12)
    code = _listed(os.path.dirname(__file__), ".py")  # the code that builds the catalog
    settled = time.time_ns() - SETTLED_NS
    for path in [*code, *_listed(data_dir, ".toml"), *_listed(data_dir, ".json"), *extra]:
        h.update(os.fspath(path).encode())
        h.update(_stamp(path, settled))
    return h.hexdigest()


SETTLED_NS = 3_000_000_000
"""A file whose mtime and ctime are older than this stands in the key by its stat; a newer
one (just written: a second write in the same clock tick would keep both) by its bytes."""


def _stamp(path: str | Path, settled: int) -> bytes:
    """What stands for one input file in the key: a settled regular file by (device, inode,
    size, mtime, ctime) -- any write changes the ctime, which no tool can set back -- others
    by their content (git's rule for "racily clean" files)."""
    stat_input(path)
    try:
        st = os.stat(path)
        if (stat.S_ISREG(st.st_mode) and st.st_mtime_ns < settled
                and st.st_ctime_ns < settled):
            return b"\0stat %d %d %d %d %d" % (st.st_dev, st.st_ino, st.st_size,
                                                st.st_mtime_ns, st.st_ctime_ns)
        with open(path, "rb") as fh:
            return b"\0data" + fh.read()
    except OSError:
        return b"<absent>"


def _listed(folder: str | Path, suffix: str) -> list[str]:
    """sorted(folder.glob("*" + suffix)) as strings, without pathlib (which imports fnmatch and
    re): the entries whose name ends with `suffix` (hidden ones too, as pathlib's glob has
    them), in the order Paths sort (tests/test_catalog_cache.py compares the two)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    base = os.fspath(folder)
    return [os.path.join(base, n) for n in sorted(names) if n.endswith(suffix)]


def cached(key: str, build: Callable[[], Catalog]) -> Catalog:
    """Load the entry for `key`, or build and store it (any cache failure just rebuilds)."""
    if os.environ.get("MODELMAP_NO_CACHE"):
        return build()
    catalog = lookup(key, build)
    if catalog is not None:
        return catalog
    catalog = build()
    path = cache_dir() / f"catalog-{key}{SUFFIX}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        datacache.dump(path, KIND, pack(catalog), prefix=".catalog-")
        prune(path.parent, keep=path)
    except (OSError, ValueError):
        pass  # a read-only cache dir is not an error
    return catalog


def lookup(key: str, build: Callable[[], Catalog]) -> Catalog | None:
    """The stored entry for `key`, or None (absent, unreadable, not a catalog, cache off);
    `build` supplies a lazy field that does not decode (see `unpack`)."""
    if os.environ.get("MODELMAP_NO_CACHE"):
        return None
    value = datacache.load(os.path.join(_cache_dir(), f"catalog-{key}{SUFFIX}"), KIND)
    if value is None:
        return None
    try:
        catalog = unpack(value, build)
    except DECODE_ERRORS:
        return None
    return catalog if isinstance(catalog, Catalog) else None


_CLASSES: tuple[type, ...] = tuple(
    obj for name, obj in sorted(vars(_model).items())
    if isinstance(obj, type) and obj.__module__ == _model.__name__
    and (is_record(obj) or issubclass(obj, enum.Enum)))
"""What `decode` may build: the catalog model's own records and enums, nothing else."""
_INDEX = {cls: i for i, cls in enumerate(_CLASSES)}
_FIELDS = {cls: names_of(cls) for cls in _CLASSES if is_record(cls)}
_TUPLE, _LIST, _DICT, _SET, _DATE, _OBJ, _ENUM, _REF, _FLAT, _BLOB = range(10)
_PLAIN = (str, int, float, bool, type(None))
_PLAIN_SET = frozenset(_PLAIN)
_SHARED = (_model.Source, dt.date, *(c for c in _CLASSES if issubclass(c, enum.Enum)))
"""Values stored once and referenced (137 distinct sources stand behind 1,261 uses; a few
enum members behind hundreds)."""


def pack(catalog: Catalog) -> Any:
    """The catalog as built-in data: (shared values, root)."""
    table: dict[Any, int] = {}
    root = encode(catalog, table)
    if type(catalog) is Catalog:  # the lazy fields as marshal blobs: loading skips them
        names = _FIELDS[Catalog]
        root = (*root[:2], *((_BLOB, marshal.dumps(item, 4)) if n in _model.LAZY_FIELDS
                             else item for n, item in zip(names, root[2:], strict=True)))
    return (tuple(encode(v) for v in table), root)


def unpack(data: Any, build: Callable[[], Catalog] | None = None) -> Any:
    """Inverse of `pack` (see `decode` for what it raises). With `build`, the catalog's
    LAZY_FIELDS stay encoded until first read (a field that then does not decode is taken
    from `build()`, as `cached` would have rebuilt the whole entry)."""
    if type(data) is not tuple or len(data) != 2 or type(data[0]) is not tuple:
        raise TypeError("not a packed catalog")
    shared = [decode(v) for v in data[0]]
    root = data[1]
    if build is None or type(root) is not tuple or len(root) < 2 or root[:2] != (
            _OBJ, _INDEX[Catalog]):
        return decode(root, shared)
    names = _FIELDS[Catalog]
    if len(root) != len(names) + 2:
        raise ValueError("wrong field count")
    catalog = object.__new__(Catalog)
    values = catalog.__dict__
    packed: dict[str, Callable[[], Any]] = {}
    for name, item in zip(names, root[2:], strict=True):
        if name in _model.LAZY_FIELDS:
            packed[name] = _later(name, item, shared, build)
        else:
            values[name] = decode(item, shared)
    values["_packed"] = packed
    return catalog


def _later(name: str, item: Any, shared: list[Any], build: Callable[[], Catalog]
           ) -> Callable[[], Any]:
    def value() -> Any:
        try:
            return decode(item, shared)
        except DECODE_ERRORS:
            return getattr(build(), name)

    return value


def encode(value: Any, table: dict[Any, int] | None = None) -> Any:
    """`value` as built-in data: tuples tagged by their first item (see `decode`); values of
    the _SHARED types go into `table` once and are referenced by index."""
    t = type(value)
    if t in _PLAIN:
        return value
    if table is not None and t in _SHARED:
        return (_REF, table.setdefault(value, len(table)))
    flat = _flat(value, t)
    if flat is not None:
        return (_FLAT, flat)
    if t is tuple:
        return (_TUPLE, *(encode(v, table) for v in value))
    if t is list:
        return (_LIST, *(encode(v, table) for v in value))
    if isinstance(value, dict):
        return (_DICT, *[x for k, v in value.items() for x in (encode(k, table), encode(v, table))])
    if t is frozenset or t is set:
        return (_SET, *(encode(v, table) for v in value))
    if t is dt.date:
        return (_DATE, value.toordinal())
    if t in _INDEX and isinstance(value, enum.Enum):
        return (_ENUM, _INDEX[t], value.value)
    if t in _FIELDS:
        return (_OBJ, _INDEX[t], *[encode(getattr(value, n), table) for n in _FIELDS[t]])
    raise ValueError(f"cannot cache a {t.__name__}")


_FLAT_TYPES: dict[type, type] = {tuple: tuple, list: list, frozenset: frozenset, set: frozenset}


def _flat(value: Any, t: type) -> Any:
    """A container of plain values as marshal stores it (decoded without a copy), else None."""
    kind = _FLAT_TYPES.get(t)
    if kind is not None:
        return kind(value) if set(map(type, value)) <= _PLAIN_SET else None
    if t is dict and set(map(type, value)) | set(map(type, value.values())) <= _PLAIN_SET:
        return dict(value)
    return None


def _flat_ok(value: Any) -> bool:
    t = type(value)
    if t is dict:
        return set(map(type, value)) | set(map(type, value.values())) <= _PLAIN_SET
    return (t is tuple or t is list or t is frozenset) and set(map(type, value)) <= _PLAIN_SET


def _items(data: tuple[Any, ...], start: int, shared: list[Any] | None) -> list[Any]:
    """decode() of data[start:], with plain values, references and flat containers resolved
    here rather than by a call each (most items are one of these)."""
    out = []
    for v in data[start:]:
        t = type(v)
        if t in _PLAIN_SET:
            out.append(v)
        elif t is tuple and len(v) == 2 and v[0] == _REF and shared is not None:
            out.append(shared[v[1]])
        elif t is tuple and len(v) == 2 and v[0] == _FLAT and _flat_ok(v[1]):
            out.append(v[1])
        else:
            out.append(decode(v, shared))
    return out


def decode(data: Any, shared: list[Any] | None = None) -> Any:
    """Inverse of `encode`; raises TypeError, ValueError, IndexError or KeyError on data
    `encode` cannot have written."""
    t = type(data)
    if t in _PLAIN_SET:
        return data
    if t is not tuple or not data:
        raise TypeError(f"unexpected {t.__name__} in a catalog cache")
    tag = data[0]
    if tag == _FLAT:  # a tuple, list, frozenset or dict of plain values: checked, not copied
        if len(data) != 2 or not _flat_ok(data[1]):
            raise TypeError("not a container of plain values")
        return data[1]
    if tag == _BLOB:  # a field stored as its own marshal data (see `pack`)
        if len(data) != 2 or type(data[1]) is not bytes:
            raise TypeError("not a blob")
        try:
            inner = marshal.loads(data[1])
        except EOFError:
            raise ValueError("truncated blob") from None
        return decode(inner, shared)
    if tag == _REF:
        if shared is None:
            raise ValueError("reference outside the shared table")
        return shared[data[1]]
    if tag == _OBJ:
        cls = _CLASSES[data[1]]
        names = _FIELDS[cls]
        if len(data) != len(names) + 2:
            raise ValueError("wrong field count")
        obj = object.__new__(cls)
        values = _items(data, 2, shared)
        obj.__dict__.update(zip(names, values, strict=True))
        return obj
    if tag == _TUPLE:
        return tuple(_items(data, 1, shared))
    if tag == _DATE:
        return dt.date.fromordinal(data[1])
    if tag == _ENUM:
        cls = _CLASSES[data[1]]
        if not issubclass(cls, enum.Enum):
            raise TypeError("not an enum")
        return cls(data[2])
    if tag == _DICT:
        items = _items(data, 1, shared)
        if len(items) % 2:
            raise ValueError("odd dict")
        return dict(zip(items[::2], items[1::2], strict=True))
    if tag == _LIST:
        return _items(data, 1, shared)
    if tag == _SET:
        return frozenset(_items(data, 1, shared))
    raise ValueError(f"unknown tag {tag!r}")


KEEP_NEWEST = 8
"""Compiled catalogs kept besides the one just written (several installs may share the dir)."""
MAX_AGE_SECONDS = 7 * 86400


def prune(directory: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Delete compiled catalogs that no install wrote in the last week, and all but the
    KEEP_NEWEST newest others (each data or code change writes a new one; without this
    the cache dir grows by ~0.2 MB per change forever). Returns what was deleted."""
    now = time.time() if now is None else now
    found: list[tuple[float, Path]] = []
    for other in [*directory.glob(f"catalog-*{SUFFIX}"), *directory.glob("catalog-*.pickle")]:
        if other == keep:
            continue
        try:
            found.append((other.stat().st_mtime, other))
        except OSError:
            continue
    found.sort(reverse=True)
    doomed = [p for i, (mtime, p) in enumerate(found)
              if i >= KEEP_NEWEST or now - mtime > MAX_AGE_SECONDS]
    for other in directory.glob(".catalog-*.tmp"):  # left by a crash mid-write
        try:
            if now - other.stat().st_mtime > 86400:
                doomed.append(other)
        except OSError:
            continue
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
