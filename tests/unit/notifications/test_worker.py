"""The outbox worker end to end, against a local push service that checks VAPID and decrypts."""

from __future__ import annotations

import json
from datetime import time, timedelta

import pytest
from sqlalchemy import event, update

from carer_portal.notifications.delivery import MAX_ATTEMPTS, MAX_PUSH_ATTEMPTS
from carer_portal.notifications.models import NotificationKind, NotificationPreferences, OutboxStatus
from carer_portal.notifications.outbox import Notice
from carer_portal.people.models import User
from tests.support.app import make_settings
from tests.support.outbox import AFTERNOON, OutboxScene, rows_between_drains, run_outbox_scene, uk_time
from tests.support.push_service import PushService, running_push_service


@pytest.fixture
def push():  # type: ignore[no-untyped-def]
    with running_push_service() as service:
        yield service  # what it decrypted is scanned for private data after every test (conftest)


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
        "title": "You have a new message",
        "body": "Sign in to read it.",
        "url": "/messages",
        "tag": "messages",
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
        row = (await rows_between_drains(s))[0]
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
        for day in range(3):
            drained_at = AFTERNOON + timedelta(days=day)
            await s.worker.drain(now=drained_at)
            row = (await rows_between_drains(s))[0]
            waits.append(row.available_at - drained_at)
        return row, waits

    row, waits = scene(story)
    assert row.status is OutboxStatus.SENT and row.attempts == 3
    assert [r.status for r in push.received] == [500, 503, 201]
    # As documented: 30 seconds after the first failure, doubling after each, with ±10% jitter.
    first, second = waits[0].total_seconds(), waits[1].total_seconds()
    assert 27 <= first <= 33 and 54 <= second <= 66


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
        await s.queue(
            None,
            world.councils["eastbrook"].id,
            recipient_email="sam@example.com",
            notice=Notice(title="Thank you for getting in touch", body="We will call you soon.", url="/"),
        )
        await s.worker.drain(now=AFTERNOON)
        return s.mailer.sent

    assert [e.to for e in scene(story)] == ["sam@example.com"]


def test_nothing_that_can_wait_reaches_a_carer_in_quiet_hours(scene, world) -> None:
    carer, ssw, council = world.users["carer"].id, world.users["ssw"].id, world.councils["eastbrook"].id
    late_evening = uk_time(1, time(22, 30))
    quiet_ends = uk_time(2, time(8, 0))

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        await s.queue(carer, council, key="waits")
        await s.queue(carer, council, key="urgent", urgent=True)
        await s.queue(ssw, council, key="staff")
        await s.worker.drain(now=late_evening)
        at_night = {
            r.dedupe_key: (r.status, r.available_at, r.attempts) for r in await rows_between_drains(s)
        }
        await s.worker.drain(now=quiet_ends + timedelta(minutes=1))
        return at_night, {r.dedupe_key: r.status for r in await s.rows()}

    at_night, morning = scene(story)
    assert at_night["waits"] == (OutboxStatus.PENDING, quiet_ends, 0)
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


