"""The recruitment dashboard: how enquiries arrive, how fast we answer, how far people get.

Everything is aggregated in the database (GROUP BY and counts): six queries, none returning more
than a few hundred rows, however many enquiries the council holds.

1. the council's enquiries by channel (all of them), with how many wait for a first reply now;
2. the period's enquiries by week, channel and campaign code, with their first-reply counts;
3. the response-time percentiles: each answered enquiry in the period is ranked by how long it
   waited (``row_number() OVER``, in SQLite and PostgreSQL alike) and only the rows at the two
   to four ranks that the median and 90th percentile need come back;
4. how many enquiries ever reached each stage, by channel: from the weekly rollup the stage
   changes keep (enquiries/stage_rollup.py), not from millions of history rows;
5. the households approved in the period;
6. the motivation answers, by moment and answer.

Periods. The weeks are ISO weeks (Monday to Sunday) in UK time, the current one included. Weekly
counts, campaign codes, response times and motivation answers cover those weeks; the funnel and
conversion rates cover every enquiry the council holds (approval takes months, so a 12-week
cohort would hardly ever show one); "approved in the period" counts approvals made in the weeks.
Anonymised enquiries keep their stage, channel and dates, so they count everywhere, except as
"waiting for a reply": nobody can be called once their details are gone.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Float, Integer, and_, case, func, literal_column, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.db import utcnow
from carer_portal.recruitment.dashboard.figures import (
    NATIONAL_APPLICATION_RATE,
    ChannelConversion,
    Dashboard,
    FirstResponse,
    FunnelStep,
    MotivationCounts,
    WeekCount,
    rate,
)
from carer_portal.recruitment.enquiries.models import (
    JOURNEY,
    Channel,
    Enquiry,
    EnquiryStage,
    EnquiryStageChange,
    EnquiryStageRollup,
    MotivationAnswer,
    MotivationAnswerValue,
    MotivationMoment,
)
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_view_recruitment_dashboard
from carer_portal.timekeeping import UK

MEDIAN, P90 = 50, 90


# --- SQL that SQLite and PostgreSQL both understand -----------------------------------------


class seconds_between(FunctionElement[float]):
    """``later - earlier`` in seconds, for two timestamp columns."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(seconds_between)
def _seconds_between_postgresql(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)}))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    later_sql, earlier_sql = compiler.process(later, **kw), compiler.process(earlier, **kw)
    return f"((julianday({later_sql}) - julianday({earlier_sql})) * 86400.0)"


def _uk_midnight(day: date) -> datetime:
    """The instant a UK day starts (00:00 GMT or BST), in UTC as the database stores it."""
    return datetime.combine(day, time(0), tzinfo=UK).astimezone(UTC)


def _flag(condition: Any) -> Any:
    return case((condition, 1), else_=0)


# --- the dashboard --------------------------------------------------------------------------


