"""Carers' notes about a child ("What I've noticed"), and their supervising social worker seeing them.

A note is added only by a carer the child lives with now (``policies.can_add_observation``).
In the same transaction the household's supervising social worker is sent a notification that
says only that a carer has added a note: never the child's name, never the words. The form's
one-off key makes a double tap or a resend one note and one notification.

Who reads which notes: the supervising social worker reads every note about a child placed with
a household they supervise; a carer reads the notes written by their own household (not those
of carers the child lived with before). The first time the social worker opens the child's
page after a note came, the page shows it as new and then records it as seen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.forms import stored_key
from carer_portal.children.models import Observation
from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.models import User
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, record
from carer_portal.security.policies import ChildAccess, can_add_observation

if TYPE_CHECKING:  # service.py imports this module: the type only, for checkers
    from carer_portal.children.service import ChildView

# What the supervising social worker's phone or inbox says. Generic by design: it leaves the
# building, so it names no child and repeats nothing the carer wrote.
NEW_NOTE = Notice(
    title="A carer has added a note",
    body="A foster carer you support has added a note about a child. Sign in to read it.",
    url="/children",
)


class ObservationRefused(Exception):
    """This person may not add a note about this child now (they have moved on, or it is not theirs)."""


@dataclass(frozen=True)
class ObservationEntry:
    """A note as the page shows it: with who wrote it, and whether it is new to the reader."""

    observation: Observation
    author_name: str
    new: bool


async def add_observation(
    *,
    session: AsyncSession,
    actor: Actor,
    view: ChildView,
    noticed_on: date,
    text: str,
    key: str,
    now: datetime,
) -> tuple[Observation, bool]:
    """Keep the note and tell the supervising social worker, in one transaction.

    Returns the note and whether it is new: a form sent again (same one-off key, same carer)
    finds the note it made the first time, and nothing more is written or sent.
    """
    if not can_add_observation(view.access):
        raise ObservationRefused()
    council_id, child_id = actor.council_id, view.child.id
    ssw_id = view.household.supervising_social_worker_id if view.household else None
    kept_as = stored_key(key, author_id=actor.user_id)
    existing = await _by_key(session, council_id=council_id, key=kept_as)
    if existing is not None:
        return existing, False
    observation = Observation(
        council_id=council_id,
        child_id=child_id,
        author_id=actor.user_id,
        noticed_on=noticed_on,
        text=text,
        submission_key=kept_as,
        created_at=now,
    )
    try:
        session.add(observation)
        await session.flush()
        if ssw_id is not None:
            await enqueue(
                session,
                council_id=council_id,
                dedupe_key=f"observation-added:{observation.id}",
                kind=NotificationKind.MESSAGES,
                notice=NEW_NOTE,
                recipient_id=ssw_id,
            )
        await record(
            session,
            council_id=council_id,
            actor_id=actor.user_id,
            action=AuditAction.ADD_OBSERVATION,
            subject_type="child",
            subject_id=child_id,
        )
        await session.commit()
    except IntegrityError:
        # The same form, sent twice at the same moment: the note the other request made is the answer.
        await session.rollback()
        existing = await _by_key(session, council_id=council_id, key=kept_as)
        if existing is None:
            raise
        return existing, False
    return observation, True


async def _by_key(session: AsyncSession, *, council_id: uuid.UUID, key: str) -> Observation | None:
    query = select(Observation).where(Observation.council_id == council_id, Observation.submission_key == key)
    return (await session.exec(query)).first()


_NOTES = (
    select(Observation, User.display_name, User.household_id)
    .join(User, col(User.id) == col(Observation.author_id))
    .where(Observation.child_id == bindparam("child_id"), Observation.council_id == bindparam("council_id"))
    .order_by(col(Observation.noticed_on).desc(), col(Observation.created_at).desc())
)


async def notes_for(
    session: AsyncSession, *, actor: Actor, view: ChildView, now: datetime
) -> list[ObservationEntry]:
    """The notes about an (already permitted) child this person reads, newest first.

    For the supervising social worker, notes not seen before are marked new, and recorded as
    seen now; the caller commits.
    """
    rows = (
        await session.exec(_NOTES, params={"child_id": view.child.id, "council_id": actor.council_id})  # type: ignore[call-overload]
    ).all()
    supervising = view.access is ChildAccess.SUPERVISING
    entries = [
        ObservationEntry(observation, name, new=supervising and observation.seen_at is None)
        for observation, name, household_id in rows
        if supervising or (household_id is not None and household_id == actor.household_id)
    ]
    unseen = [entry.observation.id for entry in entries if entry.new]
    if unseen:
        await session.exec(  # type: ignore[call-overload]
            update(Observation)
            .where(col(Observation.id).in_(unseen), col(Observation.seen_at).is_(None))
            .values(seen_at=now)
        )
    return entries


_UNSEEN_COUNTS = (
    select(Observation.child_id, func.count())
    .where(
        col(Observation.child_id).in_(bindparam("child_ids", expanding=True)),
        Observation.council_id == bindparam("council_id"),
        col(Observation.seen_at).is_(None),
    )
    .group_by(col(Observation.child_id))
)


async def unseen_counts(
    session: AsyncSession, *, child_ids: list[uuid.UUID], council_id: uuid.UUID
) -> dict[uuid.UUID, int]:
    """How many notes about each of these (already permitted) children nobody has seen yet: one query."""
    if not child_ids:
        return {}
    rows = (
        await session.exec(_UNSEEN_COUNTS, params={"child_ids": child_ids, "council_id": council_id})  # type: ignore[call-overload]
    ).all()
    return {child_id: count for child_id, count in rows}
