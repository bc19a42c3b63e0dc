"""Session records: opened at sign-in, ended for good, and cleared away a week after they end."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from carer_portal.db import utcnow
from carer_portal.security.models import UserSession
from carer_portal.security.sessions import (
    OWN_DEVICE_LIFETIME,
    SHARED_DEVICE_LIFETIME,
    STAFF_LIFETIME,
    end_every_session,
    open_session,
    purge_old_sessions,
)
from tests.support.app import run_with_session


def test_each_kind_of_session_gets_its_absolute_lifetime(database_url: str, world) -> None:
    now = utcnow()

    async def open_three(db):  # type: ignore[no-untyped-def]
        staff = open_session(db, world.users["officer"], kind="staff", own_device=True, now=now)
        own = open_session(db, world.users["carer"], kind="carer", own_device=True, now=now)
        shared = open_session(db, world.users["carer"], kind="carer", own_device=False, now=now)
        await db.commit()
        rows = {str(r.id): r for r in (await db.exec(select(UserSession))).all()}
        return [rows[s["sid"]].expires_at - now for s in (staff, own, shared)]

    assert run_with_session(database_url, open_three) == [
        STAFF_LIFETIME,
        OWN_DEVICE_LIFETIME,
        SHARED_DEVICE_LIFETIME,
    ]


def test_old_ended_and_expired_sessions_are_purged_and_live_ones_kept(database_url: str, world) -> None:
    now = utcnow()
    carer = world.users["carer"]

    async def scene(db):  # type: ignore[no-untyped-def]
        live = open_session(db, carer, kind="carer", own_device=True, now=now)
        expired_long_ago = open_session(
            db, carer, kind="carer", own_device=False, now=now - timedelta(days=9)
        )
        ended_yesterday = open_session(db, world.users["ssw"], kind="staff", own_device=False, now=now)
        ended_long_ago = open_session(db, world.users["officer"], kind="staff", own_device=False, now=now)
        await db.commit()
        await end_every_session(db, user_id=world.users["ssw"].id, now=now - timedelta(days=1))
        await end_every_session(db, user_id=world.users["officer"].id, now=now - timedelta(days=8))
        await db.commit()
        purged = await purge_old_sessions(db, now=now)
        left = {str(r.id) for r in (await db.exec(select(UserSession))).all()}
        return purged, left, [s["sid"] for s in (live, expired_long_ago, ended_yesterday, ended_long_ago)]

    purged, left, (live, _expired, ended_yesterday, _ended) = run_with_session(database_url, scene)
    assert purged == 2 and left == {live, ended_yesterday}
