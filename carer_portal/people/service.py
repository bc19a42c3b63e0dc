"""Looking up the council this deployment serves."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.people.models import Council


async def council_by_slug(*, session: AsyncSession, slug: str) -> Council | None:
    return (await session.exec(select(Council).where(Council.slug == slug))).first()


def normalise_email(value: str) -> str:
    """Emails are compared and stored trimmed and lower-case."""
    return value.strip().lower()
