"""A child's page and the children list, through HTTP: what a carer reads first, the chart and
its table, the page with no profile, notes and their form, "New" for the supervising social
worker, and an audit event for every view."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from carer_portal.children.models import Observation
from carer_portal.notifications.models import Outbox
from carer_portal.security.models import AuditEvent
from tests.support.app import run_with_session
from tests.support.csrf import post_form
from tests.support.needs_profiles import PRIVATE_NOTE_WORD, add_note, add_profile
from tests.support.pages import check_page

STRENGTHS = "Kind to younger children and a keen swimmer."


@pytest.fixture
def profiles(world, database_url):  # type: ignore[no-untyped-def]
    """Two profiles for the carer's child: health and identity rose, education fell."""
    child, ssw = world.children["current"], world.users["ssw"]
    today = world.today

    async def make(session):  # type: ignore[no-untyped-def]
        await add_profile(
            session,
            child,
            assessed_on=today - timedelta(days=400),
            levels=(1, 3, 2, 1, 2, 1, 1),
            written_by=ssw,
        )
        await add_profile(
            session,
            child,
            assessed_on=today - timedelta(days=20),
            levels=(2, 2, 2, 2, 2, 1, 1),
            written_by=ssw,
            strengths=STRENGTHS,
            what_helps="A quiet word and time to think.",
            what_to_avoid="Sudden changes of plan.",
            enjoys="Swimming and drawing.",
            communication="Shows you rather than tells you.",
            food="No nuts.",
            school="Northfield Primary, Year 4.",
            family_time="Sees her nan on Saturdays.",
        )

    run_with_session(database_url, make)
    return world


def _events(database_url: str) -> list[AuditEvent]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(AuditEvent).order_by(AuditEvent.occurred_at))).all())

    return run_with_session(database_url, read)


def _rows(database_url: str, model) -> list:  # type: ignore[no-untyped-def, type-arg]
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(model))).all())

    return run_with_session(database_url, read)


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", element.get_text()).strip()


def _child_page(sign_in_as, page, world, who: str = "carer", child: str = "current") -> BeautifulSoup:  # type: ignore[no-untyped-def]
    sign_in_as(who)
    return page(f"/children/{world.children[child].id}")


# --- what a carer reads first ------------------------------------------------------------------


def test_the_page_leads_with_strengths_then_needs_at_a_glance(sign_in_as, page, profiles) -> None:
    soup = _child_page(sign_in_as, page, profiles)
    headings = [_text(h) for h in soup.select("main h2")]
    assert headings[:2] == ["Strengths and what helps", "Needs at a glance"]
    assert (
        headings.index("Needs in detail")
        < headings.index("Day to day")
        < headings.index("Your supervising social worker")
    )
    main = _text(soup.select_one("main"))
    assert main.index(STRENGTHS) < main.index("Needs at a glance")
    for words in (
        "A quiet word and time to think.",
        "Sudden changes of plan.",
        "Swimming and drawing.",
        "Shows you rather than tells you.",
        "No nuts.",
        "Sees her nan on Saturdays.",
    ):
        assert words in main
    # The profile's date and the framework it was rated on, and where to read every profile.
    stated = _text(soup.select_one("#profile-date"))
    assert (profiles.today - timedelta(days=20)).strftime("%-d %B %Y") in stated
    assert "Developmental needs framework (version 1)" in stated
    assert soup.select_one(f"a[href='/children/{profiles.children['current'].id}/needs']")
    assert "will appear here" not in main


def test_needs_at_a_glance_tags_what_rose_and_what_fell(sign_in_as, page, profiles) -> None:
    soup = _child_page(sign_in_as, page, profiles)
    glance = soup.find("h2", string="Needs at a glance").find_next("dl")
    rows = {
        _text(row.select_one("dt")): _text(row.select_one("dd"))
        for row in glance.select(".govuk-summary-list__row")
    }
    assert rows["Health"].startswith("Some extra support More support needed")
    assert rows["Identity"].startswith("Some extra support More support needed")
    assert rows["Education and learning"].startswith("Some extra support Less support needed")
    assert rows["Social presentation"] == "A little extra help"


