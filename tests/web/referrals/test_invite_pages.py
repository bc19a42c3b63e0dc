"""The carer's invite page, the public page their link opens, and the thank-you it leads to."""

from __future__ import annotations

import re

import pytest

from carer_portal.recruitment.enquiries.models import EnquiryStage
from carer_portal.recruitment.referrals.service import invite_for, on_stage_change
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.outbox import AFTERNOON, run_outbox_scene
from tests.support.referrals import approve, enquiry_for

INVITE_URL = re.compile(r"^http://127\.0\.0\.1:8000/invite/([A-Za-z0-9_-]{12})$")


@pytest.fixture
def approved(world, database_url):  # type: ignore[no-untyped-def]
    run_with_session(database_url, lambda s: approve(s, world, "own", "other", "west_own", "west_other"))
    return world


def _code_for(world, database_url, key: str = "carer") -> str:  # type: ignore[no-untyped-def]
    return run_with_session(database_url, lambda s: invite_for(session=s, carer=world.actor(key))).code


def _choose(client, answer: str | None):  # type: ignore[no-untyped-def]
    data = {"_csrf_token": csrf_token(client, "/invite")}
    if answer is not None:
        data["show_first_name"] = answer
    return client.post("/invite/name", data=data, follow_redirects=False)


# --- the carer's page ----------------------------------------------------------------------


