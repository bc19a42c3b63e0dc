"""Someone who says they feel less keen is offered help: a call back, an event, our number."""

from __future__ import annotations

import pytest
from sqlmodel import select

from carer_portal.recruitment.enquiries.models import Enquiry
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.pages import check_page
from tests.web.recruitment.test_enquiry_journey import ANSWERS, _form_page


def _answer(client, **data) -> object:  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/enquire/thank-you")
    return check_page(client.post("/enquire/thank-you/feeling", data={**data, "_csrf_token": token}).text)


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("feeling", ["more", "same", "less"])
def test_only_less_keen_is_offered_help(client, feeling: str) -> None:
    client.post("/enquire", data={**ANSWERS, **_form_page(client)})
    page = _answer(client, feeling=feeling)
    offered = bool(page.find("button", string="Please call me back"))
    assert offered is (feeling == "less")
    assert ("talk it through with us" in page.get_text()) is (feeling == "less")


@pytest.mark.usefixtures("world")
def test_a_call_back_asked_for_reaches_the_officer(client, sign_in_as, database_url) -> None:
    client.post("/enquire", data={**ANSWERS, **_form_page(client)})
    _answer(client, feeling="less")
    page = _answer(client, feeling="less", call_back="yes")
    assert "You asked us to call you back" in page.get_text()
    assert not page.find("button", string="Please call me back")

    async def the_enquiry(session):  # type: ignore[no-untyped-def]
        return (await session.exec(select(Enquiry).where(Enquiry.email == ANSWERS["email"]))).one()

    enquiry = run_with_session(database_url, the_enquiry)
    officer = check_page(sign_in_as("officer").get(f"/enquiries/{enquiry.id}").text)
    assert "Less keen, asked us to call them back on" in officer.get_text(" ", strip=True)


@pytest.mark.usefixtures("world")
def test_without_a_phone_number_there_is_no_call_back_to_ask_for(client) -> None:
    client.post("/enquire", data={**ANSWERS, "phone": "", **_form_page(client)})
    page = _answer(client, feeling="less", call_back="yes")
    assert not page.find("button", string="Please call me back")
    assert "You asked us to call you back" not in page.get_text()
    assert "0300 123 4567" in page.get_text()
