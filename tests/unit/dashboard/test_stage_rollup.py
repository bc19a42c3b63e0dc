"""The rollup of stages reached always says what a count from the history says."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.db import create_engine, session_factory
from carer_portal.recruitment.enquiries.models import (
    JOURNEY,
    Channel,
    Enquiry,
    EnquiryStage,
    EnquiryStageChange,
    EnquiryStageRollup,
)
from carer_portal.recruitment.enquiries.service import withdraw_and_delete
from carer_portal.recruitment.enquiries.stage_rollup import rebuild_stage_rollup, record_stage_change
from carer_portal.recruitment.inbox.service import StageChangeRefused, change_stage, next_stages
from tests.support.app import make_settings, run_with_session

# Ten days before the clocks went forward (30 March 2025), so the weeks straddle GMT and BST.
START = datetime(2025, 3, 20, 21, 0, tzinfo=UTC)
COUNCILS = {"eastbrook": "officer", "westmere": "west_officer"}

Key = tuple[uuid.UUID, Channel, EnquiryStage, date]


def uk_monday(instant: datetime) -> date:
    day = instant.astimezone(ZoneInfo("Europe/London")).date()
    return day - timedelta(days=day.weekday())


async def rollup(session: AsyncSession) -> dict[Key, int]:
    """The rollup's rows; a week brought back to nought (see record_stage_change) holds no count."""
    r = EnquiryStageRollup  # columns, not objects: the session would hand back the ones it holds
    query = select(r.council_id, r.channel, r.stage, r.week_starting, r.reached)
    rows = (await session.exec(query)).all()
    assert all(reached >= 0 for *_, reached in rows)
    return {tuple(key): reached for *key, reached in rows if reached}


async def counted_from_history(session: AsyncSession) -> dict[Key, int]:
    """Each enquiry once per stage after the first, in the UK week it first got there."""
    query = select(
        Enquiry.council_id, Enquiry.source, EnquiryStageChange.enquiry_id, EnquiryStageChange.to_stage
    ).join(Enquiry, col(Enquiry.id) == col(EnquiryStageChange.enquiry_id))
    query = query.add_columns(EnquiryStageChange.changed_at)
    first: dict[tuple[uuid.UUID, EnquiryStage], tuple[uuid.UUID, Channel, datetime]] = {}
    for council, channel, enquiry_id, stage, at in (await session.exec(query)).all():
        if stage is not EnquiryStage.ENQUIRY:
            seen = first.get((enquiry_id, stage))
            if seen is None or at < seen[2]:
                first[(enquiry_id, stage)] = (council, channel, at)
    return dict(Counter((c, ch, stage, uk_monday(at)) for (_, stage), (c, ch, at) in first.items()))


