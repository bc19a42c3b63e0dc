"""The notifications page: turning devices on and off, choosing kinds and quiet hours, testing."""

from __future__ import annotations

import json
import re

import pytest

from carer_portal.notifications.kinds import choices_for
from carer_portal.notifications.models import NotificationKind, NotificationPreferences, OutboxStatus
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.outbox import AFTERNOON, run_outbox_scene
from tests.support.pages import check_page
from tests.support.push_service import running_push_service

ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Mobile Safari/537.36"
)


def _htmx_token(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/notifications").text
    return re.search(r"x-csrftoken&#34;: &#34;([0-9a-f]+)&#34;", page).group(1)


def _subscribe(client, subscription, **headers):  # type: ignore[no-untyped-def]
    return client.post(
        "/notifications/subscriptions",
        content=json.dumps(subscription),
        headers={
            "Content-Type": "application/json",
            "x-csrftoken": _htmx_token(client),
            "User-Agent": ANDROID,
            **headers,
        },
    )


def test_the_page_explains_before_it_asks(sign_in_as) -> None:
    soup = check_page(sign_in_as("carer").get("/notifications").text)
    push = soup.select_one("[data-module=app-push]")
    assert len(push["data-vapid-public-key"]) == 87
    assert push.select_one(".app-push__button").has_attr(
        "hidden"
    )  # shown by the script, never asks by itself
    assert "never include a child's name" in soup.get_text()
    assert "No devices have notifications turned on" in soup.get_text()


def test_a_device_subscribes_and_can_be_turned_off(sign_in_as) -> None:
    client = sign_in_as("carer")
    with running_push_service() as push:
        response = _subscribe(client, push.new_subscription())
    assert response.status_code == 201 and response.json()["device"] == "Chrome on Android"
    soup = check_page(client.get("/notifications").text)
    forms = soup.select("form[action$='/turn-off']")
    assert len(forms) == 1 and "Chrome on Android" in soup.get_text()

    turned_off = client.post(
        forms[0]["action"], data={"_csrf_token": csrf_token(client, "/notifications")}, follow_redirects=False
    )
    assert turned_off.headers["location"] == "/notifications?done=device-off"
    assert not check_page(client.get("/notifications").text).select("form[action$='/turn-off']")


def test_someone_elses_device_cannot_be_turned_off(sign_in_as) -> None:
    client = sign_in_as("carer")
    with running_push_service() as push:
        _subscribe(client, push.new_subscription())
    action = check_page(client.get("/notifications").text).select_one("form[action$='/turn-off']")["action"]
    other = sign_in_as("other_carer")
    assert other.post(action, data={"_csrf_token": csrf_token(other, "/notifications")}).status_code == 404
    # ...and the owner's device is still on: the refusal changed nothing.
    owner = sign_in_as("carer")
    assert check_page(owner.get("/notifications").text).select_one(f"form[action='{action}']") is not None


def test_subscriptions_must_be_real_and_for_a_known_push_service(sign_in_as) -> None:
    client = sign_in_as("carer")
    with running_push_service() as push:
        good = push.new_subscription()
    evil = {**good, "endpoint": "https://internal.eastbrook.example/admin"}
    assert _subscribe(client, evil).status_code == 400
    assert (
        _subscribe(client, {**good, "keys": {"p256dh": "short", "auth": good["keys"]["auth"]}}).status_code
        == 400
    )
    assert _subscribe(client, {"endpoint": good["endpoint"]}).status_code == 400
    missing_csrf = client.post(
        "/notifications/subscriptions", content=json.dumps(good), headers={"Content-Type": "application/json"}
    )
    assert missing_csrf.status_code == 403


def test_choices_and_quiet_hours_are_saved(sign_in_as) -> None:
    client = sign_in_as("carer")
    response = client.post(
        "/notifications/preferences",
        data={
            "kinds": ["messages", "reviews"],
            "quiet_hours": "yes",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
            "_csrf_token": csrf_token(client, "/notifications"),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/notifications?done=preferences"
    soup = check_page(client.get("/notifications?done=preferences").text)
    assert "Your choices have been saved." in soup.get_text()
    assert soup.select_one("input[value=messages]").has_attr("checked")
    assert soup.select_one("#quiet_from option[selected]")["value"] == "22:00"


def test_a_bad_time_is_explained_and_the_choices_kept(sign_in_as) -> None:
    client = sign_in_as("enquirer")
    response = client.post(
        "/notifications/preferences",
        data={
            "kinds": ["prompts"],
            "quiet_hours": "yes",
            "quiet_from": "25:00",
            "quiet_until": "07:00",
            "_csrf_token": csrf_token(client, "/notifications"),
        },
    )
    assert response.status_code == 400
    soup = check_page(response.text)
    assert (
        soup.select_one(".govuk-error-summary a[href='#quiet_from']").get_text(strip=True)
        == "Choose a time from the list"
    )
    assert soup.select_one("input[value=prompts]").has_attr("checked")
    assert soup.select_one("#quiet_until option[selected]")["value"] == "07:00"


@pytest.mark.parametrize("who", ["carer", "ssw", "officer", "manager", "admin", "enquirer"])
def test_each_role_is_offered_only_the_kinds_sent_to_it(sign_in_as, world, database_url, who: str) -> None:
    """Each role's choices are exactly its row in notifications/kinds.py, and choosing leaves
    every kind it was never offered as it was (it starts at its default when offered later)."""
    role = world.users[who].role
    client = sign_in_as(who)
    soup = check_page(client.get("/notifications").text)
    offered = [box["value"] for box in soup.select("input[name=kinds]")]
    assert offered == [kind.value for kind, _ in choices_for(role)]
    text = soup.get_text(" ", strip=True)
    for kind, label in CHOICES_EVER_WRITTEN.items():
        if kind not in offered:
            assert label not in text, (who, label)
    client.post(
        "/notifications/preferences",
        data={
            "quiet_from": "21:00",
            "quiet_until": "08:00",
            "_csrf_token": csrf_token(client, "/notifications"),
        },
    )

    async def saved(session):  # type: ignore[no-untyped-def]
        return await session.get(NotificationPreferences, world.users[who].id)

    preferences = run_with_session(database_url, saved)
    for kind in NotificationKind:
        if kind is not NotificationKind.ACCOUNT:
            assert getattr(preferences, kind.value) is (kind.value not in offered), (who, kind)


# What the page once offered everyone, whatever their role (the defect this guards against).
CHOICES_EVER_WRITTEN = {
    "messages": "Replies from my supervising social worker",
    "reviews": "Children's review meetings",
    "prompts": "a short question about how you are doing",
}


def test_a_test_notification_reaches_the_device(sign_in_as, settings, tmp_path) -> None:
    client = sign_in_as("carer")
    with running_push_service() as push:
        phone = push.new_subscription()
        _subscribe(client, phone)
        client.post("/notifications/test", data={"_csrf_token": csrf_token(client, "/notifications")})

        async def drain(s):  # type: ignore[no-untyped-def]
            await s.worker.drain(now=AFTERNOON)
            return [(r.status, r.delivered_via) for r in await s.rows()]

        assert run_outbox_scene(settings, tmp_path / "data", drain) == [(OutboxStatus.SENT, "push")]
        message = json.loads(push.payloads_for(phone)[0])
    assert (
        message["title"] == "A test notification from Eastbrook Fostering"
        and message["url"] == "/notifications"
    )


def test_with_push_off_the_test_notification_comes_by_email(sign_in_as, settings, tmp_path) -> None:
    client = sign_in_as("carer")
    client.post("/notifications/test", data={"_csrf_token": csrf_token(client, "/notifications")})

    async def drain(s):  # type: ignore[no-untyped-def]
        await s.worker.drain(now=AFTERNOON)
        return s.mailer.sent

    (email,) = run_outbox_scene(settings, tmp_path / "data", drain)
    assert (
        email.to == "carer@eastbrook.example"
        and email.subject == "A test notification from Eastbrook Fostering"
    )


def test_signed_out_people_are_asked_to_sign_in(sign_in_as) -> None:
    assert sign_in_as(None).get("/notifications", follow_redirects=False).headers["location"] == "/sign-in"
