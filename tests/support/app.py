"""Settings for the app under test, and running work against a test database outside any app."""

from __future__ import annotations

import asyncio
from pathlib import Path

from carer_portal.config import Settings
from carer_portal.db import create_engine, session_factory

TEST_SECRETS = {
    "session_secret": "11" * 32,
    "csrf_secret": "22" * 32,
    "token_secret": "33" * 32,
}


def make_settings(data_dir: Path, database_url: str, **overrides: object) -> Settings:
    # Tests drive the outbox worker themselves, so deliveries happen when a test says.
    values = {"environment": "test", "worker_in_process": False, **TEST_SECRETS, **overrides}
    return Settings.from_env({}, data_dir=data_dir, database_url=database_url, **values)


def run_with_session(database_url: str, work):  # type: ignore[no-untyped-def]
    """Run ``await work(session)`` against the database, outside any app."""

    async def runner():  # type: ignore[no-untyped-def]
        engine = create_engine(database_url)
        try:
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(runner())
