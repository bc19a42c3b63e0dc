"""The outbox worker: claims due rows, delivers them by push or email, records what happened.

Any number of workers can run at once. A worker claims a batch with one UPDATE whose subquery
takes ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite has one writer at a time anyway), and
leases the rows for a while. Rows whose lease runs out, because a worker died mid-batch, are
claimed again; a row is marked sent only after its delivery succeeded.

A batch is looked up (recipients, preferences, devices) in three queries, sent concurrently
without holding a database connection, and recorded in one transaction at the end. So a batch
must end well within its lease: with the defaults, two rounds of sends of at most the push
timeout each.

This file is the loop and the batch handling; what to do with each row (quiet hours, retries,
push lifetime and urgency) is decided by the rules in notifications/delivery.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, or_, update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.config import Settings
from carer_portal.db import utcnow
from carer_portal.notifications.delivery import (
    MAX_ATTEMPTS,
    MAX_PUSH_ATTEMPTS,
    PUSH_TTL,
    held_until,
    parse_retry_after,
    push_urgency,
    retry_delay,
)
from carer_portal.notifications.email import Mailer, OutgoingEmail
from carer_portal.notifications.models import (
    NotificationKind,
    NotificationPreferences,
    Outbox,
    OutboxStatus,
    PushSubscription,
)
from carer_portal.notifications.push import PushOutcome, PushSender, push_payload
from carer_portal.people.models import User, first_name

logger = logging.getLogger("carer_portal.worker")

# Work a feature wants done now and then (retention, clearing old records): given a session,
# the time and the settings, it does its work and commits. Features register theirs in app.py,
# so the worker knows none of them.
Housekeeping = Callable[[AsyncSession, datetime, Settings], Awaitable[object]]

LEASE = timedelta(minutes=2)
MAINTENANCE_EVERY = timedelta(hours=1)


@dataclass
class Decision:
    """What to do with a claimed row once delivery has been tried."""

    status: OutboxStatus = OutboxStatus.PENDING
    available_at: datetime | None = None
    counts_as_attempt: bool = True
    delivered_via: str | None = None
    error: str | None = None
    # What the sending learnt about the person's devices, recorded with the row.
    gone: list[uuid.UUID] = field(default_factory=list)  # 404/410: delete these subscriptions
    pushed_to: list[uuid.UUID] = field(default_factory=list)  # took the message: note when


@dataclass(frozen=True)
class Recipient:
    """A person a claimed batch is for, looked up once for the whole batch."""

    user: User
    preferences: NotificationPreferences
    subscriptions: list[PushSubscription]


class OutboxWorker:
    def __init__(
        self,
        *,
        settings: Settings,
        session_factory: async_sessionmaker[AsyncSession],
        mailer: Mailer,
        pusher: PushSender,
        batch_size: int = 100,
        concurrency: int = 64,
        name: str | None = None,
        housekeeping: Sequence[Housekeeping] = (),
    ) -> None:
        self.settings = settings
        self.housekeeping = tuple(housekeeping)
        self.session_factory = session_factory
        self.mailer = mailer
        self.pusher = pusher
        self.batch_size = batch_size
        self.concurrency = asyncio.Semaphore(concurrency)
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.wake = asyncio.Event()
        self._last_maintenance: datetime | None = None

    # --- claiming -------------------------------------------------------------------------

    async def claim(self, *, now: datetime) -> list[Outbox]:
        async with self.session_factory() as session:
            due = (
                select(Outbox.id)
                .where(
                    Outbox.status == OutboxStatus.PENDING,
                    col(Outbox.available_at) <= now,
                    or_(col(Outbox.leased_until).is_(None), col(Outbox.leased_until) < now),
                )
                .order_by(col(Outbox.available_at))
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            claimed = (
                await session.exec(
                    update(Outbox)
                    .where(col(Outbox.id).in_(due.scalar_subquery()))
                    .values(leased_until=now + LEASE, lease_owner=self.name)
                    .returning(Outbox.id)
                )
            ).all()
            await session.commit()
            ids = [row[0] for row in claimed]
            if not ids:
                return []
            return list((await session.exec(select(Outbox).where(col(Outbox.id).in_(ids)))).all())

    # --- delivering -----------------------------------------------------------------------

    async def drain_once(self, *, now: datetime | None = None) -> int:
        """Deliver one batch of due rows; returns how many were claimed.

        A batch costs a handful of queries whatever its size: the claim, one look-up each for
        the recipients, their preferences and their devices, then every outcome recorded in one
        transaction. Only the sending itself is done row by row (concurrently).
        """
        now = now or utcnow()
        rows = await self.claim(now=now)
        if rows:
            recipients = await self._recipients(rows)
            decisions = await asyncio.gather(*(self._deliver_guarded(row, recipients, now) for row in rows))
            await self._record(rows, decisions, now)
        return len(rows)

    async def drain(self, *, now: datetime | None = None) -> int:
        """Deliver everything due now (tests and the command line use this)."""
        total = 0
        while count := await self.drain_once(now=now):
            total += count
        return total

    async def maintain(self, *, now: datetime) -> None:
        """The features' housekeeping (registered in app.py), each job in a session of its own."""
        self._last_maintenance = now
        for job in self.housekeeping:
            async with self.session_factory() as session:
                await job(session, now, self.settings)

    async def run(self, stop: asyncio.Event, *, idle_seconds: float = 1.0) -> None:
        """Drain until stopped, sleeping when idle (or until woken by a new row)."""
        while not stop.is_set():
            try:
                now = utcnow()
                if self._last_maintenance is None or now - self._last_maintenance >= MAINTENANCE_EVERY:
                    await self.maintain(now=now)
                claimed = await self.drain_once()
            except Exception:  # the worker must outlive a bad batch or a lost database
                logger.exception("outbox batch failed")
                claimed = 0
            if not claimed:
                self.wake.clear()
                waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.wake.wait())]
                await asyncio.wait(waiters, timeout=idle_seconds, return_when=asyncio.FIRST_COMPLETED)
                for waiter in waiters:
                    waiter.cancel()

    async def _recipients(self, rows: Sequence[Outbox]) -> dict[uuid.UUID, Recipient]:
        """The people a batch is for, with their preferences and devices: three queries."""
        user_ids = list({row.recipient_id for row in rows if row.recipient_id is not None})
        if not user_ids:
            return {}
        async with self.session_factory() as session:
            users = (await session.exec(select(User).where(col(User.id).in_(user_ids)))).all()
            preferences = {
                p.user_id: p
                for p in (
                    await session.exec(
                        select(NotificationPreferences).where(
                            col(NotificationPreferences.user_id).in_(user_ids)
                        )
                    )
                ).all()
            }
            devices: dict[uuid.UUID, list[PushSubscription]] = {}
            subscriptions = await session.exec(
                select(PushSubscription)
                .where(col(PushSubscription.user_id).in_(user_ids), col(PushSubscription.enabled).is_(True))
                .order_by(col(PushSubscription.created_at))
            )
            for subscription in subscriptions.all():
                devices.setdefault(subscription.user_id, []).append(subscription)
        # Most people never change their settings: they share one (read-only) default each council
        # rather than each building a model instance, which costs more than the rest of the loop.
        defaults: dict[uuid.UUID, NotificationPreferences] = {}
        recipients = {}
        for user in users:
            chosen = preferences.get(user.id)
            if chosen is None:
                chosen = defaults.get(user.council_id)
                if chosen is None:
                    chosen = defaults[user.council_id] = NotificationPreferences(
                        user_id=user.id, council_id=user.council_id
                    )
            recipients[user.id] = Recipient(user, chosen, devices.get(user.id, []))
        return recipients

    async def _deliver_guarded(
        self, row: Outbox, recipients: dict[uuid.UUID, Recipient], now: datetime
    ) -> Decision:
        async with self.concurrency:
            try:
                recipient = recipients.get(row.recipient_id) if row.recipient_id else None
                return await self._deliver(row, recipient, now)
            except Exception as error:  # one row's failure must not stop the rest
                logger.exception("outbox delivery failed", extra={"outbox_id": str(row.id)})
                # Backed off like any other failure: without a new available_at the row is due
                # again at once, and was retried to the limit within a fraction of a second.
                return Decision(available_at=now + retry_delay(row.attempts + 1), error=type(error).__name__)

    async def _deliver(self, row: Outbox, recipient: Recipient | None, now: datetime) -> Decision:
        user = recipient.user if recipient is not None else None
        if row.recipient_id and (user is None or not user.is_active):
            return Decision(status=OutboxStatus.SKIPPED, counts_as_attempt=False, error="no such recipient")
        if recipient is not None:
            preferences = recipient.preferences
            if not preferences.wants(row.kind):
                return Decision(status=OutboxStatus.SKIPPED, counts_as_attempt=False, error="turned off")
            # Worked out at send time: the person may change their quiet hours after queueing.
            morning = held_until(preferences, recipient.user.role, urgent=row.urgent, now=now)
            if morning is not None:
                return Decision(available_at=morning, counts_as_attempt=False)
            if row.attempts < MAX_PUSH_ATTEMPTS and recipient.subscriptions:
                decision, gone = await self._push(row, recipient.subscriptions, now)
                if decision is None:  # no device took it: the email goes instead
                    decision = await self._email(row, user, now)
                decision.gone = gone
                return decision
        return await self._email(row, user, now)

    async def _push(
        self, row: Outbox, subscriptions: Sequence[PushSubscription], now: datetime
    ) -> tuple[Decision | None, list[uuid.UUID]]:
        """Push to each of the person's devices. None means "no device took it: use email".
        Also returns the devices that are gone (404/410), to be deleted when the row is recorded."""
        payload = push_payload(title=row.title, body=row.body, url=row.url, tag=row.kind.value)
        ttl, topic = PUSH_TTL[row.kind], row.kind.value
        urgency = push_urgency(row.kind, urgent=row.urgent)
        results = await asyncio.gather(
            *(self.pusher.send(s, payload, ttl=ttl, urgency=urgency, topic=topic) for s in subscriptions)
        )
        outcomes = [(s.id, r.outcome) for s, r in zip(subscriptions, results, strict=True)]
        gone = [device for device, outcome in outcomes if outcome is PushOutcome.GONE]
        delivered = [device for device, outcome in outcomes if outcome is PushOutcome.DELIVERED]
        if delivered:
            return Decision(status=OutboxStatus.SENT, delivered_via="push", pushed_to=delivered), gone
        retries = [r for r in results if r.outcome is PushOutcome.RETRY]
        if retries:
            waits = [parse_retry_after(r.retry_after, now=now) for r in retries]
            longest = max((w for w in waits if w is not None), default=None)
            decision = Decision(
                available_at=now + retry_delay(row.attempts + 1, retry_after=longest),
                error=f"push {retries[0].status or 'network'}",
            )
            return decision, gone
        return None, gone

    async def _email(self, row: Outbox, user: User | None, now: datetime) -> Decision:
        address = user.email if user is not None else row.recipient_email
        if not address:
            return Decision(status=OutboxStatus.SKIPPED, counts_as_attempt=False, error="no address")
        link = f"{self.settings.base_url}{row.url}"
        name = row.greeting or (first_name(user.display_name) if user is not None else "")
        text = (
            f"{f'Hello {name}' if name else 'Hello'},\n\n{row.body}\n\n{link}\n\n"
            f"You can choose which notifications you get at {self.settings.base_url}/notifications\n\n"
            f"{self.settings.council_name} fostering team\n"
        )
        try:
            await self.mailer.send(OutgoingEmail(to=address, subject=row.title, text=text))
        except Exception as error:  # noqa: BLE001 - SMTP and network errors all mean "later"
            later = now + retry_delay(row.attempts + 1)
            return Decision(available_at=later, error=f"email {type(error).__name__}")
        return Decision(status=OutboxStatus.SENT, delivered_via="email")

    async def _record(self, rows: Sequence[Outbox], decisions: Sequence[Decision], now: datetime) -> None:
        """Record a whole batch in one transaction: one executemany UPDATE for the rows (each
        still only if this worker holds its lease), one DELETE for gone devices, one UPDATE for
        the devices that took a message."""
        table = Outbox.__table__  # type: ignore[attr-defined]
        outcomes = []
        gone: list[uuid.UUID] = []
        pushed_to: list[uuid.UUID] = []
        for row, decision in zip(rows, decisions, strict=True):
            attempts = row.attempts + (1 if decision.counts_as_attempt else 0)
            status = decision.status
            if status is OutboxStatus.PENDING and attempts >= MAX_ATTEMPTS:
                status = OutboxStatus.FAILED
                logger.warning(
                    "outbox row given up", extra={"outbox_id": str(row.id), "error": decision.error}
                )
            outcomes.append(
                {
                    "row_id": row.id,
                    "new_status": status,
                    "new_attempts": attempts,
                    "new_available_at": decision.available_at or row.available_at,
                    "new_delivered_via": decision.delivered_via,
                    "new_last_error": decision.error,
                    "new_sent_at": now if status is OutboxStatus.SENT else None,
                }
            )
            gone.extend(decision.gone)
            pushed_to.extend(decision.pushed_to)
        async with self.session_factory() as session:
            if gone:
                await session.exec(delete(PushSubscription).where(col(PushSubscription.id).in_(gone)))
            if pushed_to:
                await session.exec(
                    update(PushSubscription)
                    .where(col(PushSubscription.id).in_(pushed_to))
                    .values(last_success_at=now)
                )
            await session.exec(
                update(table)
                .where(table.c.id == bindparam("row_id"), table.c.lease_owner == self.name)
                .values(
                    status=bindparam("new_status"),
                    attempts=bindparam("new_attempts"),
                    available_at=bindparam("new_available_at"),
                    leased_until=None,
                    lease_owner=None,
                    delivered_via=bindparam("new_delivered_via"),
                    last_error=bindparam("new_last_error"),
                    sent_at=bindparam("new_sent_at"),
                ),
                params=outcomes,
            )
            await session.commit()


def worker_for(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], *, mailer: Mailer, keys, **options
) -> OutboxWorker:  # type: ignore[no-untyped-def]
    subject = f"mailto:{settings.contact_email}"
    return OutboxWorker(
        settings=settings,
        session_factory=session_factory,
        mailer=mailer,
        pusher=PushSender(keys, subject=subject),
        **options,
    )


__all__ = ["NotificationKind", "OutboxWorker", "worker_for"]
