"""Needs frameworks (data a council loads) and the dated needs profiles rated against them.

Nothing here is ever overwritten: a framework file loaded again is a new version, and a change
to a child's profile is a new dated profile. Each profile keeps the framework version it was
rated against, so an old profile still reads as it was written.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from carer_portal.db import council_id_field, created_at_field, id_field


class NeedsFramework(SQLModel, table=True):
    """One version of a council's needs framework: its domains and scales, as loaded."""

    __tablename__ = "needs_framework"
    __table_args__ = (
        UniqueConstraint("council_id", "key", "version", name="uq_needs_framework_council_id_key_version"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    key: str = Field(sa_type=String(64), nullable=False)
    version: int = Field(nullable=False)
    name: str = Field(sa_type=String(200), nullable=False)
    # The validated file, as data: see framework.py for its shape.
    definition: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    loaded_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", nullable=True)
    created_at: datetime = created_at_field()


class NeedsProfile(SQLModel, table=True):
    """A child's needs and strengths as assessed on one date. A change is a new profile."""

    __tablename__ = "needs_profile"
    __table_args__ = (
        UniqueConstraint("council_id", "external_ref", name="uq_needs_profile_council_id_external_ref"),
        UniqueConstraint("council_id", "submission_key", name="uq_needs_profile_council_id_submission_key"),
        Index("ix_needs_profile_child_id_assessed_on", "child_id", "assessed_on"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    child_id: uuid.UUID = Field(foreign_key="child.id", nullable=False)
    framework_id: uuid.UUID = Field(foreign_key="needs_framework.id", nullable=False)
    assessed_on: date = Field(nullable=False)
    written_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", nullable=True)
    # Strengths first: what the child is good at and can do, what they enjoy and want.
    strengths: str = Field(sa_type=Text, nullable=False, default="")
    enjoys: str = Field(sa_type=Text, nullable=False, default="")
    what_helps: str = Field(sa_type=Text, nullable=False, default="")
    what_to_avoid: str = Field(sa_type=Text, nullable=False, default="")
    communication: str = Field(sa_type=Text, nullable=False, default="")
    # The practical things a carer needs on day one.
    routines: str = Field(sa_type=Text, nullable=False, default="")
    food: str = Field(sa_type=Text, nullable=False, default="")
    sleep: str = Field(sa_type=Text, nullable=False, default="")
    school: str = Field(sa_type=Text, nullable=False, default="")
    health_appointments: str = Field(sa_type=Text, nullable=False, default="")
    family_time: str = Field(sa_type=Text, nullable=False, default="")
    # The case-management system's id for an imported profile: a re-import updates, never adds.
    external_ref: str | None = Field(default=None, sa_type=String(100), nullable=True)
    # The one-off key of the form that published it: sending the form twice makes one profile.
    submission_key: str | None = Field(default=None, sa_type=String(64), nullable=True)
    created_at: datetime = created_at_field()


class NeedsRating(SQLModel, table=True):
    """One domain's level (on that framework's scale) in one profile, with a short note."""

    __tablename__ = "needs_rating"
    __table_args__ = (UniqueConstraint("profile_id", "domain", name="uq_needs_rating_profile_id_domain"),)

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    profile_id: uuid.UUID = Field(foreign_key="needs_profile.id", index=True, nullable=False)
    domain: str = Field(sa_type=String(64), nullable=False)
    level: int = Field(nullable=False)
    note: str = Field(sa_type=Text, nullable=False, default="")
