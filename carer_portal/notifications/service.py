"""A person's own notification settings: their devices, the kinds they want, their quiet hours,
and a test notification that checks it all. What notifications/routes.py calls.

Features queue notifications with notifications/outbox.py; the worker delivers them by the
rules in notifications/delivery.py.
"""

from __future__ import annotations

import uuid
from datetime import time

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.notifications.kinds import choices_for
from carer_portal.notifications.models import NotificationKind, NotificationPreferences, PushSubscription
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.people.models import Role


async def preferences_for(
    session: AsyncSession, *, user_id: uuid.UUID, council_id: uuid.UUID
) -> NotificationPreferences:
    found = await session.get(NotificationPreferences, user_id)
    return found or NotificationPreferences(user_id=user_id, council_id=council_id)


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
    role: Role,
    kinds: set[NotificationKind],
    quiet_hours: bool,
    quiet_from: time,
    quiet_until: time,
) -> NotificationPreferences:
    """Only the kinds this role is offered change: a kind offered later starts at its default,
    not switched off by a choice the person was never given."""
    preferences = await preferences_for(session, user_id=user_id, council_id=council_id)
    for kind, _ in choices_for(role):
        setattr(preferences, kind.value, kind in kinds)
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
