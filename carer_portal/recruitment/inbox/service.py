"""The recruitment team's rules: the inbox, an enquiry's history, moving it on, notes.

No HTTP here. Every function takes keyword-only arguments and works inside the actor's council.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from carer_portal.config import Settings
from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.models import Role, User
from carer_portal.recruitment.enquiries.links import link_path, link_token
from carer_portal.recruitment.enquiries.models import (
    Enquiry,
    EnquiryAssignment,
    EnquiryNote,
    EnquiryStage,
    EnquiryStageChange,
    MotivationAnswer,
    MotivationMoment,
    stages_from,
)
from carer_portal.recruitment.enquiries.service import motivation_answers
from carer_portal.recruitment.enquiries.stage_rollup import record_stage_change
from carer_portal.recruitment.referrals.service import on_stage_change
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_view_enquiries, can_work_on_enquiries, enquiries_scope


def _may_work(actor: Actor) -> None:
    # The routes' guards let only officers this far; the policy decides here too.
    if not can_work_on_enquiries(actor):
        raise PermissionError("only recruitment officers change enquiries")


@dataclass(frozen=True)
class InboxLine:
    enquiry: Enquiry
    due_in: timedelta | None  # negative when overdue; None once they have had their first call


@lru_cache(maxsize=1024)
def _inbox_queries(
    actor: Actor, stage: EnquiryStage | None, mine: bool
) -> tuple[SelectOfScalar[Enquiry], SelectOfScalar[Enquiry]]:
    """The inbox's two statements, built once per officer and filter (building them cost more
    than running them); how many rows each may return is a parameter."""
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
    newest_first = col(Enquiry.created_at).desc()
    waiting = query.where(col(Enquiry.first_responded_at).is_(None)).order_by(newest_first)
    rest = query.where(col(Enquiry.first_responded_at).is_not(None)).order_by(newest_first)
    return waiting.limit(bindparam("limit")), rest.limit(bindparam("limit"))


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
    waiting, rest = _inbox_queries(actor, stage, mine)
    enquiries = list((await session.exec(waiting, params={"limit": limit})).all())  # type: ignore[call-overload]
    if len(enquiries) < limit:
        enquiries += (await session.exec(rest, params={"limit": limit - len(enquiries)})).all()  # type: ignore[call-overload]
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
    assignments = (
        await session.exec(select(EnquiryAssignment).where(EnquiryAssignment.enquiry_id == enquiry.id))
    ).all()
    people_ids = (
        {c.changed_by_id for c in changes if c.changed_by_id}
        | {n.author_id for n in notes}
        | {a.assigned_by_id for a in assignments}
        | {a.officer_id for a in assignments if a.officer_id}
    )
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
    lines += [
        HistoryLine(
            a.assigned_at,
            f"Assigned to {names.get(a.officer_id, 'a former officer')}" if a.officer_id else "Unassigned",
            names.get(a.assigned_by_id, "The team"),
        )
        for a in assignments
    ]
    return sorted(lines, key=lambda line: line.when, reverse=True)


def next_stages(stage: EnquiryStage) -> list[EnquiryStage]:
    """One stage on, or withdrawn; nothing once approved or withdrawn."""
    if stage in (EnquiryStage.APPROVED, EnquiryStage.WITHDRAWN):
        return []
    return [*stages_from(stage)[1:2], EnquiryStage.WITHDRAWN]


@dataclass(frozen=True)
class EnquiryInFull:
    """An enquiry as the officer's page shows it."""

    enquiry: Enquiry
    history: list[HistoryLine]
    answers: dict[MotivationMoment, MotivationAnswer]
    officers: list[User]
    assigned: User | None
    next_stages: list[EnquiryStage]


async def enquiry_in_full(*, session: AsyncSession, actor: Actor, enquiry: Enquiry) -> EnquiryInFull:
    team = await officers(session=session, actor=actor)
    return EnquiryInFull(
        enquiry=enquiry,
        history=await history(session=session, enquiry=enquiry),
        answers=await motivation_answers(session=session, enquiry_id=enquiry.id),
        officers=team,
        assigned=next((officer for officer in team if officer.id == enquiry.assigned_officer_id), None),
        next_stages=next_stages(EnquiryStage(enquiry.stage)),
    )


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
    _may_work(actor)
    if to_stage not in next_stages(EnquiryStage(enquiry.stage)):
        raise StageChangeRefused(
            f"An enquiry at {EnquiryStage(enquiry.stage).label.lower()} "
            f"cannot move to {to_stage.label.lower()}"
        )
    await record_stage_change(
        session, enquiry=enquiry, to_stage=to_stage, changed_by_id=actor.user_id, now=now
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
    if enquiry.anonymised_at is not None or enquiry.withdrawn_at is not None:
        return  # they have left: no question, and no link to send
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
    # The same link as in their confirmation email: it keeps working.
    token = link_token(enquiry, settings=settings)
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
            url=f"{link_path(token)}#how-you-feel",
        ),
    )


async def assign(
    *, session: AsyncSession, actor: Actor, enquiry: Enquiry, officer_id: uuid.UUID | None, now: datetime
) -> bool:
    """Ask an officer of the team (or nobody) to look after it, recorded in its history."""
    _may_work(actor)
    if officer_id is not None and officer_id not in {
        o.id for o in await officers(session=session, actor=actor)
    }:
        return False
    if enquiry.assigned_officer_id == officer_id:
        return True  # nothing changed: nothing to record
    enquiry.assigned_officer_id = officer_id
    session.add(enquiry)
    session.add(
        EnquiryAssignment(
            council_id=enquiry.council_id,
            enquiry_id=enquiry.id,
            officer_id=officer_id,
            assigned_by_id=actor.user_id,
            assigned_at=now,
        )
    )
    await session.commit()
    return True


async def add_note(
    *, session: AsyncSession, actor: Actor, enquiry: Enquiry, text: str, now: datetime
) -> EnquiryNote:
    _may_work(actor)
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
