"""Part 4: push fan-out. N carers, each with one device subscribed to a local web push service
(in its own process: it checks every VAPID signature and decrypts every message), one outbox
row per carer, and the real outbox worker drains them. Messages per second end to end: from the
first claim to the last row recorded as sent; and the share that decrypted to what was queued.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from bench.common import PROJECT_ROOT
from carer_portal.config import Settings
from carer_portal.db import create_engine, session_factory
from carer_portal.migrate import upgrade
from carer_portal.notifications.email import OutgoingEmail
from carer_portal.notifications.keys import load_or_create_vapid_keys
from carer_portal.notifications.models import NotificationKind, Outbox, OutboxStatus, PushSubscription
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.notifications.worker import worker_for
from carer_portal.people.models import Council, Role, User

NOTICE = Notice(title="You have a new message", body="Sign in to read it.", url="/messages")


class CountingMailer:
    """Email is the fallback when no device takes a push: in this benchmark, none should go."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, email: OutgoingEmail) -> None:
        self.sent += 1


async def _queue(database_url: str, subscriptions: list[dict]) -> None:
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            council = Council(slug="bench", name="Benchmark Council")
            session.add(council)
            await session.flush()
            carers = [
                User(
                    council_id=council.id,
                    email=f"carer{n}@example.com",
                    display_name=f"Carer {n}",
                    role=Role.CARER,
                )
                for n in range(len(subscriptions))
            ]
            session.add_all(carers)
            await session.flush()
            session.add_all(
                PushSubscription(
                    council_id=council.id,
                    user_id=carer.id,
                    endpoint=subscription["endpoint"],
                    p256dh=subscription["keys"]["p256dh"],
                    auth=subscription["keys"]["auth"],
                    device_label="Phone",
                )
                for carer, subscription in zip(carers, subscriptions, strict=True)
            )
            for carer in carers:
                # Urgent, so quiet hours (21:00 to 08:00 for carers) never hold a row back.
                await enqueue(
                    session,
                    council_id=council.id,
                    dedupe_key=f"bench:{carer.id}",
                    kind=NotificationKind.MESSAGES,
                    notice=NOTICE,
                    recipient_id=carer.id,
                    urgent=True,
                )
            await session.commit()
    finally:
        await engine.dispose()


async def _drain(settings: Settings, data_dir: Path) -> dict:
    engine = create_engine(settings.database_url)
    mailer = CountingMailer()
    worker = worker_for(
        settings, session_factory(engine), mailer=mailer, keys=load_or_create_vapid_keys(data_dir)
    )
    try:
        started = time.perf_counter()
        delivered = await worker.drain()
        seconds = time.perf_counter() - started
        async with session_factory(engine)() as session:
            query = select(Outbox.status, Outbox.delivered_via, func.count()).group_by(
                Outbox.status, Outbox.delivered_via
            )
            outcomes = {f"{status}/{via}": count for status, via, count in (await session.exec(query)).all()}
    finally:
        await worker.pusher.close()
        await engine.dispose()
    return {
        "claimed": delivered,
        "seconds": seconds,
        "emails": mailer.sent,
        "outbox": outcomes,
        "sent_by_push": outcomes.get(f"{OutboxStatus.SENT}/push", 0),
    }


def measure(database_url: str, data_dir: Path, *, carers: int) -> dict:
    """``database_url`` names an empty database; it is migrated here."""
    data_dir.mkdir(parents=True, exist_ok=True)
    keys = load_or_create_vapid_keys(data_dir)
    settings = Settings.from_env(
        {},
        data_dir=data_dir,
        database_url=database_url,
        environment="test",
        worker_in_process=False,
        session_secret="77" * 32,
        csrf_secret="88" * 32,
        token_secret="99" * 32,
    )
    upgrade(settings.database_url)
    command = [
        sys.executable,
        "-m",
        "bench.push_service_process",
        "--subscriptions",
        str(carers),
        "--application-server-key",
        keys.public_key,
        "--expect-title",
        NOTICE.title,
    ]
    with subprocess.Popen(  # noqa: S603 - our own push service module
        command, cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as service:
        assert service.stdin is not None and service.stdout is not None
        try:
            subscriptions = json.loads(service.stdout.readline())["subscriptions"]
            asyncio.run(_queue(settings.database_url, subscriptions))
            drained = asyncio.run(_drain(settings, data_dir))
            service.stdin.write(f"wait {carers} 30\n")
            service.stdin.flush()
            received = json.loads(service.stdout.readline())
            service.stdin.write("quit\n")
            service.stdin.flush()
        finally:
            service.stdin.close()
            service.wait(timeout=30)
    seconds = drained["seconds"]
    return {
        "carers": carers,
        "messages_per_s": round(carers / seconds, 1) if seconds else None,
        "seconds": round(seconds, 3),
        "decrypted_share": round(received["decrypted"] / carers, 4) if carers else None,
        "push_service": received,
        "worker": drained,
    }
