"""The enquiry journey's rules: an enquiry made once, the person's own page, leaving, retention.

No HTTP here. Every function takes keyword-only arguments and works inside one council.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.cache import PublicCache
from carer_portal.config import Settings
from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.models import Council, Role, User, first_name
from carer_portal.recruitment.enquiries.forms import EnquiryForm
from carer_portal.recruitment.enquiries.links import is_plausible_token, link_path, link_token, token_hash
from carer_portal.recruitment.enquiries.models import (
    Channel,
    Enquiry,
    EnquiryNote,
    EnquiryStage,
    EnquiryStageChange,
    InfoEvent,
    MotivationAnswer,
    MotivationAnswerValue,
    MotivationMoment,
)
from carer_portal.recruitment.enquiries.promises import call_by, first_contact_promise
from carer_portal.recruitment.enquiries.stage_rollup import record_stage_change
from carer_portal.recruitment.stories.models import Story
from carer_portal.recruitment.stories.service import match_stories, recent_published_stories
from carer_portal.security.actor import Actor

ANONYMISED_NAME = "Anonymised"
EVENTS_SHOWN = 3
STORIES_SHOWN = 3


def first_response_due(created_at: datetime, *, working_days: int = 1, best_time: str = "") -> datetime:
    return call_by(created_at, working_days=working_days, best_time=best_time)


# --- the public side --------------------------------------------------------------------


@dataclass(frozen=True)
class NewEnquiry:
    enquiry: Enquiry
    # The secret for their emailed link; None when the enquiry already existed (a resubmit).
    access_token: str | None
    created: bool


async def create_enquiry(
    *,
    session: AsyncSession,
    council: Council,
    form: EnquiryForm,
    idempotency_key: str,
    referrer_id: uuid.UUID | None,
    campaign_code: str,
    settings: Settings,
    now: datetime,
) -> NewEnquiry:
    """Record an enquiry once per form, with its first history entry and its confirmation email.

    The form carries a one-off key: a double tap, a resubmit after a dropped connection or the
    back button find the enquiry already made instead of making a second.
    """
    council_id = council.id  # read before anything can expire it (a rollback)
    due = first_response_due(now, working_days=settings.first_response_working_days, best_time=form.best_time)
    channel = Channel.PEER_REFERRAL if referrer_id else (Channel.CAMPAIGN if campaign_code else Channel.WEB)
    enquiry = Enquiry(
        council_id=council.id,
        name=form.name,
        email=form.email,
        phone=form.phone,
        postcode=form.postcode,
        motivation=form.own_words,
        motivation_reasons=",".join(form.reasons),
        household=form.household,
        best_time=form.best_time,
        source=channel,
        campaign_code=campaign_code,
        referrer_id=referrer_id,
        idempotency_key=idempotency_key,
        first_response_due_at=due,
        promised_call_by=due,
        privacy_accepted_at=now,
        last_progress_at=now,
        created_at=now,
    )
    token = link_token(enquiry, settings=settings)
    first_entry = EnquiryStageChange(
        council_id=council.id, enquiry_id=enquiry.id, to_stage=EnquiryStage.ENQUIRY, changed_at=now
    )
    try:
        # Plain inserts of the rows, not the ORM's unit of work: its flush (dependency sorting
        # for two rows) was a third of the whole enquiry's time. The unique key on the form's
        # one-off key is what stops a second enquiry, so there is nothing to look up first.
        await session.exec(_INSERT_ENQUIRY, params=_row(enquiry))  # type: ignore[call-overload]
        await session.exec(_INSERT_STAGE_CHANGE, params=_row(first_entry))  # type: ignore[call-overload]
        await enqueue(
            session,
            council_id=council.id,
            dedupe_key=f"enquiry-confirmation:{enquiry.id}",
            kind=NotificationKind.ACCOUNT,
            recipient_email=enquiry.email,
            urgent=True,
            notice=Notice(
                title=f"Thank you for getting in touch with {settings.service_short_name}",
                body=(
                    "Thank you for asking about fostering. "
                    f"{first_contact_promise(phone=enquiry.phone, call_by=due, now=now, dated=True)}. "
                    "You can see where your enquiry is up to, and what happens next, here:"
                ),
                url=link_path(token),
                greeting=first_name(enquiry.name),
            ),
        )
        await session.commit()
    except IntegrityError:
        # This form was sent before (a double tap, a resubmit, the back button), perhaps at the
        # same moment from two connections: the enquiry it made is the answer.
        await session.rollback()
        existing = await enquiry_by_idempotency_key(
            session=session, council_id=council_id, key=idempotency_key
        )
        if existing is None:
            raise
        return NewEnquiry(existing, None, created=False)
    return NewEnquiry(enquiry, token, created=True)


_INSERT_ENQUIRY = insert(Enquiry.__table__)  # type: ignore[attr-defined]
_INSERT_STAGE_CHANGE = insert(EnquiryStageChange.__table__)  # type: ignore[attr-defined]


def _row(model: SQLModel) -> dict[str, object]:
    """A table model's column values, defaults included, for a Core insert."""
    return {column.key: getattr(model, column.key) for column in model.__table__.columns}  # type: ignore[attr-defined]


