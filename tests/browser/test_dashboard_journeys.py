"""The recruitment dashboard in Chromium: axe at both widths, and nothing wider than a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible

PATH = "/recruitment/dashboard"


def _sign_in_as(page: Page, first_name: str) -> None:
    page.goto("/demo/sign-in")
    page.get_by_role("button", name=f"Sign in as {first_name}").first.click()
    expect(page).not_to_have_url(re.compile(r"/demo/"))


@pytest.mark.parametrize("first_name", ["Joanne", "Marcus"])
def test_the_dashboard_passes_axe_and_fits_a_phone(page: Page, first_name: str) -> None:
    _sign_in_as(page, first_name)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(PATH)
        expect(page.locator("h1")).to_have_text("Recruitment dashboard")
        expect(page.locator("svg.app-chart")).to_have_count(2)
        expect(page.get_by_role("img", name=re.compile("Enquiries each week by channel"))).to_be_visible()
        assert_accessible(page)
        if viewport is PHONE:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"the page is {overflow}px wider than a phone"
            # The charts shrink to the phone; wide tables scroll inside their own regions.
            widths = page.eval_on_selector_all(
                "svg.app-chart", "els => els.map(e => e.getBoundingClientRect().right)"
            )
            assert max(widths) <= PHONE["width"]


def test_the_weekly_table_scrolls_inside_its_region_from_the_keyboard(page: Page) -> None:
    _sign_in_as(page, "Joanne")
    page.set_viewport_size(PHONE)
    page.goto(PATH)
    region = page.get_by_role("region", name="Enquiries each week by channel (table)")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth"), "six columns no longer overflow a phone"
    region.focus()
    expect(region).to_be_focused()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    # Polled from here: wait_for_function would evaluate a string, which the CSP refuses.
    for _ in range(50):
        if region.evaluate("e => e.scrollLeft") > 0:
            break
        page.wait_for_timeout(20)
    assert region.evaluate("e => e.scrollLeft") > 0
