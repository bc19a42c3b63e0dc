"""The audit trail: who did what to which record, and when."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from carer_portal.db import UTCDateTime, council_id_field, created_at_field, id_field


class AuditEvent(SQLModel, table=True):
    """Append-only. Carries ids, never names or details, so it is safe to export."""

    __tablename__ = "audit_event"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True, nullable=True)
    action: str = Field(sa_type=String(64), nullable=False)
    subject_type: str = Field(sa_type=String(64), nullable=False, default="")
    subject_id: uuid.UUID | None = Field(default=None, index=True, nullable=True)
    occurred_at: datetime = created_at_field()


class SignInToken(SQLModel, table=True):
    """An emailed sign-in link's id, so each link works once."""

    __tablename__ = "sign_in_token"

    id: uuid.UUID = id_field()  # the token's jti
    council_id: uuid.UUID = council_id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, nullable=False)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class SignInAttempt(SQLModel, table=True):
    """A request for a sign-in link, kept to limit requests per address.

    The address is kept only as a keyed hash: we must not keep the emails of people we do
    not know, and must not be able to tell who tried.
    """

    __tablename__ = "sign_in_attempt"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    email_hash: str = Field(sa_type=String(64), index=True, nullable=False)
    attempted_at: datetime = created_at_field()


class UserSession(SQLModel, table=True):
    """A signed-in session. The cookie names it; this row decides whether it is still honoured.

    The cookie is encrypted and lives in the browser, so a copy of it would work until it
    expired: a session ends here (sign-out, sign-out of all devices, its absolute lifetime),
    and a cookie naming an ended session is refused.
    """

    __tablename__ = "user_session"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, nullable=False)
    created_at: datetime = created_at_field()
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
