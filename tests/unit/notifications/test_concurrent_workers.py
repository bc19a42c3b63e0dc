"""Two workers draining the same outbox at once deliver every row exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import select

from carer_portal.db import create_engine, session_factory
from carer_portal.notifications.keys import load_or_create_vapid_keys
from carer_portal.notifications.models import NotificationKind, Outbox, OutboxStatus
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.notifications.worker import worker_for
from tests.support.app import make_settings, run_with_session
from tests.support.outbox import AFTERNOON, RecordingMailer

ROWS = 400


def test_two_workers_deliver_every_row_exactly_once(tmp_path, database_url, world) -> None:  # type: ignore[no-untyped-def]
    council = world.councils["eastbrook"].id

    async def fill(session):  # type: ignore[no-untyped-def]
        for n in range(ROWS):
            await enqueue(
                session,
                council_id=council,
                dedupe_key=f"welcome:{n}",
                kind=NotificationKind.ACCOUNT,
                notice=Notice(title="Thank you for getting in touch", body="We will be in touch soon."),
                recipient_email=f"person{n}@example.com",
            )
        await session.commit()

    run_with_session(database_url, fill)
    settings = make_settings(tmp_path / "data", database_url)
    keys = load_or_create_vapid_keys(tmp_path / "data")

    def one_worker(name: str) -> RecordingMailer:
        async def drain() -> RecordingMailer:
            engine = create_engine(settings.database_url)
            mailer = RecordingMailer()
            worker = worker_for(
                settings, session_factory(engine), mailer=mailer, keys=keys, batch_size=15, name=name
            )
            try:
                await worker.drain(now=AFTERNOON)
            finally:
                await worker.pusher.close()
                await engine.dispose()
            return mailer

        return asyncio.run(drain())

    with ThreadPoolExecutor(max_workers=2) as pool:
        mailers = list(pool.map(one_worker, ["worker-a", "worker-b"]))

    deliveries = Counter(email.to for mailer in mailers for email in mailer.sent)
    assert len(deliveries) == ROWS and set(deliveries.values()) == {1}
    if database_url.startswith("postgresql"):
        assert all(mailer.sent for mailer in mailers), "both workers should have taken a share"

    async def statuses(session):  # type: ignore[no-untyped-def]
        return Counter(row.status for row in (await session.exec(select(Outbox))).all())

    assert run_with_session(database_url, statuses) == {OutboxStatus.SENT: ROWS}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_a_claim_skips_rows_another_worker_holds_locked(tmp_path, database_url, world) -> None:  # type: ignore[no-untyped-def]
    """A real lock on a second connection: a claim that waited for it, or took the locked rows,
    fails here (the claim is given five seconds; a blocked one would wait for ever)."""
    council = world.councils["eastbrook"].id

    async def fill(session):  # type: ignore[no-untyped-def]
        for n in range(30):
            await enqueue(
                session,
                council_id=council,
                dedupe_key=f"welcome:{n}",
                kind=NotificationKind.ACCOUNT,
                notice=Notice(title="Thank you for getting in touch", body="We will be in touch soon."),
                recipient_email=f"person{n}@example.com",
            )
        await session.commit()

    run_with_session(database_url, fill)
    settings = make_settings(tmp_path / "data", database_url)

    async def claim_beside_a_lock() -> tuple[set, set]:  # type: ignore[type-arg]
        engine = create_engine(settings.database_url)
        worker = worker_for(
            settings,
            session_factory(engine),
            mailer=RecordingMailer(),
            keys=load_or_create_vapid_keys(tmp_path / "data"),
            batch_size=20,
        )
        try:
            async with engine.connect() as other_worker:
                await other_worker.begin()
                held = (
                    (
                        await other_worker.execute(
                            sa_select(Outbox.id)
                            .order_by(Outbox.available_at, Outbox.id)
                            .limit(10)
                            .with_for_update()
                        )
                    )
                    .scalars()
                    .all()
                )
                claimed = await asyncio.wait_for(worker.claim(now=AFTERNOON), timeout=5)
                await other_worker.rollback()
        finally:
            await worker.pusher.close()
            await engine.dispose()
        return set(held), {row.id for row in claimed}

    held, claimed = asyncio.run(claim_beside_a_lock())
    assert len(held) == 10 and len(claimed) == 20
    assert held.isdisjoint(claimed)
