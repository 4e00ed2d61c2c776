"""check/fileread.py: the block test for long lines answers as splitting every line does, and
reading with a size hint gets the whole file whatever the hint."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from modelmap.check.fileread import MINIFIED_LINE, has_long_line, read_bytes


def _reference(data: bytes) -> bool:
    return max(map(len, data.split(b"\n"))) >= MINIFIED_LINE


_LENGTHS = [0, 1, 80, MINIFIED_LINE // 2 - 1, MINIFIED_LINE // 2, MINIFIED_LINE - 2,
            MINIFIED_LINE - 1, MINIFIED_LINE, MINIFIED_LINE + 1, 2 * MINIFIED_LINE]


@pytest.mark.parametrize("seed", range(30))
def test_has_long_line_matches_splitting(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        lines = [b"x" * rng.choice(_LENGTHS) for _ in range(rng.randint(1, 6))]
        data = b"\n".join(lines)
        if rng.random() < 0.3:
            data += b"\n"
        assert has_long_line(data) == _reference(data), [len(line) for line in lines]


def test_has_long_line_edges() -> None:
    for n in range(MINIFIED_LINE - 3, MINIFIED_LINE + 3):
        for pad in range(4):
            data = b"\n" * pad + b"y" * n + b"\n" * pad
            assert has_long_line(data) == (n >= MINIFIED_LINE)
            # the long run starting at every offset within a block
    for offset in range(0, MINIFIED_LINE, 97):
        data = b"a\n" * (offset // 2) + b"z" * MINIFIED_LINE + b"\nb"
        assert has_long_line(data)
        data = b"a\n" * (offset // 2) + b"z" * (MINIFIED_LINE - 1) + b"\nb"
        assert not has_long_line(data)


@pytest.mark.parametrize("hint", [-1, 0, 1, 9, 10, 11, 1 << 20])
def test_read_bytes_reads_the_whole_file_whatever_the_hint(tmp_path: Path, hint: int) -> None:
    path = tmp_path / "f.bin"
    for data in (b"", b"0123456789", bytes(range(256)) * 700):
        path.write_bytes(data)
        assert read_bytes(path, hint) == data
        assert read_bytes(str(path), hint) == data


def test_read_bytes_of_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_bytes(tmp_path / "gone.txt")
