"""What browser journeys share: Debian's Chromium and its flags, the two widths, axe, and the
steps many journeys take: signing in as a demo person, waiting for the service worker."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


_axe = Axe()


def assert_accessible(page: Page) -> None:
    results = _axe.run(page)
    violations = results.response["violations"]
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


def sign_in_as(page: Page, first_name: str) -> None:
    page.goto("/demo/sign-in")
    page.get_by_role("button", name=f"Sign in as {first_name}").first.click()
    expect(page.locator("h1")).to_have_count(1)


def wait_for_service_worker_control(page: Page) -> None:
    page.goto("/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller")


def keep_public_pages(page: Page) -> None:
    """What the page asks of the service worker once someone has stayed a while (app.js),
    asked now; returns once every public page is kept."""
    page.evaluate(
        "navigator.serviceWorker.ready.then((r) => r.active.postMessage({type: 'keep-public-pages'}))"
    )
    page.wait_for_function(
        """async () => {
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            if (await cache.match("/privacy")) return true;
          }
          return false;
        }"""
    )


def fill_enquiry(page: Page, *, name: str, email: str) -> None:
    """Every question on the enquiry form, answered."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Phone number (optional)").fill("07700 900 982")
    page.get_by_label("Postcode").fill("eb4 7qt")
    page.get_by_label("I want to make a difference to a child's life").check()
    page.get_by_label("In your own words (optional)").fill(
        "My children have grown up and the house is quiet."
    )
    page.get_by_label("Me and a partner").check()
    page.get_by_label("Early evening (5pm to 7pm)").check()
    page.get_by_label("I have read how you will use my information").check()
