"""Notification rules: queueing in the caller's transaction, preferences, quiet hours, retries.

Nothing here sends anything: ``enqueue`` adds an outbox row to the caller's session, so the
row exists exactly when the change that caused it does. The worker (notifications/worker.py)
delivers rows later.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.db import utcnow
from carer_portal.notifications.models import (
    NotificationKind,
    NotificationPreferences,
    Outbox,
    OutboxStatus,
    PushSubscription,
)
from carer_portal.timekeeping import UK

# Retries: 30s, 1m, 2m, 4m ... capped at 6h, with jitter so a recovering service is not stampeded.
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=6)
MAX_ATTEMPTS = 10
# After this many failed push attempts, the person gets the email instead.
MAX_PUSH_ATTEMPTS = 4

# How long a push service should keep trying to reach an offline device (seconds).
PUSH_TTL = {
    NotificationKind.ACCOUNT: 60 * 60,
    NotificationKind.MESSAGES: 24 * 60 * 60,
    NotificationKind.REVIEWS: 3 * 24 * 60 * 60,
    NotificationKind.PROMPTS: 2 * 24 * 60 * 60,
}
PUSH_URGENCY = {
    NotificationKind.ACCOUNT: "normal",
    NotificationKind.MESSAGES: "normal",
    NotificationKind.REVIEWS: "normal",
    NotificationKind.PROMPTS: "low",
}


@dataclass(frozen=True)
class Notice:
    """What a notification says. Generic words only: it leaves the building."""

    title: str
    body: str
    url: str = "/"


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
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "available_at": available_at or utcnow(),
        "created_at": utcnow(),
    }
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    result = await session.exec(_ENQUEUE[dialect], params=values)  # type: ignore[call-overload]
    return result.rowcount == 1


async def preferences_for(
    session: AsyncSession, *, user_id: uuid.UUID, council_id: uuid.UUID
) -> NotificationPreferences:
    found = await session.get(NotificationPreferences, user_id)
    return found or NotificationPreferences(user_id=user_id, council_id=council_id)


def quiet_until(preferences: NotificationPreferences, now: datetime) -> datetime | None:
    """If ``now`` is in the person's quiet hours (UK time), when they end; otherwise None."""
    if not preferences.quiet_hours or preferences.quiet_from == preferences.quiet_until:
        return None
    local = now.astimezone(UK)
    start, end = preferences.quiet_from, preferences.quiet_until
    clock = local.time()
    overnight = start > end
    inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return None
    end_day = local.date() + timedelta(days=1) if overnight and clock >= start else local.date()
    return datetime.combine(end_day, end, tzinfo=UK).astimezone(now.tzinfo)


def retry_delay(attempts: int, *, retry_after: timedelta | None = None) -> timedelta:
    """Exponential back-off after ``attempts`` failures, never sooner than the server asked."""
    backoff = min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)
    backoff = backoff * random.uniform(0.9, 1.1)  # noqa: S311 - jitter, not security
    return max(backoff, retry_after) if retry_after else backoff


def parse_retry_after(value: str | None, *, now: datetime) -> timedelta | None:
    """Retry-After is either seconds or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when - now, timedelta(0))


# --- a person's own settings --------------------------------------------------------------


async def save_subscription(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    council_id: uuid.UUID,
    endpoint: str,
    p256dh: str,
    auth: str,
    device_label: str,
) -> PushSubscription:
    """Store a device's subscription. A known endpoint moves to whoever subscribed it last."""
    existing = (
        await session.exec(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    ).first()
    subscription = existing or PushSubscription(
        council_id=council_id, user_id=user_id, endpoint=endpoint, p256dh=p256dh, auth=auth
    )
    subscription.council_id = council_id
    subscription.user_id = user_id
    subscription.p256dh = p256dh
    subscription.auth = auth
    subscription.device_label = device_label
    subscription.enabled = True
    session.add(subscription)
    await session.commit()
    return subscription


async def devices_for(session: AsyncSession, *, user_id: uuid.UUID) -> list[PushSubscription]:
    query = (
        select(PushSubscription)
        .where(PushSubscription.user_id == user_id, col(PushSubscription.enabled).is_(True))
        .order_by(col(PushSubscription.created_at))
    )
    return list((await session.exec(query)).all())


async def turn_off_device(session: AsyncSession, *, user_id: uuid.UUID, subscription_id: uuid.UUID) -> bool:
    """Forget one of the person's own devices. False if it is not theirs (or not there)."""
    subscription = await session.get(PushSubscription, subscription_id)
    if subscription is None or subscription.user_id != user_id:
        return False
    await session.delete(subscription)
    await session.commit()
    return True


async def save_preferences(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    council_id: uuid.UUID,
    kinds: set[NotificationKind],
    quiet_hours: bool,
    quiet_from: time,
    quiet_until: time,
) -> NotificationPreferences:
    preferences = await preferences_for(session, user_id=user_id, council_id=council_id)
    preferences.messages = NotificationKind.MESSAGES in kinds
    preferences.reviews = NotificationKind.REVIEWS in kinds
    preferences.prompts = NotificationKind.PROMPTS in kinds
    preferences.quiet_hours = quiet_hours
    preferences.quiet_from = quiet_from
    preferences.quiet_until = quiet_until
    session.add(preferences)
    await session.commit()
    return preferences


TEST_NOTICE = Notice(
    title="A test notification from Carer Portal",
    body="Notifications are working. This is what they will look like.",
    url="/notifications",
)


async def send_test_notification(
    session: AsyncSession, *, user_id: uuid.UUID, council_id: uuid.UUID, service_name: str
) -> None:
    # Each press is its own test, so the key is new each time; urgent so quiet hours let it through.
    await enqueue(
        session,
        council_id=council_id,
        dedupe_key=f"test:{user_id}:{uuid.uuid4()}",
        kind=NotificationKind.ACCOUNT,
        notice=Notice(
            title=f"A test notification from {service_name}", body=TEST_NOTICE.body, url=TEST_NOTICE.url
        ),
        recipient_id=user_id,
        urgent=True,
    )
    await session.commit()
