"""The transactional outbox, push subscriptions, and each person's notification preferences."""

from __future__ import annotations

import uuid
from datetime import datetime, time
from enum import StrEnum

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from carer_portal.db import StrEnumType, UTCDateTime, council_id_field, created_at_field, id_field, utcnow


class NotificationKind(StrEnum):
    """What a notification is about; people choose which kinds they want."""

    ACCOUNT = "account"  # test notifications and account matters: always on
    MESSAGES = "messages"
    REVIEWS = "reviews"
    PROMPTS = "prompts"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    SKIPPED = "skipped"  # the person has turned this kind off
    FAILED = "failed"  # given up after every retry


class Outbox(SQLModel, table=True):
    """Something that must reach a person later, written in the same transaction as its cause.

    Title, body and URL are generic by construction ("You have a new message"): they go to
    push services and mail servers, so they never name a child or say what a message says.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("council_id", "dedupe_key", name="uq_outbox_council_id_dedupe_key"),
        Index("ix_outbox_due", "status", "available_at"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    # One recipient and purpose (plus what it is about): never created twice.
    dedupe_key: str = Field(sa_type=String(200), nullable=False)
    recipient_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True, nullable=True)
    # For people without an account (enquirers before they have one).
    recipient_email: str | None = Field(default=None, sa_type=String(320), nullable=True)
    kind: NotificationKind = Field(sa_type=StrEnumType(NotificationKind), nullable=False)
    urgent: bool = Field(default=False, nullable=False)
    title: str = Field(sa_type=String(120), nullable=False)
    body: str = Field(sa_type=String(400), nullable=False)
    url: str = Field(sa_type=String(300), nullable=False, default="/")
    # A person's own first name, for an email's greeting: the outbox's only personal word.
    greeting: str = Field(
        sa_type=String(100), nullable=False, default="", sa_column_kwargs={"server_default": ""}
    )
    status: OutboxStatus = Field(
        sa_type=StrEnumType(OutboxStatus), nullable=False, default=OutboxStatus.PENDING
    )
    attempts: int = Field(default=0, nullable=False)
    available_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    leased_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    lease_owner: str | None = Field(default=None, sa_type=String(64), nullable=True)
    delivered_via: str | None = Field(default=None, sa_type=String(16), nullable=True)
    # A status code or exception type: never a response body, which could echo data back.
    last_error: str | None = Field(default=None, sa_type=String(200), nullable=True)
    created_at: datetime = created_at_field()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class PushSubscription(SQLModel, table=True):
    """One device's web push subscription."""

    __tablename__ = "push_subscription"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True, nullable=False)
    endpoint: str = Field(sa_type=Text, nullable=False, unique=True)
    p256dh: str = Field(sa_type=String(200), nullable=False)
    auth: str = Field(sa_type=String(100), nullable=False)
    device_label: str = Field(sa_type=String(120), nullable=False, default="A device")
    enabled: bool = Field(default=True, nullable=False)
    created_at: datetime = created_at_field()
    last_success_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class NotificationPreferences(SQLModel, table=True):
    """Which kinds a person wants, and when they want quiet. Absent means the defaults."""

    __tablename__ = "notification_preferences"

    user_id: uuid.UUID = Field(foreign_key="app_user.id", primary_key=True)
    council_id: uuid.UUID = council_id_field()
    messages: bool = Field(default=True, nullable=False)
    reviews: bool = Field(default=True, nullable=False)
    prompts: bool = Field(default=True, nullable=False)
    quiet_hours: bool = Field(default=True, nullable=False)
    quiet_from: time = Field(default=time(21, 0), nullable=False)
    quiet_until: time = Field(default=time(8, 0), nullable=False)

    def wants(self, kind: NotificationKind) -> bool:
        return kind is NotificationKind.ACCOUNT or bool(getattr(self, kind.value))