async def enquiry_by_idempotency_key(
    *, session: AsyncSession, council_id: uuid.UUID, key: str
) -> Enquiry | None:
    query = select(Enquiry).where(Enquiry.council_id == council_id, Enquiry.idempotency_key == key)
    return (await session.exec(query)).first()


# The thank-you page's two lookups, built once (building them took as long as running them).
_ENQUIRY_FOR_RESPONSE = select(Enquiry).where(
    Enquiry.council_id == bindparam("council_id"),
    Enquiry.id == bindparam("enquiry_id"),
    col(Enquiry.anonymised_at).is_(None),
)
_MOTIVATION_ANSWERS = select(MotivationAnswer).where(MotivationAnswer.enquiry_id == bindparam("enquiry_id"))


async def enquiry_for_response(
    *, session: AsyncSession, council_id: uuid.UUID, enquiry_id: object
) -> Enquiry | None:
    """The enquiry this browser just made (its id is kept in the session, never in a URL)."""
    try:
        wanted = uuid.UUID(str(enquiry_id))
    except ValueError:
        return None
    params = {"council_id": council_id, "enquiry_id": wanted}
    return (await session.exec(_ENQUIRY_FOR_RESPONSE, params=params)).first()


async def enquiry_by_token(*, session: AsyncSession, council_id: uuid.UUID, token: str) -> Enquiry | None:
    if not is_plausible_token(token):
        return None
    query = select(Enquiry).where(
        Enquiry.council_id == council_id,
        Enquiry.access_token_hash == token_hash(token),
        col(Enquiry.anonymised_at).is_(None),
    )
    return (await session.exec(query)).first()


async def next_events(
    *, session: AsyncSession, cache: PublicCache, council_id: uuid.UUID, now: datetime
) -> list[InfoEvent]:
    """The next information events. Kept for a minute, so an event that began since is dropped here."""

    async def load() -> list[InfoEvent]:
        return await _upcoming_events(session=session, council_id=council_id, now=now, limit=EVENTS_SHOWN + 3)

    events = await cache.get_or_load("upcoming-events", load)
    return [event for event in events if event.starts_at >= now][:EVENTS_SHOWN]


async def _upcoming_events(
    *, session: AsyncSession, council_id: uuid.UUID, now: datetime, limit: int
) -> list[InfoEvent]:
    query = (
        select(InfoEvent)
        .where(InfoEvent.council_id == council_id, col(InfoEvent.starts_at) >= now)
        .order_by(col(InfoEvent.starts_at))
        .limit(limit)
    )
    return list((await session.exec(query)).all())


@dataclass(frozen=True)
class EnquiryPage:
    """What the person is shown about their enquiry: stories like theirs, what is on, their feeling."""

    enquiry: Enquiry
    first_name: str
    stories: list[Story]
    events: list[InfoEvent]
    promise: str  # "We will call you by 4pm tomorrow" (promises.first_contact_promise)
    feeling: MotivationAnswerValue | None  # their answer at ``moment``, if they gave one
    answer: MotivationAnswer | None  # that answer in full: when, and whether they asked us to call


async def enquiry_page(
    *,
    session: AsyncSession,
    cache: PublicCache,
    enquiry: Enquiry,
    moment: MotivationMoment,
    near_them: bool,
    now: datetime,
) -> EnquiryPage:
    """The thank-you page (``near_them``: stories from their area first) and their own page."""
    stories = match_stories(
        await recent_published_stories(session=session, cache=cache, council_id=enquiry.council_id),
        reasons=[reason for reason in enquiry.motivation_reasons.split(",") if reason],
        household=enquiry.household,
        area_hint=enquiry.postcode.split(" ")[0] if near_them else "",
        limit=STORIES_SHOWN,
    )
    answer = (await motivation_answers(session=session, enquiry_id=enquiry.id)).get(moment)
    return EnquiryPage(
        enquiry=enquiry,
        first_name=first_name(enquiry.name),
        stories=stories,
        events=await next_events(session=session, cache=cache, council_id=enquiry.council_id, now=now),
        promise=first_contact_promise(phone=enquiry.phone, call_by=enquiry.promised_call_by, now=now),
        feeling=MotivationAnswerValue(answer.answer) if answer else None,
        answer=answer,
    )


