"""Importing placements: households by name, dates in order, and never two homes at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from carer_portal.children.models import Child, Placement
from carer_portal.people.models import Household
from tests.support.app import run_with_session
from tests.support.imports import child_rows, children_file, placements_file, row_counts, run_import

OWN, OTHER = "The Own household", "The Other household"


@pytest.fixture
def children(world):  # type: ignore[no-untyped-def]
    """Five children imported (C00001 to C00005); the world's own children have no case ids."""
    assert run_import(world, "ssw", "children", children_file(child_rows(5))).added == 5
    return world


def _problems(world, rows) -> list[str]:  # type: ignore[no-untyped-def]
    before = row_counts(world.database_url)
    result = run_import(world, "ssw", "placements", placements_file(rows))
    assert not result.ok
    assert row_counts(world.database_url) == before, "a refused file wrote something"
    return [str(p) for p in result.problems]


def _placements(world) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    async def read(session):  # type: ignore[no-untyped-def]
        rows = (await session.exec(select(Placement).where(Placement.external_ref.is_not(None)))).all()  # type: ignore[union-attr]
        return {p.external_ref: (p.child_id, p.household_id, p.started_on, p.ended_on) for p in rows}

    return run_with_session(world.database_url, read)


def test_placements_are_added_then_unchanged_then_updated(children) -> None:
    world = children
    rows = [
        ["P1", "C00001", OWN, "2024-01-01", "2024-06-30"],
        ["P2", "C00001", "the other household", "30/06/2024", ""],  # moved that day; any case
        ["P3", "C00002", OTHER, "2024-02-01", ""],
    ]
    first = run_import(world, "ssw", "placements", placements_file(rows))
    assert (first.added, first.changed, first.unchanged) == (3, 0, 0)
    again = run_import(world, "admin", "placements", placements_file(rows))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)

    rows[2][4] = "2024-09-01"  # P3 ended
    changed = run_import(world, "ssw", "placements", placements_file(rows))
    assert (changed.added, changed.changed, changed.unchanged) == (0, 1, 2)
    held = _placements(world)
    assert len(held) == 3 and held["P3"][3] == date(2024, 9, 1)
    assert held["P2"][1] == world.households["other"].id  # this council's, not Westmere's


def test_unknown_children_and_households_are_named(children) -> None:
    assert _problems(
        children, [["P1", "C404", OWN, "2024-01-01", ""], ["P2", "C00001", "Nobody's", "2024-01-01", ""]]
    ) == [
        "Line 2, column case_id: C404 is not a child we know. Import the children file first.",
        "Line 3, column household: Nobody's is not the name of one of the council's households.",
    ]


def test_another_councils_children_are_unknown_here(children) -> None:
    result = run_import(
        children, "west_ssw", "placements", placements_file([["P1", "C00001", OWN, "2024-01-01", ""]])
    )
    assert [str(p) for p in result.problems] == [
        "Line 2, column case_id: C00001 is not a child we know. Import the children file first."
    ]


def test_two_households_with_one_name_must_be_told_apart_first(children) -> None:
    async def twin(session):  # type: ignore[no-untyped-def]
        session.add(Household(council_id=children.councils["eastbrook"].id, name="the own household"))
        await session.commit()

    run_with_session(children.database_url, twin)
    assert _problems(children, [["P1", "C00001", OWN, "2024-01-01", ""]]) == [
        "Line 2, column household: 2 households are called The Own household: rename one first."
    ]


def test_dates_must_be_real_in_order_and_a_start_not_in_the_future(children) -> None:
    tomorrow = (children.today + timedelta(days=1)).isoformat()
    assert _problems(
        children,
        [
            ["P1", "C00001", OWN, "2024-03-01", "2024-02-01"],
            ["P2", "C00002", OWN, tomorrow, ""],
            ["P3", "C00003", OWN, "2024-02-30", ""],
            ["P4", "C00004", OWN, "", ""],
            ["P4", "C00005", OWN, "2024-01-01", ""],
        ],
    ) == [
        "Line 2, column ended_on: 2024-02-01 is before the placement started.",
        f"Line 3, column started_on: {tomorrow} is in the future. A placement's start cannot be after today.",
        "Line 4, column started_on: 2024-02-30 is not a real date. Use YYYY-MM-DD or DD/MM/YYYY.",
        "Line 5, column started_on: is empty. Every row needs a value here.",
        "Line 6, column placement_id: P4 is also on line 5. Each id can appear only once.",
    ]


def test_placements_overlapping_in_the_file_are_refused(children) -> None:
    assert _problems(
        children,
        [
            ["P1", "C00001", OWN, "2024-01-01", "2024-06-30"],
            ["P2", "C00002", OWN, "2024-01-01", ""],
            ["P3", "C00001", OTHER, "2024-06-01", ""],
        ],
    ) == [
        "Line 4, column started_on: this placement overlaps placement P1 on line 2 (from 2024-01-01 to "
        "2024-06-30) for the same child. A child can live in one place at a time."
    ]


def test_a_placement_overlapping_one_already_recorded_is_refused(children) -> None:
    world = children
    assert run_import(
        world, "ssw", "placements", placements_file([["P1", "C00001", OWN, "2024-01-01", ""]])
    ).ok
    assert _problems(world, [["P2", "C00001", OTHER, "2024-05-01", ""]]) == [
        "Line 2, column started_on: this placement overlaps placement P1, already recorded, (from "
        "2024-01-01 with no end) for the same child. A child can live in one place at a time."
    ]
    # The same file that ends P1 the day P2 starts is fine: P1 is judged as the file has it.
    result = run_import(
        world,
        "ssw",
        "placements",
        placements_file(
            [["P1", "C00001", OWN, "2024-01-01", "2024-05-01"], ["P2", "C00001", OTHER, "2024-05-01", ""]]
        ),
    )
    assert (result.added, result.changed) == (1, 1)


def test_a_placement_made_in_the_portal_counts_too(children) -> None:
    """A placement with no case-system id (recorded here) still holds the child's dates."""
    world = children

    async def give_case_id(session):  # type: ignore[no-untyped-def]
        child = await session.get(Child, world.children["current"].id)
        child.external_ref = "C-TALL"
        await session.commit()

    run_with_session(world.database_url, give_case_id)
    started = world.today - timedelta(days=200)
    problems = _problems(world, [["P9", "C-TALL", OTHER, (started + timedelta(days=10)).isoformat(), ""]])
    assert problems == [
        "Line 2, column started_on: this placement overlaps a placement already recorded (from "
        f"{started.isoformat()} with no end) for the same child. A child can live in one place at a time."
    ]
