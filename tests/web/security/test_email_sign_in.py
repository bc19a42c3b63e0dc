"""Carers and enquirers sign in with an emailed link, sent through a real SMTP server."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient

from carer_portal.app import create_app
from carer_portal.db import utcnow
from carer_portal.people.models import Council
from carer_portal.security.links import MAX_EMAILS_PER_ADDRESS, request_sign_in_link
from tests.support.app import make_settings, run_with_session
from tests.support.csrf import csrf_token
from tests.support.smtp import Inbox, running_smtp_server

LINK = re.compile(r"http://127\.0\.0\.1:8000(/sign-in/link\?token=[\w.%-]+)")


@pytest.fixture
def inbox() -> Inbox:
    with running_smtp_server() as server:
        yield server


@pytest.fixture
def mail_client(tmp_path: Path, database_url: str, inbox: Inbox, world):  # type: ignore[no-untyped-def]
    settings = make_settings(
        tmp_path / "data", database_url, smtp_host=inbox.host, smtp_port=inbox.port, smtp_security="none"
    )
    app = create_app(settings)
    with TestClient(app, base_url="http://127.0.0.1:8000", session_config=app.state.session_config) as client:
        yield client


def _ask_for_link(client: TestClient, email: str):  # type: ignore[no-untyped-def, type-arg]
    return client.post(
        "/sign-in", data={"email": email, "_csrf_token": csrf_token(client)}, follow_redirects=False
    )


def _link_in(inbox: Inbox, index: int = 0) -> str:
    message = inbox.wait_for(index + 1)[index]
    match = LINK.search(Inbox.text(message))
    assert match, Inbox.text(message)
    return match.group(1)


def test_the_emailed_link_signs_a_carer_in_once(mail_client: TestClient, inbox: Inbox, world) -> None:  # type: ignore[type-arg]
    response = _ask_for_link(mail_client, "  Carer@Eastbrook.example ")
    assert response.status_code == 303 and response.headers["location"] == "/sign-in/check-email"
    assert "carer@eastbrook.example" in mail_client.get("/sign-in/check-email").text

    message = inbox.wait_for(1)[0]
    assert message["To"] == "carer@eastbrook.example"
    assert message["Subject"] == "Your sign-in link for Fostering with Eastbrook"
    link = _link_in(inbox)

    # Opening the link (as an email scanner would) does not use it up.
    confirm = mail_client.get(link)
    assert confirm.status_code == 200 and "Sign in to Fostering with Eastbrook" in confirm.text
    token = link.split("token=")[1]
    signed_in = mail_client.post(
        "/sign-in/link",
        data={"token": token, "own_device": "yes", "_csrf_token": csrf_token(mail_client, link)},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/children"
    assert mail_client.get("/children").status_code == 200

    # A second use, even on another device and inside the 15 minutes, is refused.
    mail_client.cookies.clear()
    assert "already been used" in mail_client.get(link).text
    again = mail_client.post("/sign-in/link", data={"token": token, "_csrf_token": csrf_token(mail_client)})
    assert again.status_code == 410 and "already been used" in again.text
    assert mail_client.get("/children", follow_redirects=False).status_code == 303


def test_unknown_and_known_addresses_get_the_same_answer(mail_client: TestClient, inbox: Inbox) -> None:  # type: ignore[type-arg]
    unknown = _ask_for_link(mail_client, "nobody@example.com")
    known = _ask_for_link(mail_client, "enquirer@eastbrook.example")
    assert (unknown.status_code, unknown.headers["location"]) == (
        known.status_code,
        known.headers["location"],
    )
    assert len(inbox.wait_for(1)) == 1  # only the enquirer's
    assert inbox.messages[0]["To"] == "enquirer@eastbrook.example"


def test_staff_are_not_sent_links(mail_client: TestClient, inbox: Inbox) -> None:  # type: ignore[type-arg]
    _ask_for_link(mail_client, "ssw@eastbrook.example")
    assert inbox.wait_for(1, timeout=0.5) == []


def test_an_expired_link_is_refused_with_a_way_to_get_a_new_one(
    mail_client: TestClient,
    inbox: Inbox,
    database_url: str,
    world,  # type: ignore[type-arg]
) -> None:
    settings = mail_client.app.state.settings

    async def old_link(session):  # type: ignore[no-untyped-def]
        council = await session.get(Council, world.councils["eastbrook"].id)
        return await request_sign_in_link(
            session=session,
            settings=settings,
            council=council,
            email="carer@eastbrook.example",
            now=utcnow() - timedelta(minutes=16),
        )

    email = run_with_session(database_url, old_link)
    link = LINK.search(email.text).group(1)
    page = mail_client.get(link)
    assert page.status_code == 410 and "This link has expired" in page.text
    assert 'href="/sign-in"' in page.text


def test_a_tampered_link_is_refused(mail_client: TestClient, inbox: Inbox) -> None:  # type: ignore[type-arg]
    _ask_for_link(mail_client, "carer@eastbrook.example")
    link = _link_in(inbox)
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert mail_client.get(tampered).status_code == 400
    assert mail_client.get("/sign-in/link?token=not-a-token").status_code == 400


def test_a_flood_for_one_address_neither_floods_its_inbox_nor_locks_its_owner_out(
    mail_client: TestClient,
    inbox: Inbox,  # type: ignore[type-arg]
) -> None:
    spellings = ["carer@eastbrook.example", "CARER@eastbrook.example", " Carer@Eastbrook.Example "]
    for n in range(7):  # the per-client limit is 10 sign-in posts a minute
        flood = _ask_for_link(mail_client, spellings[n % 3])
        assert flood.status_code == 303 and flood.headers["location"] == "/sign-in/check-email"
    mail_client.cookies.clear()
    owner = _ask_for_link(mail_client, "carer@eastbrook.example")
    assert owner.status_code == 303
    assert "Check your email" in mail_client.get("/sign-in/check-email").text
    time.sleep(0.3)  # anything more that was going to be sent has been
    assert len(inbox.messages) <= MAX_EMAILS_PER_ADDRESS
    link = _link_in(inbox, len(inbox.messages) - 1)
    page = mail_client.get(link)
    assert page.status_code == 200
    signed_in = mail_client.post(
        "/sign-in/link",
        data={"token": link.split("token=")[1], "_csrf_token": csrf_token(mail_client, link)},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/children"
    mail_client.cookies.clear()
    assert _ask_for_link(mail_client, "other_carer@eastbrook.example").status_code == 303


def test_too_many_requests_from_one_client_get_the_429_page(mail_client: TestClient) -> None:  # type: ignore[type-arg]
    token = csrf_token(mail_client)
    answers = [
        mail_client.post(
            "/sign-in", data={"email": f"person{n}@example.com", "_csrf_token": token}, follow_redirects=False
        ).status_code
        for n in range(12)
    ]
    assert answers[:10] == [303] * 10 and answers[10:] == [429, 429]


def test_a_mistyped_address_is_shown_back_with_a_clear_message(mail_client: TestClient) -> None:  # type: ignore[type-arg]
    from tests.support.pages import check_page

    response = mail_client.post(
        "/sign-in", data={"email": "sam.example.com", "_csrf_token": csrf_token(mail_client)}
    )
    assert response.status_code == 400
    soup = check_page(response.text)
    assert soup.title.get_text().startswith("Error: ")
    assert (
        soup.select_one(".govuk-error-summary a[href='#email']")
        .get_text(strip=True)
        .startswith("Enter an email address")
    )
    assert soup.select_one("#email")["value"] == "sam.example.com"
    assert soup.select_one("#email-error")
