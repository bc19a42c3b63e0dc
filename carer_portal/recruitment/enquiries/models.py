"""Enquiries from people thinking about fostering: the stages, the history, how they feel."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, String, Text, UniqueConstraint, text
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


# The journey, in order: the enquirer's progress bar, the officer's next step, the dashboard's
# funnel and the referrer's thank-yous all read it. Withdrawn can happen at any stage.
JOURNEY: tuple[EnquiryStage, ...] = (
    EnquiryStage.ENQUIRY,
    EnquiryStage.FIRST_CONVERSATION,
    EnquiryStage.HOME_VISIT,
    EnquiryStage.APPLICATION,
    EnquiryStage.ASSESSMENT,
    EnquiryStage.PANEL,
    EnquiryStage.APPROVED,
)


def stages_from(stage: EnquiryStage) -> tuple[EnquiryStage, ...]:
    """``stage`` and every stage after it on the journey (none for withdrawn)."""
    return JOURNEY[JOURNEY.index(stage) :] if stage in JOURNEY else ()


class Channel(StrEnum):
    """How someone came to enquire."""

    WEB = "web"
    PEER_REFERRAL = "peer-referral"
    EVENT = "event"
    CAMPAIGN = "campaign"

    @property
    def label(self) -> str:
        return {
            "web": "Website",
            "peer-referral": "Invited by a carer",
            "event": "Information event",
            "campaign": "Campaign",
        }[self.value]


class MotivationMoment(StrEnum):
    AFTER_ENQUIRY = "after_enquiry"
    AFTER_FIRST_CONVERSATION = "after_first_conversation"


class MotivationAnswerValue(StrEnum):
    MORE = "more"
    SAME = "same"
    LESS = "less"

    @property
    def label(self) -> str:
        return {"more": "More keen", "same": "About the same", "less": "Less keen"}[self.value]


class Enquiry(SQLModel, table=True):
    """Someone thinking about fostering who has got in touch."""

    __table_args__ = (
        UniqueConstraint("council_id", "idempotency_key", name="uq_enquiry_council_id_idempotency_key"),
        # The inbox and the dashboard read a council's enquiries by date.
        Index("ix_enquiry_council_id_created_at", "council_id", "created_at"),
        # The inbox puts people waiting for a first call first: the few of them, newest first,
        # without sorting every enquiry the council ever had.
        Index(
            "ix_enquiry_waiting_for_first_call",
            "council_id",
            "created_at",
            sqlite_where=text("first_responded_at IS NULL"),
            postgresql_where=text("first_responded_at IS NULL"),
        ),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    name: str = Field(sa_type=String(200), nullable=False)
    email: str = Field(sa_type=String(320), nullable=False)
    phone: str = Field(sa_type=String(40), nullable=False, default="")
    postcode: str = Field(sa_type=String(10), nullable=False)
    # In their own words.
    motivation: str = Field(sa_type=Text, nullable=False, default="")
    # Comma-separated reasons they ticked (recruitment/vocabulary.py MOTIVATIONS).
    motivation_reasons: str = Field(sa_type=String(200), nullable=False, default="")
    household: str = Field(sa_type=String(120), nullable=False, default="")
    best_time: str = Field(sa_type=String(20), nullable=False, default="")
    stage: EnquiryStage = Field(
        sa_type=StrEnumType(EnquiryStage), nullable=False, default=EnquiryStage.ENQUIRY
    )
    source: Channel = Field(sa_type=StrEnumType(Channel), nullable=False, default=Channel.WEB)
    campaign_code: str = Field(sa_type=String(40), nullable=False, default="")
    # The carer whose invite brought them, if any.
    referrer_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True, nullable=True)
    # From the form: a double tap or a resubmit finds the enquiry already made.
    idempotency_key: str | None = Field(default=None, sa_type=String(64), nullable=True)
    # SHA-256 of the secret in their emailed link to their own enquiry page (links.py).
    access_token_hash: str | None = Field(default=None, sa_type=String(64), index=True, nullable=True)
    # Moves on when they ask for a new link, which ends the ones sent before; and when they last did.
    access_link_generation: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})
    new_link_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    assigned_officer_id: uuid.UUID | None = Field(
        default=None, foreign_key="app_user.id", index=True, nullable=True
    )
    first_response_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    first_responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # "We will call you by 4pm on Wednesday": what we promised them.
    promised_call_by: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    privacy_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    last_progress_at: datetime = created_at_field()
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # Personal details removed (withdrawn, or no progress for the retention period).
    anonymised_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = created_at_field()


class EnquiryStageChange(SQLModel, table=True):
    """The history of an enquiry: every move between stages, by whom and when."""

    __tablename__ = "enquiry_stage_change"
    __table_args__ = (
        Index("ix_enquiry_stage_change_council_stage_at", "council_id", "to_stage", "changed_at"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    enquiry_id: uuid.UUID = Field(foreign_key="enquiry.id", index=True, nullable=False)
    from_stage: EnquiryStage | None = Field(default=None, sa_type=StrEnumType(EnquiryStage), nullable=True)
    to_stage: EnquiryStage = Field(sa_type=StrEnumType(EnquiryStage), nullable=False)
    changed_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", nullable=True)
    changed_at: datetime = created_at_field()


class EnquiryStageRollup(SQLModel, table=True):
    """How many enquiries reached each stage, by council, channel and the UK week they first got
    there: the dashboard's funnel reads these few hundred rows instead of millions of history rows.

    Stages after the first only (every enquiry is an enquiry; the dashboard counts those from the
    enquiries themselves). Kept in step with the history by ``stage_rollup.record_stage_change``,
    recounted by ``stage_rollup.rebuild_stage_rollup``.
    """

    __tablename__ = "enquiry_stage_rollup"

    council_id: uuid.UUID = Field(foreign_key="council.id", primary_key=True)
    channel: Channel = Field(sa_type=StrEnumType(Channel), primary_key=True)  # the enquiry's source
    stage: EnquiryStage = Field(sa_type=StrEnumType(EnquiryStage), primary_key=True)
    week_starting: date = Field(primary_key=True)  # a Monday, UK time
    reached: int = Field(nullable=False)


class EnquiryNote(SQLModel, table=True):
    """A recruitment officer's note on an enquiry."""

    __tablename__ = "enquiry_note"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    enquiry_id: uuid.UUID = Field(foreign_key="enquiry.id", index=True, nullable=False)
    author_id: uuid.UUID = Field(foreign_key="app_user.id", nullable=False)
    text: str = Field(sa_type=Text, nullable=False)
    created_at: datetime = created_at_field()


