"""Fill a PostgreSQL database with England-sized recruitment data, deterministically.

About 125,000 fostering enquiries a year for 5 years, shared between councils of very different
sizes (or all in one with ``--councils 1``), each with its history of stages, motivation answers,
carers' invites and the enquiries they brought, stories and information events. Every choice comes
from ``random.Random`` seeded from ``--seed``, the council's number and ``--end-date``: the same
arguments give the same rows. Enquiries with no progress for 12 months are anonymised, as the
worker's retention job would have done.

    python -m bench.generate_national --database-url postgresql://postgres@127.0.0.1:5432/scratch
    python -m bench.generate_national --database-url ... --enquiries-per-year 500 --years 1 --councils 3

The database must exist and be empty; it is migrated first. Rows go in with COPY; the dashboard's
rollup of stages reached is then counted from the histories, as the app's loaders do.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import UTC, date, datetime, timedelta

import asyncpg

import carer_portal.models  # noqa: F401 - every table in the metadata
from bench.common import plain_postgres_url
from bench.national_rows import Council, council_sizes
from carer_portal.config import async_database_url
from carer_portal.db import create_engine, metadata, session_factory
from carer_portal.migrate import upgrade
from carer_portal.recruitment.enquiries.stage_rollup import rebuild_stage_rollup

BATCH = 20_000


class Writer:
    """COPY rows into tables, columns in the order the models declare them."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self.counts: dict[str, int] = {}

    async def copy(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        columns = [column.name for column in metadata.tables[table].columns]
        records = [tuple(row.get(name) for name in columns) for row in rows]
        await self.connection.copy_records_to_table(table, records=records, columns=columns)
        self.counts[table] = self.counts.get(table, 0) + len(rows)


async def generate(
    database_url: str,
    *,
    enquiries_per_year: int = 125_000,
    years: int = 5,
    councils: int = 150,
    seed: int = 6,
    end: datetime | None = None,
    log: bool = False,
) -> dict:
    """Migrate the (empty) database at ``database_url`` and fill it. Returns row counts and the councils."""
    end = (end or datetime.now(UTC)).astimezone(UTC)
    started = time.perf_counter()
    await asyncio.to_thread(upgrade, async_database_url(database_url))
    connection = await asyncpg.connect(plain_postgres_url(database_url))
    writer = Writer(connection)
    sizes = council_sizes(enquiries_per_year * years, councils, seed)
    made = []
    try:
        # Loading is quicker with the plain indexes built afterwards, and without checking each
        # foreign key row by row (the rows are made consistent). Unique indexes stay throughout.
        await connection.execute("SET synchronous_commit = off")
        indexes = await _drop_plain_indexes(connection)
        await connection.execute("SET session_replication_role = replica")
        for number, size in enumerate(sizes, start=1):
            council = Council(number, size, seed=seed, years=years, end=end)
            people = council.people()
            for table, key in (
                ("council", "council"),
                ("app_user", "staff"),
                ("household", "household"),
                ("app_user", "carers"),
                ("carer_invite", "carer_invite"),
                ("story", "story"),
                ("info_event", "info_event"),
            ):
                await writer.copy(table, people[key])
            batch: tuple[list, list, list] = ([], [], [])
            for enquiry, changes, answers in council.enquiry_rows():
                batch[0].append(enquiry)
                batch[1].extend(changes)
                batch[2].extend(answers)
                if len(batch[0]) >= BATCH:
                    await _flush(writer, batch)
                    batch = ([], [], [])
            await _flush(writer, batch)
            made.append({"id": str(council.id), "slug": council.slug, "enquiries": size})
            if log and (number % 25 == 0 or number == len(sizes)):
                print(
                    f"  {number}/{len(sizes)} councils, {writer.counts.get('enquiry', 0):,} enquiries, "
                    f"{time.perf_counter() - started:.0f} s",
                    flush=True,
                )
        await connection.execute("SET session_replication_role = DEFAULT")
        for definition in indexes:
            await connection.execute(definition)
        await _count_stages_reached(database_url)
        for table in (
            "enquiry",
            "enquiry_stage_change",
            "enquiry_stage_rollup",
            "motivation_answer",
            "app_user",
            "story",
            "household",
        ):
            await connection.execute(f"VACUUM ANALYZE {table}")  # what autovacuum would have done by now
    finally:
        await connection.close()
    return {
        "rows": writer.counts,
        "councils": made,
        "seconds": round(time.perf_counter() - started, 1),
        "seed": seed,
        "end": end.isoformat(timespec="seconds"),
        "years": years,
        "enquiries_per_year": enquiries_per_year,
    }


async def _drop_plain_indexes(connection: asyncpg.Connection) -> list[str]:
    """Drop the migrations' non-unique indexes on the big tables; returns how to make them again."""
    rows = await connection.fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1) "
        "AND indexdef NOT LIKE 'CREATE UNIQUE%'",
        ["enquiry", "enquiry_stage_change", "motivation_answer"],
    )
    for row in rows:
        await connection.execute(f'DROP INDEX "{row["indexname"]}"')
    return [row["indexdef"] for row in rows]


async def _count_stages_reached(database_url: str) -> None:
    """The dashboard's rollup of stages reached, counted from the histories just copied in."""
    engine = create_engine(async_database_url(database_url))
    try:
        async with session_factory(engine)() as session:
            await rebuild_stage_rollup(session)
            await session.commit()
    finally:
        await engine.dispose()


async def _flush(writer: Writer, batch: tuple[list, list, list]) -> None:
    await writer.copy("enquiry", batch[0])
    await writer.copy("enquiry_stage_change", batch[1])
    await writer.copy("motivation_answer", batch[2])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--enquiries-per-year", type=int, default=125_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=None,
        help="the day the data ends (default today); fix it to reproduce rows exactly",
    )
    options = parser.parse_args()
    end = (
        datetime.combine(options.end_date, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
        if options.end_date
        else None
    )
    result = asyncio.run(
        generate(
            options.database_url,
            enquiries_per_year=options.enquiries_per_year,
            years=options.years,
            councils=options.councils,
            seed=options.seed,
            end=end,
            log=True,
        )
    )
    print(f"Done in {result['seconds']} s: " + ", ".join(f"{n:,} {t}" for t, n in result["rows"].items()))


if __name__ == "__main__":
    main()
