"""Files of the size a council exports: every row arrives, once, and a re-import changes nothing.
(The time is measured by bench/import_10k.py, not asserted here.)"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from carer_portal.children.models import Child, Placement
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from tests.support.app import run_with_session
from tests.support.imports import (
    child_rows,
    children_file,
    placements_file,
    profile_row,
    profiles_file,
    run_import,
)


def _count(world, model) -> int:  # type: ignore[no-untyped-def]
    async def count(session):  # type: ignore[no-untyped-def]
        return (await session.exec(select(func.count()).select_from(model))).one()

    return run_with_session(world.database_url, count)


def test_ten_thousand_children_then_placements_and_profiles_for_thousands(world) -> None:
    before = _count(world, Child)
    data = children_file(child_rows(10_000))
    result = run_import(world, "ssw", "children", data)
    assert (result.rows, result.added, result.changed, result.unchanged) == (10_000, 10_000, 0, 0)
    assert _count(world, Child) == before + 10_000
    again = run_import(world, "ssw", "children", data)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 10_000)
    assert _count(world, Child) == before + 10_000

    households = ("The Own household", "The Other household")
    placements = [
        [f"P{n}", f"C{n:05d}", households[n % 2], "2024-01-01" if n % 2 else "01/03/2023", ""]
        for n in range(1, 4_001)
    ]
    placed = run_import(world, "admin", "placements", placements_file(placements))
    assert (placed.added, placed.unchanged) == (4_000, 0)
    assert _count(world, Placement) == len(world.placements) + 4_000

    profiles = [profile_row(f"N{n}", f"C{n:05d}", level=n % 5) for n in range(1, 3_001)]
    rated = run_import(world, "ssw", "profiles", profiles_file(profiles))
    assert (rated.added, rated.changed) == (3_000, 0)
    assert _count(world, NeedsProfile) == 3_000 and _count(world, NeedsRating) == 3_000 * 7
    redone = run_import(world, "ssw", "profiles", profiles_file(profiles))
    assert (redone.added, redone.changed, redone.unchanged) == (0, 0, 3_000)
