"""Signing in and out: who gets in, where they go next, and what is recorded.

The link rules are in security/links.py and the session records in security/sessions.py;
this module puts them together for the routes, and is where the routes' transactions commit.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from litestar import Request
from sqlalchemy import func
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.config import Settings
from carer_portal.navigation import home_for
from carer_portal.notifications.email import OutgoingEmail
from carer_portal.people.models import STAFF_ROLE_VALUES, Role, User
from carer_portal.people.service import council_by_slug, normalise_email
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, record
from carer_portal.security.links import LinkProblem, redeem_sign_in_link, request_sign_in_link
from carer_portal.security.sessions import end_every_session, end_session, start_session


def _next_page(next_path: str | None, user: User) -> str:
    """Back where the person was sent to sign in from, or else their role's home page."""
    return next_path or home_for(Role(user.role))


async def request_sign_in_email(
    *, session: AsyncSession, settings: Settings, email: str, now: datetime
) -> OutgoingEmail | None:
    """The email carrying a sign-in link, if this council knows the address (within the limits)."""
    council = await council_by_slug(session=session, slug=settings.council_slug)
    if council is None:
        return None
    return await request_sign_in_link(
        session=session, settings=settings, council=council, email=email, now=now
    )


async def sign_in_with_link(
    *,
    session: AsyncSession,
    request: Request[Any, Any, Any],
    settings: Settings,
    token: str,
    own_device: bool,
    now: datetime,
) -> str | LinkProblem:
    """Use an emailed link and sign its person in: the page to go to next, or what is wrong."""
    user = await redeem_sign_in_link(session=session, settings=settings, token=token, now=now)
    if isinstance(user, LinkProblem):
        return user
    next_path = await start_session(request, session, user, kind="carer", own_device=own_device, now=now)
    await session.commit()
    return _next_page(next_path, user)


async def _staff_member(
    *, session: AsyncSession, council_id: uuid.UUID | None, claims: dict[str, Any]
) -> User | None:
    """Our own staff record decides who gets in and with what role, never the provider."""
    if council_id is None:
        return None
    base = select(User).where(User.council_id == council_id, User.is_active, User.role.in_(STAFF_ROLE_VALUES))  # type: ignore[attr-defined]
    user = (await session.exec(base.where(User.oidc_subject == claims["sub"]))).first()
    if user is None and claims.get("email") and claims.get("email_verified") is True:
        user = (await session.exec(base.where(User.email == normalise_email(claims["email"])))).first()
        if user is not None and user.oidc_subject not in (None, claims["sub"]):
            return None  # that email now belongs to a different account at the provider
    return user


async def sign_in_staff(
    *,
    session: AsyncSession,
    request: Request[Any, Any, Any],
    settings: Settings,
    claims: dict[str, Any],
    now: datetime,
) -> str | None:
    """Sign in the member of staff the provider vouched for: the page to go to next, or None
    (the refusal recorded) when they have no access here."""
    council = await council_by_slug(session=session, slug=settings.council_slug)
    user = await _staff_member(session=session, council_id=council.id if council else None, claims=claims)
    if user is None:
        if council is not None:
            await record(session, council_id=council.id, actor_id=None, action=AuditAction.SIGN_IN_REFUSED)
            await session.commit()
        return None
    if user.oidc_subject is None:
        user.oidc_subject = claims["sub"]
        session.add(user)
    next_path = await start_session(request, session, user, kind="staff", now=now)
    await session.commit()
    return _next_page(next_path, user)


async def sign_out_of_this_device(
    *, session: AsyncSession, request: Request[Any, Any, Any], actor: Actor, now: datetime
) -> None:
    """End this session for good, recorded in the audit trail."""
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.SIGN_OUT,
        subject_type="user",
        subject_id=actor.user_id,
    )
    await end_session(request, session, now=now)
    await session.commit()


async def sign_out_of_all_devices(
    *, session: AsyncSession, request: Request[Any, Any, Any], actor: Actor, now: datetime
) -> bool:
    """End every session of this person, on every device; False if they no longer exist."""
    user = await session.get(User, actor.user_id)
    if user is None:
        return False
    user.session_generation += 1
    session.add(user)
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.SIGN_OUT_EVERYWHERE,
        subject_type="user",
        subject_id=actor.user_id,
    )
    await end_every_session(session, user_id=actor.user_id, now=now)
    await end_session(request, session, now=now)
    await session.commit()
    return True


async def active_staff_count(session: AsyncSession) -> int:
    """Staff who could sign in, in every council: they need the council's identity provider."""
    query = select(func.count()).select_from(User).where(User.is_active, User.role.in_(STAFF_ROLE_VALUES))  # type: ignore[attr-defined]
    return int((await session.exec(query)).one())
