"""Needs profiles in Chromium. The social worker's form and a child's history on a phone, and
the administrator's framework page: nothing is published there, as the live demo is shared by
every journey (publishing has its own route tests, tests/web/needs). And a carer reading a
child's needs on a phone and adding a note, which their supervising social worker sees flagged
as new (the demo: Ngozi cares for Callum, and Priya supervises her household); the note's words
are unique to the run, so the journey never depends on which others ran before it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible, sign_in_as
from tests.support.names import unique


def _fits_and_is_accessible(page: Page) -> None:
    for viewport in (DESKTOP, PHONE, {"width": 320, "height": 700}):
        page.set_viewport_size(viewport)
        assert_accessible(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {viewport['width']}px"


def test_the_social_worker_opens_a_childs_needs_form_and_is_shown_every_problem(page: Page) -> None:
    sign_in_as(page, "Priya")
    page.goto("/children")
    page.get_by_role("link", name="Callum").click()
    child_page = page.url
    page.goto(child_page + "/needs/new")
    # The demo has Callum's earlier profiles: the form starts from the latest.
    expect(page.locator("h1")).to_have_text("Update Callum's needs profile")
    expect(page.get_by_role("group", name="Health").get_by_role("radio")).to_have_count(5)
    expect(page.get_by_role("group", name="Health").get_by_role("radio", checked=True)).to_have_count(1)
    _fits_and_is_accessible(page)

    page.get_by_label("Date of the assessment").fill("31/2/2026")
    page.get_by_label("Strengths", exact=True).fill("")
    page.get_by_role("button", name="Publish needs profile").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the assessment must be a real date"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their strengths")
    _fits_and_is_accessible(page)

    page.goto(child_page + "/needs")
    expect(page.locator("h1")).to_have_text("Callum's needs profiles")
    _fits_and_is_accessible(page)


def test_the_administrator_reads_the_framework_on_a_phone(page: Page) -> None:
    sign_in_as(page, "Ewa")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Needs framework").click()
    expect(page.locator("h1")).to_have_text("Needs framework")
    page.locator(".govuk-details__summary", has_text="Health").click()
    expect(page.locator("li", has_text="Healthy and growing well. Ordinary check-ups")).to_be_visible()
    page.locator(".govuk-details__summary", has_text="What the file looks like").click()
    _fits_and_is_accessible(page)


def _sign_in(page: Page, first_name: str) -> None:
    page.context.clear_cookies()
    sign_in_as(page, first_name)


def test_a_carer_reads_the_needs_table_and_adds_a_note_the_ssw_sees_as_new(page: Page) -> None:
    page.set_viewport_size(PHONE)
    _sign_in(page, "Ngozi")
    page.goto("/children")
    page.get_by_role("link", name="Callum").click()
    expect(page.locator("h1")).to_have_text("Callum")
    # Strengths and what helps come first.
    expect(page.locator("main h2").first).to_have_text("Strengths and what helps")
    assert_accessible(page)

    # The chart's figures, read from the table in its own scrolling region.
    region = page.get_by_role("region", name="Needs at each profile (table)")
    region.focus()
    expect(region).to_be_focused()
    table = region.get_by_role("table")
    expect(table).to_contain_text("Needs at each profile, newest first")
    health = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Health"))
    latest = health.get_by_role("cell").first
    expect(latest).to_have_text(re.compile(r"^[A-Z][a-z ]+ \(\d\)$"))
    level = latest.get_attribute("data-level")
    newest = table.get_by_role("columnheader").nth(1).locator("time").get_attribute("datetime")
    point = page.locator(f"svg.app-chart .app-chart__point[data-domain=health][data-date='{newest}']")
    expect(point).to_have_attribute("data-value", level or "")

    # A note, with today's date already filled in.
    words = unique("Hummed")
    page.get_by_label("What did you notice?").fill(f"{words} while doing his homework, which is new.")
    page.get_by_role("button", name="Add note").click()
    expect(page).to_have_url(re.compile(r"/children/[0-9a-f-]{36}#observations$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your note has been added")
    expect(page.locator(".app-timeline__item").first).to_contain_text(words)
    assert_accessible(page)

    # Priya, the household's supervising social worker, sees Callum first with a new note.
    _sign_in(page, "Priya")
    page.goto("/children")
    callum = page.locator(".app-child-list__item").filter(has=page.get_by_role("link", name="Callum"))
    expect(callum.locator(".app-new-notes")).to_have_text("New")
    assert_accessible(page)
    callum.get_by_role("link", name="Callum").click()
    note = page.locator(".app-timeline__item").filter(has_text=words)
    expect(note.locator(".govuk-tag")).to_have_text("New")
    expect(page.get_by_role("link", name="Publish a new needs profile")).to_be_visible()
    assert_accessible(page)
    # Once read, it is no longer new.
    page.reload()
    expect(page.locator(".app-timeline__item").filter(has_text=words).locator(".govuk-tag")).to_have_count(0)
