"""The recruitment team's inbox: the first-call clock, stages with history, notes, assignment."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from carer_portal.recruitment.enquiries.models import Enquiry, MotivationAnswer
from tests.support.app import run_with_session
from tests.support.csrf import csrf_token
from tests.support.outbox import run_outbox_scene
from tests.support.pages import check_page


def _add_enquiry(database_url: str, world, council: str = "eastbrook", **changes) -> Enquiry:  # type: ignore[no-untyped-def]
    async def add(session):  # type: ignore[no-untyped-def]
        now = datetime.now(UTC)
        enquiry = Enquiry(
            council_id=world.councils[council].id,
            name="Robin Ellis",
            email="robin@example.com",
            phone="07700900123",
            postcode="EB1 2AB",
            household="couple",
            best_time="morning",
            motivation_reasons="make-a-difference",
            created_at=now - timedelta(days=2),
            first_response_due_at=now - timedelta(hours=3),
            promised_call_by=now - timedelta(hours=3),
            **changes,
        )
        session.add(enquiry)
        await session.commit()
        return enquiry

    return run_with_session(database_url, add)


def test_a_phone_number_is_shown_as_people_say_it_and_dials_from_a_phone(
    sign_in_as, world, database_url
) -> None:
    enquiry = _add_enquiry(database_url, world)  # stored as typed digits: 07700900123
    page = check_page(sign_in_as("officer").get(f"/enquiries/{enquiry.id}").text)
    link = page.find("a", href=lambda href: bool(href) and href.startswith("tel:"))
    assert link["href"] == "tel:+447700900123" and link.get_text(strip=True) == "07700 900123"


def test_the_inbox_shows_the_first_call_clock(sign_in_as, world, database_url) -> None:
    _add_enquiry(database_url, world)
    soup = check_page(sign_in_as("officer").get("/enquiries").text)
    row = soup.select_one("tbody tr")
    assert "Robin Ellis" in row.get_text() and "Overdue by 3 hours" in row.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("who", "council", "status"),
    [
        ("officer", "eastbrook", 200),
        ("officer", "westmere", 404),
        ("west_officer", "westmere", 200),
        ("manager", "eastbrook", 200),  # reads it; cannot change it
        ("manager", "westmere", 404),
        ("ssw", "eastbrook", 403),
        ("carer", "eastbrook", 403),
        ("admin", "eastbrook", 403),
    ],
)
def test_who_can_open_an_enquiry(
    sign_in_as, world, database_url, who: str, council: str, status: int
) -> None:
    enquiry = _add_enquiry(database_url, world, council=council)
    assert sign_in_as(who).get(f"/enquiries/{enquiry.id}").status_code == status


def test_the_manager_reads_the_inbox_and_an_enquiry_but_cannot_change_it(
    sign_in_as, world, database_url
) -> None:
    enquiry = _add_enquiry(database_url, world)
    client = sign_in_as("manager")
    listed = check_page(client.get("/enquiries").text)
    assert listed.find("a", string="Robin Ellis") and not listed.select("#mine")
    page = check_page(client.get(f"/enquiries/{enquiry.id}").text)
    assert "Robin Ellis" in page.h1.get_text() and not page.select("form[method=post]")
    assert "You can read this enquiry" in page.get_text()
    token = csrf_token(sign_in_as("officer"), f"/enquiries/{enquiry.id}")
    client = sign_in_as("manager")
    for action, data in (("stage", {"stage": "first_conversation"}), ("notes", {"text": "x"})):
        refused = client.post(f"/enquiries/{enquiry.id}/{action}", data={**data, "_csrf_token": token})
        assert refused.status_code == 403, action

    async def unchanged(session):  # type: ignore[no-untyped-def]
        return (await session.exec(select(Enquiry).where(Enquiry.id == enquiry.id))).one().stage

    assert run_with_session(database_url, unchanged) == "enquiry"


def test_recording_the_first_conversation_asks_them_again_how_they_feel(
    sign_in_as, world, database_url, settings, tmp_path
) -> None:
    enquiry = _add_enquiry(database_url, world)
    client = sign_in_as("officer")
    page = check_page(client.get(f"/enquiries/{enquiry.id}").text)
    assert [o["value"] for o in page.select("#stage option")] == ["first_conversation", "withdrawn"]
    token = csrf_token(client, f"/enquiries/{enquiry.id}")
    moved = client.post(
        f"/enquiries/{enquiry.id}/stage",
        data={"stage": "first_conversation", "_csrf_token": token},
        follow_redirects=False,
    )
    assert moved.headers["location"] == f"/enquiries/{enquiry.id}?done=stage"
    page = check_page(client.get(moved.headers["location"]).text)
    assert "Stage updated." in page.get_text() and "Moved to first conversation" in page.get_text()
    assert "Made " in page.get_text()

    async def later_today(s):  # type: ignore[no-untyped-def]
        await s.worker.drain(now=datetime.now(UTC) + timedelta(hours=3))
        return s.mailer.sent

    (question,) = [
        e for e in run_outbox_scene(settings, tmp_path / "data", later_today) if e.to == "robin@example.com"
    ]
    assert question.subject == "How do you feel about fostering now?"
    link = re.search(r"http://127\.0\.0\.1:8000(/your-enquiry/[\w-]+)", question.text).group(1)
    client.cookies.clear()
    enquirer_page = check_page(client.get(link).text)
    assert enquirer_page.select_one("#how-you-feel button[value=more]")
    client.post(f"{link}/feeling", data={"feeling": "more", "_csrf_token": csrf_token(client, link)})

    async def answers(session):  # type: ignore[no-untyped-def]
        return [(a.moment, a.answer) for a in (await session.exec(select(MotivationAnswer))).all()]

    assert run_with_session(database_url, answers) == [("after_first_conversation", "more")]


def test_an_impossible_stage_is_refused_with_a_message(sign_in_as, world, database_url) -> None:
    enquiry = _add_enquiry(database_url, world)
    client = sign_in_as("officer")
    token = csrf_token(client, f"/enquiries/{enquiry.id}")
    response = client.post(f"/enquiries/{enquiry.id}/stage", data={"stage": "approved", "_csrf_token": token})
    assert response.status_code == 400
    soup = check_page(response.text)
    assert (
        soup.select_one(".govuk-error-summary a[href='#stage']").get_text(strip=True)
        == "Choose the stage this enquiry has reached"
    )


def test_notes_and_assignment(sign_in_as, world, database_url) -> None:
    enquiry = _add_enquiry(database_url, world)
    client = sign_in_as("officer")
    token = csrf_token(client, f"/enquiries/{enquiry.id}")
    empty = client.post(f"/enquiries/{enquiry.id}/notes", data={"text": "  ", "_csrf_token": token})
    assert empty.status_code == 400 and "Enter a note" in empty.text
    client.post(
        f"/enquiries/{enquiry.id}/notes",
        data={"text": "Left a voicemail. Will try after 5pm.", "_csrf_token": token},
    )
    client.post(
        f"/enquiries/{enquiry.id}/assign",
        data={"officer": str(world.users["officer"].id), "_csrf_token": token},
    )
    page = check_page(client.get(f"/enquiries/{enquiry.id}").text)
    assert "Note: Left a voicemail. Will try after 5pm." in page.get_text()
    assert page.select_one("#officer option[selected]").get_text() == "Officer"
    mine = check_page(client.get("/enquiries?mine=yes").text)
    assert "Robin Ellis" in mine.get_text()
    other = client.post(
        f"/enquiries/{enquiry.id}/assign",
        data={"officer": str(world.users["west_officer"].id), "_csrf_token": token},
    )
    assert other.status_code == 404


def test_every_assignment_is_in_the_history_with_who_made_it(sign_in_as, world, database_url) -> None:
    enquiry = _add_enquiry(database_url, world)
    client = sign_in_as("officer")
    token = csrf_token(client, f"/enquiries/{enquiry.id}")
    for chosen in (world.users["officer"].id, "", world.users["officer"].id, world.users["officer"].id):
        client.post(f"/enquiries/{enquiry.id}/assign", data={"officer": str(chosen), "_csrf_token": token})
    history = [
        li.get_text(" ", strip=True)
        for li in check_page(client.get(f"/enquiries/{enquiry.id}").text).select(".app-history li")
    ]
    made = [line for line in history if "Assigned" in line or "Unassigned" in line]
    # Newest first; choosing the same officer again records nothing.
    assert [line.split(": ", 1)[1] for line in made] == [
        "Assigned to Officer",
        "Unassigned",
        "Assigned to Officer",
    ]
    assert all(", Officer:" in line for line in made)
