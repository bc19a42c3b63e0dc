"""The demo data loads once, belongs to the demo council, and tells a consistent story."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import SQLModel, select

import carer_portal.models  # noqa: F401  (registers every table)
from carer_portal.children.models import Child, Observation, Placement
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.children.needs.service import changes, profile_history
from carer_portal.db import create_engine, session_factory, utcnow
from carer_portal.demo import DEMO_COUNCIL_SLUG, DEMO_PERSONAS, load_demo_data
from carer_portal.people.models import Council, Household, User
from carer_portal.recruitment.enquiries.models import Enquiry, EnquiryStage, EnquiryStageChange
from carer_portal.recruitment.stories.models import Story

TABLES = (
    Council,
    Household,
    User,
    Child,
    Placement,
    Story,
    Enquiry,
    EnquiryStageChange,
    NeedsFramework,
    NeedsProfile,
    NeedsRating,
    Observation,
)
COUNCIL_SCOPED = (
    Household,
    User,
    Child,
    Placement,
    Story,
    Enquiry,
    EnquiryStageChange,
    NeedsFramework,
    NeedsProfile,
    Observation,
)


async def _counts(session) -> dict[str, int]:
    return {
        table.__name__: (await session.exec(select(func.count()).select_from(table))).one()
        for table in TABLES
    }


async def _check(path: Path) -> None:
    engine = create_engine("sqlite:///" + str(path))
    try:
        async with engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)
        factory = session_factory(engine)

        async with factory() as session:
            assert await load_demo_data(session) is True
        async with factory() as session:
            first_counts = await _counts(session)
            assert await load_demo_data(session) is False
        async with factory() as session:
            assert await _counts(session) == first_counts

            council = (await session.exec(select(Council).where(Council.slug == DEMO_COUNCIL_SLUG))).one()
            for table in COUNCIL_SCOPED:
                rows = (await session.exec(select(table))).all()
                assert rows, table.__name__
                assert {row.council_id for row in rows} == {council.id}, table.__name__

            today = utcnow().date()
            placements = (await session.exec(select(Placement))).all()
            assert any(p.ended_on is None for p in placements)
            assert any(p.ended_on and today - p.ended_on <= timedelta(days=7) for p in placements)

            stories = (await session.exec(select(Story))).all()
            assert sum(s.published_at is not None for s in stories) == 5
            assert all(len(s.quote) < 200 for s in stories)

            for enquiry in (await session.exec(select(Enquiry))).all():
                history = (
                    await session.exec(
                        select(EnquiryStageChange)
                        .where(EnquiryStageChange.enquiry_id == enquiry.id)
                        .order_by(EnquiryStageChange.changed_at)
                    )
                ).all()
                assert history, enquiry.name
                assert history[0].from_stage is None
                assert history[0].to_stage == EnquiryStage.ENQUIRY
                for before, after in itertools.pairwise(history):
                    assert after.from_stage == before.to_stage
                assert history[-1].to_stage == enquiry.stage
                assert history[-1].changed_at <= utcnow()

            await _check_needs_and_notes(session, council.id)

            emails = {u.email for u in (await session.exec(select(User))).all()}
            assert {p.email for p in DEMO_PERSONAS} <= emails
    finally:
        await engine.dispose()


def test_demo_data_loads_once_for_the_demo_council(tmp_path: Path) -> None:
    asyncio.run(_check(tmp_path / "demo.db"))


async def _check_needs_and_notes(session, council_id) -> None:  # type: ignore[no-untyped-def]
    """Every child has two or three profiles (on the one default framework), strengths first,
    showing change both ways, and one or two notes by their own household's carers."""
    [framework] = (await session.exec(select(NeedsFramework))).all()
    assert framework.version == 1
    placements = {p.child_id: p for p in (await session.exec(select(Placement))).all()}
    carers = {u.id: u for u in (await session.exec(select(User))).all()}
    directions = set()
    for child in (await session.exec(select(Child))).all():
        history = await profile_history(session, child_id=child.id, council_id=council_id)
        assert 2 <= len(history) <= 3, child.first_name
        assert all(v.profile.framework_id == framework.id and v.profile.strengths for v in history)
        assert all(len(v.ratings) == len(v.framework.domains) for v in history)
        assert history[0].profile.assessed_on <= utcnow().date()
        directions |= {c.direction.value for c in changes(history[0], history[1])}
        notes = (await session.exec(select(Observation).where(Observation.child_id == child.id))).all()
        assert 1 <= len(notes) <= 2, child.first_name
        placement = placements[child.id]
        for note in notes:
            assert placement.started_on <= note.noticed_on <= (placement.ended_on or utcnow().date())
            assert carers[note.author_id].household_id == placement.household_id
    assert {"rose", "fell"} <= directions
    # Some notes are waiting for the supervising social worker, so "New" shows in the demo.
    assert any(n.seen_at is None for n in (await session.exec(select(Observation))).all())