# What happens to the enquiries: each step comes some minutes after the one before (or before
# it now and then, as when two servers' clocks disagree).
ENQUIRE = st.tuples(st.just("enquire"), st.sampled_from(list(COUNCILS)), st.sampled_from(list(Channel)))
MOVE = st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 1))  # one on, or withdrawn
LEAVE = st.tuples(st.just("leave"), st.integers(0, 30))  # withdraw_and_delete, their own choice
# Back to an earlier stage, as histories kept before moves were one way do, so the moves after
# reach stages for the second time.
BACK = st.tuples(st.just("back"), st.integers(0, 30), st.sampled_from(JOURNEY[:-1]))
STEPS = st.lists(
    st.tuples(
        st.one_of(ENQUIRE, ENQUIRE, MOVE, MOVE, MOVE, LEAVE, BACK), st.integers(-3 * 24 * 60, 4 * 24 * 60)
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_rollup_always_equals_a_count_from_the_history(
    world, database_url: str, tmp_path_factory: pytest.TempPathFactory, steps: list
) -> None:
    portal = make_settings(tmp_path_factory.mktemp("data"), database_url)

    async def story(session: AsyncSession) -> None:
        enquiries: list[Enquiry] = []
        now = START
        for (action, *what), minutes in steps:
            now += timedelta(minutes=minutes)
            if action == "enquire":
                enquiries.append(await _enquiry(session, world.councils[what[0]].id, what[1], now))
                continue
            if not enquiries:
                continue
            enquiry = enquiries[what[0] % len(enquiries)]
            if action == "move":
                options = next_stages(EnquiryStage(enquiry.stage))
                officer = world.actor(COUNCILS[_slug(world, enquiry.council_id)])
                move = {"session": session, "actor": officer, "enquiry": enquiry, "now": now}
                move["settings"] = portal
                if options:
                    await change_stage(**move, to_stage=options[what[1] % len(options)])
                else:
                    with pytest.raises(StageChangeRefused):
                        await change_stage(**move, to_stage=EnquiryStage.WITHDRAWN)
            elif action == "leave":
                await withdraw_and_delete(session=session, enquiry=enquiry, now=now)
            else:
                await record_stage_change(session, enquiry=enquiry, to_stage=what[1], now=now)
                enquiry.stage = what[1]
                session.add(enquiry)
                await session.commit()
        kept = await rollup(session)
        assert kept == await counted_from_history(session)
        await rebuild_stage_rollup(session, world.councils["eastbrook"].id)
        await session.commit()
        assert await rollup(session) == kept
        await rebuild_stage_rollup(session)
        await session.commit()
        assert await rollup(session) == kept
        # A recount leaves no week at nought.
        assert len((await session.exec(select(EnquiryStageRollup.reached))).all()) == len(kept)

    run_with_session(database_url, story)


async def _enquiry(session: AsyncSession, council: uuid.UUID, channel: Channel, now: datetime) -> Enquiry:
    """An enquiry as create_enquiry makes it: the row and its first history entry, no count."""
    enquiry = Enquiry(council_id=council, name="Alex Example", email="alex@example.com", postcode="EB1 1AA")
    enquiry.source, enquiry.created_at, enquiry.last_progress_at = channel, now, now
    session.add(enquiry)
    await session.flush()
    session.add(
        EnquiryStageChange(
            council_id=council, enquiry_id=enquiry.id, to_stage=EnquiryStage.ENQUIRY, changed_at=now
        )
    )
    await session.commit()
    return enquiry


def _slug(world, council_id: uuid.UUID) -> str:  # type: ignore[no-untyped-def]
    return next(slug for slug, council in world.councils.items() if council.id == council_id)


# --- the UK week, at the edges ---------------------------------------------------------------

EDGES = [
    # (when the stage was reached, the Monday of its UK week)
    (datetime(2025, 3, 30, 22, 59, tzinfo=UTC), date(2025, 3, 24)),  # Sunday 23:59 BST
    (datetime(2025, 3, 30, 23, 0, tzinfo=UTC), date(2025, 3, 31)),  # Monday 00:00 BST
    (datetime(2025, 3, 9, 23, 30, tzinfo=UTC), date(2025, 3, 3)),  # Sunday 23:30 GMT
    (datetime(2025, 3, 10, 0, 0, tzinfo=UTC), date(2025, 3, 10)),  # Monday 00:00 GMT
    (datetime(2025, 10, 26, 23, 30, tzinfo=UTC), date(2025, 10, 20)),  # Sunday 23:30, GMT again
    (datetime(2025, 10, 19, 23, 30, tzinfo=UTC), date(2025, 10, 20)),  # Monday 00:30 BST
]


def test_each_stage_counts_in_the_uk_week_it_was_reached_counted_or_recounted(world, database_url) -> None:  # type: ignore[no-untyped-def]
    east = world.councils["eastbrook"].id

    async def story(session: AsyncSession) -> tuple[dict, dict]:
        for when, _ in EDGES:
            enquiry = await _enquiry(session, east, Channel.EVENT, when - timedelta(days=1))
            await withdraw_and_delete(session=session, enquiry=enquiry, now=when)
        kept = await rollup(session)
        await rebuild_stage_rollup(session)
        await session.commit()
        return kept, await rollup(session)

    kept, recounted = run_with_session(database_url, story)
    expected = Counter((east, Channel.EVENT, EnquiryStage.WITHDRAWN, monday) for _, monday in EDGES)
    assert kept == recounted == dict(expected)


# --- at the same moment ----------------------------------------------------------------------


# PostgreSQL only: SQLite has one writer at a time, so nothing here can happen at once.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_moves_at_the_same_moment_are_counted_right_on_postgresql(world, database_url) -> None:  # type: ignore[no-untyped-def]
    """Two people move one enquiry at once (both histories are written: each counts once), and a
    third moves another into the same week's row, while the first has yet to commit."""
    east, reached = world.councils["eastbrook"].id, EnquiryStage.FIRST_CONVERSATION

    async def story() -> tuple[dict, dict]:
        engine = create_engine(database_url)
        factory = session_factory(engine)
        try:
            async with factory() as setup:
                ids = [(await _enquiry(setup, east, Channel.WEB, START)).id for _ in range(2)]
            async with factory() as first, factory() as second, factory() as third:
                one, same, other = [
                    await session.get(Enquiry, enquiry_id)
                    for session, enquiry_id in ((first, ids[0]), (second, ids[0]), (third, ids[1]))
                ]
                when = START + timedelta(hours=1)

                async def move(session: AsyncSession, enquiry: Enquiry) -> None:
                    await record_stage_change(session, enquiry=enquiry, to_stage=reached, now=when)
                    await session.commit()

                await record_stage_change(first, enquiry=one, to_stage=reached, now=when)
                waiting = [asyncio.create_task(move(second, same)), asyncio.create_task(move(third, other))]
                await asyncio.sleep(0.3)
                assert not any(task.done() for task in waiting)  # both wait for the first
                await first.commit()
                await asyncio.wait_for(asyncio.gather(*waiting), timeout=10)
            async with factory() as check:
                return await rollup(check), await counted_from_history(check)
        finally:
            await engine.dispose()

    kept, counted = asyncio.run(story())
    assert kept == counted == {(east, Channel.WEB, reached, uk_monday(START)): 2}
