"""GET /account/your-data (to read) and /account/your-data.json (to keep): each person's own."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import select

from carer_portal.security.models import AuditEvent
from tests.support.app import run_with_session
from tests.support.world import CHILD_FIRST_NAMES
from tests.support.your_data import plant_everything

PATHS = ["/account/your-data", "/account/your-data.json"]


@pytest.fixture
def planted(database_url, world, settings):  # type: ignore[no-untyped-def]
    return run_with_session(database_url, lambda session: plant_everything(session, world, settings))


def exports(database_url: str) -> list[AuditEvent]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(AuditEvent).where(AuditEvent.action == "export"))).all())

    return run_with_session(database_url, read)


def test_the_page_shows_your_information_and_offers_the_download(sign_in_as, page, world, planted) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("carer")
    soup = page("/account/your-data")
    assert soup.h1.get_text(strip=True) == "Your information"
    download = soup.find("a", string="Download as JSON")
    assert download["href"] == "/account/your-data.json" and download.has_attr("download")
    text = soup.get_text()
    for expected in ("carer@eastbrook.example", "The Own household", "Robin Partner", "Noticed LEAK-carer"):
        assert expected in text, expected
    for unexpected in ("LEAK-other_carer", "LEAK-west_carer", "other_carer@", "ENDPOINT-carer", "P256DH"):
        assert unexpected not in text, unexpected
    for name in CHILD_FIRST_NAMES.values():
        assert name not in text
    assert str(world.children["current"].id) in text  # the child an observation is about, by reference


def test_the_download_is_an_attachment_of_json(sign_in_as, world, planted) -> None:  # type: ignore[no-untyped-def]
    response = sign_in_as("carer").get("/account/your-data.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and 'filename="your-information-' in disposition
    assert response.headers["cache-control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"]["email"] == world.users["carer"].email
    assert data["household"]["other_members"] == ["Robin Partner"]
    assert data["observations"][0]["text"] == "Noticed LEAK-carer: slept well"
    assert "LEAK-other_carer" not in response.text


@pytest.mark.parametrize("path", PATHS)
def test_each_copy_writes_an_audit_event(sign_in_as, database_url, world, path: str) -> None:  # type: ignore[no-untyped-def]
    before = len(exports(database_url))
    assert sign_in_as("carer").get(path).status_code == 200
    (event,) = exports(database_url)[before:]
    carer = world.users["carer"]
    assert (event.actor_id, event.subject_type, event.subject_id) == (carer.id, "user", carer.id)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("who", ["carer", "enquirer", "ssw", "manager", "admin", "officer", "west_carer"])
def test_everyone_signed_in_gets_their_own(sign_in_as, world, who: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = sign_in_as(who).get(path)
    assert response.status_code == 200
    text = response.text.replace("<wbr>", "")  # where a long address may wrap, on the page
    assert world.users[who].email in text
    others = [u.email for k, u in world.users.items() if k != who and u.email != world.users[who].email]
    for email in others:
        if who == "carer" and email == world.users["ssw"].email:
            continue  # their household's social worker, the council's contact for them
        if who == "west_carer" and email == world.users["west_ssw"].email:
            continue
        assert not re.search(rf"(?<![\w.]){re.escape(email)}", text), (who, email)


@pytest.mark.parametrize("path", PATHS)
def test_signed_out_you_are_asked_to_sign_in(sign_in_as, database_url, path: str) -> None:  # type: ignore[no-untyped-def]
    response = sign_in_as(None).get(path, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert exports(database_url) == []


def test_the_account_page_links_to_it(sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("carer")
    link = page("/account").find("a", href="/account/your-data")
    assert link.get_text(strip=True) == "Download your information"
