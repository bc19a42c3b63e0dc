"""Part 5: the recruitment dashboard and the inbox at national scale, timed as the server spends
it: the service functions called directly (the queries, the ORM, the Python around them), on a
database filled by bench/generate_national.py. First call warms up; the median of the rest counts.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid

from sqlmodel import select

from bench.common import scratch_postgres
from bench.generate_national import generate
from carer_portal.config import async_database_url
from carer_portal.db import create_engine, session_factory, utcnow
from carer_portal.people.models import Role, User
from carer_portal.recruitment.dashboard.service import recruitment_dashboard
from carer_portal.recruitment.inbox.service import inbox
from carer_portal.security.actor import Actor
from carer_portal.timekeeping import uk_today


async def _timed(call, repeats: int) -> dict:  # type: ignore[no-untyped-def]
    await call()  # warm: statement compilation, the connection, PostgreSQL's caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "min_ms": round(min(times), 1),
    }


async def time_council(database_url: str, council_id: uuid.UUID, *, repeats: int = 5) -> dict:
    engine = create_engine(async_database_url(database_url))
    factory = session_factory(engine)
    try:
        async with factory() as session:
            staff = (await session.exec(select(User).where(User.council_id == council_id))).all()
        officer = Actor.from_user(next(u for u in staff if Role(u.role) is Role.RECRUITMENT_OFFICER))
        manager = Actor.from_user(next(u for u in staff if Role(u.role) is Role.MANAGER))

        async def dashboard() -> None:
            async with factory() as session:
                result = await recruitment_dashboard(session=session, actor=manager, today=uk_today())
                assert result is not None and result.conversion_overall.enquiries > 0

        async def inbox_page() -> None:
            async with factory() as session:
                lines = await inbox(session=session, actor=officer, now=utcnow())
                assert lines

        return {"dashboard": await _timed(dashboard, repeats), "inbox": await _timed(inbox_page, repeats)}
    finally:
        await engine.dispose()


def measure(
    admin_url: str,
    *,
    enquiries_per_year: int = 125_000,
    years: int = 5,
    councils: int = 150,
    repeats: int = 5,
    seed: int = 6,
) -> dict:
    """Generate into a scratch database, then time the biggest council and a middle-sized one."""
    with scratch_postgres(admin_url, "national") as url:
        made = asyncio.run(
            generate(url, enquiries_per_year=enquiries_per_year, years=years, councils=councils, seed=seed)
        )
        biggest, middle = made["councils"][0], made["councils"][len(made["councils"]) // 2]
        timed = {
            "biggest": {
                **biggest,
                **asyncio.run(time_council(url, uuid.UUID(biggest["id"]), repeats=repeats)),
            }
        }
        if middle is not biggest:
            timed["middle"] = {
                **middle,
                **asyncio.run(time_council(url, uuid.UUID(middle["id"]), repeats=repeats)),
            }
    return {
        "councils": councils,
        "enquiries": made["rows"].get("enquiry", 0),
        "rows": made["rows"],
        "generation_s": made["seconds"],
        "timed": timed,
        "dashboard_ms": timed["biggest"]["dashboard"]["median_ms"],
        "inbox_ms": timed["biggest"]["inbox"]["median_ms"],
    }
