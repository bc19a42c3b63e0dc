"""The enquiry journey through the app: form, errors, one enquiry per form, the personal
response, the emailed link, the motivation question and withdrawing."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from carer_portal.recruitment.enquiries.models import Enquiry, MotivationAnswer
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.outbox import AFTERNOON, run_outbox_scene
from tests.support.pages import check_page

ANSWERS = {
    "name": "Sam Taylor",
    "email": "sam.taylor@example.com",
    "phone": "07700 900982",
    "postcode": "EB4 7QT",
    "reasons": ["make-a-difference", "room-and-time"],
    "own_words": "Our house is too quiet now.",
    "household": "couple",
    "best_time": "evening",
    "privacy": "yes",
}


def _form_page(client, path: str = "/enquire"):  # type: ignore[no-untyped-def]
    soup = check_page(client.get(path).text)
    form = soup.select_one("form[action='/enquire']")
    return {
        "_csrf_token": form.select_one("input[name=_csrf_token]")["value"],
        "idempotency_key": form.select_one("input[name=idempotency_key]")["value"],
        **(
            {"invite": form.select_one("input[name=invite]")["value"]}
            if form.select_one("input[name=invite]")
            else {}
        ),
    }


def _enquiries(database_url: str) -> list[Enquiry]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(Enquiry))).all())

    return run_with_session(database_url, read)


def _deliver(settings, tmp_path):  # type: ignore[no-untyped-def]
    async def drain(s):  # type: ignore[no-untyped-def]
        await s.worker.drain(now=AFTERNOON)
        return s.mailer.sent

    return run_outbox_scene(settings, tmp_path / "data", drain)


@pytest.mark.usefixtures("demo_data")
def test_an_enquiry_gets_a_warm_personal_answer_at_once(client, database_url, settings, tmp_path) -> None:
    hidden = _form_page(client)
    response = client.post("/enquire", data={**ANSWERS, **hidden}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/enquire/thank-you"

    soup = check_page(client.get("/enquire/thank-you").text)
    assert soup.h1.get_text(" ", strip=True).startswith("Thank you, Sam")
    text = soup.get_text(" ", strip=True)
    assert "We will call you by 7pm" in text and "in the early evening as you asked" in text
    assert "Our house is too quiet now." in text and "I want to make a difference to a child's life" in text
    assert 2 <= len(soup.select(".app-story-card")) <= 3
    assert "Come and meet us" in text and "Fostering information evening" in text
    assert soup.select("#how-you-feel button[name=feeling]")
    assert "sam.taylor@example.com" not in response.headers.get("location", "")

    (email,) = [e for e in _deliver(settings, tmp_path) if e.to == "sam.taylor@example.com"]
    assert email.subject == "Thank you for getting in touch with Eastbrook Fostering"
    link = re.search(r"http://127\.0\.0\.1:8000(/your-enquiry/[\w-]+)", email.text).group(1)
    page = check_page(client.get(link).text)
    assert page.h1.get_text(strip=True) == "Your enquiry about fostering"
    assert "You are here" in page.select_one(".app-steps__step--current").get_text()


@pytest.mark.usefixtures("demo_data")
def test_a_double_tap_or_a_resubmit_makes_one_enquiry(client, database_url) -> None:
    hidden = _form_page(client)
    for _ in range(3):
        assert client.post("/enquire", data={**ANSWERS, **hidden}, follow_redirects=False).status_code == 303
    mine = [e for e in _enquiries(database_url) if e.email == "sam.taylor@example.com"]
    assert len(mine) == 1


@pytest.mark.usefixtures("demo_data")
def test_mistakes_are_explained_beside_each_field_and_nothing_typed_is_lost(client, database_url) -> None:
    hidden = _form_page(client)
    wrong = {**ANSWERS, "email": "sam.example.com", "postcode": "XYZ", "phone": "123", "privacy": ""}
    response = client.post("/enquire", data={**wrong, **hidden})
    assert response.status_code == 400
    soup = check_page(response.text)
    assert soup.title.get_text().startswith("Error: ")
    summary = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert summary == ["#email", "#phone", "#postcode", "#privacy"]
    assert (
        soup.select_one("#email")["value"] == "sam.example.com"
        and soup.select_one("#postcode")["value"] == "XYZ"
    )
    assert soup.select_one("#own_words").get_text() == "Our house is too quiet now."
    assert soup.select_one("input[name=reasons][value=room-and-time]").has_attr("checked")
    assert soup.select_one("input[name=household][value=couple]").has_attr("checked")
    assert soup.select_one("input[name=idempotency_key]")["value"] == hidden["idempotency_key"]
    assert _enquiries(database_url) == [e for e in _enquiries(database_url) if e.email != "sam.example.com"]


@pytest.mark.usefixtures("demo_data")
def test_a_field_is_checked_as_the_person_leaves_it(client) -> None:
    hidden = _form_page(client)
    response = client.post(
        "/enquire/check/postcode",
        data={"postcode": "nope", **hidden},
        headers={"HX-Request": "true", "x-csrftoken": hidden["_csrf_token"]},
    )
    assert response.status_code == 200
    assert 'class="govuk-form-group govuk-form-group--error"' in response.text
    assert "Enter a real postcode, like EB4 7QT" in response.text and 'value="nope"' in response.text
    fine = client.post("/enquire/check/postcode", data={"postcode": "eb4 7qt", **hidden})
    assert "govuk-form-group--error" not in fine.text
    assert client.post("/enquire/check/password", data=hidden).status_code == 404


@pytest.mark.usefixtures("demo_data")
def test_oversized_or_odd_input_gets_a_message_not_a_500(client) -> None:
    hidden = _form_page(client)
    response = client.post(
        "/enquire", data={**ANSWERS, **hidden, "name": "x" * 100_000, "reasons": "not-a-list-item"}
    )
    assert response.status_code == 400
    assert "Your name must be 100 characters or fewer" in response.text


@pytest.mark.usefixtures("demo_data")
def test_the_robot_trap_stores_nothing(client, database_url) -> None:
    before = len(_enquiries(database_url))
    response = client.post(
        "/enquire",
        data={**ANSWERS, **_form_page(client), "website": "https://spam.example"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert len(_enquiries(database_url)) == before


@pytest.mark.usefixtures("demo_data")
def test_one_tap_records_how_they_feel(client, database_url) -> None:
    client.post("/enquire", data={**ANSWERS, **_form_page(client)})
    token = csrf_token(client, "/enquire/thank-you")
    fragment = client.post(
        "/enquire/thank-you/feeling",
        data={"feeling": "more", "_csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert (
        fragment.status_code == 200
        and "Thank you for telling us" in fragment.text
        and "<html" not in fragment.text
    )
    client.post("/enquire/thank-you/feeling", data={"feeling": "same", "_csrf_token": token})

    sams = {e.id for e in _enquiries(database_url) if e.email == "sam.taylor@example.com"}

    async def answers(session):  # type: ignore[no-untyped-def]
        return [
            (a.moment, a.answer)
            for a in (await session.exec(select(MotivationAnswer))).all()
            if a.enquiry_id in sams
        ]

    assert run_with_session(database_url, answers) == [("after_enquiry", "same")]


@pytest.mark.usefixtures("demo_data")
def test_the_thank_you_page_is_only_for_the_browser_that_enquired(client) -> None:
    client.post("/enquire", data={**ANSWERS, **_form_page(client)})
    client.cookies.clear()
    soup = check_page(client.get("/enquire/thank-you").text)
    assert "Sam" not in soup.get_text()


@pytest.mark.usefixtures("demo_data")
def test_withdraw_and_delete_my_details(client, database_url, settings, tmp_path) -> None:
    client.post("/enquire", data={**ANSWERS, **_form_page(client)})
    (email,) = [e for e in _deliver(settings, tmp_path) if e.to == "sam.taylor@example.com"]
    link = re.search(r"http://127\.0\.0\.1:8000(/your-enquiry/[\w-]+)", email.text).group(1)
    confirm = check_page(client.get(f"{link}/withdraw").text)
    assert confirm.h1.get_text(strip=True) == "Are you sure you want to withdraw?"
    done = client.post(
        f"{link}/withdraw",
        data={"_csrf_token": csrf_token(client, f"{link}/withdraw")},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/your-enquiry-deleted"
    assert client.get(link).status_code == 404
    assert not [e for e in _enquiries(database_url) if e.email == "sam.taylor@example.com"]


def test_unknown_enquiry_links_are_404(client, demo_data) -> None:
    assert client.get("/your-enquiry/not-a-real-token").status_code == 404


@pytest.mark.usefixtures("demo_data")
def test_enquiries_from_one_client_are_rate_limited(client) -> None:
    statuses = []
    for n in range(12):
        hidden = _form_page(client)
        statuses.append(
            client.post(
                "/enquire", data={**ANSWERS, "email": f"p{n}@example.com", **hidden}, follow_redirects=False
            ).status_code
        )
    assert statuses[:10] == [303] * 10 and statuses[10:] == [429, 429]
