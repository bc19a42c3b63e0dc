"""The outbox: how a feature sends someone a notification.

Nothing here sends anything: ``enqueue`` adds an outbox row to the caller's session, so the
row exists exactly when the change that caused it does. The worker (notifications/worker.py)
delivers rows later, by the rules in notifications/delivery.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.db import utcnow
from carer_portal.notifications.models import NotificationKind, Outbox, OutboxStatus


@dataclass(frozen=True)
class Notice:
    """What a notification says. Generic words only: it leaves the building."""

    title: str
    body: str
    url: str = "/"
    # The recipient's own first name, for an email's "Hello Sam," (never in a push). People
    # with an account are greeted by their account's name without it.
    greeting: str = ""


# Built once: making the statement on every call cost more than running it.
_ENQUEUE = {
    dialect: insert(Outbox.__table__).on_conflict_do_nothing(index_elements=["council_id", "dedupe_key"])  # type: ignore[attr-defined]
    for dialect, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


async def enqueue(
    session: AsyncSession,
    *,
    council_id: uuid.UUID,
    dedupe_key: str,
    kind: NotificationKind,
    notice: Notice,
    recipient_id: uuid.UUID | None = None,
    recipient_email: str | None = None,
    available_at: datetime | None = None,
    urgent: bool = False,
) -> bool:
    """Add a notification to the caller's transaction. False if that key was already queued.

    The key names the recipient and the purpose (``prompt:<user>:2026-W48``), so a reminder or
    prompt created twice, by a retried request or two processes at once, is stored once.
    """
    if recipient_id is None and recipient_email is None:
        raise ValueError("a notification needs a recipient")
    if not notice.url.startswith("/"):
        raise ValueError("notification links stay on this site")
    values = {
        "id": uuid.uuid4(),
        "council_id": council_id,
        "dedupe_key": dedupe_key,
        "recipient_id": recipient_id,
        "recipient_email": recipient_email,
        "kind": kind,
        "urgent": urgent,
        "title": notice.title,
        "body": notice.body,
        "url": notice.url,
        "greeting": notice.greeting,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "available_at": available_at or utcnow(),
        "created_at": utcnow(),
    }
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    result = await session.exec(_ENQUEUE[dialect], params=values)  # type: ignore[call-overload]
    return result.rowcount == 1
