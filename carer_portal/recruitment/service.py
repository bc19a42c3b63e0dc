"""Recruitment rules: what people thinking about fostering are shown."""

from __future__ import annotations

import uuid

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.recruitment.models import Enquiry, Story
from carer_portal.security.actor import Actor
from carer_portal.security.policies import enquiries_scope


async def featured_stories(*, session: AsyncSession, council_id: uuid.UUID, limit: int = 3) -> list[Story]:
    """Published stories, newest first: real carers' words are the first thing people read."""
    query = (
        select(Story)
        .where(Story.council_id == council_id, col(Story.published_at).is_not(None))
        .order_by(col(Story.published_at).desc())
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def enquiries_for(*, session: AsyncSession, actor: Actor) -> list[Enquiry]:
    """The council's enquiries, newest first, for the people who work them."""
    query = enquiries_scope(actor).order_by(col(Enquiry.created_at).desc()).limit(200)
    return list((await session.exec(query)).all())
