"""A carer shares their invite from a phone, and a friend opens it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible

# Stands in for the phone's share sheet: records what the page asked to share.
SHARE_SHEET = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  configurable: true, value: async (data) => { window.__shared.push(data); },
});
Object.defineProperty(navigator, "canShare", {configurable: true, value: () => true});
"""


def _sign_in_as(page: Page, first_name: str) -> None:
    page.goto("/demo/sign-in")
    page.get_by_role("button", name=f"Sign in as {first_name}").first.click()
    expect(page).not_to_have_url(re.compile(r"/demo/"))


def _axe_at_both_widths(page: Page) -> None:
    for viewport in (DESKTOP, PHONE):  # ends at phone width, where the journey carries on
        page.set_viewport_size(viewport)
        assert_accessible(page)


@pytest.fixture
def friend(browser: Browser, live_server: str) -> Iterator[Page]:
    """Someone else, on their own phone: a new browser, never signed in."""
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def _choose_name(page: Page, show: bool) -> None:
    page.goto("/invite")
    page.get_by_label("Yes, show “Sam”" if show else "No, do not show my name").check()
    page.get_by_role("button", name="Save your choice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your first name will be shown" if show else "Your name will not be shown"
    )


def test_a_carer_copies_their_invite_link_and_a_friend_opens_it(
    context: BrowserContext, page: Page, live_server: str, friend: Page
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    _sign_in_as(page, "Sam")
    page.goto("/invite")
    expect(page.locator("h1")).to_have_text("Invite a friend to foster")
    expect(page.get_by_role("img", name="QR code for your invite link")).to_be_visible()
    _axe_at_both_widths(page)

    link = page.get_by_label("Send this link by text, email or message").input_value()
    assert re.fullmatch(re.escape(live_server) + r"/invite/[A-Za-z0-9_-]{12}", link)
    # Nothing wider than the phone: the QR code and the link fit the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_have_text("Link copied. You can paste it into a message.")
    assert page.evaluate("navigator.clipboard.readText()") == link

    _choose_name(page, show=False)
    friend.goto(link)
    expect(friend.locator("h1")).to_have_text(
        "A foster carer with Eastbrook thinks you would be great at this"
    )
    expect(friend.locator("main")).not_to_contain_text("Sam")
    _axe_at_both_widths(friend)

    _choose_name(page, show=True)
    _axe_at_both_widths(page)  # with the success banner showing
    friend.reload()
    expect(friend.locator("h1")).to_have_text("Sam thinks you would make a great foster carer")
    _axe_at_both_widths(friend)
    start = friend.get_by_role("button", name="Talk to us about fostering")
    assert start.get_attribute("href") == "/enquire?invite=" + link.rsplit("/", 1)[1]
    _choose_name(page, show=False)  # as Sam had it, for any journey after this one


def test_on_a_phone_with_a_share_sheet_the_invite_is_shared_through_it(page: Page) -> None:
    page.add_init_script(SHARE_SHEET)
    _sign_in_as(page, "Sam")
    page.goto("/invite")
    link = page.get_by_label("Send this link by text, email or message").input_value()
    page.get_by_role("button", name="Share your invite").click()
    page.wait_for_function("window.__shared.length === 1")
    shared = page.evaluate("window.__shared[0]")
    assert shared["url"] == link
    assert shared["title"] == "Fostering with Eastbrook"
    assert "I foster with Eastbrook Council" in shared["text"]
    _axe_at_both_widths(page)  # both buttons showing


def test_without_javascript_the_link_is_there_to_copy(browser: Browser, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        _sign_in_as(page, "Sam")
        page.goto("/invite")
        field = page.get_by_label("Send this link by text, email or message")
        expect(field).to_be_visible()
        assert "/invite/" in field.input_value()
        expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
        expect(page.get_by_role("button", name="Share your invite")).to_be_hidden()
    finally:
        context.close()
