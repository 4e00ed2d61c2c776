"""Shutdown timeline geometry for the board's inline SVG.

The window runs from `BEFORE` days before the as-of date to `AFTER` days after it. Models that
shut down on the same day share one row (a bar from the earliest deprecation notice to the
shutdown day); the next `SOON` days after the as-of date are highlighted, and a marker line
stands on the as-of date. Shutdowns outside the window are counted, not drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from modelmap.board.data import Shutdown

BEFORE = 120
AFTER = 300
SOON = 90
WIDTH = 960
LEFT = 16
RIGHT = 16
TOP = 34
ROW = 26
NAMES_SHOWN = 2


@dataclass(frozen=True)
class Row:
    y: int
    x_start: float
    x_end: float
    day: dt.date
    label: str
    models: tuple[str, ...]
    state: str
    """past | soon (within SOON days) | later."""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    start: dt.date
    end: dt.date
    x_as_of: float
    soon_x: float
    soon_width: float
    soon_end: dt.date
    ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]
    earlier: int
    """Shutdowns before the window (not drawn)."""
    later: int
    """Shutdowns after the window (not drawn)."""


def layout(items: Sequence[Shutdown], as_of: dt.date) -> Timeline:
    start = as_of - dt.timedelta(days=BEFORE)
    end = as_of + dt.timedelta(days=AFTER)
    span = (end - start).days
    inner = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        clipped = min(max(day, start), end)
        return round(LEFT + inner * (clipped - start).days / span, 1)

    groups: dict[dt.date, list[Shutdown]] = {}
    for s in items:
        if start <= s.shutdown <= end:
            groups.setdefault(s.shutdown, []).append(s)
    rows = []
    soon_end = as_of + dt.timedelta(days=SOON)
    for i, (day, group) in enumerate(sorted(groups.items())):
        names = tuple(sorted(s.model for s in group))
        notices = [s.deprecated for s in group if s.deprecated is not None]
        first = min(notices) if notices else day
        shown = ", ".join(names[:NAMES_SHOWN]) + (
            f" +{len(names) - NAMES_SHOWN}" if len(names) > NAMES_SHOWN else "")
        state = "past" if day < as_of else ("soon" if day <= soon_end else "later")
        rows.append(Row(y=TOP + i * ROW, x_start=x(first), x_end=x(day), day=day,
                        label=f"{day.isoformat()} · {shown}", models=names, state=state))
    ticks = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append(Tick(x(month), month.strftime("%Y-%m")))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return Timeline(
        width=WIDTH, height=TOP + max(len(rows), 1) * ROW + 12, start=start, end=end,
        x_as_of=x(as_of), soon_x=x(as_of), soon_width=round(x(soon_end) - x(as_of), 1),
        soon_end=soon_end, ticks=tuple(ticks), rows=tuple(rows),
        earlier=sum(1 for s in items if s.shutdown < start),
        later=sum(1 for s in items if s.shutdown > end))
