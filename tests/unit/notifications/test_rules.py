"""Notification rules without a network: quiet hours, back-off, Retry-After, urgency, what is queued."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import select

from carer_portal.notifications.delivery import (
    LONGEST_RETRY,
    held_until,
    parse_retry_after,
    push_urgency,
    quiet_until,
    retry_delay,
)
from carer_portal.notifications.models import NotificationKind, NotificationPreferences, Outbox
from carer_portal.notifications.outbox import Notice, enqueue
from carer_portal.notifications.push import MAX_PAYLOAD_BYTES, push_payload
from carer_portal.people.models import Role
from tests.support.app import run_with_session
from tests.support.leaks import names_in_outbox


def _prefs(**changes) -> NotificationPreferences:  # type: ignore[no-untyped-def]
    return NotificationPreferences(user_id=uuid.uuid4(), council_id=uuid.uuid4(), **changes)


@pytest.mark.parametrize(
    ("utc", "expected_utc"),
    [
        # Winter: UK time is UTC.
        (datetime(2026, 12, 1, 20, 59, tzinfo=UTC), None),
        (datetime(2026, 12, 1, 21, 0, tzinfo=UTC), datetime(2026, 12, 2, 8, 0, tzinfo=UTC)),
        (datetime(2026, 12, 2, 3, 30, tzinfo=UTC), datetime(2026, 12, 2, 8, 0, tzinfo=UTC)),
        (datetime(2026, 12, 2, 8, 0, tzinfo=UTC), None),
        # Summer: UK time is UTC+1, so 21:00 UK is 20:00 UTC and 08:00 UK is 07:00 UTC.
        (datetime(2026, 7, 1, 20, 30, tzinfo=UTC), datetime(2026, 7, 2, 7, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 19, 30, tzinfo=UTC), None),
    ],
)
def test_quiet_hours_run_from_nine_at_night_to_eight_in_the_morning_uk_time(utc, expected_utc) -> None:  # type: ignore[no-untyped-def]
    assert quiet_until(_prefs(), utc) == expected_utc


def test_quiet_hours_can_be_changed_or_turned_off() -> None:
    lunchtime = datetime(2026, 12, 1, 12, 30, tzinfo=UTC)
    assert quiet_until(_prefs(quiet_from=time(12, 0), quiet_until=time(14, 0)), lunchtime) == datetime(
        2026, 12, 1, 14, 0, tzinfo=UTC
    )
    assert quiet_until(_prefs(quiet_hours=False), datetime(2026, 12, 1, 23, 0, tzinfo=UTC)) is None


def test_quiet_hours_hold_back_only_what_can_wait_for_carers_and_enquirers() -> None:
    night = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    morning = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    assert held_until(_prefs(), Role.CARER, urgent=False, now=night) == morning
    assert held_until(_prefs(), "enquirer", urgent=False, now=night) == morning
    assert held_until(_prefs(), Role.CARER, urgent=True, now=night) is None
    assert held_until(_prefs(), Role.SUPERVISING_SOCIAL_WORKER, urgent=False, now=night) is None


def test_an_urgent_push_is_high_urgency_whatever_its_kind() -> None:
    assert push_urgency(NotificationKind.PROMPTS, urgent=False) == "low"
    assert push_urgency(NotificationKind.MESSAGES, urgent=False) == "normal"
    assert push_urgency(NotificationKind.PROMPTS, urgent=True) == "high"


def test_back_off_doubles_and_is_capped() -> None:
    delays = [retry_delay(n).total_seconds() for n in range(1, 6)]
    assert 27 <= delays[0] <= 33 and 54 <= delays[1] <= 66 and 432 <= delays[4] <= 528
    assert retry_delay(40) <= LONGEST_RETRY * 1.1


def test_back_off_never_comes_sooner_than_retry_after() -> None:
    assert retry_delay(1, retry_after=timedelta(minutes=10)) == timedelta(minutes=10)


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == timedelta(seconds=120)
    assert parse_retry_after("Mon, 23 Nov 2026 12:05:00 GMT", now=now) == timedelta(minutes=5)
    assert parse_retry_after("soon", now=now) is None and parse_retry_after(None, now=now) is None


def test_push_payloads_are_small_and_carry_only_title_body_url_and_tag() -> None:
    payload = push_payload(
        title="You have a new message", body="Sign in to read it.", url="/messages", tag="messages"
    )
    assert (
        payload == b'{"title":"You have a new message","body":"Sign in to read it.",'
        b'"url":"/messages","tag":"messages"}'
    )
    with pytest.raises(ValueError):
        push_payload(title="x" * MAX_PAYLOAD_BYTES, body="", url="/", tag="t")


def test_a_reminder_queued_twice_is_stored_once(world, database_url: str) -> None:
    async def queue_twice(session):  # type: ignore[no-untyped-def]
        results = []
        for _ in range(2):
            results.append(
                await enqueue(
                    session,
                    council_id=world.councils["eastbrook"].id,
                    dedupe_key=f"prompt:{world.users['carer'].id}:2026-W48",
                    kind=NotificationKind.PROMPTS,
                    notice=Notice(title="How are you doing?", body="One quick question.", url="/pulse"),
                    recipient_id=world.users["carer"].id,
                )
            )
            await session.commit()
        rows = (await session.exec(select(Outbox))).all()
        return results, len(rows)

    assert run_with_session(database_url, queue_twice) == ([True, False], 1)


def test_queued_rows_vanish_with_a_rolled_back_change(world, database_url: str) -> None:
    async def queue_then_roll_back(session):  # type: ignore[no-untyped-def]
        await enqueue(
            session,
            council_id=world.councils["eastbrook"].id,
            dedupe_key="k",
            kind=NotificationKind.MESSAGES,
            notice=Notice(title="You have a new message", body="Sign in to read it."),
            recipient_id=world.users["carer"].id,
        )
        await session.rollback()
        return len((await session.exec(select(Outbox))).all())

    assert run_with_session(database_url, queue_then_roll_back) == 0


def test_links_in_notifications_stay_on_this_site(world, database_url: str) -> None:
    async def queue(session):  # type: ignore[no-untyped-def]
        await enqueue(
            session,
            council_id=world.councils["eastbrook"].id,
            dedupe_key="k",
            kind=NotificationKind.MESSAGES,
            notice=Notice(title="t", body="b", url="https://evil.example/"),
            recipient_id=world.users["carer"].id,
        )

    with pytest.raises(ValueError, match="stay on this site"):
        run_with_session(database_url, queue)


def test_the_leak_check_would_catch_a_childs_name_in_a_notification(world, database_url: str) -> None:
    async def leak_then_roll_back(session):  # type: ignore[no-untyped-def]
        await enqueue(
            session,
            council_id=world.councils["eastbrook"].id,
            dedupe_key="leak",
            kind=NotificationKind.MESSAGES,
            notice=Notice(title="News about Tallulah", body="b"),
            recipient_id=world.users["carer"].id,
        )
        found = await names_in_outbox(session)
        await session.rollback()
        return found

    assert run_with_session(database_url, leak_then_roll_back) == [r"\bTallulah\b"]