async def record_motivation(
    *,
    session: AsyncSession,
    enquiry: Enquiry,
    moment: MotivationMoment,
    answer: MotivationAnswerValue,
    now: datetime,
    call_back: bool = False,
) -> MotivationAnswer:
    """One answer per moment: a second tap changes the answer rather than adding another.
    Someone less keen may ask us to call them back; the officer's page shows when."""
    existing = (
        await session.exec(
            select(MotivationAnswer).where(
                MotivationAnswer.enquiry_id == enquiry.id, MotivationAnswer.moment == moment
            )
        )
    ).first()
    row = existing or MotivationAnswer(
        council_id=enquiry.council_id, enquiry_id=enquiry.id, moment=moment, answer=answer
    )
    row.answer = answer
    row.answered_at = now
    may_call = answer is MotivationAnswerValue.LESS and bool(enquiry.phone)
    if call_back and may_call and row.call_back_asked_at is None:
        row.call_back_asked_at = now
    session.add(row)
    await session.commit()
    return row


async def motivation_answers(
    *, session: AsyncSession, enquiry_id: uuid.UUID
) -> dict[MotivationMoment, MotivationAnswer]:
    """Their answer at each moment they gave one (with any call back they asked for)."""
    rows = (await session.exec(_MOTIVATION_ANSWERS, params={"enquiry_id": enquiry_id})).all()
    return {MotivationMoment(r.moment): r for r in rows}


def anonymise(enquiry: Enquiry, *, now: datetime) -> None:
    """Remove everything that identifies the person; keep what the anonymous counts need."""
    enquiry.name = ANONYMISED_NAME
    enquiry.email = ""
    enquiry.phone = ""
    enquiry.postcode = ""
    enquiry.motivation = ""
    enquiry.idempotency_key = None
    enquiry.access_token_hash = None
    enquiry.anonymised_at = now


async def withdraw_and_delete(*, session: AsyncSession, enquiry: Enquiry, now: datetime) -> None:
    """The person's own choice: they leave the journey and their details are removed at once."""
    if enquiry.stage is not EnquiryStage.WITHDRAWN:
        await record_stage_change(session, enquiry=enquiry, to_stage=EnquiryStage.WITHDRAWN, now=now)
        enquiry.stage = EnquiryStage.WITHDRAWN
    enquiry.withdrawn_at = now
    anonymise(enquiry, now=now)
    for note in (await session.exec(select(EnquiryNote).where(EnquiryNote.enquiry_id == enquiry.id))).all():
        await session.delete(note)
    session.add(enquiry)
    await session.commit()


async def anonymise_stale_enquiries(*, session: AsyncSession, now: datetime, months: int) -> int:
    """Retention: enquiries with no progress for ``months`` lose their personal details."""
    cutoff = now - timedelta(days=round(months * 30.44))
    stale = and_(col(Enquiry.anonymised_at).is_(None), col(Enquiry.last_progress_at) < cutoff)
    ids = [row for row in (await session.exec(select(Enquiry.id).where(stale))).all()]
    if not ids:
        return 0
    await session.exec(
        update(Enquiry)
        .where(col(Enquiry.id).in_(ids))
        .values(
            name=ANONYMISED_NAME,
            email="",
            phone="",
            postcode="",
            motivation="",
            idempotency_key=None,
            access_token_hash=None,
            anonymised_at=now,
        )
    )
    await session.exec(
        update(EnquiryNote).where(col(EnquiryNote.enquiry_id).in_(ids)).values(text="(removed)")
    )
    await session.commit()
    return len(ids)


# A signed-in enquirer's enquiries, matched on the verified email of their account, in one
# statement built once: the account must still be an enquirer's, in the same council.
_ENQUIRIES_OF_ENQUIRER = (
    select(Enquiry)
    .join(User, col(User.email) == col(Enquiry.email))
    .where(
        col(User.id) == bindparam("user_id"),
        col(User.role) == Role.ENQUIRER,
        col(User.council_id) == col(Enquiry.council_id),
        col(Enquiry.council_id) == bindparam("council_id"),
        col(Enquiry.anonymised_at).is_(None),
    )
    .order_by(col(Enquiry.created_at).desc())
)


async def enquiries_of_enquirer(*, session: AsyncSession, actor: Actor) -> list[Enquiry]:
    """A signed-in enquirer's own enquiries (matched on their verified email)."""
    params = {"user_id": actor.user_id, "council_id": actor.council_id}
    return list((await session.exec(_ENQUIRIES_OF_ENQUIRER, params=params)).all())  # type: ignore[call-overload]
