"""The worker's housekeeping: the jobs features register in app.py, run now and then."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from carer_portal.app import HOUSEKEEPING
from carer_portal.db import utcnow
from carer_portal.recruitment.enquiries.models import Enquiry
from carer_portal.security.models import UserSession
from carer_portal.security.sessions import open_session
from tests.support.app import make_settings, run_with_session
from tests.support.outbox import OutboxScene, run_outbox_scene


def test_maintenance_runs_every_registered_job_with_the_time_and_settings(
    tmp_path, database_url, world
) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data", database_url)
    calls = []

    async def job(session, now, given_settings):  # type: ignore[no-untyped-def]
        calls.append((now, given_settings))

    async def scene(s: OutboxScene):  # type: ignore[no-untyped-def]
        s.worker.housekeeping = (job, job)
        now = utcnow()
        await s.worker.maintain(now=now)
        return now

    now = run_outbox_scene(settings, tmp_path / "data", scene)
    assert calls == [(now, settings), (now, settings)]


def test_the_app_registers_enquiry_retention_and_clearing_old_sessions(tmp_path, database_url, world) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data", database_url)
    long_ago = utcnow() - timedelta(days=800)

    async def old_things(session):  # type: ignore[no-untyped-def]
        session.add(
            Enquiry(
                council_id=world.councils["eastbrook"].id,
                name="Dana Old",
                email="dana@example.com",
                postcode="EB1 1AA",
                created_at=long_ago,
                last_progress_at=long_ago,
            )
        )
        open_session(session, world.users["carer"], kind="carer", own_device=False, now=long_ago)
        await session.commit()

    run_with_session(database_url, old_things)

    async def scene(s: OutboxScene):  # type: ignore[no-untyped-def]
        s.worker.housekeeping = tuple(HOUSEKEEPING)
        await s.worker.maintain(now=utcnow())

    run_outbox_scene(settings, tmp_path / "data", scene)

    async def what_is_left(session):  # type: ignore[no-untyped-def]
        enquiry = (await session.exec(select(Enquiry).where(Enquiry.email == "dana@example.com"))).first()
        return enquiry, (await session.exec(select(UserSession))).all()

    enquiry, sessions = run_with_session(database_url, what_is_left)
    assert enquiry is None  # anonymised: the address is gone
    assert sessions == []
