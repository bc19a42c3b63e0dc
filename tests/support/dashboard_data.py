"""Small recruitment histories for the dashboard tests: enquiries, their stages and answers."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.recruitment.enquiries.models import (
    Channel,
    Enquiry,
    EnquiryStage,
    EnquiryStageChange,
    MotivationAnswer,
    MotivationAnswerValue,
    MotivationMoment,
)
from carer_portal.recruitment.enquiries.stage_rollup import rebuild_stage_rollup

# A Wednesday three days after the clocks went forward, so the weeks shown straddle GMT and BST.
TODAY = date(2025, 4, 2)
NOW = datetime(2025, 4, 2, 11, 0, tzinfo=UTC)  # noon in the UK
# With weeks=4 the period is the weeks beginning 10, 17, 24 and 31 March 2025.
WEEKS = 4
PERIOD_START = datetime(2025, 3, 10, 0, 0, tzinfo=UTC)


def at(day: int, hour: int = 10, minute: int = 0, *, month: int = 3) -> datetime:
    """A UTC instant in 2025."""
    return datetime(2025, month, day, hour, minute, tzinfo=UTC)


async def enquiry(
    session: AsyncSession,
    council_id: uuid.UUID,
    created_at: datetime,
    source: Channel = Channel.WEB,
    *,
    code: str = "",
    responded_after_hours: float | None = None,
    due_after_hours: float = 24,
    stages: tuple[tuple[EnquiryStage, datetime], ...] = (),
    anonymised: bool = False,
    withdrawn: bool = False,
    history: bool = True,
) -> Enquiry:
    """An enquiry, and its history: the first step on creation, then ``stages`` in order."""
    stage = stages[-1][0] if stages else EnquiryStage.ENQUIRY
    record = Enquiry(
        council_id=council_id,
        name="Anonymised" if anonymised else "Alex Example",
        email="" if anonymised else "alex@example.com",
        postcode="" if anonymised else "EB1 1AA",
        source=source,
        campaign_code=code,
        stage=stage,
        created_at=created_at,
        first_response_due_at=created_at + timedelta(hours=due_after_hours),
        first_responded_at=None
        if responded_after_hours is None
        else created_at + timedelta(hours=responded_after_hours),
        anonymised_at=created_at + timedelta(days=1) if anonymised else None,
        withdrawn_at=stages[-1][1] if withdrawn and stages else None,
    )
    session.add(record)
    # No relationships order the inserts, so the enquiry goes first by hand.
    await session.flush()
    if history:
        previous = None
        for to_stage, when in ((EnquiryStage.ENQUIRY, created_at), *stages):
            session.add(
                EnquiryStageChange(
                    council_id=council_id,
                    enquiry_id=record.id,
                    from_stage=previous,
                    to_stage=to_stage,
                    changed_at=when,
                )
            )
            previous = to_stage
        # Written straight to the history (back and forth, as old histories go), so counted afresh.
        await rebuild_stage_rollup(session, council_id)
    return record


def answer(
    session: AsyncSession,
    record: Enquiry,
    moment: MotivationMoment,
    value: MotivationAnswerValue,
    answered_at: datetime,
) -> None:
    session.add(
        MotivationAnswer(
            council_id=record.council_id,
            enquiry_id=record.id,
            moment=moment,
            answer=value,
            answered_at=answered_at,
        )
    )
