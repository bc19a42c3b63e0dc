"""Looking up the council this deployment serves."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.cache import PublicCache
from carer_portal.people.models import Council


async def council_by_slug(*, session: AsyncSession, slug: str) -> Council | None:
    return (await session.exec(select(Council).where(Council.slug == slug))).first()


async def served_council(*, session: AsyncSession, cache: PublicCache, slug: str) -> Council | None:
    """The council this deployment serves: looked up once a minute, not on every request."""
    council = await cache.get_or_load("council", lambda: council_by_slug(session=session, slug=slug))
    if council is None:
        cache.forget("council")  # not set up yet: look again next time
    return council


def normalise_email(value: str) -> str:
    """Emails are compared and stored trimmed and lower-case."""
    return value.strip().lower()
