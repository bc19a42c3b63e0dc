"""Children in care, their placements with carer households, and what their carers notice."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from carer_portal.db import UTCDateTime, council_id_field, created_at_field, id_field


class Child(SQLModel, table=True):
    """A looked-after child. Special category data about a minor: see security/policies.py."""

    __table_args__ = (
        UniqueConstraint("council_id", "external_ref", name="uq_child_council_id_external_ref"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    first_name: str = Field(sa_type=String(100), nullable=False)
    last_name: str = Field(sa_type=String(100), nullable=False)
    # What the child likes to be called, which is what carers and staff should use.
    known_as: str = Field(sa_type=String(100), nullable=False, default="")
    date_of_birth: date = Field(nullable=False)
    # The case-management system's id (case number): an import matches on it, never duplicates.
    external_ref: str | None = Field(default=None, sa_type=String(100), nullable=True)
    created_at: datetime = created_at_field()

    @property
    def preferred_name(self) -> str:
        return self.known_as or self.first_name


class Placement(SQLModel, table=True):
    """A child living with a household, from ``started_on`` until ``ended_on`` (open while None).
    A child's placements never overlap (children/service.py checks before any is written)."""

    __table_args__ = (
        UniqueConstraint("council_id", "external_ref", name="uq_placement_council_id_external_ref"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    child_id: uuid.UUID = Field(foreign_key="child.id", index=True, nullable=False)
    household_id: uuid.UUID = Field(foreign_key="household.id", index=True, nullable=False)
    started_on: date = Field(nullable=False)
    ended_on: date | None = Field(default=None, nullable=True)
    external_ref: str | None = Field(default=None, sa_type=String(100), nullable=True)
    created_at: datetime = created_at_field()


class Observation(SQLModel, table=True):
    """Something a carer noticed about a child, on a date, for their supervising social worker.
    Never edited: a correction is another observation."""

    __table_args__ = (
        UniqueConstraint("council_id", "submission_key", name="uq_observation_council_id_submission_key"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    child_id: uuid.UUID = Field(foreign_key="child.id", index=True, nullable=False)
    author_id: uuid.UUID = Field(foreign_key="app_user.id", nullable=False)
    noticed_on: date = Field(nullable=False)
    text: str = Field(sa_type=Text, nullable=False)
    # The one-off key of the form that sent it: sending it twice (or again from offline) makes one.
    submission_key: str = Field(sa_type=String(64), nullable=False)
    # When the child's supervising social worker first opened the child's page after it came.
    seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = created_at_field()