def test_the_detail_gives_each_level_its_descriptor_and_note(sign_in_as, page, profiles) -> None:
    soup = _child_page(sign_in_as, page, profiles)
    detail = _text(soup.select_one("main"))
    assert "Some extra support (level 2 of 4): A health condition that needs regular appointments" in detail
    assert f"About health at {profiles.today - timedelta(days=20)}" in detail


def test_the_carer_is_told_who_their_supervising_social_worker_is_and_how_to_reach_them(
    sign_in_as, page, profiles
) -> None:
    soup = _child_page(sign_in_as, page, profiles)
    section = soup.select_one("#who-to-ask").find_next("p")
    assert "Ssw" in _text(section)
    assert section.select_one("a[href='mailto:ssw@eastbrook.example']")
    assert not soup.find("a", string="Publish a new needs profile")  # that is the SSW's


# --- the chart and its table -------------------------------------------------------------------


def test_the_chart_and_its_table_show_the_same_figures(sign_in_as, page, profiles) -> None:
    soup = _child_page(sign_in_as, page, profiles)
    svg = soup.select_one("svg.app-chart")
    assert svg["role"] == "img" and svg.select_one("title").get_text()
    chart = {
        (p["data-domain"], p["data-date"]): int(p["data-value"]) for p in svg.select(".app-chart__point")
    }
    region = soup.select_one(".app-table-scroll[role=region]")
    assert region["aria-label"] and region["tabindex"] == "0"
    table = region.select_one("table")
    dates = [h.select_one("time")["datetime"] for h in table.select("thead th")[1:]]
    assert dates == sorted(dates, reverse=True) and len(dates) == 2  # newest first
    titles = {
        d.title: d.key
        for d in __import__("carer_portal.children.needs.framework", fromlist=["default_framework"])
        .default_framework()
        .domains
    }
    figures = {}
    for row in table.select("tbody tr"):
        key = titles[_text(row.select_one("th"))]
        for on, cell in zip(dates, row.select("td"), strict=True):
            figures[(key, on)] = int(cell["data-level"])
            assert re.fullmatch(r"[A-Z][a-z ]+ \(\d\)", _text(cell)), _text(cell)  # words and number
    assert figures == chart and len(chart) == 14


def test_one_profile_has_no_chart_yet(sign_in_as, page, world, database_url) -> None:
    run_with_session(
        database_url,
        lambda s: add_profile(s, world.children["current"], assessed_on=world.today, levels=(1,) * 7),
    )
    soup = _child_page(sign_in_as, page, world)
    assert soup.select_one("svg.app-chart") is None and soup.select_one("#needs-table") is None
    assert soup.find("h2", string="Needs at a glance")
    assert "More support needed" not in _text(soup.select_one("main"))  # nothing to compare with


# --- no profile yet ----------------------------------------------------------------------------


def test_with_no_profile_the_page_says_so_and_who_to_ask(sign_in_as, page, world) -> None:
    soup = _child_page(sign_in_as, page, world)
    main = _text(soup.select_one("main"))
    assert "There is no needs profile for Tallulah yet" in main
    assert "Ask your supervising social worker, Ssw (ssw@eastbrook.example)" in main
    assert soup.select_one("main a[href='mailto:ssw@eastbrook.example']")
    assert soup.select_one("svg.app-chart") is None and "Needs at a glance" not in main


def test_with_no_profile_the_ssw_is_offered_to_publish_one(sign_in_as, page, world) -> None:
    soup = _child_page(sign_in_as, page, world, who="ssw")
    assert "There is no needs profile for Tallulah yet" in _text(soup.select_one("main"))
    link = soup.find("a", string="Publish a new needs profile")
    assert link["href"] == f"/children/{world.children['current'].id}/needs/new"
    assert soup.select_one("form[action$='/observations']") is None  # SSWs read notes, carers add them


# --- a moved-on child --------------------------------------------------------------------------


