"""Tasks run with the raised GC thresholds (serially and in pool workers); the calling process
gets its own thresholds back and nothing stays frozen in it."""

from __future__ import annotations

import gc

from modelmap.check import worker


def _thresholds(_: int) -> tuple[int, int, int]:
    return gc.get_threshold()


def test_serial_tasks_use_the_task_thresholds_and_restore_them() -> None:
    before = gc.get_threshold()
    got = worker.run_tasks(_thresholds, [1, 2, 3], jobs=1)
    assert got == [worker.GC_THRESHOLDS] * 3
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_pool_workers_use_the_task_thresholds_and_the_parent_is_unfrozen() -> None:
    before = gc.get_threshold()
    items = list(range(worker.MIN_PARALLEL))
    got = worker.run_tasks(_thresholds, items, jobs=2)
    if worker._can_fork():
        assert set(got) == {worker.GC_THRESHOLDS}
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
