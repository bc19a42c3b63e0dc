"""The outbox worker end to end, against a local push service that checks VAPID and decrypts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from carer_portal.notifications.models import NotificationKind, NotificationPreferences, OutboxStatus
from carer_portal.notifications.service import MAX_ATTEMPTS, MAX_PUSH_ATTEMPTS, Notice
from tests.conftest import make_settings
from tests.support.leaks import find_names, known_child_names
from tests.support.outbox import OutboxScene, run_outbox_scene
from tests.support.push_service import PushService, running_push_service

# 14:00 UK time on a winter weekday: outside anyone's default quiet hours.
AFTERNOON = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)


@pytest.fixture
def push():  # type: ignore[no-untyped-def]
    with running_push_service() as service:
        yield service
        leaked = find_names((r.payload.decode(errors="replace") for r in service.received if r.payload), known_child_names())
        assert leaked == [], f"a child's name reached a push service: {leaked}"


@pytest.fixture
def scene(tmp_path, database_url, world):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data", database_url)

    def run(story):  # type: ignore[no-untyped-def]
        return run_outbox_scene(settings, tmp_path / "data", story)

    return run


def test_a_push_reaches_the_device_encrypted_signed_and_generic(scene, world, push: PushService) -> None:
    subscription = push.new_subscription("carer's phone")
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.subscribe(carer, council, subscription)
        await s.queue(carer, council)
        assert await s.worker.drain(now=AFTERNOON) == 1
        return await s.rows(), await s.subscriptions()

    rows, subscriptions = scene(story)
    (received,) = push.wait_for(1)
    assert json.loads(received.payload) == {
        "title": "You have a new message", "body": "Sign in to read it.", "url": "/messages", "tag": "messages",
    }
    assert received.ttl == 24 * 60 * 60 and received.urgency == "normal" and received.topic == "messages"
    assert received.vapid_sub == "mailto:fostering@eastbrook.example"
    assert (rows[0].status, rows[0].delivered_via, rows[0].attempts) == (OutboxStatus.SENT, "push", 1)
    assert subscriptions[0].last_success_at is not None


def test_every_device_gets_it(scene, world, push: PushService) -> None:
    phones = [push.new_subscription("phone"), push.new_subscription("tablet")]
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        for phone in phones:
            await s.subscribe(carer, council, phone)
        await s.queue(carer, council)
        await s.worker.drain(now=AFTERNOON)

    scene(story)
    assert [len(push.payloads_for(p)) for p in phones] == [1, 1]


def test_a_gone_subscription_is_deleted_and_the_email_goes_instead(scene, world, push: PushService) -> None:
    phone = push.new_subscription()
    push.script(phone, [410])
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.subscribe(carer, council, phone)
        await s.queue(carer, council)
        await s.worker.drain(now=AFTERNOON)
        return await s.rows(), await s.subscriptions(), s.mailer.sent

    rows, subscriptions, emails = scene(story)
    assert subscriptions == []
    assert rows[0].status is OutboxStatus.SENT and rows[0].delivered_via == "email"
    assert emails[0].to == "carer@eastbrook.example" and emails[0].subject == "You have a new message"
    assert "http://127.0.0.1:8000/messages" in emails[0].text


def test_too_many_requests_waits_as_long_as_the_push_service_asks(scene, world, push: PushService) -> None:
    phone = push.new_subscription()
    push.script(phone, [(429, {"Retry-After": "600"})])
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.subscribe(carer, council, phone)
        await s.queue(carer, council)
        await s.worker.drain(now=AFTERNOON)
        row = (await s.rows())[0]
        first = (row.status, row.attempts, row.last_error, row.available_at)
        assert await s.worker.drain(now=AFTERNOON + timedelta(minutes=9)) == 0  # not yet
        await s.worker.drain(now=AFTERNOON + timedelta(minutes=11))
        return first, (await s.rows())[0]

    first, later = scene(story)
    assert first[:3] == (OutboxStatus.PENDING, 1, "push 429")
    assert first[3] >= AFTERNOON + timedelta(seconds=600)
    assert later.status is OutboxStatus.SENT and later.delivered_via == "push"
    assert len(push.payloads_for(phone)) == 1


def test_server_errors_are_retried_with_back_off(scene, world, push: PushService) -> None:
    phone = push.new_subscription()
    push.script(phone, [500, 503])
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.subscribe(carer, council, phone)
        await s.queue(carer, council)
        waits = []
        for _ in range(3):
            before = (await s.rows())[0].available_at
            await s.worker.drain(now=AFTERNOON + timedelta(days=len(waits)))
            row = (await s.rows())[0]
            waits.append(row.available_at - before)
        return row, waits

    row, waits = scene(story)
    assert row.status is OutboxStatus.SENT and row.attempts == 3
    assert [r.status for r in push.received] == [500, 503, 201]


def test_after_several_failed_pushes_the_email_goes_instead(scene, world, push: PushService) -> None:
    phone = push.new_subscription()
    push.script(phone, [500] * MAX_PUSH_ATTEMPTS)
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.subscribe(carer, council, phone)
        await s.queue(carer, council)
        for hour in range(MAX_PUSH_ATTEMPTS + 1):
            await s.worker.drain(now=AFTERNOON + timedelta(days=hour))
        return (await s.rows())[0], s.mailer.sent

    row, emails = scene(story)
    assert row.status is OutboxStatus.SENT and row.delivered_via == "email" and len(emails) == 1


def test_delivery_is_given_up_after_every_retry_fails(scene, world) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        s.mailer.failures_to_come = MAX_ATTEMPTS + 5
        await s.queue(carer, council)
        for attempt in range(MAX_ATTEMPTS + 2):
            await s.worker.drain(now=AFTERNOON + timedelta(days=attempt))
        return (await s.rows())[0]

    row = scene(story)
    assert row.status is OutboxStatus.FAILED and row.attempts == MAX_ATTEMPTS


def test_a_carer_with_no_devices_gets_an_email(scene, world) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(carer, council)
        await s.worker.drain(now=AFTERNOON)
        return s.mailer.sent

    (email,) = scene(story)
    assert email.subject == "You have a new message"


def test_someone_without_an_account_is_emailed_at_their_address(scene, world) -> None:
    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(None, world.councils["eastbrook"].id, recipient_email="sam@example.com",
                      notice=Notice(title="Thank you for getting in touch", body="We will call you soon.", url="/"))
        await s.worker.drain(now=AFTERNOON)
        return s.mailer.sent

    assert [e.to for e in scene(story)] == ["sam@example.com"]


def test_nothing_that_can_wait_reaches_a_carer_in_quiet_hours(scene, world) -> None:
    carer, ssw, council = world.users["carer"].id, world.users["ssw"].id, world.councils["eastbrook"].id
    late_evening = datetime(2026, 12, 2, 22, 30, tzinfo=UTC)

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(carer, council, key="waits")
        await s.queue(carer, council, key="urgent", urgent=True)
        await s.queue(ssw, council, key="staff")
        await s.worker.drain(now=late_evening)
        at_night = {r.dedupe_key: (r.status, r.available_at, r.attempts) for r in await s.rows()}
        await s.worker.drain(now=datetime(2026, 12, 3, 8, 1, tzinfo=UTC))
        return at_night, {r.dedupe_key: r.status for r in await s.rows()}

    at_night, morning = scene(story)
    assert at_night["waits"] == (OutboxStatus.PENDING, datetime(2026, 12, 3, 8, 0, tzinfo=UTC), 0)
    assert at_night["urgent"][0] is OutboxStatus.SENT and at_night["staff"][0] is OutboxStatus.SENT
    assert morning["waits"] is OutboxStatus.SENT


def test_a_kind_someone_turned_off_is_not_sent(scene, world) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        s.session.add(NotificationPreferences(user_id=carer, council_id=council, prompts=False))
        await s.session.commit()
        await s.queue(carer, council, kind=NotificationKind.PROMPTS)
        await s.worker.drain(now=AFTERNOON)
        return (await s.rows())[0], s.mailer.sent

    row, emails = scene(story)
    assert row.status is OutboxStatus.SKIPPED and emails == []


def test_a_scheduled_reminder_waits_until_it_is_due(scene, world) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id
    next_tuesday = AFTERNOON + timedelta(days=6)

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(carer, council, kind=NotificationKind.REVIEWS, available_at=next_tuesday)
        early = await s.worker.drain(now=AFTERNOON)
        due = await s.worker.drain(now=next_tuesday + timedelta(minutes=1))
        return early, due

    assert scene(story) == (0, 1)


def test_a_row_left_by_a_worker_that_died_is_picked_up_again(scene, world) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(carer, council)
        claimed = await s.worker.claim(now=AFTERNOON)  # ...and then the process died
        assert len(claimed) == 1
        assert await s.worker.drain(now=AFTERNOON + timedelta(seconds=30)) == 0  # still leased
        return await s.worker.drain(now=AFTERNOON + timedelta(minutes=5)), s.mailer.sent

    claimed_again, emails = scene(story)
    assert claimed_again == 1 and len(emails) == 1


def test_the_sign_in_is_not_needed_to_read_the_email(scene, world) -> None:
    """Emails say what happened and link to the portal; nothing more."""
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(carer, council)
        await s.worker.drain(now=AFTERNOON)  # a fixed afternoon: "now" could be in quiet hours
        return s.mailer.sent

    (email,) = scene(story)
    assert "Sign in to read it." in email.text and "/notifications" in email.text
