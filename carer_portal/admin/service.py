"""Administration: staff roles and the audit trail, within the admin's own council."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child
from carer_portal.people.models import Role, User
from carer_portal.security.actor import Actor
from carer_portal.security.audit import AuditAction, record
from carer_portal.security.models import AuditEvent
from carer_portal.security.policies import can_read_audit_trail, staff_scope


async def staff_members(*, session: AsyncSession, actor: Actor) -> list[User]:
    return list((await session.exec(staff_scope(actor).order_by(User.display_name))).all())


async def change_role(*, session: AsyncSession, actor: Actor, user_id: uuid.UUID, role: Role) -> User | None:
    """Change a staff member's role. Their sessions end, so the new role applies at once."""
    user = (await session.exec(staff_scope(actor).where(User.id == user_id))).first()
    if user is None or not role.is_staff:
        return None
    if Role(user.role) is role:
        return user
    user.role = role
    user.session_generation += 1
    session.add(user)
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.CHANGE_ROLE,
        subject_type="user",
        subject_id=user.id,
    )
    await session.commit()
    return user


@dataclass(frozen=True)
class AuditLine:
    event: AuditEvent
    actor_name: str


@dataclass(frozen=True)
class ChildAuditTrail:
    child: Child
    lines: list[AuditLine]


async def child_audit_trail(
    *, session: AsyncSession, actor: Actor, child_id: uuid.UUID, today: date
) -> ChildAuditTrail | None:
    if not can_read_audit_trail(actor):
        return None
    child = (
        await session.exec(select(Child).where(Child.id == child_id, Child.council_id == actor.council_id))
    ).first()
    if child is None:
        return None
    events = list(
        (
            await session.exec(
                select(AuditEvent)
                .where(AuditEvent.council_id == actor.council_id, AuditEvent.subject_id == child.id)
                .order_by(col(AuditEvent.occurred_at).desc())
                .limit(500)
            )
        ).all()
    )
    actor_ids = {e.actor_id for e in events if e.actor_id}
    names = {
        u.id: u.display_name
        for u in (await session.exec(select(User).where(col(User.id).in_(actor_ids)))).all()
    }
    await record(
        session,
        council_id=actor.council_id,
        actor_id=actor.user_id,
        action=AuditAction.VIEW_AUDIT_TRAIL,
        subject_type="child",
        subject_id=child.id,
    )
    await session.commit()
    return ChildAuditTrail(
        child=child,
        lines=[
            AuditLine(e, names.get(e.actor_id, "Unknown") if e.actor_id else "Nobody signed in")
            for e in events
        ],
    )


async def children_in_council(*, session: AsyncSession, actor: Actor) -> list[Child]:
    """For choosing whose audit trail to read: names only, and only for admins."""
    if not can_read_audit_trail(actor):
        return []
    return list(
        (
            await session.exec(
                select(Child).where(Child.council_id == actor.council_id).order_by(Child.first_name)
            )
        ).all()
    )