def test_a_carer_sees_their_link_their_qr_code_and_the_choice(approved, sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("carer")
    soup = page("/invite")
    assert soup.h1.get_text(strip=True) == "Invite a friend to foster"

    link = soup.select_one("input#invite-link")
    assert link.has_attr("readonly") and INVITE_URL.match(link["value"])
    share = soup.select_one("[data-module=app-share]")
    assert share["data-share-url"] == link["value"]
    # The buttons need JavaScript, so they start hidden; the link is there to copy by hand.
    assert share.select_one(".app-share__share").has_attr("hidden")
    assert share.select_one(".app-share__copy").has_attr("hidden")

    qr = soup.select_one(".app-qr svg")
    assert (
        qr["role"] == "img"
        and soup.select_one(f"#{qr['aria-labelledby']}").get_text() == "QR code for your invite link"
    )

    assert soup.select_one("input[name=show_first_name][value=no]").has_attr("checked")
    assert "No one has got in touch through your link yet" in soup.get_text()
    assert "We will never tell you who used your link" in soup.get_text()


def test_the_link_stays_the_same_each_visit(approved, sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("carer")
    first = page("/invite").select_one("#invite-link")["value"]
    assert page("/invite").select_one("#invite-link")["value"] == first
    sign_in_as("other_carer")
    assert page("/invite").select_one("#invite-link")["value"] != first


def test_the_first_name_choice_is_saved_and_shown_on_the_invite(
    approved, database_url, sign_in_as, page
) -> None:  # type: ignore[no-untyped-def]
    client = sign_in_as("carer")
    code = _code_for(approved, database_url)

    response = _choose(client, "yes")
    assert response.status_code == 303 and response.headers["location"] == "/invite?done=name-shown"
    soup = page("/invite?done=name-shown")
    assert (
        "Your first name will be shown on your invite page."
        in soup.select_one(".govuk-notification-banner").get_text()
    )
    assert soup.select_one("input[name=show_first_name][value=yes]").has_attr("checked")
    sign_in_as(None)
    assert (
        page(f"/invite/{code}").h1.get_text(strip=True) == "Carer thinks you would make a great foster carer"
    )

    client = sign_in_as("carer")
    assert _choose(client, "no").headers["location"] == "/invite?done=name-hidden"
    sign_in_as(None)
    assert (
        page(f"/invite/{code}").h1.get_text(strip=True)
        == "A foster carer with Eastbrook thinks you would be great at this"
    )


def test_no_choice_is_explained(approved, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    from tests.support.pages import check_page

    client = sign_in_as("carer")
    response = _choose(client, None)
    assert response.status_code == 400
    soup = check_page(response.text)
    assert soup.title.get_text().startswith("Error: Invite a friend to foster")
    summary_link = soup.select_one(".govuk-error-summary a[href='#show_first_name']")
    assert summary_link.get_text(strip=True) == "Choose whether to show your first name on your invite page"
    assert soup.select_one("#show_first_name")  # the link goes somewhere
    assert _choose(client, "maybe").status_code == 400


def test_counts_show_how_invited_people_are_getting_on(approved, database_url, sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    async def invited(session):  # type: ignore[no-untyped-def]
        session.add_all(
            [
                enquiry_for(approved, referrer="carer"),
                enquiry_for(approved, referrer="carer", stage=EnquiryStage.ASSESSMENT),
                enquiry_for(approved, referrer="carer", stage=EnquiryStage.APPROVED),
            ]
        )
        await session.commit()

    run_with_session(database_url, invited)
    sign_in_as("carer")
    soup = page("/invite")
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in soup.select(".app-referral-counts .govuk-summary-list__row")
    }
    assert rows == {
        "Got in touch through your link": "3",
        "Had a first conversation with us": "2",
        "Approved as foster carers": "1",
    }
    # Counts only: nothing about who.
    assert "Persephone" not in soup.get_text() and "EB1" not in soup.get_text()


@pytest.mark.parametrize("who", ["ssw", "officer", "manager", "admin", "enquirer"])
def test_only_carers_have_an_invite_page(approved, sign_in_as, who: str) -> None:  # type: ignore[no-untyped-def]
    client = sign_in_as(who)
    assert client.get("/invite").status_code == 403
    token = csrf_token(client, "/account")
    assert (
        client.post("/invite/name", data={"show_first_name": "yes", "_csrf_token": token}).status_code == 403
    )


def test_a_carer_not_yet_approved_has_no_invite_page(world, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    client = sign_in_as("carer")  # in the plain world, no household is approved
    assert client.get("/invite").status_code == 404
    token = csrf_token(client, "/account")
    assert (
        client.post("/invite/name", data={"show_first_name": "yes", "_csrf_token": token}).status_code == 404
    )


def test_signed_out_people_are_asked_to_sign_in(sign_in_as) -> None:  # type: ignore[no-untyped-def]
    response = sign_in_as(None).get("/invite", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"


# --- the public page -------------------------------------------------------------------------


def test_the_invite_page_without_a_name(approved, database_url, sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    code = _code_for(approved, database_url)
    sign_in_as(None)
    soup = page(f"/invite/{code}")
    assert soup.h1.get_text(strip=True) == "A foster carer with Eastbrook thinks you would be great at this"
    assert "Carer" not in soup.select_one("main").get_text()
    start = soup.select_one("a.govuk-button--start")
    assert start["href"] == f"/enquire?invite={code}"
    assert [h.get_text(strip=True) for h in soup.select(".app-reasons h3")] == [
        "For a child",
        "For our community",
        "For you",
    ]
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert "without saying who" in soup.get_text()


def test_an_unknown_code_is_not_found(approved, database_url, sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    code = _code_for(approved, database_url)
    sign_in_as(None)
    assert page(f"/invite/{code.swapcase()}", status=404).h1.get_text(strip=True) == "Page not found"
    assert page("/invite/not-a-real-code", status=404).h1.get_text(strip=True) == "Page not found"


def test_another_councils_invite_is_not_found_here(approved, database_url, sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    code = _code_for(approved, database_url, "west_carer")
    sign_in_as(None)
    page(f"/invite/{code}", status=404)


# --- the thank-you ---------------------------------------------------------------------------


def test_the_thank_you_email_is_warm_and_says_nothing_about_the_person(approved, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquiry_for(
        approved,
        referrer="carer",
        name="Persephone Oakenshield",
        email="p.oakenshield@example.com",
        postcode="EB1 7QZ",
    )

    async def scene(s):  # type: ignore[no-untyped-def]
        s.session.add(enquiry)
        await s.session.commit()
        await on_stage_change(s.session, enquiry=enquiry, to_stage=EnquiryStage.FIRST_CONVERSATION)
        await s.session.commit()
        await s.worker.drain(now=AFTERNOON)
        await on_stage_change(s.session, enquiry=enquiry, to_stage=EnquiryStage.APPROVED)
        await on_stage_change(s.session, enquiry=enquiry, to_stage=EnquiryStage.APPROVED)
        await s.session.commit()
        await s.worker.drain(now=AFTERNOON)
        return s.mailer.sent

    conversation, approval = run_outbox_scene(settings, tmp_path / "data", scene)
    for email in (conversation, approval):
        assert email.to == "carer@eastbrook.example"
        assert email.subject == "Thank you for sharing your invite"
        assert "http://127.0.0.1:8000/invite" in email.text
        everything = f"{email.subject} {email.text}".lower()
        for detail in ("persephone", "oakenshield", "eb1", "7qz", str(enquiry.id)):
            assert detail not in everything
    assert "had their first conversation with our team" in conversation.text
    assert "approved as a foster carer. Thank you: you have helped a child find a home." in approval.text
