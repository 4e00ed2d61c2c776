"""modelmap.record makes what @dataclass(frozen=True) makes: compared behaviour by behaviour."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.catalog.model import Catalog, Meta, Source
from modelmap.record import field, is_record, names_of, record


@record
class Rec:
    """A record."""

    a: int
    b: str = "x"
    c: Mapping[str, int] = field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class Dat:
    """A record."""

    a: int
    b: str = "x"
    c: Mapping[str, int] = dataclasses.field(default_factory=dict)


def _both(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
    return Rec(*args, **kwargs), Dat(*args, **kwargs)


@pytest.mark.parametrize(("args", "kwargs"), [
    ((1,), {}), ((1, "y"), {}), ((1,), {"c": {"k": 1}}), ((), {"a": 2, "b": "z"}),
    ((float("nan"),), {}),
])
def test_construction_repr_eq_hash_match_dataclasses(args: tuple[Any, ...],
                                                     kwargs: dict[str, Any]) -> None:
    r, d = _both(*args, **kwargs)
    assert repr(r).replace("Rec", "Dat") == repr(d)
    assert r.__dict__ == d.__dict__ and list(r.__dict__) == list(d.__dict__)
    assert r == copy.copy(r) and d == copy.copy(d)  # NaN fields: identity makes them equal
    assert r != Rec(99) and r != d  # another class: not equal, like dataclasses
    assert r.__match_args__ == d.__match_args__ == ("a", "b", "c")
    if not kwargs.get("c"):
        assert hash(Rec(*args, **{**kwargs, "c": ()})) == hash(Dat(*args, **{**kwargs, "c": ()}))
    assert Rec(1).c is not Rec(1).c  # a factory default is made per instance


def test_frozen_like_dataclasses() -> None:
    r, d = _both(1)
    for obj in (r, d):
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
            obj.a = 2
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'a'"):
            del obj.a


@pytest.mark.parametrize(("args", "kwargs"), [
    ((), {}), ((1, "y", {}, 4), {}), ((1,), {"a": 2}), ((1,), {"zz": 1}),
])
def test_bad_arguments_raise_type_error(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for cls in (Rec, Dat):
        with pytest.raises(TypeError):
            cls(*args, **kwargs)


def test_dataclasses_functions_work_on_records() -> None:
    r = Rec(1, "y", {"k": 1})
    assert dataclasses.is_dataclass(Rec) and dataclasses.is_dataclass(r)
    assert [f.name for f in dataclasses.fields(r)] == ["a", "b", "c"]
    assert dataclasses.asdict(r) == {"a": 1, "b": "y", "c": {"k": 1}}
    changed = dataclasses.replace(r, b="z")
    assert type(changed) is Rec and changed == Rec(1, "z", {"k": 1})
    assert pickle.loads(pickle.dumps(r)) == r
    assert is_record(Rec) and not is_record(Dat) and names_of(Rec) == ("a", "b", "c")


def test_the_fields_of_an_instance_before_the_class_was_asked() -> None:
    """dataclasses.fields(instance) as the first dataclasses call on a record class."""
    @record
    class Fresh:
        x: int

    assert [f.name for f in dataclasses.fields(Fresh(1))] == ["x"]


def test_catalog_records_behave_as_before() -> None:
    catalog = default_catalog()
    meta = dataclasses.replace(catalog.meta, sdk_version="9.9")
    assert isinstance(meta, Meta) and meta.sdk_version == "9.9"
    other = dataclasses.replace(catalog, meta=meta)
    assert isinstance(other, Catalog) and other.models is catalog.models
    src = next(iter(catalog.models["gpt-5.5"].sources))
    assert src == Source(src.url, src.verified_on, src.confidence, src.rank)
    assert hash(src) == hash(Source(src.url, src.verified_on, src.confidence, src.rank))
    assert repr(src).startswith("Source(url=")


def test_a_catalog_query_imports_no_dataclasses(tmp_path: Path) -> None:
    """The point of records: a warm `modelmap resolve` (compiled catalog cached, no project
    config) never imports dataclasses (nor inspect)."""
    code = ("import sys; from modelmap.cli import main; main(['resolve', 'gpt-5.5']); "
            "print(sorted({'dataclasses', 'inspect'} & set(sys.modules)))")
    for _ in range(2):  # the first run may build and cache the catalog
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=tmp_path).stdout
    assert out.splitlines()[-1] == "[]"


def test_built_in_digests_are_hashlibs() -> None:
    import hashlib

    from modelmap.digest import blake2b, sha256

    for data in (b"", b"modelmap", bytes(range(256)) * 100):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert blake2b(data, 16).digest() == hashlib.blake2b(data, digest_size=16).digest()
    h = sha256()
    h.update(b"a")
    assert h.hexdigest() == hashlib.sha256(b"a").hexdigest()
