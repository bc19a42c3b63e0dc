"""Carers' stories and enquiries from people thinking about fostering."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from carer_portal.db import StrEnumType, UTCDateTime, council_id_field, created_at_field, id_field


class EnquiryStage(StrEnum):
    ENQUIRY = "enquiry"
    FIRST_CONVERSATION = "first_conversation"
    HOME_VISIT = "home_visit"
    APPLICATION = "application"
    ASSESSMENT = "assessment"
    PANEL = "panel"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


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
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = created_at_field()


class Enquiry(SQLModel, table=True):
    """Someone thinking about fostering who has got in touch."""

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    name: str = Field(sa_type=String(200), nullable=False)
    email: str = Field(sa_type=String(320), nullable=False)
    phone: str = Field(sa_type=String(40), nullable=False, default="")
    postcode: str = Field(sa_type=String(10), nullable=False)
    motivation: str = Field(sa_type=Text, nullable=False, default="")
    household: str = Field(sa_type=String(120), nullable=False, default="")
    stage: EnquiryStage = Field(sa_type=StrEnumType(EnquiryStage), nullable=False, default=EnquiryStage.ENQUIRY)
    source: str = Field(sa_type=String(64), nullable=False, default="website")
    created_at: datetime = created_at_field()


class EnquiryStageChange(SQLModel, table=True):
    """The history of an enquiry: every move between stages, by whom and when."""

    __tablename__ = "enquiry_stage_change"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    enquiry_id: uuid.UUID = Field(foreign_key="enquiry.id", index=True, nullable=False)
    from_stage: EnquiryStage | None = Field(default=None, sa_type=StrEnumType(EnquiryStage), nullable=True)
    to_stage: EnquiryStage = Field(sa_type=StrEnumType(EnquiryStage), nullable=False)
    changed_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", nullable=True)
    changed_at: datetime = created_at_field()
