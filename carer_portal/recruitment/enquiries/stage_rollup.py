"""How far enquiries got, counted as they go: the rollup behind the dashboard's funnel.

``EnquiryStageRollup`` holds, for each council, channel, stage and UK week, how many enquiries
first reached that stage in that week. Its rules live here and nowhere else:

- an enquiry counts once per stage, in the week of its earliest history row for that stage,
  however often its history comes back there. That happens: histories kept before moves were
  one way go back and forth, and two people moving one enquiry at the same moment both write
  a row;
- the first stage (enquiry) is not counted. The dashboard counts the enquiries themselves, and
  making an enquiry, the busiest path there is, writes nothing more for it.

``record_stage_change`` writes a move and counts it, in the caller's transaction. Whatever writes
history rows another way (the demo, the benchmark's generator, test data, the migration that
made the table) calls ``rebuild_stage_rollup`` or ``recount`` after, to count from the history.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Date, Integer, and_, case, delete, func, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.recruitment.enquiries.models import (
    Enquiry,
    EnquiryStage,
    EnquiryStageChange,
    EnquiryStageRollup,
)
from carer_portal.timekeeping import uk_week_starting

NOT_COUNTED = EnquiryStage.ENQUIRY
_ROLLUP = EnquiryStageRollup.__table__  # type: ignore[attr-defined]
_KEY = [column.name for column in _ROLLUP.primary_key.columns]  # council, channel, stage, week


async def record_stage_change(
    session: AsyncSession,
    *,
    enquiry: Enquiry,
    to_stage: EnquiryStage,
    now: datetime,
    changed_by_id: uuid.UUID | None = None,
) -> None:
    """Write an enquiry's move from its current stage to its history, and count it in the rollup.

    Call it before changing ``enquiry.stage``; the caller commits, so the count and the history
    row are kept or lost together. The enquiry's row is locked first (SQLite has one writer at a
    time anyway): two moves of one enquiry at once are counted one after the other, and the
    second finds the first.
    """
    if to_stage is not NOT_COUNTED:
        await session.exec(select(Enquiry.id).where(Enquiry.id == enquiry.id).with_for_update(key_share=True))
        earlier = (
            await session.exec(
                select(func.min(EnquiryStageChange.changed_at)).where(
                    EnquiryStageChange.enquiry_id == enquiry.id, EnquiryStageChange.to_stage == to_stage
                )
            )
        ).one()
        first = now if earlier is None else min(earlier, now)
        if earlier is None or uk_week_starting(first) != uk_week_starting(earlier):
            # New to this stage; or back to it with a time before the first visit (two servers'
            # clocks apart), which moves it to that earlier week.
            await _add(session, enquiry, to_stage, uk_week_starting(first), 1)
            if earlier is not None:
                await _add(session, enquiry, to_stage, uk_week_starting(earlier), -1)
    session.add(
        EnquiryStageChange(
            council_id=enquiry.council_id,
            enquiry_id=enquiry.id,
            from_stage=enquiry.stage,
            to_stage=to_stage,
            changed_by_id=changed_by_id,
            changed_at=now,
        )
    )


async def _add(session: AsyncSession, enquiry: Enquiry, stage: EnquiryStage, week: date, change: int) -> None:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    row = {"council_id": enquiry.council_id, "channel": enquiry.source, "stage": stage, "week_starting": week}
    await session.exec(_ADD[dialect], params={**row, "reached": change})  # type: ignore[call-overload]


def _adding(insert: Any) -> Any:
    """One statement, right with any number of writers at once: PostgreSQL's INSERT ... ON
    CONFLICT DO UPDATE inserts the week's row, or waits for its lock and adds to it."""
    statement = insert(_ROLLUP)
    return statement.on_conflict_do_update(
        index_elements=_KEY, set_={"reached": _ROLLUP.c.reached + statement.excluded.reached}
    )


# Built once, as the outbox's statements are.
_ADD = {"postgresql": _adding(postgresql.insert), "sqlite": _adding(sqlite.insert)}