async def recruitment_dashboard(
    *,
    session: AsyncSession,
    actor: Actor | None,
    today: date,
    weeks: int = 12,
    saving_per_placement_gbp: int = 17000,
    target_working_days: int = 1,
    national_application_rate: float = NATIONAL_APPLICATION_RATE,
    now: datetime | None = None,
) -> Dashboard | None:
    """The council's recruitment in figures, or None for someone who may not see it.

    ``target_working_days`` describes the promise in the page's words; whether each enquiry met
    it is judged against the time we promised that person (``first_response_due_at``), set
    when they got in touch. ``now`` (default: this instant) decides what is overdue.
    """
    if not can_view_recruitment_dashboard(actor):
        return None
    assert actor is not None
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    council = actor.council_id
    now = now or utcnow()
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    bounds = [_uk_midnight(monday) for monday in [*mondays, this_monday + timedelta(weeks=1)]]
    start, end = bounds[0], bounds[-1]

    channels = list(Channel)
    per_channel, waiting, overdue = await _channel_totals(session, council=council, now=now)
    weekly = {i: dict.fromkeys(channels, 0) for i in range(weeks)}
    codes: dict[str, int] = {}
    answered = within = overdue_in_period = 0
    for row in await _weekly_counts(session, council=council, bounds=bounds, now=now):
        weekly[row.week][row.source] += row.enquiries
        if row.code:
            codes[row.code] = codes.get(row.code, 0) + row.enquiries
        answered += row.answered
        within += row.within_target
        overdue_in_period += row.overdue

    median, p90 = await _response_percentiles(session, council=council, start=start, end=end)
    reached = await _stages_reached(session, council=council)
    approved_in_period = await _approved_between(session, council=council, start=start, end=end)
    motivation = await _motivation(session, council=council, start=start, end=end)

    total_enquiries = sum(per_channel.values())
    funnel: list[FunnelStep] = []
    for stage in JOURNEY:
        # Every enquiry is an enquiry, history or not; later stages come from the history.
        count = total_enquiries if stage is EnquiryStage.ENQUIRY else sum(reached[stage].values())
        previous = funnel[-1].reached if funnel else None
        funnel.append(FunnelStep(stage, count, None if previous is None else rate(count, previous)))

    by_channel = [
        ChannelConversion(
            channel=channel,
            enquiries=per_channel[channel],
            applications=reached[EnquiryStage.APPLICATION][channel],
            approvals=reached[EnquiryStage.APPROVED][channel],
        )
        for channel in channels
    ]
    overall = ChannelConversion(
        channel=None,
        enquiries=total_enquiries,
        applications=sum(c.applications for c in by_channel),
        approvals=sum(c.approvals for c in by_channel),
    )
    return Dashboard(
        today=today,
        period_starts_on=mondays[0],
        channels=channels,
        weeks=[
            WeekCount(starts_on=monday, by_channel=weekly[i], is_current=monday == this_monday)
            for i, monday in enumerate(mondays)
        ],
        enquiries_in_period=sum(sum(counts.values()) for counts in weekly.values()),
        campaign_codes=sorted(codes.items(), key=lambda item: (-item[1], item[0])),
        first_response=FirstResponse(
            target_working_days=target_working_days,
            answered=answered,
            median_hours=None if median is None else median / 3600,
            p90_hours=None if p90 is None else p90 / 3600,
            within_target=within,
            due_so_far=answered + overdue_in_period,
            waiting_now=waiting,
            overdue_now=overdue,
        ),
        motivation=motivation,
        funnel=funnel,
        withdrawn=sum(reached[EnquiryStage.WITHDRAWN].values()),
        conversion_by_channel=by_channel,
        conversion_overall=overall,
        national_application_rate=national_application_rate,
        approved_in_period=approved_in_period,
        saving_per_placement_gbp=saving_per_placement_gbp,
        annual_saving_gbp=approved_in_period * saving_per_placement_gbp,
    )


def _waiting(now: datetime) -> tuple[Any, Any]:
    """Waiting for a first reply (not withdrawn, details not removed), and of those, past the
    time promised."""
    waiting = and_(
        col(Enquiry.first_responded_at).is_(None),
        Enquiry.stage == EnquiryStage.ENQUIRY,
        col(Enquiry.withdrawn_at).is_(None),
        col(Enquiry.anonymised_at).is_(None),
    )
    return waiting, and_(waiting, col(Enquiry.first_response_due_at) < now)


async def _channel_totals(
    session: AsyncSession, *, council: uuid.UUID, now: datetime
) -> tuple[dict[Channel, int], int, int]:
    """Every enquiry the council holds, by channel; and how many are waiting (and overdue) now.

    Grouped by a plain column, so PostgreSQL knows there are a handful of groups and hashes
    them, instead of sorting every row."""
    waiting, overdue = _waiting(now)
    query = (
        select(col(Enquiry.source), func.count(), func.sum(_flag(waiting)), func.sum(_flag(overdue)))
        .where(Enquiry.council_id == council)
        .group_by(col(Enquiry.source))
    )
    per_channel = dict.fromkeys(Channel, 0)
    waiting_now = overdue_now = 0
    for source, count, waiting_count, overdue_count in (await session.exec(query)).all():
        per_channel[source] = count
        waiting_now += waiting_count or 0
        overdue_now += overdue_count or 0
    return per_channel, waiting_now, overdue_now


async def _weekly_counts(
    session: AsyncSession, *, council: uuid.UUID, bounds: list[datetime], now: datetime
) -> list[Any]:
    """Enquiries received in the period, grouped by week, channel and campaign code, with their
    first-reply counts. ``week`` is the index into ``bounds``: each row takes the newest
    boundary it is past."""
    created = col(Enquiry.created_at)
    responded = col(Enquiry.first_responded_at)
    week = case(
        *((created >= bounds[i], literal_column(str(i), Integer)) for i in reversed(range(len(bounds) - 1))),
    )
    _, overdue = _waiting(now)
    # Grouping happens outside: PostgreSQL cannot match a GROUP BY expression holding bound
    # parameters to the same expression in the select list.
    each = (
        select(
            week.label("week"),
            col(Enquiry.source).label("source"),
            col(Enquiry.campaign_code).label("code"),
            _flag(responded.is_not(None)).label("answered"),
            _flag(and_(responded.is_not(None), responded <= col(Enquiry.first_response_due_at))).label(
                "within"
            ),
            _flag(overdue).label("overdue"),
        )
        .where(Enquiry.council_id == council, created >= bounds[0], created < bounds[-1])
        .subquery()
    )
    query = select(
        each.c.week,
        each.c.source,
        each.c.code,
        func.count().label("enquiries"),
        func.sum(each.c.answered).label("answered"),
        func.sum(each.c.within).label("within_target"),
        func.sum(each.c.overdue).label("overdue"),
    ).group_by(each.c.week, each.c.source, each.c.code)
    return list((await session.exec(query)).all())


