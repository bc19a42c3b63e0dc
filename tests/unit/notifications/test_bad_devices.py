"""One broken device, or one unexpected failure, must not cost a person their notifications.

Subscriptions stored before they were checked can have keys off the P-256 curve or endpoints
that do not parse. Encrypting for such a device raised, which failed the whole row: the
person's other devices never got the message, and the row, due again at once, was retried
to the limit within a fraction of a second.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest

from carer_portal.notifications.delivery import FIRST_RETRY
from carer_portal.notifications.models import Outbox, OutboxStatus
from tests.support.app import make_settings
from tests.support.outbox import AFTERNOON, OutboxScene, rows_between_drains, run_outbox_scene
from tests.support.push_service import running_push_service


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _broken(good: dict, **changes: str) -> dict:
    """A device like ``good`` but with ``changes`` made, as an unchecked subscription could be.
    The endpoint stays unique (the column is), unless it is what is broken."""
    keys = {**good["keys"], **{k: v for k, v in changes.items() if k in ("p256dh", "auth")}}
    endpoint = changes.get("endpoint", good["endpoint"] + "-broken")
    return {"endpoint": endpoint, "keys": keys}


BREAKAGES = {
    "p256dh off the curve": {"p256dh": _b64(b"\x04" + b"\x01" * 64)},
    "p256dh all zeros": {"p256dh": _b64(b"\x04" + b"\x00" * 64)},
    "p256dh too short": {"p256dh": _b64(b"\x04" + b"\x01" * 10)},
    "p256dh not base64": {"p256dh": "%%%%"},
    "auth empty": {"auth": ""},
    "endpoint that does not parse": {"endpoint": "https://[::1"},
    "endpoint with a port out of range": {"endpoint": "https://127.0.0.1:99999/push/x"},
}


@pytest.fixture
def scene(tmp_path, database_url, world):  # type: ignore[no-untyped-def]
    settings = make_settings(tmp_path / "data", database_url)
    return lambda story: run_outbox_scene(settings, tmp_path / "data", story)


@pytest.mark.parametrize("broken_first", [True, False], ids=["broken device first", "broken device last"])
@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_a_broken_device_does_not_stop_the_persons_other_devices(
    scene, world, breakage, broken_first
) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id
    with running_push_service() as push:
        good = push.new_subscription("phone")
        broken = _broken(push.new_subscription("tablet"), **breakage)
        devices = [broken, good] if broken_first else [good, broken]

        async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
            for device in devices:  # in this order, the order the worker sends in
                await s.subscribe(carer, council, device)
            await s.queue(carer, council)
            claimed = await s.worker.drain(now=AFTERNOON)
            return claimed, (await s.rows())[0], s.mailer.sent

        claimed, row, emails = scene(story)
        payloads = push.payloads_for(good)
    assert claimed == 1
    assert (row.status, row.delivered_via, row.attempts) == (OutboxStatus.SENT, "push", 1)
    assert [json.loads(p)["title"] for p in payloads] == ["You have a new message"]
    assert emails == []


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_with_only_a_broken_device_the_email_goes_instead(scene, world, breakage) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id
    with running_push_service() as push:
        broken = _broken(push.new_subscription(), **breakage)

        async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
            await s.subscribe(carer, council, broken)
            await s.queue(carer, council)
            await s.worker.drain(now=AFTERNOON)
            return (await s.rows())[0], s.mailer.sent

        row, emails = scene(story)
    assert (row.status, row.delivered_via) == (OutboxStatus.SENT, "email")
    assert [e.to for e in emails] == ["carer@eastbrook.example"]


FAILURES = [RuntimeError("surprise"), ValueError("bad data"), KeyError("missing"), ZeroDivisionError()]


@pytest.mark.parametrize("failure", FAILURES, ids=lambda failure: type(failure).__name__)
def test_an_unexpected_failure_backs_off_like_any_other(scene, world, failure) -> None:
    carer, council = world.users["carer"].id, world.councils["eastbrook"].id

    async def story(s: OutboxScene):  # type: ignore[no-untyped-def]
        deliver = s.worker._deliver

        async def failing(row: Outbox, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise failure

        await s.queue(carer, council)
        s.worker._deliver = failing  # type: ignore[method-assign]
        # drain() goes on until nothing is due: a row due again at once was claimed over and
        # over, to the last attempt, within this one call.
        claimed = await s.worker.drain(now=AFTERNOON)
        row = (await rows_between_drains(s))[0]
        # A copy: the scene's next read refreshes this very object.
        after_failure = (row.status, row.attempts, row.last_error, row.lease_owner, row.available_at)
        soon = [await s.worker.drain(now=AFTERNOON + timedelta(seconds=seconds)) for seconds in (1, 10, 25)]
        s.worker._deliver = deliver  # type: ignore[method-assign]
        await s.worker.drain(now=row.available_at)
        return claimed, after_failure, soon, (await s.rows())[0], s.mailer.sent

    claimed, after_failure, soon, later, emails = scene(story)
    assert claimed == 1
    assert after_failure[:4] == (OutboxStatus.PENDING, 1, type(failure).__name__, None)
    # The first retry waits FIRST_RETRY (30 s) give or take its 10% jitter.
    assert after_failure[4] >= AFTERNOON + FIRST_RETRY * 0.9
    assert soon == [0, 0, 0]  # not claimed again before then
    assert (later.status, later.delivered_via, later.attempts) == (OutboxStatus.SENT, "email", 2)
    assert len(emails) == 1
