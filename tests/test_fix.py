"""Fixes: only the reported spans, encoding and newlines kept, atomic writes, idempotent."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

import check_fakes as fakes
from modelmap.catalog.load import default_catalog
from modelmap.check import fix as fixer
from modelmap.check.config import Config
from modelmap.check.runner import Settings, run_check
from modelmap.check.safe_write import FixWriteError
from modelmap.check.select import Selector
from modelmap.findings import Edit, Fix


def safe(line: int, col: int, end: int, text: str, end_line: int | None = None) -> Fix:
    return Fix("safe", "m", (Edit(line, col, end_line or line, end, text),))


@pytest.mark.parametrize(("before", "fixes", "after", "count"), [
    # span inside the quotes
    (b'm = "GPT Image 2"\n', [safe(1, 6, 17, "gpt-image-2")], b'm = "gpt-image-2"\n', 1),
    # span with the quotes: the quotes stay
    (b"m = 'GPT Image 2'\n", [safe(1, 5, 18, "gpt-image-2")], b"m = 'gpt-image-2'\n", 1),
    # a string prefix stays too
    (b'm = r"x"\n', [safe(1, 5, 9, "y")], b'm = r"y"\n', 1),
    # CRLF kept; only the second line's span changes
    (b'a = "x"\r\nm = "bad"\r\nz = 1\r\n', [safe(2, 6, 9, "good")],
     b'a = "x"\r\nm = "good"\r\nz = 1\r\n', 1),
    # lone CR line breaks count as lines, like the scanners count them
    (b'a\rm = "bad"\r', [safe(2, 6, 9, "good")], b'a\rm = "good"\r', 1),
    # BOM kept, columns count characters after it
    (b'\xef\xbb\xbfm = "bad"\n', [safe(1, 6, 9, "good")], b'\xef\xbb\xbfm = "good"\n', 1),
    # non-ASCII before the span: columns are characters, not bytes
    ('# é\nm = "é", "bad"\n'.encode(), [safe(2, 11, 14, "good")],
     '# é\nm = "é", "good"\n'.encode(), 1),
    # two edits, applied right to left
    (b'x("bad", "bad")\n', [safe(1, 4, 7, "good"), safe(1, 11, 14, "good")],
     b'x("good", "good")\n', 2),
    # overlapping fixes: the one starting first is applied, the other waits for a next pass
    (b'x("bad")\n', [safe(1, 4, 7, "good"), safe(1, 3, 8, '"other"')], b'x("other")\n', 1),
    # out-of-range spans are skipped
    (b'x = 1\n', [safe(3, 1, 2, "y")], b'x = 1\n', 0),
    # no trailing newline stays that way
    (b'm = "bad"', [safe(1, 6, 9, "good")], b'm = "good"', 1),
])
def test_apply_fixes(before: bytes, fixes: list[Fix], after: bytes, count: int) -> None:
    assert fixer.apply_fixes(before, fixes) == (after, count)


def test_apply_fixes_refuses_non_utf8() -> None:
    assert fixer.apply_fixes(b'm = "caf\xe9"\n', [safe(1, 1, 2, "x")]) is None


def _check(root: Path) -> object:
    settings = Settings(paths=(root,), root=root, catalog=default_catalog(),
                        as_of=dt.date(2026, 11, 21), config=Config(path=None, base=root),
                        selector=Selector(), cache_dir=None, jobs=1, strict=True)
    return run_check(settings, fakes.toolkit())


SOURCE = ('\ufeffimport x\r\n'
          'a = x(model="bad-model")  # safe fix\r\n'
          'b = x(model="Label Model")  # unsafe fix\r\n'
          'c = x(model="old-model")  # no fix\r\n')


def test_fix_end_to_end_safe_then_unsafe_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(SOURCE.encode("utf-8"))
    path.chmod(0o640)
    report = _check(tmp_path)
    plans = fixer.plan(report)  # type: ignore[arg-type]
    assert [(p.rel, p.fixed) for p in plans] == [("app.py", 1)]
    for p in plans:
        fixer.write(p)
    expected = SOURCE.replace('"bad-model"', '"good-model"')
    assert path.read_bytes() == expected.encode("utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    again = _check(tmp_path)
    assert fixer.plan(again) == []  # type: ignore[arg-type]
    unsafe = fixer.plan(again, unsafe=True)  # type: ignore[arg-type]
    assert [p.fixed for p in unsafe] == [1]
    fixer.write(unsafe[0])
    final = expected.replace('"Label Model"', '"chat-latest"')
    assert path.read_bytes() == final.encode("utf-8")
    assert fixer.plan(_check(tmp_path), unsafe=True) == []  # type: ignore[arg-type]
    assert sorted(os.listdir(tmp_path)) == ["app.py"]  # no temporary files left


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "app.py"
    path.write_text('x(model="bad-model")\n')
    (plan,) = fixer.plan(_check(tmp_path))  # type: ignore[arg-type]

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(FixWriteError, match=r"^app.py: cannot write the fix \(disk full\)"):
        fixer.write(plan)
    assert path.read_text() == 'x(model="bad-model")\n'
    assert sorted(os.listdir(tmp_path)) == ["app.py"]


def test_symlinked_file_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    real = tmp_path / "sub" / "real.dat"  # no scanner reads .dat: only the link is checked
    real.write_text('x(model="bad-model")\n')
    os.symlink(real, tmp_path / "sub" / "link.py")
    report = _check(tmp_path / "sub")
    for p in fixer.plan(report):  # type: ignore[arg-type]
        assert fixer.write(p) is None
    assert (tmp_path / "sub" / "link.py").is_symlink()
    assert real.read_text() == 'x(model="good-model")\n'


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_bytes(b'import x\nx(model="bad-model")\n')
    (plan,) = fixer.plan(_check(tmp_path))  # type: ignore[arg-type]
    assert fixer.unified_diff(plan) == (
        "--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,2 @@\n import x\n"
        '-x(model="bad-model")\n+x(model="good-model")\n')
    assert path.read_bytes() == b'import x\nx(model="bad-model")\n'
