"""The person's own link to their enquiry keeps working for as long as the enquiry exists.

It stops only when they withdraw, when the enquiry is anonymised, or when they ask for a new
one; a link that stopped says so and offers to email a fresh one, never "check you typed it".
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from carer_portal.recruitment.enquiries.models import JOURNEY
from tests.support.csrf import csrf_token
from tests.support.outbox import AFTERNOON, run_outbox_scene
from tests.support.pages import check_page
from tests.web.recruitment.test_enquiry_journey import ANSWERS, _enquiries, _form_page

LINK = re.compile(r"http://127\.0\.0\.1:8000(/your-enquiry/[\w-]+)")


def _emails_to(settings, tmp_path, address: str, *, hours_later: float = 0):  # type: ignore[no-untyped-def]
    async def drain(s):  # type: ignore[no-untyped-def]
        await s.worker.drain(now=AFTERNOON + timedelta(hours=hours_later))
        return s.mailer.sent

    return [e for e in run_outbox_scene(settings, tmp_path / "data", drain) if e.to == address]


def _enquire(client, settings, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """An enquiry through the form; returns the link in its confirmation email."""
    client.post("/enquire", data={**ANSWERS, **_form_page(client)})
    (email,) = _emails_to(settings, tmp_path, ANSWERS["email"])
    client.cookies.clear()
    return LINK.search(email.text).group(1)


def _works(client, link: str) -> bool:  # type: ignore[no-untyped-def]
    response = client.get(link)
    return response.status_code == 200 and "Your enquiry about fostering" in response.text


def _not_working(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 404
    soup = check_page(response.text)
    assert soup.h1.get_text(strip=True) == "This link to your enquiry no longer works"
    assert soup.select_one("form[action='/your-enquiry-link'] input[name=email]")
    assert "typed" not in soup.get_text()


def test_the_emailed_link_works_at_every_stage_an_officer_moves_it_to(
    client, sign_in_as, database_url, settings, tmp_path
) -> None:
    """The property: whatever the team records, the person's first link still opens their page,
    and every later email carries that same link."""
    link = _enquire(client, settings, tmp_path)
    (enquiry,) = [e for e in _enquiries(database_url) if e.email == ANSWERS["email"]]
    for stage in JOURNEY[1:]:
        officer = sign_in_as("officer")
        token = csrf_token(officer, f"/enquiries/{enquiry.id}")
        moved = officer.post(
            f"/enquiries/{enquiry.id}/stage", data={"stage": stage.value, "_csrf_token": token}
        )
        assert moved.status_code == 200, stage
        client.cookies.clear()
        assert _works(client, link), f"the link stopped working at {stage.value}"
    later = _emails_to(settings, tmp_path, ANSWERS["email"], hours_later=3)
    assert later and all(LINK.search(e.text).group(1) == link for e in later if LINK.search(e.text))


@pytest.mark.usefixtures("world")
def test_asking_for_a_new_link_ends_the_old_one_and_says_nothing_about_who_enquired(
    client, database_url, settings, tmp_path
) -> None:
    old = _enquire(client, settings, tmp_path)
    for address in (ANSWERS["email"], "nobody@example.com"):
        token = csrf_token(client, "/your-enquiry-link")
        sent = client.post("/your-enquiry-link", data={"email": address.upper(), "_csrf_token": token})
        assert sent.url.path == "/your-enquiry-link/sent"
        assert check_page(sent.text).h1.get_text(strip=True) == "Check your email"
    # A second request straight away sends nothing more: the form is public.
    client.post("/your-enquiry-link", data={"email": ANSWERS["email"], "_csrf_token": token})
    emails = _emails_to(settings, tmp_path, ANSWERS["email"])
    fresh = [e for e in emails if e.subject.startswith("Your new link")]
    assert len(fresh) == 1 and not _emails_to(settings, tmp_path, "nobody@example.com")
    new = LINK.search(fresh[0].text).group(1)
    assert new != old and _works(client, new)
    _not_working(client.get(old))
    token = csrf_token(client, "/your-enquiry-link")
    _not_working(client.post(f"{old}/withdraw", data={"_csrf_token": token}))


@pytest.mark.usefixtures("world")
def test_a_withdrawn_enquiry_link_says_it_no_longer_works(client, settings, tmp_path) -> None:
    link = _enquire(client, settings, tmp_path)
    client.post(f"{link}/withdraw", data={"_csrf_token": csrf_token(client, f"{link}/withdraw")})
    _not_working(client.get(link))
    _not_working(client.get("/your-enquiry/never-a-real-link"))


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("typed", ["", "   ", "not-an-email", "a@b"])
def test_a_bad_address_for_a_new_link_is_refused_beside_the_field(client, typed: str) -> None:
    token = csrf_token(client, "/your-enquiry-link")
    response = client.post("/your-enquiry-link", data={"email": typed, "_csrf_token": token})
    assert response.status_code == 400
    soup = check_page(response.text)
    assert soup.select_one(".govuk-error-summary a[href='#email']")
    assert soup.select_one("#email-error")
    assert soup.select_one("input#email")["value"] == typed
