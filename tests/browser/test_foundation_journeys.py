"""The shell every journey runs in: accessible pages, an installable app, a service worker.

What it does offline is in test_offline_journeys.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible, wait_for_service_worker_control

PUBLIC_PAGES = ["/", "/privacy", "/accessibility-statement", "/cookies", "/offline", "/no-such-page"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_axe_violations(page: Page, path: str, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("text_size", ["100%", "200%"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_reflow_on_a_320px_screen_with_large_text(page: Page, path: str, text_size: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    # Text enlarged as a person would set it (CSSOM changes are allowed by our CSP).
    page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px with {text_size} text"


def test_landing_page_starts_with_carers_stories_and_a_way_in(page: Page) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Foster with Eastbrook Council")
    expect(page.locator(".app-story-card")).to_have_count(3)
    page.keyboard.press("Tab")
    expect(page.locator(".govuk-skip-link")).to_be_focused()


def test_service_worker_registers_and_controls_the_page(page: Page) -> None:
    wait_for_service_worker_control(page)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope.endswith("/") and scope.count("/") == 3


def test_manifest_has_no_installability_errors(context: BrowserContext, page: Page) -> None:
    wait_for_service_worker_control(page)
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert manifest["url"].endswith("/manifest.webmanifest")
    installability = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A non-persistent browser context is incognito, which Chromium reports as such.
    assert [e for e in installability if e["errorId"] != "in-incognito"] == []
