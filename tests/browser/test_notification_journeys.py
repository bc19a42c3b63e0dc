"""Notifications in a real browser: the service worker shows a push, and the page asks for
permission only when the person taps the button."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from carer_portal.notifications.push import push_payload
from carer_portal.notifications.service import TEST_NOTICE
from tests.support.browser import CHROMIUM_FLAGS, DESKTOP, PHONE, assert_accessible  # noqa: F401
from tests.support.leaks import find_names, private_texts

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"
)


def _sign_in_as(page: Page, first_name: str) -> None:
    page.goto("/demo/sign-in")
    page.get_by_role("button", name=f"Sign in as {first_name}").first.click()
    expect(page.locator("h1")).to_have_count(1)


def _registration_id(context: BrowserContext, page: Page):  # type: ignore[no-untyped-def]
    page.goto("/")
    cdp = context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(r["registrationId"] for r in event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    deadline = time.monotonic() + 20
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert registrations, "the service worker never registered"
    return cdp, registrations[-1]


def _once_shown(page: Page, script: str, seconds: float = 20):  # type: ignore[no-untyped-def]
    """What `script` finds once the service worker has shown something. Polled from Python:
    wait_for_function would take the pending Promise itself as truthy. The deadline is generous
    because a worker on a busy machine can take seconds to wake for a push."""
    deadline = time.monotonic() + seconds
    found = page.evaluate(script)
    while not found and time.monotonic() < deadline:
        page.wait_for_timeout(50)
        found = page.evaluate(script)
    return found


def test_the_service_worker_shows_a_pushed_notification_without_personal_data(
    context: BrowserContext, page: Page, live_server: str
) -> None:
    context.grant_permissions(["notifications"], origin=live_server)
    cdp, registration_id = _registration_id(context, page)
    payload = push_payload(
        title="You have a new message", body="Sign in to read it.", url="/notifications", tag="messages"
    )
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registration_id, "data": payload.decode()},
    )

    shown = _once_shown(
        page,
        """navigator.serviceWorker.ready.then(r => r.getNotifications())
             .then(list => list.map(n => ({title: n.title, body: n.body, tag: n.tag, data: n.data})))""",
    )
    assert shown == [
        {
            "title": "You have a new message",
            "body": "Sign in to read it.",
            "tag": "messages",
            "data": {"url": "/notifications"},
        }
    ]
    assert find_names([json.dumps(shown)], private_texts() | {"Sam", "Hughes"}) == []


def test_a_push_with_an_outside_link_opens_the_portal_instead(
    context: BrowserContext, page: Page, live_server: str
) -> None:
    context.grant_permissions(["notifications"], origin=live_server)
    cdp, registration_id = _registration_id(context, page)
    evil = json.dumps(
        {"title": TEST_NOTICE.title, "body": TEST_NOTICE.body, "url": "https://evil.example/", "tag": "t"}
    )
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server, "registrationId": registration_id, "data": evil},
    )
    urls = _once_shown(
        page,
        "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(l => l.map(n => n.data.url))",
    )
    assert urls == ["/"]


ASK_COUNTER = """
  window.__permissionRequests = 0;
  Notification.requestPermission = async () => { window.__permissionRequests += 1; return "denied"; };
"""


def test_permission_is_asked_for_only_after_the_person_taps_the_button(
    context: BrowserContext, page: Page
) -> None:
    context.add_init_script(ASK_COUNTER)
    _sign_in_as(page, "Sam")
    page.goto("/notifications")
    expect(page.get_by_text("never include a child's name")).to_be_visible()
    button = page.get_by_role("button", name="Turn on notifications")
    expect(button).to_be_visible()
    assert page.evaluate("window.__permissionRequests") == 0

    button.click()
    expect(page.get_by_role("status")).to_contain_text("we will email you instead")
    assert page.evaluate("window.__permissionRequests") == 1
    assert_accessible(page)


def test_on_an_iphone_the_page_shows_how_to_add_the_app_first(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport=PHONE, user_agent=IPHONE)
    try:
        page = context.new_page()
        _sign_in_as(page, "Sam")
        page.goto("/notifications")
        expect(page.get_by_text("Add to Home Screen")).to_be_visible()
        expect(page.get_by_role("button", name="Turn on notifications")).to_be_hidden()
        assert_accessible(page)
    finally:
        context.close()


def test_a_carer_sends_a_test_notification_and_it_arrives_by_email_without_push(page: Page) -> None:
    _sign_in_as(page, "Sam")
    page.goto("/notifications")
    page.get_by_role("button", name="Send me a test notification").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "We have sent you a test notification"
    )
    # The in-process worker delivers it; with no device turned on, it comes by email.
    page.goto("/dev/emails")
    expect(page.get_by_role("heading", name="A test notification from Eastbrook Fostering")).to_be_visible(
        timeout=10000
    )


# Each step of turning notifications on that waits on the browser or the push service, made to
# wait for ever, as Chromium's did when its push service could not be reached.
NEVER_ANSWERS = {
    "permission": "Notification.requestPermission = () => new Promise(() => {});",
    "service worker": (
        "Object.defineProperty(ServiceWorkerContainer.prototype, 'ready', "
        "{get: () => new Promise(() => {})});"
    ),
    "subscription": "PushManager.prototype.subscribe = () => new Promise(() => {});",
}


@pytest.mark.parametrize("step", NEVER_ANSWERS)
def test_turning_on_notifications_gives_up_in_time_and_offers_email(
    context: BrowserContext, page: Page, live_server: str, step: str
) -> None:
    if step != "permission":
        context.grant_permissions(["notifications"], origin=live_server)
    context.add_init_script(NEVER_ANSWERS[step])
    _sign_in_as(page, "Sam")
    page.goto("/notifications")
    # The page's own limit is 20 seconds; the test's is half a second.
    page.locator("[data-module='app-push']").evaluate("root => { root.dataset.timeoutMs = '500'; }")
    button = page.get_by_role("button", name="Turn on notifications")
    button.click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("could not be turned on", timeout=5000)
    expect(status).to_contain_text("notifications will come to you by email")
    expect(button).to_be_enabled()
    choose = status.get_by_role("link", name="choose what you hear about")
    expect(choose).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    assert_accessible(page)
    choose.click()
    expect(page).to_have_url(re.compile(r"/notifications#what-you-hear-about$"))
    expect(page.get_by_role("heading", name="What you hear about")).to_be_in_viewport()
