"""Who is making this request: loaded once per request from the session, checked every time."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy import Row

from carer_portal.db import utcnow
from carer_portal.people.models import Role, User, first_name
from carer_portal.security.sessions import session_id, session_with_user

STAFF_IDLE_SECONDS = 30 * 60
CARER_IDLE_SECONDS = 30 * 24 * 60 * 60
SHARED_DEVICE_IDLE_SECONDS = 30 * 60
# Rewriting the cookie on every request costs bytes; a minute's precision is plenty.
SEEN_RESOLUTION_SECONDS = 60


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    council_id: uuid.UUID
    role: Role
    display_name: str
    household_id: uuid.UUID | None

    @classmethod
    def from_user(cls, user: User | Row[Any]) -> Actor:
        """From a person's record, or a row of the same columns (the middleware reads one)."""
        return cls(
            user_id=user.id,
            council_id=user.council_id,
            role=Role(user.role),
            display_name=user.display_name,
            household_id=user.household_id,
        )

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

    @property
    def first_name(self) -> str:
        return first_name(self.display_name)


def idle_limit(session: dict) -> int:
    if session.get("kind") == "staff":
        return STAFF_IDLE_SECONDS
    return CARER_IDLE_SECONDS if session.get("own_device") else SHARED_DEVICE_IDLE_SECONDS


class ActorMiddleware:
    """Sets ``request.user`` to an :class:`Actor`, or None.

    A session is honoured only while its record has not ended (sign-out, "sign out of all
    devices") nor passed its absolute lifetime, its user is active, its generation matches the
    user's, and it has been used recently enough. Otherwise it is emptied, leaving a note of
    why, so the sign-in page can say "you were signed out" and return the person where they were.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["user"] = None
        session = scope.get("session")
        if scope["type"] == "http" and isinstance(session, dict) and session.get("uid"):
            scope["user"] = await self._actor(scope, session)
        await self.app(scope, receive, send)

    async def _actor(self, scope: Scope, session: dict) -> Actor | None:
        now = int(time.time())
        if now - int(session.get("seen", 0)) > idle_limit(session):
            scope["session"] = {"signed_out": "idle", "kind": session.get("kind")}
            return None
        sid = session_id(session)
        try:
            uid = uuid.UUID(str(session["uid"]))
        except ValueError:
            uid = None
        if sid is None or uid is None:
            scope["session"] = {}
            return None
        found = await session_with_user(scope["litestar_app"].state.engine, sid=sid, user_id=uid)
        if found is None:
            scope["session"] = {"signed_out": "elsewhere", "kind": session.get("kind")}
            return None
        if found.ended_at is None and found.expires_at <= utcnow():
            scope["session"] = {"signed_out": "expired", "kind": session.get("kind")}
            return None
        if (
            found.ended_at is not None
            or not found.is_active
            or found.session_generation != session.get("gen")
        ):
            scope["session"] = {"signed_out": "elsewhere", "kind": session.get("kind")}
            return None
        if now - int(session.get("seen", 0)) >= SEEN_RESOLUTION_SECONDS:
            session["seen"] = now
        return Actor.from_user(found)
