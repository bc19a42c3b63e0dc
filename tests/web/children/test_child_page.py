"""A child's page and the children list, through HTTP: what a carer reads first, the chart and
its table, the page with no profile, notes and their form, "New" for the supervising social
worker, and an audit event for every view."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from carer_portal.children.models import Observation
from carer_portal.notifications.models import Outbox
from tests.support.app import run_with_session
from tests.support.csrf import post_form
from tests.support.needs_profiles import PRIVATE_NOTE_WORD, add_note, add_profile
from tests.support.pages import check_page
from tests.web.children.pages import STRENGTHS, child_page, events, note_form, post_note, rows, text

# --- what a carer reads first ------------------------------------------------------------------


def test_the_page_leads_with_strengths_then_needs_at_a_glance(sign_in_as, page, profiles) -> None:
    soup = child_page(sign_in_as, page, profiles)
    headings = [text(h) for h in soup.select("main h2")]
    assert headings[:2] == ["Strengths and what helps", "Needs at a glance"]
    assert (
        headings.index("Needs in detail")
        < headings.index("Day to day")
        < headings.index("Your supervising social worker")
    )
    main = text(soup.select_one("main"))
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
    stated = text(soup.select_one("#profile-date"))
    assert (profiles.today - timedelta(days=20)).strftime("%-d %B %Y") in stated
    assert "Developmental needs framework (version 1)" in stated
    assert soup.select_one(f"a[href='/children/{profiles.children['current'].id}/needs']")
    assert "will appear here" not in main


def test_needs_at_a_glance_tags_what_rose_and_what_fell(sign_in_as, page, profiles) -> None:
    soup = child_page(sign_in_as, page, profiles)
    glance = soup.find("h2", string="Needs at a glance").find_next("dl")
    rows = {
        text(row.select_one("dt")): text(row.select_one("dd"))
        for row in glance.select(".govuk-summary-list__row")
    }
    assert rows["Health"].startswith("Some extra support More support needed")
    assert rows["Identity"].startswith("Some extra support More support needed")
    assert rows["Education and learning"].startswith("Some extra support Less support needed")
    assert rows["Social presentation"] == "A little extra help"


def test_the_detail_gives_each_level_its_descriptor_and_note(sign_in_as, page, profiles) -> None:
    soup = child_page(sign_in_as, page, profiles)
    detail = text(soup.select_one("main"))
    assert "Some extra support (level 2 of 4): A health condition that needs regular appointments" in detail
    assert f"About health at {profiles.today - timedelta(days=20)}" in detail


def test_the_carer_is_told_who_their_supervising_social_worker_is_and_how_to_reach_them(
    sign_in_as, page, profiles
) -> None:
    soup = child_page(sign_in_as, page, profiles)
    section = soup.select_one("#who-to-ask").find_next("p")
    assert "Ssw" in text(section)
    assert section.select_one("a[href='mailto:ssw@eastbrook.example']")
    assert not soup.find("a", string="Publish a new needs profile")  # that is the SSW's


# --- the chart and its table -------------------------------------------------------------------


def test_the_chart_and_its_table_show_the_same_figures(sign_in_as, page, profiles) -> None:
    soup = child_page(sign_in_as, page, profiles)
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
        key = titles[text(row.select_one("th"))]
        for on, cell in zip(dates, row.select("td"), strict=True):
            figures[(key, on)] = int(cell["data-level"])
            assert re.fullmatch(r"[A-Z][a-z ]+ \(\d\)", text(cell)), text(cell)  # words and number
    assert figures == chart and len(chart) == 14


def test_one_profile_has_no_chart_yet(sign_in_as, page, world, database_url) -> None:
    run_with_session(
        database_url,
        lambda s: add_profile(s, world.children["current"], assessed_on=world.today, levels=(1,) * 7),
    )
    soup = child_page(sign_in_as, page, world)
    assert soup.select_one("svg.app-chart") is None and soup.select_one("#needs-table") is None
    assert soup.find("h2", string="Needs at a glance")
    assert "More support needed" not in text(soup.select_one("main"))  # nothing to compare with


# --- no profile yet ----------------------------------------------------------------------------


def test_with_no_profile_the_page_says_so_and_who_to_ask(sign_in_as, page, world) -> None:
    soup = child_page(sign_in_as, page, world)
    main = text(soup.select_one("main"))
    assert "There is no needs profile for Tallulah yet" in main
    assert "Ask your supervising social worker, Ssw (ssw@eastbrook.example)" in main
    assert soup.select_one("main a[href='mailto:ssw@eastbrook.example']")
    assert soup.select_one("svg.app-chart") is None and "Needs at a glance" not in main


def test_with_no_profile_the_ssw_is_offered_to_publish_one(sign_in_as, page, world) -> None:
    soup = child_page(sign_in_as, page, world, who="ssw")
    assert "There is no needs profile for Tallulah yet" in text(soup.select_one("main"))
    link = soup.find("a", string="Publish a new needs profile")
    assert link["href"] == f"/children/{world.children['current'].id}/needs/new"
    assert soup.select_one("form[action$='/observations']") is None  # SSWs read notes, carers add them


# --- a moved-on child --------------------------------------------------------------------------


def test_a_carer_whose_child_moved_on_reads_the_page_but_cannot_add_a_note(
    sign_in_as, page, client, world, database_url
) -> None:
    child = world.children["left_3_days_ago"]
    soup = child_page(sign_in_as, page, world, child="left_3_days_ago")
    assert "has moved on. You can read what you knew until" in text(soup.select_one(".govuk-inset-text"))
    assert soup.select_one("form[action$='/observations']") is None
    response = post_form(
        client,
        f"/children/{child.id}/observations",
        {**note_form(world), "submission_key": "1" * 32},
        form_page=f"/children/{child.id}",
    )
    assert response.status_code == 403
    assert "You cannot add notes about" in text(check_page(response.text).select_one(".govuk-error-summary"))
    assert rows(database_url, Observation) == [] and rows(database_url, Outbox) == []


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
    assert "1 new note from carers" in text(item) and item.select_one(".app-new-notes")

    first = page(f"/children/{child.id}")
    entries = first.select(".app-timeline__item")
    note = next(e for e in entries if PRIVATE_NOTE_WORD in text(e))
    assert text(note.select_one(".govuk-tag")) == "New"
    # The profiles are in the same timeline, newest first.
    assert sum("Needs profile updated by Ssw" in text(e) for e in entries) == 2
    dates = [e.select_one("time")["datetime"] for e in entries]
    assert dates == sorted(dates, reverse=True)

    again = page(f"/children/{child.id}")
    assert again.select(".app-timeline .govuk-tag") == []
    assert page("/children").select_one(f"li[data-child='{child.id}'] .app-new-notes") is None
    assert all(n.seen_at is not None for n in rows(database_url, Observation))


def test_a_carer_opening_the_page_does_not_mark_notes_seen(sign_in_as, page, world, database_url) -> None:
    run_with_session(
        database_url,
        lambda s: add_note(s, world.children["current"], world.users["carer"], noticed_on=world.today),
    )
    soup = child_page(sign_in_as, page, world)
    assert soup.select(".app-timeline .govuk-tag") == []
    assert all(n.seen_at is None for n in rows(database_url, Observation))


def test_the_ssw_list_flags_missing_and_out_of_date_profiles(sign_in_as, page, world, database_url) -> None:
    run_with_session(
        database_url,
        lambda s: add_profile(
            s, world.children["other_current"], assessed_on=world.today - timedelta(days=400), levels=(1,) * 7
        ),
    )
    sign_in_as("ssw")
    own = page("/children").select_one(f"li[data-child='{world.children['current'].id}']")
    assert "No needs profile" in text(own)
    sign_in_as("other_ssw")
    other = page("/children").select_one(f"li[data-child='{world.children['other_current'].id}']")
    assert "Out of date" in text(other)
    assert (world.today - timedelta(days=400)).strftime("%-d %B %Y") in text(other)


def test_a_carers_list_has_those_who_moved_on_under_their_own_heading(sign_in_as, page, world) -> None:
    sign_in_as("carer")
    soup = page("/children")
    assert text(soup.select_one("h1")) == "Children living with you"
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
        views = [e for e in events(database_url) if e.action == "view_child" and e.subject_id == child.id]
        assert len(views) == expected and views[-1].actor_id == world.users[who].id
    if who == "carer":
        post_note(client, world, note_form(world))
        actions = [e.action for e in events(database_url) if e.subject_id == child.id]
        assert actions.count("add_observation") == 1


def test_the_error_summary_follows_the_order_of_the_page(sign_in_as, client, world) -> None:
    """A date that is no date (a problem with the whole date) and no words: the date comes first."""
    sign_in_as("carer")
    response = post_note(client, world, note_form(world, noticed_on_day="31", noticed_on_month="2", text=""))
    links = [a["href"] for a in check_page(response.text).select(".govuk-error-summary a")]
    assert links == ["#noticed_on_day", "#text"]