def test_a_batch_of_mixed_outcomes_is_sent_and_recorded_in_one_pass(scene, world, push: PushService) -> None:
    """One claimed batch: a device gone (410), one busy (429 with Retry-After), one that takes it,
    a carer in quiet hours, a kind turned off, an account closed. Each row gets its own outcome,
    from a fixed number of statements and a single commit for the lot, however big the batch."""
    council = world.councils["eastbrook"].id
    keys = ("carer", "other_carer", "ssw", "enquirer", "officer", "manager")
    people = {key: world.users[key].id for key in keys}
    phones = {key: push.new_subscription(key) for key in ("carer", "other_carer", "ssw", "enquirer")}
    push.script(phones["carer"], [410])
    push.script(phones["other_carer"], [(429, {"Retry-After": "600"})])
    late_evening = uk_time(1, time(22, 30))

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        for key, phone in phones.items():
            await s.subscribe(people[key], council, phone)
        s.session.add(NotificationPreferences(user_id=people["officer"], council_id=council, prompts=False))
        await s.session.exec(update(User).where(User.id == people["manager"]).values(is_active=False))
        await s.session.commit()
        await s.queue(people["carer"], council, key="gone", urgent=True)
        await s.queue(people["other_carer"], council, key="busy", urgent=True)
        await s.queue(people["ssw"], council, key="taken")
        await s.queue(people["enquirer"], council, key="quiet")
        await s.queue(people["officer"], council, key="off", kind=NotificationKind.PROMPTS)
        await s.queue(people["manager"], council, key="closed")

        engine = s.worker.session_factory.kw["bind"].sync_engine
        statements: list[tuple[str, bool]] = []
        commits: list[object] = []
        listeners = [
            ("before_cursor_execute", lambda _c, _cur, sql, _p, _ctx, many: statements.append((sql, many))),
            ("commit", lambda conn: commits.append(conn)),
        ]
        for name, listener in listeners:
            event.listen(engine, name, listener)
        try:
            claimed = await s.worker.drain_once(now=late_evening)
        finally:
            for name, listener in listeners:
                event.remove(engine, name, listener)
        return claimed, statements, commits, await s.rows(), await s.subscriptions(), s.mailer.sent

    claimed, statements, commits, rows, subscriptions, emails = scene(story)
    by_key = {row.dedupe_key: row for row in rows}
    assert claimed == 6

    gone = by_key["gone"]  # the only device is gone: it is forgotten and the email goes instead
    assert (gone.status, gone.delivered_via, gone.attempts) == (OutboxStatus.SENT, "email", 1)
    assert [e.to for e in emails] == ["carer@eastbrook.example"]
    assert phones["carer"]["endpoint"] not in {sub.endpoint for sub in subscriptions}

    busy = by_key["busy"]  # tried again no sooner than the push service asked
    assert (busy.status, busy.attempts, busy.last_error) == (OutboxStatus.PENDING, 1, "push 429")
    assert busy.available_at >= late_evening + timedelta(seconds=600) and busy.lease_owner is None

    taken = by_key["taken"]
    assert (taken.status, taken.delivered_via, taken.attempts, taken.sent_at) == (
        OutboxStatus.SENT,
        "push",
        1,
        late_evening,
    )
    (ssw_phone,) = [sub for sub in subscriptions if sub.endpoint == phones["ssw"]["endpoint"]]
    assert ssw_phone.last_success_at == late_evening

    quiet = by_key["quiet"]  # held until the morning, not counted as an attempt, nothing sent
    assert (quiet.status, quiet.attempts, quiet.available_at) == (
        OutboxStatus.PENDING,
        0,
        uk_time(2, time(8, 0)),
    )
    assert push.payloads_for(phones["enquirer"]) == []

    assert (by_key["off"].status, by_key["off"].last_error) == (OutboxStatus.SKIPPED, "turned off")
    closed = by_key["closed"]
    assert (closed.status, closed.last_error) == (OutboxStatus.SKIPPED, "no such recipient")
    assert all(row.leased_until is None and row.lease_owner is None for row in rows)

    assert sorted(p.status for p in push.received) == [201, 410, 429]
    # The claim (update, then read), three look-ups, then the record: gone devices, devices
    # that took it, and every row in one executemany UPDATE, committed once.
    verbs = [sql.split()[0].upper() for sql, _ in statements]
    dml = [verb for verb in verbs if verb in {"SELECT", "UPDATE", "DELETE"}]
    assert dml == ["UPDATE", "SELECT", "SELECT", "SELECT", "SELECT", "DELETE", "UPDATE", "UPDATE"]
    outbox_updates = [many for sql, many in statements if sql.lstrip().upper().startswith("UPDATE OUTBOX")]
    assert outbox_updates == [False, True]  # the claim, then every row's outcome in one executemany
    assert len(commits) == 2  # the claim's and the record's
