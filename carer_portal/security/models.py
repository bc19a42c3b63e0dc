"""The audit trail: who did what to which record, and when."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from carer_portal.db import council_id_field, created_at_field, id_field


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
