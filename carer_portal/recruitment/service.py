"""Recruitment rules: enquiries from first contact to approval, and what people are shown.

No HTTP here. Every function takes keyword-only arguments and works inside one council.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.config import Settings
from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.models import Council, Role, User
from carer_portal.recruitment.forms import EnquiryForm
from carer_portal.recruitment.models import (
    Channel,
    Enquiry,
    EnquiryNote,
    EnquiryStage,
    EnquiryStageChange,
    InfoEvent,
    MotivationAnswer,
    MotivationAnswerValue,
    MotivationMoment,
    Story,
)
from carer_portal.recruitment.promises import call_by
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_view_enquiries, enquiries_scope

# The journey, in order. Withdrawn can happen from any stage.
JOURNEY = (
    EnquiryStage.ENQUIRY,
    EnquiryStage.FIRST_CONVERSATION,
    EnquiryStage.HOME_VISIT,
    EnquiryStage.APPLICATION,
    EnquiryStage.ASSESSMENT,
    EnquiryStage.PANEL,
    EnquiryStage.APPROVED,
)
ANONYMISED_NAME = "Anonymised"


def first_response_due(created_at: datetime, *, working_days: int = 1, best_time: str = "") -> datetime:
    return call_by(created_at, working_days=working_days, best_time=best_time)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the public side --------------------------------------------------------------------


async def featured_stories(*, session: AsyncSession, council_id: uuid.UUID, limit: int = 3) -> list[Story]:
    """Published stories, newest first: real carers' words are the first thing people read."""
    query = (
        select(Story)
        .where(Story.council_id == council_id, col(Story.published_at).is_not(None))
        .order_by(col(Story.published_at).desc())
        .limit(limit)
    )
    return list((await session.exec(query)).all())


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
    token = secrets.token_urlsafe(24)
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
        access_token_hash=_token_hash(token),
        first_response_due_at=due,
        promised_call_by=due,
        privacy_accepted_at=now,
        last_progress_at=now,
        created_at=now,
    )
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
                    "Thank you for asking about fostering. Someone from our team will call you soon. "
                    "You can see where your enquiry is up to, and what happens next, here:"
                ),
                url=f"/your-enquiry/{token}",
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
    if not token or len(token) > 100:
        return None
    query = select(Enquiry).where(
        Enquiry.council_id == council_id,
        Enquiry.access_token_hash == _token_hash(token),
        col(Enquiry.anonymised_at).is_(None),
    )
    return (await session.exec(query)).first()


