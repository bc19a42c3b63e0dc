from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite

from carer_portal.db import StrEnumType, UTCDateTime, create_engine
from carer_portal.people.models import Role
from tests.support.app import run_with_session


def test_sqlite_runs_in_wal_mode_with_foreign_keys_enforced(tmp_path: Path) -> None:
    async def pragmas() -> tuple[str, int]:
        engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
        try:
            async with engine.connect() as connection:
                journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
                foreign_keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
                return journal, foreign_keys
        finally:
            await engine.dispose()

    assert asyncio.run(pragmas()) == ("wal", 1)


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+aiosqlite", "sqlite+pysqlite"])
def test_every_sqlite_url_runs_on_our_own_driver(tmp_path: Path, scheme: str) -> None:
    # sqlite+aiosqlite:// is what the settings once produced: it must keep working without aiosqlite.
    engine = create_engine(f"{scheme}:///{tmp_path / 'x.sqlite3'}")
    try:
        assert engine.dialect.driver == "onloop"
    finally:
        asyncio.run(engine.dispose())


def test_timestamps_must_be_timezone_aware_and_come_back_in_utc() -> None:
    column = UTCDateTime()
    with pytest.raises(ValueError, match="naive"):
        column.process_bind_param(datetime(2026, 11, 23, 9, 0), None)  # type: ignore[arg-type]
    naive_from_sqlite = datetime(2026, 11, 23, 9, 0)
    assert column.process_result_value(naive_from_sqlite, None).tzinfo is UTC  # type: ignore[arg-type, union-attr]


def test_enums_are_plain_strings_holding_values_and_come_back_as_members(database_url: str) -> None:
    role_type = StrEnumType(Role)
    # The migrations define these columns as VARCHAR(32), with no CHECK constraint and no enum type.
    assert str(role_type.compile(dialect=sqlite.dialect())) == "VARCHAR(32)"
    assert str(role_type.compile(dialect=postgresql.dialect())) == "VARCHAR(32)"

    async def round_trip(session):  # type: ignore[no-untyped-def]
        connection = await session.connection()
        bound = sa.literal(Role.SUPERVISING_SOCIAL_WORKER, role_type)
        member = (await connection.execute(sa.select(bound))).scalar_one()
        stored = (await connection.execute(sa.select(sa.cast(bound, sa.String)))).scalar_one()
        from_text = (await connection.execute(sa.select(sa.literal("carer", role_type)))).scalar_one()
        return member, stored, from_text

    member, stored, from_text = run_with_session(database_url, round_trip)
    assert member is Role.SUPERVISING_SOCIAL_WORKER
    assert stored == "supervising_social_worker"  # the value, not the member's name
    assert from_text is Role.CARER

    async def unknown(session):  # type: ignore[no-untyped-def]
        await (await session.connection()).execute(sa.select(sa.literal("astronaut", role_type)))

    with pytest.raises(sa.exc.StatementError):
        run_with_session(database_url, unknown)


def test_sqlite_runs_on_the_event_loop_with_one_connection_sessions_take_turns_at(tmp_path: Path) -> None:
    from carer_portal.db import session_factory

    async def scenario() -> list[int]:
        engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
        try:
            assert engine.dialect.driver == "onloop" and engine.pool.size() == 1
            async with engine.begin() as connection:
                await connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
                await connection.execute(text("INSERT INTO counter VALUES (0)"))
            factory = session_factory(engine)

            async def bump() -> None:
                async with factory() as session:
                    connection = await session.connection()
                    n = (await connection.execute(text("SELECT n FROM counter"))).scalar_one()
                    await asyncio.sleep(0)  # another task runs here, and must wait for the connection
                    await connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
                    await session.commit()

            await asyncio.gather(*(bump() for _ in range(20)))
            async with engine.connect() as connection:
                return [(await connection.execute(text("SELECT n FROM counter"))).scalar_one()]
        finally:
            await engine.dispose()

    # Twenty read-then-write transactions interleaved at an await: none lost, none "locked".
    assert asyncio.run(scenario()) == [20]


def test_tasks_waiting_for_the_sqlite_connection_are_served_in_turn(tmp_path: Path) -> None:
    from carer_portal.db import session_factory

    async def scenario() -> list[str]:
        engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
        factory = session_factory(engine)
        served: list[str] = []
        try:
            holder = factory()
            await holder.connection()

            async def waiting() -> None:
                async with factory() as session:
                    await session.connection()
                    served.append("waited")

            waiter = asyncio.create_task(waiting())
            await asyncio.sleep(0.01)  # it is waiting for the connection now
            await holder.close()
            # A newcomer at that very moment must not take the connection from under it.
            async with factory() as session:
                await session.connection()
                served.append("newcomer")
            await waiter
            return served
        finally:
            await engine.dispose()

    assert asyncio.run(scenario()) == ["waited", "newcomer"]
