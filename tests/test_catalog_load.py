"""The loader: valid data loads; malformed data fails with one line naming file, entry, field."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelmap.catalog.load import DATA_DIR, load_catalog
from modelmap.catalog.model import Rank
from modelmap.errors import CatalogError


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst


def test_shipped_catalog_loads_and_every_fact_is_sourced() -> None:
    cat = load_catalog()
    assert cat.models and cat.labels and cat.surfaces
    for fact in cat.facts:
        assert fact.source.url, fact
        assert fact.source.verified_on, fact


def test_every_curated_fact_is_dated_no_later_than_catalog_day() -> None:
    cat = load_catalog()
    for fact in cat.facts:
        if fact.source.rank != Rank.SDK:
            assert fact.source.verified_on <= cat.meta.curated_verified_on


# (file, old text, new text) -> expected message fragment
BREAKAGES = [
    ("models.toml", 'id = "gpt-5.5-pro"\nmodality = "text"', 'id = "gpt-5.5-pro"\nmodality = "txt"',
     "models.toml: model[1] (gpt-5.5-pro): field 'modality' must be one of"),
    ("models.toml", 'released = 2026-04-21', 'released = "April"',
     "field 'released' must be a date YYYY-MM-DD"),
    ("models.toml", 'surfaces = ["api.images", "api.responses.image_tool"]\nnot_surfaces',
     'surfaces = ["api.imagez"]\nnot_surfaces', "names unknown surface 'api.imagez'"),
    ("labels.toml", 'name = "GPT Image 2"\nkind = "product"', 'name = "GPT Image 2"\nkind = "prod"',
     "labels.toml: label[5] (GPT Image 2): field 'kind' must be 'product' or 'invented'"),
    ("lifecycle.toml", 'shutdown_date = 2026-09-24\nnote', 'shutdown_date = "soon"\nnote',
     "lifecycle.toml: lifecycle[0]: field 'shutdown_date' must be a date"),
    ("surfaces.toml", 'key = "chatgpt"\nname', 'key = "chatgpt"\nnmae',
     "surfaces.toml: surface[0] (chatgpt): field 'nmae' is not a known field"),
    ("labels.toml", 'verified_on = 2026-11-21\n', '\n', "field 'verified_on' is required"),
    ("meta.toml", "[ttl_days]", "[ttl_days\n", "meta.toml: not valid TOML: "),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), BREAKAGES)
def test_malformed_data_names_file_entry_field(
    data_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, "fixture drifted from the data file"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(data_copy, sdk_layer=False)
    assert expected in str(info.value)
    assert "\n" not in str(info.value).strip() or file == "meta.toml"


def test_cli_exits_2_with_one_line_on_malformed_data(data_copy: Path) -> None:
    path = data_copy / "models.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('modality = "image"', "modality = 3", 1))
    proc = subprocess.run(
        [sys.executable, "-m", "modelmap", "resolve", "gpt-5.5"],
        capture_output=True, text=True, env={"MODELMAP_CATALOG_DIR": str(data_copy),
                                             "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "models.toml" in lines[0] and "field 'modality'" in lines[0]
