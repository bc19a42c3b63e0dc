"""Limits on emailed sign-in links: nobody can flood a carer's inbox, and nobody can lock them out."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlmodel import select

from carer_portal.db import utcnow
from carer_portal.people.models import Council, User
from carer_portal.security.links import (
    EMAIL_WINDOW,
    LINK_LIFETIME,
    MAX_EMAILS_PER_ADDRESS,
    request_sign_in_link,
)
from carer_portal.security.models import SignInAttempt
from tests.support.app import make_settings, run_with_session

# Up to 40 requests for one address over two hours, at any moments, in bursts or spread out.
SCHEDULES = st.lists(st.floats(min_value=0, max_value=120, allow_nan=False), min_size=1, max_size=40).map(
    sorted
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=SCHEDULES, spelling=st.sampled_from(["carer@eastbrook.example", " CARER@Eastbrook.example "]))
def test_any_flood_sends_at_most_the_limit_and_always_leaves_a_working_link(
    tmp_path_factory, database_url: str, world, minutes: list[float], spelling: str
) -> None:
    portal = make_settings(tmp_path_factory.mktemp("data"), database_url)
    start = utcnow()

    async def flood(session):  # type: ignore[no-untyped-def]
        await session.exec(delete(SignInAttempt))  # each example starts with no history
        council = await session.get(Council, world.councils["eastbrook"].id)
        sent = []
        for minute in minutes:
            now = start + timedelta(minutes=minute)
            email = await request_sign_in_link(
                session=session, settings=portal, council=council, email=spelling, now=now
            )
            if email is not None:
                sent.append(now)
            # Whoever asked at this moment (the carer, or someone flooding) finds a link that works now.
            assert any(sent_at <= now < sent_at + LINK_LIFETIME for sent_at in sent), minute
        return sent

    sent = run_with_session(database_url, flood)
    for sent_at in sent:
        in_window = [other for other in sent if sent_at <= other < sent_at + EMAIL_WINDOW]
        assert len(in_window) <= MAX_EMAILS_PER_ADDRESS


def test_an_unknown_address_is_limited_the_same_way(tmp_path, database_url: str, world) -> None:
    """Known and unknown addresses take the same path, so the limits reveal nothing."""
    portal = make_settings(tmp_path / "data", database_url)

    async def ask(session):  # type: ignore[no-untyped-def]
        council = await session.get(Council, world.councils["eastbrook"].id)
        now = utcnow()
        for address in ("nobody@example.com", "carer@eastbrook.example"):
            for _ in range(3):
                await request_sign_in_link(
                    session=session, settings=portal, council=council, email=address, now=now
                )
        assert (await session.exec(select(User).where(User.email == "nobody@example.com"))).first() is None
        return len((await session.exec(select(SignInAttempt))).all())

    assert run_with_session(database_url, ask) == 2  # one recorded per address, the rest dropped alike
