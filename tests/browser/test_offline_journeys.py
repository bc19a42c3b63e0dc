"""Someone who loses their signal: the public pages can still be read, and nothing personal is
ever kept on the device."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from carer_portal.pages.offline import OFFLINE_PAGE, PUBLIC_PAGES
from tests.support.browser import (
    DESKTOP,
    PHONE,
    assert_accessible,
    sign_in_as,
    wait_for_service_worker_control,
)

# Sam is a carer: each of these pages is about Sam, or Sam's children.
PERSONAL_PAGES = ["/children", "/notifications", "/invite", "/account"]
MENTIONS_SIGNING_IN = re.compile(r"sign(ed|ing)?[ -]?(in|out)\b", re.IGNORECASE)


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
