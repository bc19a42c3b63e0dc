"""Someone who loses their signal: the public pages can still be read, a form they send waits for
the connection rather than failing, and nothing personal is ever kept on the device."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from carer_portal.pages.offline import OFFLINE_PAGE, PUBLIC_PAGES
from tests.support.browser import (
    DESKTOP,
    PHONE,
    assert_accessible,
    fill_enquiry,
    keep_public_pages,
    sign_in_as,
    wait_for_service_worker_control,
)
from tests.support.names import unique

# Sam is a carer: each of these pages is about Sam, or Sam's children.
PERSONAL_PAGES = ["/children", "/notifications", "/invite", "/account"]
MENTIONS_SIGNING_IN = re.compile(r"sign(ed|ing)?[ -]?(in|out)\b", re.IGNORECASE)
UNSENT = "Object.keys(localStorage).filter(key => key.startsWith('carer-portal:unsent:'))"


@contextmanager
def offline(context: BrowserContext) -> Iterator[None]:
    context.set_offline(True)
    try:
        yield
    finally:
        context.set_offline(False)


def _assert_accessible_at_both_widths(page: Page) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert_accessible(page)
    page.set_viewport_size(PHONE)


def _story_pages(page: Page) -> list[str]:
    page.goto("/stories")
    links = page.locator("main a[href^='/stories/']").evaluate_all("links => links.map(a => a.pathname)")
    return sorted({link for link in links if not link.startswith("/stories/themes/")})


def _kept_on_device(page: Page) -> dict[str, str]:
    """Every address in the service worker's caches, with the text of what is kept for it."""
    return page.evaluate(
        """async () => {
             const kept = {};
             for (const name of await caches.keys()) {
               const cache = await caches.open(name);
               for (const request of await cache.keys()) {
                 const url = new URL(request.url);
                 kept[url.pathname + url.search] = await (await cache.match(request)).text();
               }
             }
             return kept;
           }"""
    )


@pytest.mark.parametrize("who", [None, "Sam", "Joanne"], ids=["signed out", "carer", "officer"])
def test_the_offline_page_says_nothing_about_signing_in(
    context: BrowserContext, page: Page, who: str | None
) -> None:
    wait_for_service_worker_control(page)
    keep_public_pages(page)
    if who:
        sign_in_as(page, who)
    with offline(context):
        page.goto("/account")
        expect(page.locator("h1")).to_have_text("You are offline")
        # Styles came from the device, so the page still looks like the service.
        assert page.evaluate("getComputedStyle(document.querySelector('.govuk-footer')).borderTopStyle") != ""
        body = page.locator("body").inner_text()
        assert not MENTIONS_SIGNING_IN.search(body), body
        expect(page.locator("a[href*='sign-in'], a[href*='sign-out']")).to_have_count(0)
        _assert_accessible_at_both_widths(page)


def test_public_pages_can_be_read_offline_and_nothing_personal_is_kept(
    context: BrowserContext, page: Page
) -> None:
    stories = _story_pages(page)
    assert stories, "the demo council has published stories"
    wait_for_service_worker_control(page)
    keep_public_pages(page)
    sign_in_as(page, "Sam")
    for path in PERSONAL_PAGES:
        page.goto(path)  # seen online, signed in: none of it may stay on the device

    with offline(context):
        for path in [*PUBLIC_PAGES, *stories]:
            page.goto(path)
            expect(page.locator("h1")).not_to_have_text("You are offline")
            expect(page.get_by_text("This is a copy of the page saved on your device")).to_be_visible()
            # Shown to whoever is offline: neither Sam's menu nor a sign-in.
            expect(page.locator(".govuk-service-navigation__item")).to_have_count(0)
        _assert_accessible_at_both_widths(page)
        for path in PERSONAL_PAGES:
            page.goto(path)
            expect(page.locator("h1")).to_have_text("You are offline")

    kept = _kept_on_device(page)
    pages = {address for address in kept if not address.startswith("/static/")}
    assert pages == {*PUBLIC_PAGES, *stories, OFFLINE_PAGE}
    for address in pages:
        assert "Sam Hughes" not in kept[address] and "Your account" not in kept[address], address


