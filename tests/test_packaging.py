"""What the built distributions hold: the sdist has the package, the top-level README, LICENSE
and NOTICE and nothing from docs/, examples/ or tests/; the wheel carries NOTICE."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE", "NOTICE"):
        shutil.copy(ROOT / name, src / name)
    for tree in ("src", "docs", "examples"):
        shutil.copytree(ROOT / tree, src / tree,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (src / "tests" / "fixtures" / "x").mkdir(parents=True)
    (src / "tests" / "fixtures" / "x" / "README.md").write_text("fixture\n")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "hatchling", "build", "-d", str(out)],
                          cwd=src, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return out


def test_sdist_holds_only_the_package_and_top_level_files(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
    assert {"README.md", "LICENSE", "NOTICE", "pyproject.toml", "PKG-INFO"} <= set(names)
    assert not [n for n in names if n.startswith(("docs/", "examples/", "tests/"))]
    assert [n for n in names if n.endswith("README.md")] == ["README.md"]
    assert "src/modelmap/catalog/data/sdk_layer.json" in names


def test_wheel_carries_notice_and_license(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
    licenses = {n.rsplit("/", 1)[-1] for n in names if ".dist-info/licenses/" in n}
    assert licenses == {"LICENSE", "NOTICE"}
    assert "modelmap/py.typed" in names