def test_a_carer_whose_child_moved_on_reads_the_page_but_cannot_add_a_note(
    sign_in_as, page, client, world, database_url
) -> None:
    child = world.children["left_3_days_ago"]
    soup = _child_page(sign_in_as, page, world, child="left_3_days_ago")
    assert "has moved on. You can read what you knew until" in _text(soup.select_one(".govuk-inset-text"))
    assert soup.select_one("form[action$='/observations']") is None
    response = post_form(
        client,
        f"/children/{child.id}/observations",
        {**_note(world), "submission_key": "1" * 32},
        form_page=f"/children/{child.id}",
    )
    assert response.status_code == 403
    assert "You cannot add notes about" in _text(check_page(response.text).select_one(".govuk-error-summary"))
    assert _rows(database_url, Observation) == [] and _rows(database_url, Outbox) == []


# --- adding a note -----------------------------------------------------------------------------


def _note(world, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    today = world.today
    return {
        "noticed_on_day": str(today.day),
        "noticed_on_month": str(today.month),
        "noticed_on_year": str(today.year),
        "text": f"{PRIVATE_NOTE_WORD} laughed all through tea.\nThen slept well.",
        **changes,
    }


def _post_note(client, world, data: dict[str, str]):  # type: ignore[no-untyped-def]
    child = world.children["current"]
    page_html = client.get(f"/children/{child.id}").text
    soup = check_page(page_html)
    hidden = {
        "_csrf_token": soup.select_one("input[name=_csrf_token]")["value"],
        "submission_key": soup.select_one("input[name=submission_key]")["value"],
    }
    return client.post(f"/children/{child.id}/observations", data={**data, **hidden}, follow_redirects=False)


def test_a_carer_adds_a_note_and_sees_it_in_the_timeline(
    sign_in_as, client, page, world, database_url
) -> None:
    sign_in_as("carer")
    response = _post_note(client, world, _note(world))
    child = world.children["current"]
    assert response.status_code == 303
    assert response.headers["location"] == f"/children/{child.id}#observations"
    [note] = _rows(database_url, Observation)
    assert note.text == f"{PRIVATE_NOTE_WORD} laughed all through tea.\nThen slept well."
    assert note.noticed_on == world.today and note.author_id == world.users["carer"].id
    [row] = _rows(database_url, Outbox)
    assert row.recipient_id == world.users["ssw"].id and row.url == "/children"

    soup = page(f"/children/{child.id}")
    assert "Your note has been added" in _text(soup.select_one(".govuk-notification-banner"))
    first = soup.select_one(".app-timeline__item")
    assert PRIVATE_NOTE_WORD in _text(first) and "Note by Carer" in _text(first)
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
            f"/children/{child.id}/observations", data={**_note(world), **hidden}, follow_redirects=False
        )
        assert response.status_code == 303
    assert len(_rows(database_url, Observation)) == 1 and len(_rows(database_url, Outbox)) == 1


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
    data = _note(world, text=TYPED)
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
    response = _post_note(client, world, data)
    assert response.status_code == 400
    soup = check_page(response.text)
    assert _text(soup.title).startswith("Error: ")
    link = soup.select_one(f".govuk-error-summary a[href='#{field}']")
    assert link is not None and message in _text(link), _text(soup.select_one(".govuk-error-summary"))
    beside = (
        soup.select_one(f"#{field}")
        .find_parent(class_="govuk-form-group--error")
        .select_one(".govuk-error-message")
    )
    assert message in _text(beside)
    # What was typed is kept, the date too, and the form keeps its one-off key.
    expected_text = data["text"].strip() if data["text"].strip() else ""
    assert soup.select_one("textarea[name=text]").get_text().strip() == expected_text
    for part in ("noticed_on_day", "noticed_on_month", "noticed_on_year"):
        assert soup.select_one(f"input[name={part}]").get("value", "") == data[part].strip()
    assert soup.select_one("input[name=submission_key]")["value"]
    assert _rows(database_url, Observation) == [] and _rows(database_url, Outbox) == []


def test_the_form_starts_with_todays_date(sign_in_as, page, world) -> None:
    soup = _child_page(sign_in_as, page, world)
    form = soup.select_one("form[action$='/observations']")
    assert form.select_one("input[name=noticed_on_day]")["value"] == str(world.today.day)
    assert form.select_one("input[name=noticed_on_year]")["value"] == str(world.today.year)
    assert re.fullmatch(r"[0-9a-f]{32}", form.select_one("input[name=submission_key]")["value"])


# --- the supervising social worker --------------------------------------------------------------


