"""Starting and ending signed-in sessions.

The session travels in an encrypted cookie, so web processes share nothing; each one is also
recorded (``UserSession``), so that it can be ended for good (a copied cookie stops working at
sign-out) and has an absolute lifetime whatever its use.
"""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta
from typing import Any, Literal

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Empty, Message, ScopeSession
from sqlalchemy import Row, bindparam, delete, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.people.models import User
from carer_portal.security.audit import AuditAction, record
from carer_portal.security.models import UserSession

# However actively used: staff, and anyone on a shared device, sign in again after 12 hours;
# a carer on their own phone after 30 days. (The idle limits are in security/actor.py.)
STAFF_LIFETIME = timedelta(hours=12)
SHARED_DEVICE_LIFETIME = timedelta(hours=12)
OWN_DEVICE_LIFETIME = timedelta(days=30)


def session_lifetime(*, kind: str, own_device: bool) -> timedelta:
    if kind == "staff":
        return STAFF_LIFETIME
    return OWN_DEVICE_LIFETIME if own_device else SHARED_DEVICE_LIFETIME


def open_session(
    db: AsyncSession, user: User, *, kind: Literal["staff", "carer"], own_device: bool, now: datetime
) -> dict[str, Any]:
    """Record a new session (the caller commits) and return the cookie's contents."""
    record = UserSession(
        council_id=user.council_id,
        user_id=user.id,
        created_at=now,
        expires_at=now + session_lifetime(kind=kind, own_device=own_device),
    )
    db.add(record)
    return {
        "uid": str(user.id),
        "gen": user.session_generation,
        "kind": kind,
        "own_device": own_device,
        "seen": int(now.timestamp()),
        "sid": str(record.id),
    }


async def start_session(
    request: Request[Any, Any, Any],
    db: AsyncSession,
    user: User,
    *,
    kind: Literal["staff", "carer"],
    own_device: bool = False,
    now: datetime,
) -> str | None:
    """Sign ``user`` in: the sign-in recorded in the audit trail, whatever session there was
    replaced with a fresh one (the caller commits). Returns where to go next."""
    await record(
        db,
        council_id=user.council_id,
        actor_id=user.id,
        action=AuditAction.SIGN_IN,
        subject_type="user",
        subject_id=user.id,
    )
    next_path = safe_next_path(request.session.get("next"))
    request.clear_session()
    request.set_session(open_session(db, user, kind=kind, own_device=own_device, now=now))
    return next_path


def session_id(session: dict[str, Any]) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(session.get("sid")))
    except ValueError:
        return None


# Every signed-in request runs this: built once, and reading only the columns the actor needs
# (plain rows, no ORM objects to build and track).
_SESSION_WITH_USER = (
    sa_select(
        User.id,
        User.council_id,
        User.role,
        User.display_name,
        User.household_id,
        User.session_generation,
        User.is_active,
        UserSession.expires_at,
        UserSession.ended_at,
    )
    .join(UserSession, col(UserSession.user_id) == col(User.id))
    .where(col(UserSession.id) == bindparam("sid"), col(User.id) == bindparam("user_id"))
)


async def session_with_user(engine: AsyncEngine, *, sid: uuid.UUID, user_id: uuid.UUID) -> Row[Any] | None:
    """The session's person (id, council, role, name, household, generation, whether active),
    its expiry and its end (if it ended), when it is that person's. On a bare connection: an
    ORM session's machinery cost more than the query."""
    async with engine.connect() as connection:
        return (await connection.execute(_SESSION_WITH_USER, {"sid": sid, "user_id": user_id})).first()


async def end_session(request: Request[Any, Any, Any], db: AsyncSession, *, now: datetime) -> None:
    """End this session for good (the caller commits), and clear the cookie."""
    sid = session_id(request.session)
    if sid is not None:
        await db.exec(
            update(UserSession)
            .where(col(UserSession.id) == sid, col(UserSession.ended_at).is_(None))
            .values(ended_at=now)
        )
    request.clear_session()


# Ended and expired sessions are kept a week (for questions about a recent sign-in), then go:
# the audit trail keeps the sign-ins and sign-outs themselves.
ENDED_SESSIONS_KEPT = timedelta(days=7)


async def purge_old_sessions(db: AsyncSession, *, now: datetime) -> int:
    """Delete sessions that ended or expired more than a week ago; returns how many."""
    cutoff = now - ENDED_SESSIONS_KEPT
    result = await db.exec(
        delete(UserSession).where(
            or_(col(UserSession.ended_at) < cutoff, col(UserSession.expires_at) < cutoff)
        )
    )
    await db.commit()
    return result.rowcount


async def end_every_session(db: AsyncSession, *, user_id: uuid.UUID, now: datetime) -> None:
    """ "Sign out of all devices": every session of this person ends (the caller commits)."""
    await db.exec(
        update(UserSession)
        .where(col(UserSession.user_id) == user_id, col(UserSession.ended_at).is_(None))
        .values(ended_at=now)
    )


def safe_next_path(value: object) -> str | None:
    """Only paths on this site: never '//elsewhere' or 'https://elsewhere'."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    return value


_AS_LOADED = "carer_portal.session_as_loaded"


class _SessionBackend(ClientSideSessionBackend):
    """Litestar's encrypted cookie session, re-sent only when it changed.

    Litestar encrypts and sends the cookie again with every response; for a session nobody
    touched that is a tenth of a small page's time, and bytes on every answer. Sessions in use
    change at least once a minute ("seen", security/actor.py), which keeps the cookie's expiry
    sliding for people who are active.
    """

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        try:
            data = await super().load_from_connection(connection)
        except Exception:  # noqa: BLE001 - any cookie we cannot read is no session at all
            # Litestar reads the cookie's unencrypted expiry part before decrypting: a crafted
            # one (bad base64 padding, not JSON, no expiry) raised, a 500 on every page.
            data = {}
        if not isinstance(data, dict):
            data = {}
        connection.scope[_AS_LOADED] = copy.deepcopy(data)  # type: ignore[literal-required]
        return data

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        loaded = connection.scope.get(_AS_LOADED)  # type: ignore[call-overload]
        if scope_session and scope_session is not Empty and scope_session == loaded:
            return
        await super().store_in_message(scope_session, message, connection)


class SessionCookieConfig(CookieBackendConfig):
    _backend_class = _SessionBackend
