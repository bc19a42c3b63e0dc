"""Importing needs profiles: rated on the framework in use, and a re-import updates, never adds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import profile_history
from tests.support.app import run_with_session
from tests.support.imports import (
    child_rows,
    children_file,
    csv_bytes,
    profile_header,
    profile_row,
    profiles_file,
    row_counts,
    run_import,
)


@pytest.fixture
def children(world):  # type: ignore[no-untyped-def]
    assert run_import(world, "ssw", "children", children_file(child_rows(3))).added == 3
    return world


def _problems(world, data: bytes) -> list[str]:  # type: ignore[no-untyped-def]
    before = row_counts(world.database_url)
    result = run_import(world, "admin", "profiles", data)
    assert not result.ok
    assert row_counts(world.database_url) == before, "a refused file wrote something"
    return [str(p) for p in result.problems]


def _history(world, case_id: str):  # type: ignore[no-untyped-def]
    async def read(session):  # type: ignore[no-untyped-def]
        from carer_portal.children.models import Child

        child = (await session.exec(select(Child).where(Child.external_ref == case_id))).one()
        return await profile_history(session, child_id=child.id, council_id=child.council_id)

    return run_with_session(world.database_url, read)


def test_a_profile_is_added_then_unchanged_then_updated_in_place(children) -> None:
    world = children
    rows = [profile_row("N1", "C00001", level=1), profile_row("N2", "C00002", level=3)]
    first = run_import(world, "ssw", "profiles", profiles_file(rows))
    assert (first.added, first.changed, first.unchanged) == (2, 0, 0)
    (version,) = _history(world, "C00001")
    assert version.level("health") == 1 and version.profile.strengths == "Kind to younger children"
    assert version.ratings["identity"].note == "About identity"

    again = run_import(world, "ssw", "profiles", profiles_file(rows))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)

    header = profile_header()
    rows[0][header.index("level_education")] = "4"
    rows[0][header.index("routines")] = "Bath, story, bed by eight"
    changed = run_import(world, "ssw", "profiles", profiles_file(rows))
    assert (changed.added, changed.changed, changed.unchanged) == (0, 1, 1)
    (version,) = _history(world, "C00001")  # updated, not a second profile
    assert version.level("education") == 4 and version.level("health") == 1
    assert version.profile.routines == "Bath, story, bed by eight"

    async def ratings(session):  # type: ignore[no-untyped-def]
        return len((await session.exec(select(NeedsRating))).all())

    assert run_with_session(world.database_url, ratings) == 2 * 7


def test_levels_out_of_range_or_not_numbers_are_named(children) -> None:
    header = profile_header()
    row = profile_row("N1", "C00001")
    row[header.index("level_health")] = "5"
    row[header.index("level_identity")] = "two"
    row[header.index("level_self-care")] = "-1"
    row[header.index("level_education")] = ""
    assert _problems(children, profiles_file([row])) == [
        "Line 2, column level_health: 5 is out of range. Levels go from 0 to 4.",
        "Line 2, column level_education: is empty. Every row needs a value here.",
        "Line 2, column level_identity: two is not a number. Use a whole number from 0 to 4.",
        "Line 2, column level_self-care: -1 is out of range. Levels go from 0 to 4.",
    ]


def test_unknown_domains_and_missing_columns_are_named(children) -> None:
    header = [name for name in profile_header() if name != "note_health"] + ["level_wellbeing", "colour"]
    (domains, unknown, missing) = sorted(_problems(children, csv_bytes(header, [])))
    assert missing == "Line 1: the header is missing the column note_health. Add it."
    assert unknown == "Line 1: the header has the column colour we do not know. Remove or rename it."
    assert domains.startswith(
        "Line 1: the column level_wellbeing names a domain the needs framework does not have. "
        "Its domains are: health, education,"
    )


def test_ids_dates_and_children_are_checked(children) -> None:
    tomorrow = (children.today + timedelta(days=1)).isoformat()
    rows = [
        profile_row("N1", "C00001", assessed_on=tomorrow),
        profile_row("N2", "C404"),
        profile_row("N2", "C00002", assessed_on="2024-02-31"),
        profile_row("", "C00003"),
    ]
    assert _problems(children, profiles_file(rows)) == [
        f"Line 2, column assessed_on: {tomorrow} is in the future. An assessment cannot be after today.",
        "Line 3, column case_id: C404 is not a child we know. Import the children file first.",
        "Line 4, column profile_id: N2 is also on line 3. Each id can appear only once.",
        "Line 4, column assessed_on: 2024-02-31 is not a real date. Use YYYY-MM-DD or DD/MM/YYYY.",
        "Line 5, column profile_id: is empty. Every row needs a value here.",
    ]


def test_imported_profiles_are_the_importing_councils(children) -> None:
    assert run_import(children, "ssw", "profiles", profiles_file([profile_row("N1", "C00001")])).added == 1

    async def councils(session):  # type: ignore[no-untyped-def]
        return {p.council_id for p in (await session.exec(select(NeedsProfile))).all()}

    assert run_with_session(children.database_url, councils) == {children.councils["eastbrook"].id}
    refused = run_import(children, "west_ssw", "profiles", profiles_file([profile_row("N1", "C00001")]))
    assert [p.column for p in refused.problems] == ["case_id"]