async def upcoming_events(
    *, session: AsyncSession, council_id: uuid.UUID, now: datetime, limit: int = 3
) -> list[InfoEvent]:
    query = (
        select(InfoEvent)
        .where(InfoEvent.council_id == council_id, col(InfoEvent.starts_at) >= now)
        .order_by(col(InfoEvent.starts_at))
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def published_stories(*, session: AsyncSession, council_id: uuid.UUID) -> list[Story]:
    query = select(Story).where(Story.council_id == council_id, col(Story.published_at).is_not(None))
    return list((await session.exec(query.order_by(col(Story.published_at).desc()))).all())


async def record_motivation(
    *,
    session: AsyncSession,
    enquiry: Enquiry,
    moment: MotivationMoment,
    answer: MotivationAnswerValue,
    now: datetime,
) -> MotivationAnswer:
    """One answer per moment: a second tap changes the answer rather than adding another."""
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
    session.add(row)
    await session.commit()
    return row


async def motivation_answers(
    *, session: AsyncSession, enquiry_id: uuid.UUID
) -> dict[MotivationMoment, MotivationAnswerValue]:
    rows = (await session.exec(_MOTIVATION_ANSWERS, params={"enquiry_id": enquiry_id})).all()
    return {MotivationMoment(r.moment): MotivationAnswerValue(r.answer) for r in rows}


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
        session.add(
            EnquiryStageChange(
                council_id=enquiry.council_id,
                enquiry_id=enquiry.id,
                from_stage=enquiry.stage,
                to_stage=EnquiryStage.WITHDRAWN,
                changed_at=now,
            )
        )
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


# --- the recruitment team ---------------------------------------------------------------


@dataclass(frozen=True)
class InboxLine:
    enquiry: Enquiry
    due_in: timedelta | None  # negative when overdue; None once they have had their first call


async def inbox(
    *,
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    stage: EnquiryStage | None = None,
    mine: bool = False,
    limit: int = 100,
) -> list[InboxLine]:
    """Open enquiries, newest first; the ones waiting for a first call first of all."""
    query = enquiries_scope(actor).where(col(Enquiry.anonymised_at).is_(None))
    if stage is not None:
        query = query.where(Enquiry.stage == stage)
    else:
        query = query.where(
            col(Enquiry.stage).not_in([EnquiryStage.WITHDRAWN.value, EnquiryStage.APPROVED.value])
        )
    if mine:
        query = query.where(Enquiry.assigned_officer_id == actor.user_id)
    # Two walks down the council's enquiries by date (two indexes), rather than one sort of
    # all of them: people waiting for a first call, newest first, then everyone else.
    waiting = col(Enquiry.first_responded_at).is_(None)
    newest_first = col(Enquiry.created_at).desc()
    enquiries = list((await session.exec(query.where(waiting).order_by(newest_first).limit(limit))).all())
    if len(enquiries) < limit:
        rest = query.where(col(Enquiry.first_responded_at).is_not(None)).order_by(newest_first)
        enquiries += (await session.exec(rest.limit(limit - len(enquiries)))).all()
    return [
        InboxLine(
            e,
            (e.first_response_due_at - now)
            if e.first_responded_at is None and e.first_response_due_at
            else None,
        )
        for e in enquiries
    ]


async def enquiry_for_officer(
    *, session: AsyncSession, actor: Actor, enquiry_id: uuid.UUID
) -> Enquiry | None:
    query = enquiries_scope(actor).where(Enquiry.id == enquiry_id, col(Enquiry.anonymised_at).is_(None))
    return (await session.exec(query)).first()


async def officers(*, session: AsyncSession, actor: Actor) -> list[User]:
    if not can_view_enquiries(actor):
        return []
    query = select(User).where(
        User.council_id == actor.council_id,
        User.role == Role.RECRUITMENT_OFFICER,
        col(User.is_active).is_(True),
    )
    return list((await session.exec(query.order_by(User.display_name))).all())


@dataclass(frozen=True)
class HistoryLine:
    when: datetime
    what: str
    who: str


async def history(*, session: AsyncSession, enquiry: Enquiry) -> list[HistoryLine]:
    changes = (
        await session.exec(select(EnquiryStageChange).where(EnquiryStageChange.enquiry_id == enquiry.id))
    ).all()
    notes = (await session.exec(select(EnquiryNote).where(EnquiryNote.enquiry_id == enquiry.id))).all()
    people_ids = {c.changed_by_id for c in changes if c.changed_by_id} | {n.author_id for n in notes}
    names = {
        u.id: u.display_name
        for u in (await session.exec(select(User).where(col(User.id).in_(people_ids)))).all()
    }
    lines = [
        HistoryLine(
            c.changed_at,
            "Got in touch" if c.from_stage is None else f"Moved to {EnquiryStage(c.to_stage).label.lower()}",
            names.get(c.changed_by_id, "Themselves")
            if c.changed_by_id
            else (
                "Themselves" if c.from_stage is None or c.to_stage == EnquiryStage.WITHDRAWN else "The team"
            ),
        )
        for c in changes
    ]
    lines += [HistoryLine(n.created_at, f"Note: {n.text}", names.get(n.author_id, "The team")) for n in notes]
    return sorted(lines, key=lambda line: line.when, reverse=True)


def next_stages(stage: EnquiryStage) -> list[EnquiryStage]:
    if stage in (EnquiryStage.APPROVED, EnquiryStage.WITHDRAWN):
        return []
    position = JOURNEY.index(stage)
    return [*JOURNEY[position + 1 : position + 2], EnquiryStage.WITHDRAWN]


class StageChangeRefused(Exception):
    pass


async def change_stage(
    *,
    session: AsyncSession,
    actor: Actor,
    enquiry: Enquiry,
    to_stage: EnquiryStage,
    settings: Settings,
    now: datetime,
) -> None:
    """Move an enquiry on (one stage at a time, or withdrawn), with its history and follow-ups."""
    from carer_portal.recruitment.referrals.service import on_stage_change

    if to_stage not in next_stages(EnquiryStage(enquiry.stage)):
        raise StageChangeRefused(
            f"An enquiry at {EnquiryStage(enquiry.stage).label.lower()} "
            f"cannot move to {to_stage.label.lower()}"
        )
    session.add(
        EnquiryStageChange(
            council_id=enquiry.council_id,
            enquiry_id=enquiry.id,
            from_stage=enquiry.stage,
            to_stage=to_stage,
            changed_by_id=actor.user_id,
            changed_at=now,
        )
    )
    enquiry.stage = to_stage
    enquiry.last_progress_at = now
    if to_stage is EnquiryStage.WITHDRAWN:
        enquiry.withdrawn_at = now
    if to_stage is EnquiryStage.FIRST_CONVERSATION:
        if enquiry.first_responded_at is None:
            enquiry.first_responded_at = now
        await _ask_again_how_they_feel(session=session, enquiry=enquiry, settings=settings, now=now)
    session.add(enquiry)
    await on_stage_change(session, enquiry=enquiry, to_stage=to_stage)
    await session.commit()


async def _ask_again_how_they_feel(
    *, session: AsyncSession, enquiry: Enquiry, settings: Settings, now: datetime
) -> None:
    """After the first conversation, the motivation question again: by push if they have an
    account with a device, otherwise by email; the link opens their enquiry page."""
    account = (
        await session.exec(
            select(User).where(
                User.council_id == enquiry.council_id,
                User.email == enquiry.email,
                User.role == Role.ENQUIRER,
                col(User.is_active).is_(True),
            )
        )
    ).first()
    token = secrets.token_urlsafe(24)
    enquiry.access_token_hash = _token_hash(token)  # a fresh link; the old one still worked until now
    await enqueue(
        session,
        council_id=enquiry.council_id,
        dedupe_key=f"motivation-after-first-conversation:{enquiry.id}",
        kind=NotificationKind.PROMPTS,
        recipient_id=account.id if account else None,
        recipient_email=None if account else enquiry.email,
        available_at=now + timedelta(hours=2),
        notice=Notice(
            title="How do you feel about fostering now?",
            body="Thank you for talking with us. One tap tells us how you feel about fostering now.",
            url=f"/your-enquiry/{token}#how-you-feel",
        ),
    )


async def assign(
    *, session: AsyncSession, actor: Actor, enquiry: Enquiry, officer_id: uuid.UUID | None
) -> bool:
    if officer_id is not None and officer_id not in {
        o.id for o in await officers(session=session, actor=actor)
    }:
        return False
    enquiry.assigned_officer_id = officer_id
    session.add(enquiry)
    await session.commit()
    return True


async def add_note(
    *, session: AsyncSession, actor: Actor, enquiry: Enquiry, text: str, now: datetime
) -> EnquiryNote:
    note = EnquiryNote(
        council_id=enquiry.council_id,
        enquiry_id=enquiry.id,
        author_id=actor.user_id,
        text=text,
        created_at=now,
    )
    session.add(note)
    await session.commit()
    return note


async def enquiries_of_enquirer(*, session: AsyncSession, actor: Actor) -> list[Enquiry]:
    """A signed-in enquirer's own enquiries (matched on their verified email)."""
    user = await session.get(User, actor.user_id)
    if user is None or Role(user.role) is not Role.ENQUIRER:
        return []
    query = select(Enquiry).where(
        Enquiry.council_id == actor.council_id,
        Enquiry.email == user.email,
        col(Enquiry.anonymised_at).is_(None),
    )
    return list((await session.exec(query.order_by(col(Enquiry.created_at).desc()))).all())
