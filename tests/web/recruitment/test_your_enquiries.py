"""A signed-in enquirer sees their enquiry's status where they are: no dead end."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from carer_portal.db import utcnow
from carer_portal.recruitment.enquiries.models import Enquiry
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.pages import check_page


def _enquiry_of(database_url: str, world, **changes) -> Enquiry:  # type: ignore[no-untyped-def]
    async def add(session):  # type: ignore[no-untyped-def]
        now = utcnow()
        enquiry = Enquiry(
            council_id=world.councils["eastbrook"].id,
            name="Robin Ellis",
            phone="07700900123",
            postcode="EB1 2AB",
            created_at=now,
            promised_call_by=now + timedelta(days=1),
            **{"email": world.users["enquirer"].email, **changes},
        )
        session.add(enquiry)
        await session.commit()
        return enquiry

    return run_with_session(database_url, add)


def test_the_signed_in_enquirer_sees_the_status_and_can_withdraw_there(
    sign_in_as, world, database_url
) -> None:
    enquiry = _enquiry_of(database_url, world)
    client = sign_in_as("enquirer")
    soup = check_page(client.get("/your-enquiries").text)
    text = soup.get_text(" ", strip=True)
    assert "You are here" in soup.select_one(".app-steps__step--current").get_text()
    assert "What happens next" in text and "We will call you by" in text
    assert "0300 123 4567" in text  # who to contact
    assert "The link in the email" not in text  # no sending them elsewhere
    withdraw = soup.find("a", string="Withdraw and delete my details")["href"]
    assert withdraw == f"/your-enquiries/{enquiry.id}/withdraw"
    confirm = check_page(client.get(withdraw).text)
    assert confirm.select_one(f"form[action='{withdraw}']")
    client.post(withdraw, data={"_csrf_token": csrf_token(client, withdraw)})

    async def read(session):  # type: ignore[no-untyped-def]
        return (await session.exec(select(Enquiry).where(Enquiry.id == enquiry.id))).one()

    gone = run_with_session(database_url, read)
    assert gone.anonymised_at is not None and gone.email == ""


def test_another_persons_enquiry_is_not_found_for_a_signed_in_enquirer(
    sign_in_as, world, database_url
) -> None:
    someone_else = _enquiry_of(database_url, world, email="someone.else@example.com")
    client = sign_in_as("enquirer")
    assert client.get(f"/your-enquiries/{someone_else.id}").status_code == 404
    assert "We have no enquiry" in client.get("/your-enquiries").text
