"""The prefilter invariant: a file whose bytes miss the prefilter yields nothing from any
scanner. Checked on every golden fixture, the examples, and the installed openai package's
own source (real code), plus every catalog ID and label in a minimal call."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from modelmap.catalog.load import default_catalog
from modelmap.check.prefilter import Prefilter, build_prefilter, chunks, reduce_tokens
from modelmap.check.runner import default_toolkit
from modelmap.check.toolkit import Toolkit
from modelmap.check.worker import read_text
from modelmap.scan.base import ScanContext

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 21)


@pytest.fixture(scope="module")
def kit() -> Toolkit:
    return default_toolkit()


@pytest.fixture(scope="module")
def pre(kit: Toolkit) -> Prefilter:
    return build_prefilter(default_catalog(), kit.markers)


def _passes(pre: Prefilter, kit: Toolkit, rel: str, data: bytes) -> bool:
    own = kit.prefilter_for(rel)
    return pre.hit(data) or pre.hit(rel.encode()) or bool(
        own and own.search(data.decode("utf-8", "replace")))


def _yields(kit: Toolkit, root: Path, rel: str, text: str) -> bool:
    scanner = kit.scanner_for(rel)
    if scanner is None:
        return False
    ctx = ScanContext(root=str(root), catalog=default_catalog(), as_of=AS_OF)
    result = scanner(rel, text, ctx)
    return bool(result.calls or result.findings)


def _files(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.is_file() and p.name != "expected.json")


@pytest.mark.parametrize(("base", "minimum"), [("tests/fixtures/check", 40), ("examples", 7)])
def test_every_file_with_results_passes_the_prefilter(base: str, minimum: int, kit: Toolkit,
                                                      pre: Prefilter) -> None:
    folder = ROOT / base
    checked = 0
    for path in _files(folder):
        rel = path.relative_to(folder).as_posix()
        data, text, _ = read_text(path)  # as the checker reads it (PEP 263 included)
        if text is not None and _yields(kit, folder, rel, text):
            checked += 1
            assert _passes(pre, kit, rel, data), f"prefilter misses {base}/{rel}"
    assert checked >= minimum


def test_files_missing_the_prefilter_yield_nothing_in_real_code(kit: Toolkit,
                                                               pre: Prefilter) -> None:
    spec = importlib.util.find_spec("openai")
    assert spec is not None and spec.origin is not None
    package = Path(spec.origin).parent
    misses = 0
    total = 0
    for path in sorted(package.rglob("*.py")):
        total += 1
        rel = path.relative_to(package).as_posix()  # inside the package: no `openai/` prefix
        data = path.read_bytes()
        if not _passes(pre, kit, rel, data):
            misses += 1
            assert not _yields(kit, package, rel, data.decode("utf-8")), rel
    assert 0 < misses < total  # the prefilter does skip files, but not all of them


def test_every_catalog_name_hits(pre: Prefilter) -> None:
    catalog = default_catalog()
    names = [*catalog.models, *(lb.name for lb in catalog.labels.values()),
             *(v for lb in catalog.labels.values() for v in lb.variants)]
    for name in names:
        for spelling in (name, name.upper(), name.replace("-", " "), name.replace("-", "_")):
            assert pre.hit(f'x = "{spelling}"\n'.encode()), spelling


@pytest.mark.parametrize(("rel", "hit"), [
    (".codex/config.toml", True),
    ("svc/openai_settings.yaml", True),
    ("app/util.py", False),
])
def test_paths_count(pre: Prefilter, rel: str, hit: bool) -> None:
    assert pre.hit(rel.encode()) is hit


@pytest.mark.parametrize(("data", "hit"), [
    (b"x = 1\n", False),
    (b"import json\nprint(json.dumps({}))\n", False),
    (b'engine = "davinci"\n', True),
    (b'MODEL = "x"\n', True),
    (b"from .client import llm\nllm.Images.create()\n", True),
    (b"# DALL\xc2\xb7E prices\n", True),
    (b"Whisper costs $0.006 per minute\n", True),
])
def test_prefilter_table(pre: Prefilter, data: bytes, hit: bool) -> None:
    assert pre.hit(data) is hit


@pytest.mark.parametrize(("tokens", "reduced"), [
    (["gpt", "gpt-image", "GPT"], ("gpt",)),
    (["embedding", "embeddings", "model"], ("embedding", "model")),
    (["o1", "o1-pro", "o3"], ("o1", "o3")),
])
def test_reduce_tokens(tokens: list[str], reduced: tuple[str, ...]) -> None:
    assert reduce_tokens(tokens) == reduced


@pytest.mark.parametrize(("name", "pieces"), [
    ("GPT-5.5 Instant", ["gpt", "5.5", "instant"]),
    ("text_embedding 3", ["text", "embedding", "3"]),
    ("“chatgpt-image-latest”", ["chatgpt", "image", "latest"]),
])
def test_chunks(name: str, pieces: list[str]) -> None:
    assert chunks(name) == pieces
