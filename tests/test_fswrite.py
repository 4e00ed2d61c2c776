"""modelmap.fswrite: the one atomic writer the sync, verify --save, board and cache paths share."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from modelmap.fswrite import usual_mode, write_atomic


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_file_gets_the_usual_mode_and_an_existing_one_keeps_its_own(tmp_path: Path) -> None:
    new = tmp_path / "a" / "new.toml"
    write_atomic(new, b"x = 1\n", mkdir=True)
    assert new.read_bytes() == b"x = 1\n" and _mode(new) == usual_mode()
    os.chmod(new, 0o640)
    write_atomic(new, b"x = 2\n")
    assert new.read_bytes() == b"x = 2\n" and _mode(new) == 0o640
    write_atomic(new, b"x = 3\n", mode=0o600)
    assert _mode(new) == 0o600
    assert sorted(p.name for p in new.parent.iterdir()) == ["new.toml"]  # no temporary left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "layer.json"
    target.write_bytes(b"old")

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["layer.json"]


def test_a_missing_folder_is_an_error_unless_asked_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "f", b"x")
