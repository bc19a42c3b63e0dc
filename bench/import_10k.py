"""Importing case records at 10,000 rows: children, then placements, then needs profiles, each
imported twice (added, then all unchanged), on SQLite and, when reachable, PostgreSQL.

    .venv/bin/python -m bench.import_10k [--rows 10000]

Prints the seconds each import took and exits 1 if any took longer than the budget (60 s), as
the issue asks: "10,000 rows import in under a minute here". Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import postgres_admin_url, scratch_postgres
from carer_portal.children.imports.checks import CHILD_COLUMNS, PLACEMENT_COLUMNS, profile_columns
from carer_portal.children.imports.reading import Kind
from carer_portal.children.imports.service import import_case_records
from carer_portal.children.needs.framework import default_framework
from carer_portal.config import async_database_url
from carer_portal.db import create_engine, session_factory
from carer_portal.migrate import upgrade
from carer_portal.people.models import Council, Household, Role, User
from carer_portal.security.actor import Actor

BUDGET_SECONDS = 60.0


def _csv(header, rows) -> bytes:  # type: ignore[no-untyped-def]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def files(rows: int) -> dict[Kind, bytes]:
    framework = default_framework()
    header = profile_columns(framework)

    def profile(n: int) -> list[str]:
        values = {"profile_id": f"N{n}", "case_id": f"C{n:06d}", "assessed_on": "2025-01-10"}
        for domain in framework.domains:
            values[f"level_{domain.key}"] = str(n % (domain.top + 1))
            values[f"note_{domain.key}"] = "A short note about how things are going at the moment."
        values["strengths"] = "Loves football and is kind to younger children."
        values["what_helps"] = "A calm voice, and knowing what happens next."
        return [values.get(name, "") for name in header]

    return {
        Kind.CHILDREN: _csv(
            CHILD_COLUMNS, ([f"C{n:06d}", "Sam", "Example", "", "2014-05-06"] for n in range(1, rows + 1))
        ),
        Kind.PLACEMENTS: _csv(
            PLACEMENT_COLUMNS,
            ([f"P{n}", f"C{n:06d}", f"Household {n % 50}", "2024-01-01", ""] for n in range(1, rows + 1)),
        ),
        Kind.PROFILES: _csv(header, (profile(n) for n in range(1, rows + 1))),
    }


async def _run(database_url: str, rows: int) -> list[tuple[str, float, str]]:
    engine = create_engine(database_url)
    timings = []
    try:
        async with session_factory(engine)() as session:
            council = Council(slug="bench", name="Bench Council")
            session.add(council)
            await session.flush()
            ssw = User(
                council_id=council.id,
                email="ssw@bench.example",
                display_name="Bench SSW",
                role=Role.SUPERVISING_SOCIAL_WORKER,
            )
            session.add(ssw)
            session.add_all(Household(council_id=council.id, name=f"Household {n}") for n in range(50))
            await session.commit()
            actor = Actor.from_user(ssw)
        for kind, data in files(rows).items():
            for attempt in ("first", "again"):
                async with session_factory(engine)() as session:
                    started = time.perf_counter()
                    result = await import_case_records(
                        session=session, actor=actor, kind=kind, data=data, today=date.today()
                    )
                    seconds = time.perf_counter() - started
                assert result is not None and result.ok, result and result.problems[:3]
                expected = (rows, 0, 0) if attempt == "first" else (0, 0, rows)
                assert (result.added, result.changed, result.unchanged) == expected, result
                timings.append((f"{kind.value} ({attempt})", seconds, f"{len(data) / 1e6:.1f} MB"))
    finally:
        await engine.dispose()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    over = []
    with tempfile.TemporaryDirectory() as directory:
        sqlite_url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        upgrade(sqlite_url)
        admin_url, why_not = postgres_admin_url()
        for label, seconds, size in asyncio.run(_run(sqlite_url, args.rows)):
            print(f"{'sqlite':<10} {label:<22} {size:>8} {seconds:6.1f} s")
            over += [("sqlite", label, seconds)] if seconds > BUDGET_SECONDS else []
        if admin_url is None:
            print(f"postgresql skipped: {why_not}")
        else:
            with scratch_postgres(admin_url, "import") as url:
                upgrade(async_database_url(url))
                for label, seconds, size in asyncio.run(_run(async_database_url(url), args.rows)):
                    print(f"{'postgresql':<10} {label:<22} {size:>8} {seconds:6.1f} s")
                    over += [("postgresql", label, seconds)] if seconds > BUDGET_SECONDS else []
    for name, label, seconds in over:
        print(
            f"OVER BUDGET: {name} {label} took {seconds:.1f} s (budget {BUDGET_SECONDS:.0f} s)",
            file=sys.stderr,
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
