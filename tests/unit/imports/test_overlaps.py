"""The one rule for a child's placements: never two at once (children/service.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from carer_portal.children.service import overlapping, overlaps


@dataclass(frozen=True)
class P:
    child: str
    started_on: date
    ended_on: date | None
    name: str = ""


def d(day: int) -> date:
    return date(2024, 1, day)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ((1, 10), (11, 20), False),  # one after the other
        ((1, 10), (10, 20), False),  # moved on the day the next began
        ((1, 10), (9, 20), True),
        ((1, None), (5, 20), True),  # an open placement runs on
        ((5, 20), (1, None), True),
        ((1, 30), (5, 6), True),  # inside another
        ((1, None), (2, None), True),
        ((3, 5), (3, 5), True),
    ],
)
def test_overlaps_is_symmetric_and_lets_a_move_happen_in_a_day(a, b, expected) -> None:  # type: ignore[no-untyped-def]
    first = P("x", d(a[0]), d(a[1]) if a[1] else None)
    second = P("x", d(b[0]), d(b[1]) if b[1] else None)
    assert overlaps(first, second) is expected
    assert overlaps(second, first) is expected


def test_overlapping_pairs_only_one_childs_placements_and_finds_every_placement_that_overlaps() -> None:
    placements = [
        P("a", d(1), d(10), "a1"),
        P("a", d(10), d(20), "a2"),  # fine: moved on the 10th
        P("a", d(15), None, "a3"),  # overlaps a2
        P("b", d(5), d(25), "b1"),  # another child: never compared with a's
        P("b", d(26), None, "b2"),
        P("c", d(1), None, "c1"),
        P("c", d(2), d(3), "c2"),  # inside c1
        P("c", d(4), d(5), "c3"),  # inside c1 too, though not c2
    ]
    pairs = overlapping(placements, child=lambda p: p.child)
    assert {(x.name, y.name) for x, y in pairs} == {("a2", "a3"), ("c1", "c2"), ("c1", "c3")}
    assert all(overlaps(x, y) for x, y in pairs)
