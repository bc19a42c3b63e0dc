"""The schema comes from the migrations, and the migrations must match the models."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel, select

import carer_portal.models  # noqa: F401
from carer_portal.db import create_engine
from carer_portal.migrate import alembic_config, current_revision_sync, head_revision, upgrade
from carer_portal.people.models import Council
from carer_portal.recruitment.enquiries.models import Channel, Enquiry, EnquiryStageChange, EnquiryStageRollup
from carer_portal.recruitment.enquiries.models import EnquiryStage as S
from tests.support.app import run_with_session
from tests.support.databases import PostgresDatabases, sqlite_url


def _diff(database_url: str) -> list:
    async def compare() -> list:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda sync: compare_metadata(
                        MigrationContext.configure(sync, opts={"compare_type": True}), SQLModel.metadata
                    )
                )
        finally:
            await engine.dispose()

    return asyncio.run(compare())


def test_models_and_migrations_have_not_drifted(database_url: str) -> None:
    differences = _diff(database_url)
    assert differences == [], (
        "The models and the migrations disagree. Write a migration with "
        "`carer-portal make-migration 'what changed'`, then review it.\n" + "\n".join(map(str, differences))
    )


def test_migrations_run_up_and_down_on_a_fresh_sqlite_file(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "fresh.sqlite3")
    upgrade(url)
    assert current_revision_sync(url) == head_revision()
    command.downgrade(alembic_config(url), "base")
    assert current_revision_sync(url) is None
    upgrade(url)
    assert current_revision_sync(url) == head_revision()


def test_migrations_run_up_and_down_on_fresh_postgresql(postgres: PostgresDatabases | None) -> None:
    if postgres is None:
        pytest.skip("CARER_PORTAL_TEST_DATABASE_URL is not set")
    name, url = postgres.fresh_empty()
    try:
        upgrade(url)
        assert current_revision_sync(url) == head_revision()
        command.downgrade(alembic_config(url), "base")
        upgrade(url)
        assert _diff(url) == []
    finally:
        postgres.drop(name)


def test_every_people_data_table_carries_council_id() -> None:
    exempt = {"council", "alembic_version"}
    missing = [
        name
        for name, table in SQLModel.metadata.tables.items()
        if name not in exempt and "council_id" not in table.columns
    ]
    assert missing == []


def test_migration_files_are_date_prefixed() -> None:
    versions = Path(__file__).resolve().parents[3] / "migrations" / "versions"
    names = [p.name for p in versions.glob("*.py")]
    assert names
    assert all(name[:10].replace("-", "").isdigit() and name[4] == "-" for name in names)


BEFORE_THE_ROLLUP = "a41c7e9d2f60"
# The enquiry table as it was at that revision: today's, less the columns added since.
ENQUIRY_COLUMNS_ADDED_SINCE = {"access_link_generation", "new_link_sent_at"}
ENQUIRY_THEN = sa.table(
    "enquiry",
    *[
        sa.column(column.name, column.type)
        for column in Enquiry.__table__.columns  # type: ignore[attr-defined]
        if column.name not in ENQUIRY_COLUMNS_ADDED_SINCE
    ],
)


def _rollup_made_from_the_history_kept(url: str) -> dict:
    """Keep some history at the revision before the stage rollup (one council's), then migrate.

    Enquiries are written as that revision's table had them (``ENQUIRY_THEN``); the other rows
    with today's models: if their tables change, write them here as they were then too."""
    upgrade(url, BEFORE_THE_ROLLUP)
    monday_in_bst = datetime(2025, 3, 30, 23, 30, tzinfo=UTC)  # 00:30 on Monday 31 March, UK time
    sunday_in_gmt = datetime(2025, 3, 9, 23, 30, tzinfo=UTC)  # still the week of Monday 3 March

    async def keep(session):  # type: ignore[no-untyped-def]
        council = Council(slug="eastbrook", name="Eastbrook Council")
        session.add(council)
        for source, moves in (
            (Channel.WEB, [S.FIRST_CONVERSATION, S.HOME_VISIT, S.FIRST_CONVERSATION]),  # back once
            (Channel.EVENT, [S.WITHDRAWN]),
        ):
            enquiry = Enquiry(council_id=council.id, name="A", email="a@example.com", postcode="EB1 1AA")
            enquiry.source = source
            await session.flush()
            then = {column.name: getattr(enquiry, column.name) for column in ENQUIRY_THEN.columns}
            await session.exec(sa.insert(ENQUIRY_THEN).values(**then))
            first = monday_in_bst if source is Channel.WEB else sunday_in_gmt
            for days, to_stage in enumerate([S.ENQUIRY, *moves]):
                at = first + timedelta(days=days - 1)
                change = EnquiryStageChange(council_id=council.id, enquiry_id=enquiry.id, to_stage=to_stage)
                change.changed_at = at
                session.add(change)
        await session.commit()

    run_with_session(url, keep)
    upgrade(url)

    async def read(session):  # type: ignore[no-untyped-def]
        r = EnquiryStageRollup
        rows = (await session.exec(select(r.channel, r.stage, r.week_starting, r.reached))).all()
        return {(channel, stage, week): reached for channel, stage, week, reached in rows}

    return run_with_session(url, read)


ROLLUP_FROM_THE_HISTORY_KEPT = {
    (Channel.WEB, S.FIRST_CONVERSATION, date(2025, 3, 31)): 1,
    (Channel.WEB, S.HOME_VISIT, date(2025, 3, 31)): 1,
    (Channel.EVENT, S.WITHDRAWN, date(2025, 3, 3)): 1,
}


def test_the_stage_rollup_migration_counts_the_history_kept_on_sqlite(tmp_path: Path) -> None:
    counted = _rollup_made_from_the_history_kept(sqlite_url(tmp_path / "kept.sqlite3"))
    assert counted == ROLLUP_FROM_THE_HISTORY_KEPT


def test_the_stage_rollup_migration_counts_the_history_kept_on_postgresql(
    postgres: PostgresDatabases | None,
) -> None:
    if postgres is None:
        pytest.skip("CARER_PORTAL_TEST_DATABASE_URL is not set")
    name, url = postgres.fresh_empty()
    try:
        assert _rollup_made_from_the_history_kept(url) == ROLLUP_FROM_THE_HISTORY_KEPT
    finally:
        postgres.drop(name)
