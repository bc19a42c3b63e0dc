"""Alembic environment: runs migrations through the app's own async engine."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Enum
from sqlalchemy.engine import Connection

import carer_portal.models  # noqa: F401  (registers every table on the metadata)
from carer_portal.db import create_engine, metadata

config = context.config
target_metadata = metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Enums are kept as plain strings (carer_portal.db.StrEnumType); write them into migrations as such.
    if type_ == "type" and isinstance(obj, Enum):
        return "sa.String(length=32)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_item=_render_item,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(config.attributes["database_url"])
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_configure)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run `carer-portal migrate`.")

connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
else:
    asyncio.run(_run_online())
