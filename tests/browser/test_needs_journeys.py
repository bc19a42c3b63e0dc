"""Needs profiles in Chromium: the social worker's form and a child's history on a phone, and the
administrator's framework page. Nothing is published here: the live demo is shared by every
journey, and publishing has its own route tests (tests/web/needs)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible, sign_in_as


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
    expect(page.locator("h1")).to_have_text("Write Callum's needs profile")
    expect(page.get_by_role("group", name="Health").get_by_role("radio")).to_have_count(5)
    _fits_and_is_accessible(page)

    page.get_by_label("Date of the assessment").fill("31/2/2026")
    page.get_by_role("button", name="Publish needs profile").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the assessment must be a real date"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a level for Health")
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
