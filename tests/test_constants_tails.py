"""LazyConstants.keys_ending (the index behind astutil.lookup_module's `.name` fallback)
answers as testing every key does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from modelmap.check.constants import LazyConstants
from modelmap.scan.python.astutil import lookup_module

PART = st.sampled_from(["a", "b", "pkg", "settings", "src", "x"])
KEY = st.lists(PART, min_size=1, max_size=4).map(".".join)


@given(keys=st.lists(KEY, max_size=12, unique=True), name=st.one_of(KEY, st.just("")))
def test_the_index_finds_what_a_scan_of_every_key_finds(keys: list[str], name: str) -> None:
    table = LazyConstants({k: f"{k}.py" for k in keys}, {}, {f"{k}.py": {"K": k} for k in keys},
                          lambda rel: None, lambda path: None)
    plain = {k: {"K": k} for k in keys}
    found = lookup_module(table, name)
    expected = lookup_module(plain, name)
    assert (dict(found) if found is not None else None) == expected
    assert table.keys_ending(name) == [k for k in keys if k.endswith("." + name)]
