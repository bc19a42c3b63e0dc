"""Someone thinking about fostering, on a phone: enquire, get the personal answer, follow it
by the emailed link; then the recruitment officer takes it from there."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.support.browser import assert_accessible, fill_enquiry
from tests.support.names import unique


def test_an_enquiry_on_a_phone_gets_a_warm_answer_and_a_link_to_follow_it(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Talk to us about fostering").click()
    expect(page.locator("h1")).to_have_text("Talk to us about fostering")
    assert_accessible(page)

    # A mistake is caught as the person leaves the field, before they send anything.
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_label("Your name").focus()
    expect(page.locator("#postcode-error")).to_contain_text("Enter a real postcode")
    assert_accessible(page)

    surname = unique("Marsh")
    fill_enquiry(page, name=f"Jo {surname}", email=f"jo.{surname}@example.com")
    expect(page.locator("#postcode-error")).to_have_count(0)
    # A double tap on Send makes one enquiry.
    page.get_by_role("button", name="Send").dblclick()
    expect(page.locator("h1")).to_contain_text("Thank you, Jo")
    expect(page.locator(".govuk-panel__body")).to_contain_text("We will call you by 7pm")
    expect(page.locator(".app-story-card")).to_have_count(3)
    assert_accessible(page)

    page.get_by_role("button", name="More keen").click()
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()

    page.goto("/dev/emails")
    # Other journeys may have sent emails to this portal before: this person's is the one.
    email = page.locator(".app-email", has_text=f"To jo.{surname.lower()}@example.com")
    expect(email).to_have_count(1, timeout=10000)
    expect(email.get_by_role("heading")).to_have_text(
        "Thank you for getting in touch with Eastbrook Fostering"
    )
    email.get_by_role("link", name="Open the link in this email").first.click()
    expect(page.locator("h1")).to_have_text("Your enquiry about fostering")
    expect(page.locator(".app-steps__step--current")).to_contain_text("Enquiry")
    assert_accessible(page)


def test_every_problem_shows_at_once_and_the_summary_follows_the_corrections(page: Page) -> None:
    page.goto("/enquire")
    page.get_by_role("button", name="Send").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    links = summary.locator("a")
    # Every unanswered question in one round, the reasons question included, in page order.
    expect(links).to_have_text(
        [
            "Enter your name",
            "Enter your email address",
            "Enter your postcode",
            re.compile("Tell us what has made you think about fostering"),
            "Select who lives in your home",
            "Select the best time for us to call you",
            "Confirm you have read how we use your information",
        ]
    )
    assert_accessible(page)
    # Putting one right takes it out of the summary as the person leaves the field.
    page.get_by_label("Your name").fill("Jo Marsh")
    page.get_by_label("Email address").focus()
    expect(page.locator("#name-error")).to_have_count(0)
    expect(links).to_have_count(6)
    expect(links.first).to_have_text("Enter your email address")
    page.get_by_label("I want to make a difference to a child's life").check()
    expect(summary.get_by_text(re.compile("Tell us what has made you think"))).to_have_count(0)
    assert_accessible(page)


def _reached(page: Page, stage: str) -> int:
    page.goto("/recruitment/dashboard")
    row = page.locator(
        "table:has(caption:text('Enquiries that reached each stage')) tr",
        has=page.locator(f"th:text-is('{stage}')"),
    )
    return int(row.locator("td").first.inner_text().replace(",", ""))


def test_the_officer_sees_it_first_and_records_the_first_conversation(page: Page) -> None:
    """From enquiry to first call to their own page, on a phone, without a broken link."""
    page.goto("/enquire")
    name = f"Priti {unique('Shah')}"
    email = f"{name.replace(' ', '.').lower()}@example.com"
    fill_enquiry(page, name=name, email=email)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("h1")).to_contain_text("Thank you, Priti")
    page.goto("/dev/emails")
    confirmation = page.locator(".app-email", has_text=f"To {email}")
    expect(confirmation).to_have_count(1, timeout=10000)
    their_link = confirmation.get_by_role("link", name="Open the link in this email").first.get_attribute(
        "href"
    )

    page.goto("/demo/sign-in")
    page.get_by_role("button", name="Sign in as Joanne").click()
    expect(page.locator("h1")).to_have_text("Enquiries")
    row = page.locator("tbody tr", has=page.get_by_role("link", name=name))
    expect(row).to_contain_text("left")  # waiting for a first call, with the time left
    assert_accessible(page)

    enquiry_page = row.get_by_role("link", name=name).get_attribute("href")
    before = _reached(page, "First conversation")
    page.goto(enquiry_page)
    assert_accessible(page)
    page.get_by_label("New stage").select_option("first_conversation")
    page.get_by_role("button", name="Save stage").click()
    expect(page.get_by_text("Stage updated.")).to_be_visible()
    expect(page.get_by_text(re.compile("Moved to first conversation"))).to_be_visible()
    # The dashboard's counts move with it.
    assert _reached(page, "First conversation") == before + 1

    # The link in their confirmation email still opens their page, now a step on.
    page.context.clear_cookies()
    page.goto(their_link)
    expect(page.locator("h1")).to_have_text("Your enquiry about fostering")
    expect(page.locator(".app-steps__step--current")).to_contain_text("First conversation")
    expect(page.get_by_role("button", name="More keen")).to_be_visible()
    assert_accessible(page)


def test_a_friend_invited_by_a_carer_enquires_and_the_carer_is_credited(
    page: Page, browser, live_server: str
) -> None:  # type: ignore[no-untyped-def]
    page.goto("/demo/sign-in")
    page.get_by_role("button", name="Sign in as Sam").click()
    page.goto("/invite")
    invite_link = page.locator("input[readonly]").first.input_value()

    friend = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844})
    try:
        phone = friend.new_page()
        phone.goto(invite_link)
        assert_accessible(phone)
        phone.locator("a.govuk-button--start, a.govuk-button").first.click()
        expect(phone.locator("h1")).to_have_text("Talk to us about fostering")
        name = f"Alex {unique('Rowe')}"
        fill_enquiry(phone, name=name, email=f"{name.replace(' ', '.').lower()}@example.com")
        phone.get_by_role("button", name="Send").click()
        expect(phone.locator("h1")).to_contain_text("Thank you, Alex")
    finally:
        friend.close()

    page.goto("/demo/sign-in")
    page.get_by_role("button", name="Sign in as Joanne").click()
    row = page.locator("tbody tr", has=page.get_by_role("link", name=name))
    expect(row).to_contain_text("Invited by a carer")


def test_a_tap_is_not_lost_when_the_check_of_the_last_field_moves_the_page(page: Page) -> None:
    """Leaving a field checks it; a corrected answer loses its error message and the page moves
    up. If that answer arrives while a finger is still down on the next question, the page must
    not move under it: every tap lands on what the person pressed."""
    page.goto("/enquire")
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_label("Your name").focus()
    expect(page.locator("#postcode-error")).to_be_visible()
    page.get_by_label("Postcode").fill("eb4 7qt")

    reason = page.get_by_label("I want to make a difference to a child's life")
    reason.scroll_into_view_if_needed()
    box = reason.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # Pressing leaves the postcode: its check is sent and answered while the finger is down.
    with page.expect_response("**/enquire/check/postcode"):
        page.mouse.down()
    page.wait_for_timeout(300)
    page.mouse.up()

    expect(reason).to_be_checked()
    expect(page.locator("#postcode-error")).to_have_count(0)
