"""Importing children: every problem named by line and column, all rows or none, idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from carer_portal.children.imports import service
from carer_portal.children.imports.reading import BOM
from carer_portal.children.models import Child
from tests.support.app import run_with_session
from tests.support.imports import (
    child_rows,
    children_file,
    csv_bytes,
    row_counts,
    run_import,
)

GOOD = ["C9", "Perpetua", "Ashdown", "", "2016-05-01"]


def _problems(world, rows) -> list[str]:  # type: ignore[no-untyped-def]
    result = run_import(world, "ssw", "children", children_file(rows))
    assert not result.ok
    return [str(p) for p in result.problems]


def _tomorrow(world) -> str:  # type: ignore[no-untyped-def]
    return (world.today + timedelta(days=1)).isoformat()


# Each bad row, with the one problem it must be reported with (it sits on line 3 below).
BAD_ROWS = {
    "impossible date": (
        ["C9", "Perpetua", "Ashdown", "", "31/02/2015"],
        "Line 3, column date_of_birth: 31/02/2015 is not a real date. Use YYYY-MM-DD or DD/MM/YYYY.",
    ),
    "not a date": (
        ["C9", "Perpetua", "Ashdown", "", "last spring"],
        "Line 3, column date_of_birth: last spring is not a real date. Use YYYY-MM-DD or DD/MM/YYYY.",
    ),
    "empty case id": (["", "Perpetua", "Ashdown", "", "2016-05-01"], "Line 3, column case_id: is empty."),
    "empty first name": (["C9", "", "Ashdown", "", "2016-05-01"], "Line 3, column first_name: is empty."),
    "empty last name": (["C9", "Perpetua", "", "", "2016-05-01"], "Line 3, column last_name: is empty."),
    "empty date of birth": (["C9", "Perpetua", "Ashdown", "", ""], "Line 3, column date_of_birth: is empty."),
    "duplicate case id": (
        ["C00001", "Perpetua", "Ashdown", "", "2016-05-01"],
        "Line 3, column case_id: C00001 is also on line 2. Each id can appear only once.",
    ),
    "control character": (
        ["C9", "Perpe\x07tua", "Ashdown", "", "2016-05-01"],
        "Line 3, column first_name: contains a character we cannot accept",
    ),
    "too long": (["C9", "P" * 101, "Ashdown", "", "2016-05-01"], "Line 3, column first_name: is too long"),
}


@pytest.mark.parametrize("bad", list(BAD_ROWS), ids=list(BAD_ROWS))
def test_each_bad_value_is_named_by_line_and_column(world, bad: str) -> None:
    row, expected = BAD_ROWS[bad]
    problems = _problems(world, [*child_rows(1), row, *child_rows(2, start=2)])
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_a_birth_in_the_future_is_refused(world) -> None:
    problems = _problems(world, [["C9", "Perpetua", "Ashdown", "", _tomorrow(world)]])
    assert problems == [
        f"Line 2, column date_of_birth: {_tomorrow(world)} is in the future. "
        "A date of birth cannot be after today."
    ]


def test_every_problem_in_the_file_is_listed_in_one_go(world) -> None:
    rows = [["", "", "Ashdown", "", "31/02/2015"], GOOD, ["C9", "Evander", "", "", "2016-01-01"]]
    assert [p.split(":")[0] for p in _problems(world, rows)] == [
        "Line 2, column case_id",
        "Line 2, column first_name",
        "Line 2, column date_of_birth",
        "Line 4, column case_id",
        "Line 4, column last_name",
    ]


@pytest.mark.parametrize("position", [0, 3, 7])
@pytest.mark.parametrize("bad", list(BAD_ROWS), ids=list(BAD_ROWS))
def test_any_single_bad_row_anywhere_means_nothing_is_written(world, bad: str, position: int) -> None:
    rows = child_rows(7, start=100)  # the duplicate's partner is C00001, added here
    rows.insert(0, ["C00001", "Leopold", "Ashdown", "", "2014-01-01"])
    rows.insert(position + 1, BAD_ROWS[bad][0])
    before = row_counts(world.database_url)
    result = run_import(world, "ssw", "children", children_file(rows))
    assert not result.ok
    assert row_counts(world.database_url) == before


def test_a_database_error_midway_leaves_nothing_half_written(world, monkeypatch) -> None:
    async def fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT INTO audit_event", {}, Exception("disk I/O error"))

    monkeypatch.setattr(service, "record_each", fails)  # after the children are inserted
    before = row_counts(world.database_url)
    result = run_import(world, "ssw", "children", children_file(child_rows(50)))
    assert [str(p) for p in result.problems] == [service.SAVE_FAILED]
    assert row_counts(world.database_url) == before


def _children(world) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    async def read(session):  # type: ignore[no-untyped-def]
        rows = (await session.exec(select(Child).where(Child.external_ref.is_not(None)))).all()  # type: ignore[union-attr]
        return {c.external_ref: (c.council_id, c.first_name, c.known_as, c.date_of_birth) for c in rows}

    return run_with_session(world.database_url, read)


def test_importing_the_same_file_again_changes_nothing_and_a_changed_row_updates(world) -> None:
    data = children_file(child_rows(20))
    first = run_import(world, "ssw", "children", data)
    assert (first.added, first.changed, first.unchanged) == (20, 0, 0)
    held = _children(world)
    counts = row_counts(world.database_url)

    again = run_import(world, "ssw", "children", data)
    assert (again.rows, again.added, again.changed, again.unchanged) == (20, 0, 0, 20)
    assert _children(world) == held
    assert {k: v for k, v in row_counts(world.database_url).items() if k != "audit_event"} == {
        k: v for k, v in counts.items() if k != "audit_event"
    }

    rows = child_rows(20)
    rows[4][3] = "Bramble"  # a new known-as name
    rows[9][4] = "2015-03-15"  # a corrected date of birth
    rows.append(["C00099", "Clementine", "Ashdown", "", "2013-07-07"])
    changed = run_import(world, "ssw", "children", children_file(rows))
    assert (changed.added, changed.changed, changed.unchanged) == (1, 2, 18)
    after = _children(world)
    assert len(after) == 21
    assert after["C00005"][2] == "Bramble" and str(after["C00010"][3]) == "2015-03-15"


def test_a_byte_order_mark_is_fine_and_latin_1_is_refused(world) -> None:
    data = children_file([["C1", "Zoë", "Ashdown", "", "2015-01-01"]])
    assert run_import(world, "ssw", "children", BOM + data).added == 1
    latin = csv_bytes(
        ("case_id", "first_name", "last_name", "known_as", "date_of_birth"),
        [["C2", "Zoë", "Ashdown", "", "2015-01-01"]],
        encoding="latin-1",
    )
    before = row_counts(world.database_url)
    result = run_import(world, "ssw", "children", latin)
    assert [p.line for p in result.problems] == [2] and "not in UTF-8" in str(result.problems[0])
    assert row_counts(world.database_url) == before


def test_each_council_imports_into_its_own_records(world) -> None:
    data = children_file(child_rows(3))
    assert run_import(world, "ssw", "children", data).added == 3
    # The same case numbers in another council are that council's own children, not a match.
    assert run_import(world, "west_admin", "children", data).added == 3
    assert run_import(world, "admin", "children", data).unchanged == 3

    async def per_council(session):  # type: ignore[no-untyped-def]
        rows = (await session.exec(select(Child.council_id).where(Child.external_ref.is_not(None)))).all()  # type: ignore[union-attr]
        return sorted(str(c) for c in rows)

    east, west = str(world.councils["eastbrook"].id), str(world.councils["westmere"].id)
    assert run_with_session(world.database_url, per_council) == sorted([east] * 3 + [west] * 3)


@pytest.mark.parametrize("who", ["carer", "officer", "manager", "enquirer"])
def test_only_social_workers_and_administrators_may_import(world, who: str) -> None:
    before = row_counts(world.database_url)
    assert run_import(world, who, "children", children_file(child_rows(2))) is None
    assert row_counts(world.database_url) == before
