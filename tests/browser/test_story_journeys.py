"""Carers' stories in Chromium: reading them by theme on a phone, and the officer's editor."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible
from tests.support.names import unique


def _accessible_at_both_widths(page: Page) -> None:
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        assert_accessible(page)


def _no_sideways_scrolling(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_someone_reads_stories_by_theme_on_a_phone(page: Page) -> None:
    page.goto("/stories")
    expect(page.locator("h1")).to_have_text("Carers' stories")
    assert_accessible(page)

    page.get_by_role("navigation", name="Story themes").get_by_role("link", name="Short breaks").click()
    expect(page.locator("h1")).to_have_text("Carers' stories: Short breaks")
    expect(page.get_by_role("navigation", name="Story themes").locator("[aria-current=page]")).to_have_text(
        "Short breaks"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Shirin and Rahim").click()
    expect(page.locator("h1")).to_have_text("Shirin and Rahim")
    expect(page.locator(".app-story-card blockquote")).to_contain_text(
        "Short breaks give a family a weekend to rest"
    )
    expect(page.get_by_role("button", name="Talk to us about fostering")).to_have_attribute(
        "href", "/enquire"
    )
    assert_accessible(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    _no_sideways_scrolling(page)


def test_the_recruitment_officer_writes_records_consent_and_publishes_a_story(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto("/demo/sign-in")
    page.get_by_role("button", name="Sign in as Joanne").first.click()
    expect(page).not_to_have_url(re.compile(r"/demo/"))

    page.goto("/recruitment/stories")
    expect(page.locator("h1")).to_have_text("Stories")
    _accessible_at_both_widths(page)

    page.get_by_role("button", name="Add a story").click()
    expect(page.locator("h1")).to_have_text("Add a story")
    _accessible_at_both_widths(page)

    rosa = f"Rosa {unique('Haddon')}"
    page.get_by_label("Carer's name").fill(rosa)
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.get_by_label("Carer's name")).to_have_value(rosa)  # kept as typed
    _accessible_at_both_widths(page)

    page.get_by_label("Their household").fill("Single carer, retired teacher")
    page.get_by_label("Area").fill("Little Haddon")
    page.get_by_label("A short quote").fill("I had a spare room and forty years of knowing children.")
    page.get_by_label("Their story").fill(
        "I retired in the spring and by autumn I was *bored*.\n\n## Why short breaks\n\n"
        "- one weekend a month\n- the same child each time"
    )
    page.get_by_label("Short breaks").check()
    page.get_by_label("Retired").check()
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator("h1")).to_have_text(f"{rosa}'s story")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Story saved as a draft")
    preview = page.locator(".app-story-preview")
    expect(preview.locator("em")).to_have_text("bored")
    expect(preview.locator("h2", has_text="Why short breaks")).to_be_visible()
    _accessible_at_both_widths(page)

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Record the carer's consent before you publish"
    )
    _accessible_at_both_widths(page)

    page.get_by_label("How the carer gave their consent").fill("Signed consent form, on Rosa's file")
    page.get_by_role("button", name="Record consent").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("by Joanne Whitfield: Signed consent form")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Story published")

    page.goto("/stories")
    page.get_by_role("link", name=rosa).click()
    expect(page.locator("h1")).to_have_text(rosa)
    expect(page.locator(".app-prose li")).to_have_count(2)
