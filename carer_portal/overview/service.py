"""The service in numbers, for managers: aggregates only, never one child's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Placement
from carer_portal.people.models import Household
from carer_portal.recruitment.enquiries.models import Enquiry, EnquiryStage
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_view_service_overview


@dataclass(frozen=True)
class ServiceOverview:
    households: int
    children_placed: int
    enquiries_by_stage: list[tuple[EnquiryStage, int]]


async def service_overview(*, session: AsyncSession, actor: Actor, today: date) -> ServiceOverview | None:
    if not can_view_service_overview(actor):
        return None
    council = actor.council_id
    households = (
        await session.exec(select(func.count()).select_from(Household).where(Household.council_id == council))
    ).one()
    placed = (
        await session.exec(
            select(func.count(func.distinct(Placement.child_id))).where(
                Placement.council_id == council,
                col(Placement.started_on) <= today,
                or_(col(Placement.ended_on).is_(None), col(Placement.ended_on) >= today),
            )
        )
    ).one()
    counts = dict(
        (
            await session.exec(
                select(Enquiry.stage, func.count())
                .where(Enquiry.council_id == council)
                .group_by(Enquiry.stage)
            )
        ).all()
    )
    return ServiceOverview(
        households=households,
        children_placed=placed,
        enquiries_by_stage=[(stage, counts.get(stage, 0)) for stage in EnquiryStage],
    )