async def rebuild_stage_rollup(session: AsyncSession, council_id: uuid.UUID | None = None) -> None:
    """Count the rollup afresh from the history: one council's rows, or every council's.

    For loaders, after writing history rows in bulk; the caller commits. Not while people are
    moving enquiries: a move counted between the recount and the commit would be lost.
    """
    await session.flush()  # history rows still waiting in the session count too
    await session.run_sync(recount, council_id)


def recount(connection: Connection | Session, council_id: uuid.UUID | None = None) -> None:
    """``rebuild_stage_rollup`` for a synchronous connection (a migration's)."""
    counts: dict[tuple[Any, ...], int] = {}
    for council, channel, stage, day, late, reached in connection.execute(_first_reaches_by_day(council_id)):
        key = (council, channel, stage, uk_week_starting(_an_instant_like(day, late)))
        counts[key] = counts.get(key, 0) + reached
    clear = delete(_ROLLUP)
    connection.execute(clear if council_id is None else clear.where(_ROLLUP.c.council_id == council_id))
    if counts:
        rows = [{**dict(zip(_KEY, key, strict=True)), "reached": n} for key, n in counts.items()]
        connection.execute(insert(_ROLLUP), rows)


def _first_reaches_by_day(council_id: uuid.UUID | None) -> Select[Any]:
    """Each enquiry's first arrival at each counted stage, counted by council, channel, stage,
    UTC day and whether it was in the day's last hour (see ``_an_instant_like``).

    The database does the counting, so millions of history rows come back as thousands; the UK
    week of each group is worked out in Python, by the one rule every count uses.
    """
    change = EnquiryStageChange
    first = select(
        col(change.enquiry_id).label("enquiry_id"),
        col(change.council_id).label("council_id"),
        col(change.to_stage).label("stage"),
        func.min(change.changed_at).label("at"),
    ).where(change.to_stage != NOT_COUNTED)
    if council_id is not None:
        first = first.where(change.council_id == council_id)
    reaches = first.group_by(col(change.enquiry_id), col(change.council_id), col(change.to_stage)).subquery()
    # Grouping happens outside, as in the dashboard: PostgreSQL cannot match a GROUP BY
    # expression holding bound parameters (the 23) to the same expression in the select list.
    each = (
        select(
            reaches.c.council_id,
            col(Enquiry.source).label("channel"),
            reaches.c.stage,
            utc_day(reaches.c.at).label("day"),
            case((utc_hour(reaches.c.at) == 23, 1), else_=0).label("late"),
        )
        .select_from(reaches)
        .join(Enquiry, and_(Enquiry.id == reaches.c.enquiry_id, Enquiry.council_id == reaches.c.council_id))
        .subquery()
    )
    keys = (each.c.council_id, each.c.channel, each.c.stage, each.c.day, each.c.late)
    return select(*keys, func.count()).group_by(*keys)


def _an_instant_like(day: date, late: int) -> datetime:
    """An instant in the same UK week as every other in its group. The hours of a UTC day before
    23:00 fall on that same day in the UK, in GMT and in BST; its last hour falls on that day
    or the next, the same for the whole hour (the clocks change at 01:00 UTC)."""
    return datetime.combine(day, time(23, 30) if late else time(12), tzinfo=UTC)


# --- a timestamp's UTC day and hour, in SQL that SQLite and PostgreSQL both understand -------


class utc_day(FunctionElement[date]):
    type = Date()
    inherit_cache = True
    name = "utc_day"


class utc_hour(FunctionElement[int]):
    type = Integer()
    inherit_cache = True
    name = "utc_hour"


@compiles(utc_day)
def _utc_day_postgresql(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC' AS DATE)"


@compiles(utc_hour)
def _utc_hour_postgresql(element: utc_hour, compiler: SQLCompiler, **kw: Any) -> str:
    return f"EXTRACT(HOUR FROM ({compiler.process(element.clauses, **kw)}) AT TIME ZONE 'UTC')"


# SQLite keeps timestamps as UTC text (carer_portal.db.UTCDateTime).
@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_hour, "sqlite")
def _utc_hour_sqlite(element: utc_hour, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%H', {compiler.process(element.clauses, **kw)}) AS INTEGER)"
