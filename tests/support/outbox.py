"""Driving the outbox worker in tests: a real worker against the test database, a recording
mailer, and (when given) the local push service."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.config import Settings
from carer_portal.db import create_engine, session_factory
from carer_portal.notifications.email import OutgoingEmail
from carer_portal.notifications.keys import load_or_create_vapid_keys
from carer_portal.notifications.models import NotificationKind, Outbox, PushSubscription
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.notifications.worker import OutboxWorker, worker_for
from carer_portal.timekeeping import UK, uk_today


@dataclass
class RecordingMailer:
    sent: list[OutgoingEmail] = field(default_factory=list)
    failures_to_come: int = 0

    async def send(self, email: OutgoingEmail) -> None:
        if self.failures_to_come:
            self.failures_to_come -= 1
            raise ConnectionRefusedError("smtp down")
        self.sent.append(email)


@dataclass
class OutboxScene:
    worker: OutboxWorker
    session: AsyncSession
    mailer: RecordingMailer

    async def queue(
        self,
        recipient_id: uuid.UUID | None,
        council_id: uuid.UUID,
        *,
        key: str | None = None,
        kind: NotificationKind = NotificationKind.MESSAGES,
        **options: Any,
    ) -> None:
        notice = options.pop(
            "notice", Notice(title="You have a new message", body="Sign in to read it.", url="/messages")
        )
        await enqueue(
            self.session,
            council_id=council_id,
            dedupe_key=key or f"test:{uuid.uuid4()}",
            kind=kind,
            notice=notice,
            recipient_id=recipient_id,
            **options,
        )
        await self.session.commit()

    async def subscribe(
        self, user_id: uuid.UUID, council_id: uuid.UUID, subscription: dict[str, Any]
    ) -> PushSubscription:
        row = PushSubscription(
            council_id=council_id,
            user_id=user_id,
            endpoint=subscription["endpoint"],
            p256dh=subscription["keys"]["p256dh"],
            auth=subscription["keys"]["auth"],
            device_label="Test phone",
        )
        self.session.add(row)
        await self.session.commit()
        return row

    async def rows(self) -> list[Outbox]:
        # Fresh from the database: the worker changed these rows through its own sessions.
        query = select(Outbox).order_by(Outbox.created_at).execution_options(populate_existing=True)
        return list((await self.session.exec(query)).all())

    async def subscriptions(self) -> list[PushSubscription]:
        query = select(PushSubscription).execution_options(populate_existing=True)
        return list((await self.session.exec(query)).all())


def run_outbox_scene(
    settings: Settings, data_dir: Path, scene: Callable[[OutboxScene], Awaitable[Any]]
) -> Any:
    async def runner() -> Any:
        engine = create_engine(settings.database_url)
        mailer = RecordingMailer()
        worker = worker_for(
            settings, session_factory(engine), mailer=mailer, keys=load_or_create_vapid_keys(data_dir)
        )
        try:
            async with session_factory(engine)() as session:
                return await scene(OutboxScene(worker=worker, session=session, mailer=mailer))
        finally:
            await worker.pusher.close()
            await engine.dispose()

    return asyncio.run(runner())


def uk_time(day_offset: int, clock: time) -> datetime:
    """A UK wall-clock time ``day_offset`` days from today, in UTC. Tomorrow or later, so that
    rows queued now (available at once) are already due then, whatever the time of day now."""
    return datetime.combine(uk_today() + timedelta(days=day_offset), clock, tzinfo=UK).astimezone(UTC)


# 14:00 UK time tomorrow: outside anyone's default quiet hours, and after any row queued now.
AFTERNOON = uk_time(1, time(14, 0))


async def rows_between_drains(s: OutboxScene) -> list[Outbox]:
    """The rows as they are now, then the scene's connection back to the pool: a file SQLite
    engine has a single connection per process, and the worker needs it for the next drain."""
    rows = await s.rows()
    await s.session.commit()
    return rows
