"""A carer's story, published with their consent."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from carer_portal.db import UTCDateTime, council_id_field, created_at_field, id_field


class Story(SQLModel, table=True):
    """A carer's own account of fostering, published with their consent."""

    __table_args__ = (UniqueConstraint("council_id", "slug", name="uq_story_council_id_slug"),)

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    slug: str = Field(sa_type=String(120), nullable=False)
    carer_name: str = Field(sa_type=String(120), nullable=False)
    household: str = Field(sa_type=String(120), nullable=False)
    area: str = Field(sa_type=String(120), nullable=False)
    quote: str = Field(sa_type=String(400), nullable=False)
    body: str = Field(sa_type=Text, nullable=False)
    # Comma-separated theme slugs, e.g. "teenagers,short-breaks".
    themes: str = Field(sa_type=String(400), nullable=False, default="")
    # Comma-separated household tags used for matching: single, couple, with-children, retired, working.
    household_tags: str = Field(sa_type=String(200), nullable=False, default="")
    photo_path: str | None = Field(default=None, sa_type=String(300), nullable=True)
    photo_alt: str | None = Field(default=None, sa_type=String(300), nullable=True)
    # The carer's consent to publish: when, who recorded it, and how it was given.
    consent_recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    consent_recorded_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", nullable=True)
    consent_note: str = Field(sa_type=String(300), nullable=False, default="")
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
