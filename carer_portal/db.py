"""Engine, sessions and the pieces every table model shares."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from litestar.di import NamedDependency
from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal import sqlite_driver

# Named constraints, so that migrations (SQLite batch mode included) can drop them later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp stored in UTC.

    PostgreSQL keeps the zone; SQLite does not, so values read back from SQLite
    are marked as UTC here rather than leaking naive datetimes into the app.

    Hand-written because no library we depend on has this. SQLAlchemy's
    ``DateTime(timezone=True)`` on SQLite stores the wall-clock time without its offset
    (09:00+02:00 is kept as 09:00, two hours out) and reads back naive datetimes; it
    neither refuses naive values nor converts aware ones to UTC. advanced-alchemy's
    ``DateTimeUTC`` would serve but is not a dependency. The migrations also name this
    class (``carer_portal.db.UTCDateTime(timezone=True)``), so it must stay importable.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given: use carer_portal.db.utcnow() or an aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _member_values(enum_class: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_class]


def StrEnumType(enum_class: type[StrEnum]) -> Enum:
    """A ``StrEnum`` kept as a plain ``VARCHAR(32)`` column, read back as the enum member.

    Named like the type it makes, as the models use it: ``sa_type=StrEnumType(Role)``.

    SQLAlchemy's own ``Enum``: not native (no PostgreSQL ``CREATE TYPE``), no CHECK constraint
    (``create_constraint`` stays off), the members' values stored rather than their names, and
    unknown strings refused on the way in. The migrations define these columns as
    ``sa.String(length=32)``; this renders exactly that, so the schema is unchanged.
    """
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=_member_values,
        validate_strings=True,
    )


def id_field() -> Any:
    return Field(default_factory=uuid.uuid4, primary_key=True)


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def council_id_field() -> Any:
    """Every table holding people's data carries its council, and is indexed by it."""
    return Field(foreign_key="council.id", index=True, nullable=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    if database_url.startswith("sqlite"):
        kwargs.setdefault("hide_parameters", True)
        # Any SQLite URL (sqlite://, sqlite+aiosqlite://) runs on the event loop's thread:
        # see carer_portal/sqlite_driver.py for why.
        url = make_url(database_url).set(drivername=f"sqlite+{sqlite_driver.DRIVER}")
        if url.database not in (None, "", ":memory:"):
            # SQLite has one writer at a time. Connections of one process competing for the
            # lock wait in SQLite's busy handler, sleeping up to 100 ms a try: under load that
            # made enquiries take seconds. One connection per process, waited for in turn in the
            # pool (other requests go on meanwhile), has no such waits.
            kwargs.setdefault("pool_size", 1)
            kwargs.setdefault("max_overflow", 0)
            kwargs.setdefault("pool_timeout", 30)
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # Values bound into a failing statement must never reach a log or an error page.
    kwargs.setdefault("hide_parameters", True)
    return create_async_engine(database_url, **kwargs)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Templates read attributes after commit, so objects must not expire on commit.
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


# Handlers ask for the request's session by name: ``db_session: DbSession``.
DbSession = NamedDependency[AsyncSession]