class EnquiryAssignment(SQLModel, table=True):
    """Who was asked to look after an enquiry, by whom and when (None: nobody now)."""

    __tablename__ = "enquiry_assignment"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    enquiry_id: uuid.UUID = Field(foreign_key="enquiry.id", index=True, nullable=False)
    officer_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", nullable=True)
    assigned_by_id: uuid.UUID = Field(foreign_key="app_user.id", nullable=False)
    assigned_at: datetime = created_at_field()


class MotivationAnswer(SQLModel, table=True):
    """How someone felt about fostering at a moment: after enquiring, after the first conversation."""

    __tablename__ = "motivation_answer"
    __table_args__ = (
        UniqueConstraint("enquiry_id", "moment", name="uq_motivation_answer_enquiry_id_moment"),
        Index("ix_motivation_answer_council_id_answered_at", "council_id", "answered_at"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    enquiry_id: uuid.UUID = Field(foreign_key="enquiry.id", index=True, nullable=False)
    moment: MotivationMoment = Field(sa_type=StrEnumType(MotivationMoment), nullable=False)
    answer: MotivationAnswerValue = Field(sa_type=StrEnumType(MotivationAnswerValue), nullable=False)
    answered_at: datetime = created_at_field()
    # Feeling less keen, they asked us to call them back (the officer's page shows it).
    call_back_asked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class InfoEvent(SQLModel, table=True):
    """An information event for people thinking about fostering."""

    __tablename__ = "info_event"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    title: str = Field(sa_type=String(200), nullable=False)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    place: str = Field(sa_type=String(200), nullable=False)
    summary: str = Field(sa_type=String(400), nullable=False, default="")
