"""Signing in as each kind of person. (Every page they reach is checked with axe, at both widths,
by tests/browser/test_every_page_fits.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import DESKTOP, PHONE, assert_accessible


@pytest.mark.parametrize(
    "path", ["/sign-in", "/demo/sign-in", "/sign-in/check-email", "/signed-out", "/dev/emails"]
)
def test_sign_in_pages_pass_axe(page: Page, path: str) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(path)
        assert_accessible(page)


def test_a_carer_signs_in_with_an_emailed_link_on_a_phone(page: Page) -> None:
    page.goto("/children")
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    page.get_by_label("Email address").fill("wrong-address")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Email address").fill("sam.hughes@example.com")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.locator("h1")).to_have_text("Check your email")

    page.get_by_role("link", name="See the emails it would have sent").click()
    page.get_by_role("link", name="Open the link in this email").first.click()
    expect(page.locator("h1")).to_have_text("Sign in to Fostering with Eastbrook")
    page.get_by_label("This is my own phone or computer").check()
    page.get_by_role("button", name="Sign in").click()
    # Back where they were going when they were asked to sign in.
    expect(page.locator("h1")).to_have_text("Children living with you")
    assert_accessible(page)

    page.get_by_role("button", name="Menu").click()  # the navigation folds away on a phone
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.locator("h1")).to_have_text("You have signed out")
    page.go_back()
    expect(page.locator("h1")).not_to_have_text("Your account")
