"""Writing the audit trail. Ids and actions only: never names, never what was seen."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import insert
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.db import utcnow
from carer_portal.security.models import AuditEvent


class AuditAction(StrEnum):
    VIEW_CHILD = "view_child"
    LIST_CHILD = "list_child"
    SIGN_IN = "sign_in"
    SIGN_IN_REFUSED = "sign_in_refused"
    SIGN_OUT = "sign_out"
    SIGN_OUT_EVERYWHERE = "sign_out_everywhere"
    CHANGE_ROLE = "change_role"
    EXPORT = "export"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    IMPORT_CASE_RECORDS = "import_case_records"
    PUBLISH_NEEDS_PROFILE = "publish_needs_profile"
    ADD_OBSERVATION = "add_observation"


# Built once: a plain insert, not the ORM's unit of work, which cost a list of children more
# than reading them did.
_INSERT = insert(AuditEvent.__table__)  # type: ignore[attr-defined]


async def record(
    session: AsyncSession,
    *,
    council_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    action: AuditAction,
    subject_type: str = "",
    subject_id: uuid.UUID | None = None,
) -> None:
    """Add an audit event to the caller's transaction: it commits, or fails, with the change."""
    await record_each(
        session,
        council_id=council_id,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_ids=[subject_id],
    )


async def record_each(
    session: AsyncSession,
    *,
    council_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    action: AuditAction,
    subject_type: str,
    subject_ids: Sequence[uuid.UUID | None],
) -> None:
    """One event for each subject (every child in a list that was seen), in one statement."""
    now = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            "council_id": council_id,
            "actor_id": actor_id,
            "action": action.value,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "occurred_at": now,
        }
        for subject_id in subject_ids
    ]
    if rows:
        await session.exec(_INSERT, params=rows)  # type: ignore[call-overload]


ACTION_LABELS = {
    AuditAction.VIEW_CHILD: "Opened their record",
    AuditAction.LIST_CHILD: "Saw them in a list of children",
    AuditAction.SIGN_IN: "Signed in",
    AuditAction.SIGN_IN_REFUSED: "Sign-in refused",
    AuditAction.SIGN_OUT: "Signed out",
    AuditAction.SIGN_OUT_EVERYWHERE: "Signed out of all devices",
    AuditAction.CHANGE_ROLE: "Changed a role",
    AuditAction.EXPORT: "Exported their information",
    AuditAction.VIEW_AUDIT_TRAIL: "Read this audit trail",
    AuditAction.IMPORT_CASE_RECORDS: "Imported case records from the case system",
    AuditAction.PUBLISH_NEEDS_PROFILE: "Published a needs profile",
    AuditAction.ADD_OBSERVATION: "Added a note about them",
}


def audit_action_label(action: str) -> str:
    try:
        return ACTION_LABELS[AuditAction(action)]
    except ValueError:
        return action.replace("_", " ").capitalize()