def _lose_the_first_answer(page: Page) -> list[str]:
    """The first enquiry posted reaches the portal, but its answer never reaches the phone."""
    lost: list[str] = []

    def answer(route: Route) -> None:
        if route.request.method == "POST" and not lost:
            route.fetch()
            lost.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.fallback()

    page.route("**/enquire", answer)
    return lost


@pytest.mark.parametrize(
    "what_happens", ["page kept open", "page opened again offline", "first answer lost on the way"]
)
def test_an_enquiry_sent_offline_is_kept_and_sent_once_back_online(
    context: BrowserContext, page: Page, what_happens: str
) -> None:
    wait_for_service_worker_control(page)
    keep_public_pages(page)
    lost = _lose_the_first_answer(page) if what_happens == "first answer lost on the way" else []
    page.goto("/enquire")
    name = f"Robin {unique('Ashby')}"
    fill_enquiry(page, name=name, email=f"{name.replace(' ', '.').lower()}@example.com")
    notice = page.get_by_role("alert")

    with offline(context):
        page.get_by_role("button", name="Send").click()
        # The portal's own words, on the same page, with everything still filled in.
        expect(notice).to_contain_text("You are offline")
        expect(notice).to_contain_text("will send it when you are back online")
        expect(page.locator("h1")).to_have_text("Talk to us about fostering")
        expect(page.get_by_label("Your name")).to_have_value(name)
        _assert_accessible_at_both_widths(page)
        if what_happens == "page opened again offline":
            page.reload()
            expect(page.get_by_label("Your name")).to_have_value(name)
            expect(page.get_by_label("Me and a partner")).to_be_checked()
            expect(page.get_by_label("I have read how you will use my information")).to_be_checked()
            expect(notice).to_contain_text("will send it when you are back online")

    # Sent again after a lost answer, it is the same enquiry (its one-off key), not a second.
    expect(page.locator("h1")).to_contain_text("Thank you, Robin", timeout=15000)
    assert len(lost) == (what_happens == "first answer lost on the way")
    assert page.evaluate(UNSENT) == []
    page.goto("/enquire")
    expect(page.get_by_label("Your name")).to_have_value("")

    sign_in_as(page, "Joanne")
    expect(page.locator("tbody tr", has=page.get_by_role("link", name=name))).to_have_count(1)


def test_a_signed_in_form_sent_offline_waits_in_the_page_and_is_never_kept_on_the_device(
    context: BrowserContext, page: Page
) -> None:
    wait_for_service_worker_control(page)
    keep_public_pages(page)
    sign_in_as(page, "Sam")
    page.goto("/notifications")
    quiet_hours = page.get_by_label("Keep quiet hours")
    wanted = not quiet_hours.is_checked()
    quiet_hours.set_checked(wanted)

    with offline(context):
        page.get_by_role("button", name="Save my choices").click()
        notice = page.get_by_role("alert")
        expect(notice).to_contain_text("It has not been sent yet")
        expect(page.locator("h1")).to_have_text("Notifications")
        assert page.evaluate(UNSENT) == []
        _assert_accessible_at_both_widths(page)

    expect(page.get_by_text("Your choices have been saved.")).to_be_visible()
    expect(page.get_by_label("Keep quiet hours")).to_be_checked(checked=wanted)


def test_an_enquiry_held_offline_can_be_left_unsent(context: BrowserContext, page: Page) -> None:
    wait_for_service_worker_control(page)
    keep_public_pages(page)
    page.goto("/enquire")
    page.get_by_label("Your name").fill("Robin Ashby")
    with offline(context):
        page.get_by_role("button", name="Send").click()
        notice = page.get_by_role("alert")
        notice.get_by_role("button", name="Send it now").click()
        expect(notice).to_contain_text("You are still offline")
        notice.get_by_role("button", name="Do not send it").click()
        expect(notice).to_have_count(0)
        assert page.evaluate(UNSENT) == []
    page.wait_for_timeout(1500)  # longer than the wait after coming back online
    expect(page.locator("h1")).to_have_text("Talk to us about fostering")
    expect(page.get_by_label("Your name")).to_have_value("Robin Ashby")
