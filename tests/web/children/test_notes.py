"""Carers' "What I've noticed" notes on a child's page, through HTTP: the timeline, one note per
one-off key, and each problem beside its field with what was typed kept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from carer_portal.children.models import Observation
from carer_portal.notifications.models import Outbox
from tests.support.needs_profiles import PRIVATE_NOTE_WORD
from tests.support.pages import check_page
from tests.web.children.pages import child_page, note_form, post_note, rows, text

# --- adding a note -----------------------------------------------------------------------------


def test_a_carer_adds_a_note_and_sees_it_in_the_timeline(
    sign_in_as, client, page, world, database_url
) -> None:
    sign_in_as("carer")
    response = post_note(client, world, note_form(world))
    child = world.children["current"]
    assert response.status_code == 303
    assert response.headers["location"] == f"/children/{child.id}#observations"
    [note] = rows(database_url, Observation)
    assert note.text == f"{PRIVATE_NOTE_WORD} laughed all through tea.\nThen slept well."
    assert note.noticed_on == world.today and note.author_id == world.users["carer"].id
    [row] = rows(database_url, Outbox)
    assert row.recipient_id == world.users["ssw"].id and row.url == "/children"

    soup = page(f"/children/{child.id}")
    assert "Your note has been added" in text(soup.select_one(".govuk-notification-banner"))
    first = soup.select_one(".app-timeline__item")
    assert PRIVATE_NOTE_WORD in text(first) and "Note by Carer" in text(first)
    assert "\n" in first.select_one(".app-lines").get_text()  # its line breaks kept
    # The banner is said once.
    assert page(f"/children/{child.id}").select_one(".govuk-notification-banner") is None


def test_sending_the_same_note_twice_makes_one(sign_in_as, client, world, database_url) -> None:
    sign_in_as("carer")
    child = world.children["current"]
    soup = check_page(client.get(f"/children/{child.id}").text)
    hidden = {
        "_csrf_token": soup.select_one("input[name=_csrf_token]")["value"],
        "submission_key": soup.select_one("input[name=submission_key]")["value"],
    }
    for _ in range(2):
        response = client.post(
            f"/children/{child.id}/observations", data={**note_form(world), **hidden}, follow_redirects=False
        )
        assert response.status_code == 303
    assert len(rows(database_url, Observation)) == 1 and len(rows(database_url, Outbox)) == 1


TYPED = f"{PRIVATE_NOTE_WORD} was brave at the dentist."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"noticed_on_day": ""}, "noticed_on_day", "The date you noticed it must include a day"),
        ({"noticed_on_month": ""}, "noticed_on_month", "The date you noticed it must include a month"),
        ({"noticed_on_year": ""}, "noticed_on_year", "The date you noticed it must include a year"),
        ({"noticed_on_day": "40"}, "noticed_on_day", "The date you noticed it must be a real date"),
        ({"noticed_on_year": "26"}, "noticed_on_year", "The year must include 4 numbers, like 2025"),
        ({"noticed_on_day": "31", "noticed_on_month": "2"}, "noticed_on_day", "must be a real date"),
        ({"future": "1"}, "noticed_on_day", "The date you noticed it must be today or in the past"),
        ({"before": "1"}, "noticed_on_day", "the day they came to live with you"),
        ({"text": "   "}, "text", "Enter what you noticed"),
        ({"text": "x" * 2001}, "text", "What you noticed must be 2,000 characters or fewer"),
    ],
)
def test_each_problem_is_shown_beside_its_field_and_what_was_typed_is_kept(
    sign_in_as, client, world, database_url, changes: dict, field: str, message: str
) -> None:
    sign_in_as("carer")
    data = note_form(world, text=TYPED)
    changes = dict(changes)  # shared by each database's run of this case
    if changes.pop("future", None):
        tomorrow = world.today + timedelta(days=1)
        changes = {
            "noticed_on_day": str(tomorrow.day),
            "noticed_on_month": str(tomorrow.month),
            "noticed_on_year": str(tomorrow.year),
        }
    if changes.pop("before", None):
        before = world.today - timedelta(days=201)  # the placement started 200 days ago
        changes = {
            "noticed_on_day": str(before.day),
            "noticed_on_month": str(before.month),
            "noticed_on_year": str(before.year),
        }
    data.update(changes)
    response = post_note(client, world, data)
    assert response.status_code == 400
    soup = check_page(response.text)
    assert text(soup.title).startswith("Error: ")
    link = soup.select_one(f".govuk-error-summary a[href='#{field}']")
    assert link is not None and message in text(link), text(soup.select_one(".govuk-error-summary"))
    beside = (
        soup.select_one(f"#{field}")
        .find_parent(class_="govuk-form-group--error")
        .select_one(".govuk-error-message")
    )
    assert message in text(beside)
    # What was typed is kept, the date too, and the form keeps its one-off key.
    expected_text = data["text"].strip() if data["text"].strip() else ""
    assert soup.select_one("textarea[name=text]").get_text().strip() == expected_text
    for part in ("noticed_on_day", "noticed_on_month", "noticed_on_year"):
        assert soup.select_one(f"input[name={part}]").get("value", "") == data[part].strip()
    assert soup.select_one("input[name=submission_key]")["value"]
    assert rows(database_url, Observation) == [] and rows(database_url, Outbox) == []


def test_the_form_starts_with_todays_date(sign_in_as, page, world) -> None:
    soup = child_page(sign_in_as, page, world)
    form = soup.select_one("form[action$='/observations']")
    assert form.select_one("input[name=noticed_on_day]")["value"] == str(world.today.day)
    assert form.select_one("input[name=noticed_on_year]")["value"] == str(world.today.year)
    assert re.fullmatch(r"[0-9a-f]{32}", form.select_one("input[name=submission_key]")["value"])
