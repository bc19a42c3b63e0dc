"""Carer invites: a personal link per approved carer, attribution of the enquiries it brings,
and thanking the carer as those people go on. No HTTP here.

What a carer learns about the people they invited is deliberately thin: counts, and a thank-you
when someone reaches a first conversation or approval. Never who, never where. Telling a friend
"I've applied to foster" is the enquirer's to do, not ours.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import distinct, exists, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.models import Household, Role, User, first_name
from carer_portal.recruitment.enquiries.models import Enquiry, EnquiryStage, EnquiryStageChange, stages_from
from carer_portal.recruitment.referrals.models import INVITE_CODE, CarerInvite
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_invite

# secrets.token_urlsafe(9): 72 random bits as 12 URL-safe characters (INVITE_CODE's shape).
CODE_BYTES = 9
INVITE_PAGE = "/invite"

# Stages at or beyond a first conversation (withdrawn is not "beyond" anything).
CONVERSATION_OR_LATER = stages_from(EnquiryStage.FIRST_CONVERSATION)

# Generic on purpose: these leave the building (push services, mail servers, lock screens) and
# must not say who, where or when. The carer knows whom they told; we do not confirm it.
THANKS: dict[EnquiryStage, Notice] = {
    EnquiryStage.FIRST_CONVERSATION: Notice(
        title="Thank you for sharing your invite",
        body=(
            "Someone you invited to find out about fostering has had their first conversation "
            "with our team. Thank you for bringing them to us."
        ),
        url=INVITE_PAGE,
    ),
    EnquiryStage.APPROVED: Notice(
        title="Thank you for sharing your invite",
        body=(
            "Someone you invited to find out about fostering has been approved as a foster carer. "
            "Thank you: you have helped a child find a home."
        ),
        url=INVITE_PAGE,
    ),
}


class InviteNotAllowed(LookupError):
    """The actor may not have an invite (not a carer, or their household is not approved)."""


@dataclass(frozen=True)
class InviteView:
    """What the public invite page may know about the carer behind a code."""

    code: str
    council_id: uuid.UUID
    carer_id: uuid.UUID
    # Only when the carer chose to show it; otherwise None.
    first_name: str | None


# --- who may invite ----------------------------------------------------------------------


async def _household_of(session: AsyncSession, actor: Actor) -> Household | None:
    return await session.get(Household, actor.household_id) if actor.household_id else None


# --- the carer's own invite --------------------------------------------------------------


async def _invite_of(session: AsyncSession, carer_id: uuid.UUID) -> CarerInvite | None:
    return (await session.exec(select(CarerInvite).where(CarerInvite.carer_id == carer_id))).first()


async def invite_for(*, session: AsyncSession, carer: Actor) -> CarerInvite:
    """The carer's invite, made (and committed) the first time it is asked for.

    Raises InviteNotAllowed for anyone who may not invite. Two first requests at once both
    try to insert; the unique carer_id lets one win and the other reads the winner's.
    """
    if not can_invite(carer, await _household_of(session, carer)):
        raise InviteNotAllowed()
    for _ in range(3):
        invite = await _invite_of(session, carer.user_id)
        if invite is not None:
            return invite
        invite = CarerInvite(
            council_id=carer.council_id, carer_id=carer.user_id, code=secrets.token_urlsafe(CODE_BYTES)
        )
        session.add(invite)
        try:
            await session.commit()
        except IntegrityError:
            # Made by a request running at the same time (or, astronomically rarely, a code clash).
            await session.rollback()
            continue
        return invite
    raise RuntimeError("could not create an invite")  # pragma: no cover - three clashes in a row


async def set_show_first_name(*, session: AsyncSession, carer: Actor, show: bool) -> CarerInvite:
    """Whether the carer's first name appears on their invite page. Commits."""
    invite = await invite_for(session=session, carer=carer)
    invite.show_first_name = show
    session.add(invite)
    await session.commit()
    return invite


# --- the code, seen from outside ---------------------------------------------------------


async def invite_by_code(*, session: AsyncSession, code: str | None) -> InviteView | None:
    """The invite behind a code, while its carer may still invite; None for anything else.

    A carer who has stopped fostering with us (deactivated, or no longer an approved carer)
    leaves a link that no longer works, rather than one that names them or credits them.
    """
    if not code or not INVITE_CODE.fullmatch(code):
        return None
    query = (
        select(CarerInvite, User)
        .join(User, col(User.id) == CarerInvite.carer_id)
        .join(Household, col(Household.id) == User.household_id)
        .where(
            CarerInvite.code == code,
            User.council_id == CarerInvite.council_id,
            Household.council_id == CarerInvite.council_id,
            col(User.is_active).is_(True),
            User.role == Role.CARER,
            col(Household.approved_on).is_not(None),
        )
    )
    found = (await session.exec(query)).first()
    if found is None:
        return None
    invite, carer = found
    shown = first_name(carer.display_name) if invite.show_first_name else None
    return InviteView(
        code=invite.code, council_id=invite.council_id, carer_id=carer.id, first_name=shown or None
    )


async def attribution_for(
    *, session: AsyncSession, code: str | None, council_id: uuid.UUID
) -> uuid.UUID | None:
    """The carer to credit for an enquiry made through ``code`` on this council's site, if any."""
    view = await invite_by_code(session=session, code=code)
    if view is None or view.council_id != council_id:
        return None
    return view.carer_id


# --- thanking the carer ------------------------------------------------------------------


async def on_stage_change(session: AsyncSession, *, enquiry: Enquiry, to_stage: EnquiryStage) -> None:
    """Queue a thank-you to the carer who invited this person, in the caller's transaction.

    Once per enquiry and stage (the outbox's dedupe key), however often the enquiry is moved
    back and forth. The caller commits.
    """
    notice = THANKS.get(EnquiryStage(to_stage))
    if notice is None or enquiry.referrer_id is None:
        return
    referrer = await session.get(User, enquiry.referrer_id)
    if referrer is None or referrer.council_id != enquiry.council_id:
        return
    await enqueue(
        session,
        council_id=enquiry.council_id,
        dedupe_key=f"referral-thanks:{enquiry.id}:{EnquiryStage(to_stage).value}",
        kind=NotificationKind.MESSAGES,
        notice=notice,
        recipient_id=referrer.id,
    )


# --- what the carer sees ------------------------------------------------------------------


async def referral_counts(*, session: AsyncSession, carer_id: uuid.UUID) -> dict[str, int]:
    """How many enquiries came through the carer's invite, and how far they went. Counts only.

    "Had a first conversation" counts anyone who ever got that far, by their current stage or
    their history, so someone who later withdrew still counts for the carer who brought them.
    """
    stages = [s.value for s in CONVERSATION_OR_LATER]
    reached = exists().where(
        EnquiryStageChange.enquiry_id == Enquiry.id, col(EnquiryStageChange.to_stage).in_(stages)
    )
    progressed = or_(col(Enquiry.stage).in_(stages), reached)

    async def count(*conditions: Any) -> int:
        query = select(func.count(distinct(Enquiry.id))).where(Enquiry.referrer_id == carer_id, *conditions)
        return (await session.exec(query)).one()

    return {
        "enquiries": await count(),
        "first_conversations": await count(progressed),
        "approved": await count(Enquiry.stage == EnquiryStage.APPROVED),
    }
