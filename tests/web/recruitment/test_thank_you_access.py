"""The thank-you page shows what a person told us: only to the browser that sent it, only for a
short while, and never from a shared cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from carer_portal.recruitment.enquiries.models import Enquiry, MotivationAnswer
from tests.support.app import run_with_session
from tests.support.pages import check_page

ANSWERS = {
    "name": "Pat Lindqvist",
    "email": "pat@example.com",
    "phone": "",
    "postcode": "EB4 7QT",
    "reasons": ["make-a-difference"],
    "own_words": "Pat's own private words.",
    "household": "single",
    "best_time": "evening",
    "privacy": "yes",
}


def _hidden(client: TestClient) -> dict[str, str]:  # type: ignore[type-arg]
    form = check_page(client.get("/enquire").text).select_one("form[action='/enquire']")
    return {
        name: form.select_one(f"input[name={name}]")["value"] for name in ("_csrf_token", "idempotency_key")
    }


def _rows(database_url: str, model) -> list:  # type: ignore[no-untyped-def, type-arg]
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(model))).all())

    return run_with_session(database_url, read)


@pytest.mark.usefixtures("demo_data")
def test_the_thank_you_page_is_never_stored_and_fades_after_an_hour(
    client, database_url: str, monkeypatch
) -> None:
    client.post("/enquire", data={**ANSWERS, **_hidden(client)})
    page = client.get("/enquire/thank-you")
    text = check_page(page.text).get_text(" ", strip=True)
    assert "Thank you, Pat" in text and "Pat's own private words." in text
    assert page.headers["cache-control"] == "no-store"

    import carer_portal.recruitment.enquiries.routes as routes

    later = routes.utcnow() + timedelta(minutes=61)
    monkeypatch.setattr(routes, "utcnow", lambda: later)
    # The next person to use this browser, an hour on, sees nothing of Pat's.
    page = client.get("/enquire/thank-you")
    assert page.status_code == 200 and "Pat" not in check_page(page.text).get_text(" ")
    answer = client.post(
        "/enquire/thank-you/feeling",
        data={"feeling": "less-keen", "_csrf_token": _hidden(client)["_csrf_token"]},
    )
    assert answer.status_code == 404
    pat = next(e for e in _rows(database_url, Enquiry) if e.email == "pat@example.com")
    assert [a for a in _rows(database_url, MotivationAnswer) if a.enquiry_id == pat.id] == []
    assert "enquiry_id" not in client.get_session_data()


@pytest.mark.usefixtures("demo_data")
def test_a_one_off_key_from_another_browser_neither_shows_nor_changes_the_enquiry(
    client, database_url: str
) -> None:
    hidden = _hidden(client)
    client.post("/enquire", data={**ANSWERS, **hidden})
    client.post("/enquire", data={**ANSWERS, **hidden})  # a double tap in the same browser
    assert [e.email for e in _rows(database_url, Enquiry)].count("pat@example.com") == 1

    client.cookies.clear()  # another browser: its own CSRF cookie, no session
    other_hidden = {**_hidden(client), "idempotency_key": hidden["idempotency_key"]}
    client.post(
        "/enquire",
        data={
            **ANSWERS,
            "name": "Someone Else",
            "email": "else@example.com",
            "own_words": "Mine.",
            **other_hidden,
        },
    )
    text = check_page(client.get("/enquire/thank-you").text).get_text(" ")
    assert "Lindqvist" not in text and "Pat" not in text and "own private words" not in text
    client.post(
        "/enquire/thank-you/feeling",
        data={"feeling": "less-keen", "_csrf_token": other_hidden["_csrf_token"]},
    )

    enquiries = {
        e.name: e for e in _rows(database_url, Enquiry) if e.email in ("pat@example.com", "else@example.com")
    }
    assert set(enquiries) == {"Pat Lindqvist", "Someone Else"}
    answers = _rows(database_url, MotivationAnswer)
    assert all(a.enquiry_id != enquiries["Pat Lindqvist"].id for a in answers)
