"""Browser journeys: a live portal with the demo council, driven in Debian's headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.app import run_with_session
from tests.support.browser import CHROMIUM, CHROMIUM_FLAGS, PHONE
from tests.support.databases import sqlite_url
from tests.support.leaks import emails_on_disk, leaks_in, names_in_outbox
from tests.support.live_server import running_portal


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("live-portal")
    with running_portal(data_dir) as base_url:
        yield base_url
    # What the live portal sent or wrote during every journey: its outbox, its mail folder, its log.
    leaked = run_with_session(sqlite_url(data_dir / "carer_portal.sqlite3"), names_in_outbox)
    leaked += leaks_in(("live portal email", text) for text in emails_on_disk(data_dir))
    leaked += leaks_in([("live portal log", (data_dir / "server.log").read_text(errors="replace"))])
    assert leaked == [], f"something private left the live portal: {leaked}"


# One browser per test module: Playwright's sync API keeps an event loop running on this thread
# while it is open, which would break the next module's asyncio.run if it stayed open.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser, live_server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    problems: list[str] = []

    # A CSP violation or a script error shows up here: fail the test rather than hide it.
    def note(message) -> None:  # type: ignore[no-untyped-def]
        # A page that is itself a 404 or 429 logs its own status: the tests check that status.
        own_status = message.location.get("url", "").split("#")[0] == page.url.split("#")[0]
        if message.type == "error" and not (own_status and "Failed to load resource" in message.text):
            problems.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    assert problems == [], f"console errors: {problems}"