def test_the_ssw_sees_new_notes_flagged_once_then_not(sign_in_as, page, profiles, database_url) -> None:
    world = profiles
    child = world.children["current"]
    run_with_session(
        database_url,
        lambda s: add_note(
            s, child, world.users["carer"], noticed_on=world.today, text=f"{PRIVATE_NOTE_WORD} new"
        ),
    )
    sign_in_as("ssw")
    listing = page("/children")
    item = listing.select_one(f"li[data-child='{child.id}']")
    assert "1 new note from carers" in _text(item) and item.select_one(".app-new-notes")

    first = page(f"/children/{child.id}")
    entries = first.select(".app-timeline__item")
    note = next(e for e in entries if PRIVATE_NOTE_WORD in _text(e))
    assert _text(note.select_one(".govuk-tag")) == "New"
    # The profiles are in the same timeline, newest first.
    assert sum("Needs profile updated by Ssw" in _text(e) for e in entries) == 2
    dates = [e.select_one("time")["datetime"] for e in entries]
    assert dates == sorted(dates, reverse=True)

    again = page(f"/children/{child.id}")
    assert again.select(".app-timeline .govuk-tag") == []
    assert page("/children").select_one(f"li[data-child='{child.id}'] .app-new-notes") is None
    assert all(n.seen_at is not None for n in _rows(database_url, Observation))


def test_a_carer_opening_the_page_does_not_mark_notes_seen(sign_in_as, page, world, database_url) -> None:
    run_with_session(
        database_url,
        lambda s: add_note(s, world.children["current"], world.users["carer"], noticed_on=world.today),
    )
    soup = _child_page(sign_in_as, page, world)
    assert soup.select(".app-timeline .govuk-tag") == []
    assert all(n.seen_at is None for n in _rows(database_url, Observation))


def test_the_ssw_list_flags_missing_and_out_of_date_profiles(sign_in_as, page, world, database_url) -> None:
    run_with_session(
        database_url,
        lambda s: add_profile(
            s, world.children["other_current"], assessed_on=world.today - timedelta(days=400), levels=(1,) * 7
        ),
    )
    sign_in_as("ssw")
    own = page("/children").select_one(f"li[data-child='{world.children['current'].id}']")
    assert "No needs profile" in _text(own)
    sign_in_as("other_ssw")
    other = page("/children").select_one(f"li[data-child='{world.children['other_current'].id}']")
    assert "Out of date" in _text(other)
    assert (world.today - timedelta(days=400)).strftime("%-d %B %Y") in _text(other)


def test_a_carers_list_has_those_who_moved_on_under_their_own_heading(sign_in_as, page, world) -> None:
    sign_in_as("carer")
    soup = page("/children")
    assert _text(soup.select_one("h1")) == "Children living with you"
    moved_on = soup.find("h2", string="Moved on")
    assert moved_on is not None
    after = moved_on.find_next("ul")
    assert after.select_one(f"a[href='/children/{world.children['left_3_days_ago'].id}']")
    assert not after.select_one(f"a[href='/children/{world.children['current'].id}']")


# --- every view is audited ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["carer", "ssw"])
def test_every_view_of_the_page_is_audited_and_a_note_is_too(
    sign_in_as, client, world, database_url, who
) -> None:
    child = world.children["current"]
    sign_in_as(who)
    for expected in (1, 2):
        assert client.get(f"/children/{child.id}").status_code == 200
        views = [e for e in _events(database_url) if e.action == "view_child" and e.subject_id == child.id]
        assert len(views) == expected and views[-1].actor_id == world.users[who].id
    if who == "carer":
        _post_note(client, world, _note(world))
        actions = [e.action for e in _events(database_url) if e.subject_id == child.id]
        assert actions.count("add_observation") == 1


def test_the_error_summary_follows_the_order_of_the_page(sign_in_as, client, world) -> None:
    """A date that is no date (a problem with the whole date) and no words: the date comes first."""
    sign_in_as("carer")
    response = _post_note(client, world, _note(world, noticed_on_day="31", noticed_on_month="2", text=""))
    links = [a["href"] for a in check_page(response.text).select(".govuk-error-summary a")]
    assert links == ["#noticed_on_day", "#text"]