def _rank_position(count: int, percent: int) -> tuple[int, int, float]:
    """Where a percentile falls among ``count`` sorted values (0-based): between ``low`` and
    ``low + 1``, ``fraction`` of the way. Linear interpolation, as PostgreSQL's percentile_cont."""
    exact = (count - 1) * percent
    return exact // 100, min(exact // 100 + 1, count - 1), (exact % 100) / 100


async def _response_percentiles(
    session: AsyncSession, *, council: uuid.UUID, start: datetime, end: datetime
) -> tuple[float | None, float | None]:
    """Median and 90th percentile of seconds from enquiry to first reply, for the period.

    The database ranks the waits and returns only the rows at the ranks needed (at most four),
    whatever the number of enquiries. The ranks are worked out in the same statement, from the
    same count, so a reply recorded meanwhile cannot shift them.
    """
    responded = col(Enquiry.first_responded_at)
    wait = seconds_between(responded, col(Enquiry.created_at))
    ranked = (
        select(
            wait.label("seconds"),
            func.row_number().over(order_by=wait).label("ordinal"),
            func.count().over().label("answered"),
        )
        .where(
            Enquiry.council_id == council,
            col(Enquiry.created_at) >= start,
            col(Enquiry.created_at) < end,
            responded.is_not(None),
        )
        .subquery()
    )
    index = ranked.c.ordinal - 1
    wanted = []
    for percent in (MEDIAN, P90):
        low = (
            (ranked.c.answered - 1) * literal_column(str(percent), Integer) // literal_column("100", Integer)
        )
        wanted += [index == low, index == low + 1]
    query = select(ranked.c.ordinal, ranked.c.answered, ranked.c.seconds).where(or_(*wanted))
    rows = (await session.exec(query)).all()
    if not rows:
        return None, None
    total = rows[0].answered
    by_index = {row.ordinal - 1: float(row.seconds) for row in rows}

    def percentile(percent: int) -> float:
        low, high, fraction = _rank_position(total, percent)
        return by_index[low] + (by_index[high] - by_index[low]) * fraction

    return percentile(MEDIAN), percentile(P90)


async def _stages_reached(
    session: AsyncSession, *, council: uuid.UUID
) -> dict[EnquiryStage, dict[Channel, int]]:
    """For each stage after the first and each channel, the enquiries that ever reached it."""
    query = (
        select(
            col(EnquiryStageRollup.channel),
            col(EnquiryStageRollup.stage),
            func.sum(EnquiryStageRollup.reached),
        )
        .where(EnquiryStageRollup.council_id == council)
        .group_by(col(EnquiryStageRollup.channel), col(EnquiryStageRollup.stage))
    )
    reached = {stage: dict.fromkeys(Channel, 0) for stage in EnquiryStage}
    for channel, stage, count in (await session.exec(query)).all():
        reached[stage][channel] = count
    return reached


async def _approved_between(
    session: AsyncSession, *, council: uuid.UUID, start: datetime, end: datetime
) -> int:
    """Households approved in the period: enquiries moved to approval then. A query of its own,
    as a second distinct count in the query above would double its sorting."""
    changed = col(EnquiryStageChange.changed_at)
    query = select(func.count(func.distinct(EnquiryStageChange.enquiry_id))).where(
        EnquiryStageChange.council_id == council,
        EnquiryStageChange.to_stage == EnquiryStage.APPROVED,
        changed >= start,
        changed < end,
    )
    return (await session.exec(query)).one()


async def _motivation(
    session: AsyncSession, *, council: uuid.UUID, start: datetime, end: datetime
) -> list[MotivationCounts]:
    answered = col(MotivationAnswer.answered_at)
    query = (
        select(col(MotivationAnswer.moment), col(MotivationAnswer.answer), func.count())
        .where(MotivationAnswer.council_id == council, answered >= start, answered < end)
        .group_by(col(MotivationAnswer.moment), col(MotivationAnswer.answer))
    )
    counts = {moment: dict.fromkeys(MotivationAnswerValue, 0) for moment in MotivationMoment}
    for moment, answer, count in (await session.exec(query)).all():
        counts[moment][answer] = count
    return [MotivationCounts(moment=moment, counts=counts[moment]) for moment in MotivationMoment]
