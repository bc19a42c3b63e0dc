"""Children in care and their placements with carer households."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from carer_portal.db import council_id_field, created_at_field, id_field


class Child(SQLModel, table=True):
    """A looked-after child. Special category data about a minor: see security/policies.py."""

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    first_name: str = Field(sa_type=String(100), nullable=False)
    last_name: str = Field(sa_type=String(100), nullable=False)
    # What the child likes to be called, which is what carers and staff should use.
    known_as: str = Field(sa_type=String(100), nullable=False, default="")
    date_of_birth: date = Field(nullable=False)
    created_at: datetime = created_at_field()

    @property
    def preferred_name(self) -> str:
        return self.known_as or self.first_name


class Placement(SQLModel, table=True):
    """A child living with a household, from ``started_on`` until ``ended_on`` (open while None)."""

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    child_id: uuid.UUID = Field(foreign_key="child.id", index=True, nullable=False)
    household_id: uuid.UUID = Field(foreign_key="household.id", index=True, nullable=False)
    started_on: date = Field(nullable=False)
    ended_on: date | None = Field(default=None, nullable=True)
    created_at: datetime = created_at_field()
