"""Building case-record CSV files for the import tests, and running an import against a world."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import SQLModel

from carer_portal.children.imports.checks import CHILD_COLUMNS, PLACEMENT_COLUMNS, profile_columns
from carer_portal.children.imports.reading import Kind
from carer_portal.children.imports.service import ImportResult, import_case_records
from carer_portal.children.needs.framework import default_framework
from tests.support.app import run_with_session

# Names no other test data uses, so the leak scan would notice one in a log line.
FIRST_NAMES = ("Perpetua", "Evander", "Clementine", "Leopold")
LAST_NAME = "Ashdown"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]], *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def child_rows(count: int, *, start: int = 1, born: date = date(2015, 3, 14)) -> list[list[str]]:
    return [
        [f"C{n:05d}", FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAME, "" if n % 3 else "Pip", born.isoformat()]
        for n in range(start, start + count)
    ]


def children_file(rows: Iterable[Sequence[object]]) -> bytes:
    return csv_bytes(CHILD_COLUMNS, rows)


def placements_file(rows: Iterable[Sequence[object]]) -> bytes:
    return csv_bytes(PLACEMENT_COLUMNS, rows)


def profile_header() -> tuple[str, ...]:
    return profile_columns(default_framework())


def profile_row(
    profile_id: str, case_id: str, assessed_on: str = "2025-01-10", level: object = 2
) -> list[str]:
    """A row with every domain at ``level`` and a note for each, in the header's order."""
    values = {"profile_id": profile_id, "case_id": case_id, "assessed_on": assessed_on}
    for domain in default_framework().domains:
        values[f"level_{domain.key}"] = str(level)
        values[f"note_{domain.key}"] = f"About {domain.title.lower()}"
    values["strengths"] = "Kind to younger children"
    return [values.get(name, "") for name in profile_header()]


def profiles_file(rows: Iterable[Sequence[object]]) -> bytes:
    return csv_bytes(profile_header(), rows)


def run_import(world, who: str, kind: Kind | str, data: bytes, *, today: date | None = None) -> ImportResult:  # type: ignore[no-untyped-def]
    async def work(session):  # type: ignore[no-untyped-def]
        return await import_case_records(
            session=session, actor=world.actor(who), kind=Kind(kind), data=data, today=today or world.today
        )

    return run_with_session(world.database_url, work)


def row_counts(database_url: str) -> dict[str, int]:
    async def count(session):  # type: ignore[no-untyped-def]
        return {
            table.name: (await session.exec(select(func.count()).select_from(table))).one()[0]
            for table in SQLModel.metadata.sorted_tables
        }

    return run_with_session(database_url, count)


def days_ago(world, days: int) -> str:  # type: ignore[no-untyped-def]
    return (world.today - timedelta(days=days)).isoformat()
