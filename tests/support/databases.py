"""Test databases built the way production builds them: by running the migrations.

SQLite: one migrated file per test session, copied for each test.
PostgreSQL (when CARER_PORTAL_TEST_DATABASE_URL is set): one migrated template
database per test process, cloned for each test with CREATE DATABASE ... TEMPLATE.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from carer_portal.config import async_database_url
from carer_portal.migrate import upgrade

PG_ENV = "CARER_PORTAL_TEST_DATABASE_URL"


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def migrated_sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    upgrade(sqlite_url(path))
    return path


def sqlite_copy(template: Path, directory: Path) -> str:
    target = directory / "portal.sqlite3"
    shutil.copyfile(template, target)
    return sqlite_url(target)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _plain(url: str) -> str:
    """asyncpg wants postgresql://, without SQLAlchemy's driver suffix."""
    return url.replace("postgresql+asyncpg://", "postgresql://").replace("postgres://", "postgresql://")


class PostgresDatabases:
    """Creates and drops this test process's databases on the server named by the environment."""

    def __init__(self, admin_url: str, worker: str) -> None:
        self.admin_url = _plain(admin_url)
        self.prefix = f"carer_portal_test_{worker}"
        self.template = f"{self.prefix}_template"

    async def _admin(self, *statements: str) -> None:
        connection = await asyncpg.connect(self.admin_url)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    def create_template(self) -> None:
        asyncio.run(
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)',
                f'CREATE DATABASE "{self.template}"',
            )
        )
        upgrade(async_database_url(_with_database(self.admin_url, self.template)))

    def clone(self) -> tuple[str, str]:
        name = f"{self.prefix}_{uuid.uuid4().hex[:10]}"
        asyncio.run(self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY FILE_COPY'))
        return name, async_database_url(_with_database(self.admin_url, name))

    def drop(self, name: str) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop_template(self) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)'))

    def fresh_empty(self) -> tuple[str, str]:
        name = f"{self.prefix}_empty_{uuid.uuid4().hex[:8]}"
        asyncio.run(self._admin(f'CREATE DATABASE "{name}"'))
        return name, async_database_url(_with_database(self.admin_url, name))
