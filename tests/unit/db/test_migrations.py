"""The schema comes from the migrations, and the migrations must match the models."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import carer_portal.models  # noqa: F401
from carer_portal.db import create_engine
from carer_portal.migrate import alembic_config, current_revision_sync, head_revision, upgrade
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
