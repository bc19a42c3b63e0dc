"""Carers' notes about a child, without HTTP: who may add one, the date rules, the one-off key,
the notification to the supervising social worker, and who reads which notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from carer_portal.children.forms import ObservationForm, date_problem, stored_key, submission_key
from carer_portal.children.models import Observation
from carer_portal.children.observations import (
    NEW_NOTE,
    ObservationRefused,
    add_observation,
    notes_for,
    unseen_counts,
)
from carer_portal.children.service import child_for
from carer_portal.db import utcnow
from carer_portal.forms import validate
from carer_portal.notifications.models import NotificationKind, Outbox
from carer_portal.security.models import AuditEvent
from tests.support.app import run_with_session
from tests.support.leaks import find_names, private_texts
from tests.support.needs_profiles import PRIVATE_NOTE_WORD, add_note

NOTE = f"{PRIVATE_NOTE_WORD} slept through the night for the first time."


async def _view(session, world, actor_key: str, child_key: str):  # type: ignore[no-untyped-def]
    return await child_for(
        session=session,
        actor=world.actor(actor_key),
        child_id=world.children[child_key].id,
        today=world.today,
        audit=False,
    )


async def _add(session, world, actor_key: str, child_key: str, *, key: str, text: str = NOTE):  # type: ignore[no-untyped-def]
    view = await _view(session, world, actor_key, child_key)
    return await add_observation(
        session=session,
        actor=world.actor(actor_key),
        view=view,
        noticed_on=world.today,
        text=text,
        key=key,
        now=utcnow(),
    )


async def _rows(session, model):  # type: ignore[no-untyped-def]
    return list((await session.exec(select(model))).all())


# --- the date -------------------------------------------------------------------------------


def _form(day: str, month: str, year: str, text: str = NOTE) -> dict[str, str]:
    return {"noticed_on_day": day, "noticed_on_month": month, "noticed_on_year": year, "text": text}


def test_a_date_in_the_future_is_refused(world) -> None:
    tomorrow = world.today + timedelta(days=1)
    assert date_problem(tomorrow, today=world.today, placement_started_on=None) == (
        "The date you noticed it must be today or in the past"
    )
    assert date_problem(world.today, today=world.today, placement_started_on=world.today) is None


def test_a_date_before_the_child_came_to_live_with_them_is_refused(world) -> None:
    started = world.today - timedelta(days=200)
    problem = date_problem(started - timedelta(days=1), today=world.today, placement_started_on=started)
    assert problem is not None and "on or after" in problem
    assert date_problem(started, today=world.today, placement_started_on=started) is None


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (_form("", "3", "2026"), "noticed_on_day", "The date you noticed it must include a day"),
        (_form("4", "", "2026"), "noticed_on_month", "The date you noticed it must include a month"),
        (_form("4", "3", ""), "noticed_on_year", "The date you noticed it must include a year"),
        (_form("32", "3", "2026"), "noticed_on_day", "The date you noticed it must be a real date"),
        (_form("4", "13", "2026"), "noticed_on_month", "The date you noticed it must be a real date"),
        (_form("4", "3", "26"), "noticed_on_year", "The year must include 4 numbers, like 2025"),
        (_form("31", "2", "2026"), "noticed_on", "The date you noticed it must be a real date"),
        (_form("4", "3", "2026", "  "), "text", "Enter what you noticed"),
        (_form("4", "3", "2026", "x" * 2001), "text", "What you noticed must be 2,000 characters or fewer"),
    ],
)
def test_each_problem_with_the_form_has_its_message(values: dict, field: str, message: str) -> None:
    form, state = validate(ObservationForm, values, form_level_field="noticed_on")
    assert form is None
    assert state.errors == {field: message}


def test_a_month_may_be_written_as_a_word_and_line_breaks_are_kept() -> None:
    form, _ = validate(ObservationForm, _form("4", "March", "2026", "First line\r\nSecond line"))
    assert form is not None
    assert (form.noticed_on.day, form.noticed_on.month, form.noticed_on.year) == (4, 3, 2026)
    assert (
        "\n" in form.text
        and len(validate(ObservationForm, _form("4", "3", "2026", "x" * 2000))[1].errors) == 0
    )


def test_the_one_off_key_is_the_forms_own_or_a_new_one_and_is_kept_bound_to_its_author(world) -> None:
    key = "a" * 32
    assert submission_key(key) == key
    assert submission_key("not a key") != submission_key("not a key")
    assert stored_key(key, author_id=world.users["carer"].id) != stored_key(
        key, author_id=world.users["other_carer"].id
    )


# --- who may add a note -----------------------------------------------------------------------


@pytest.mark.parametrize("actor_key", ["ssw"])
def test_the_supervising_social_worker_reads_notes_but_does_not_add_them(
    world, database_url, actor_key
) -> None:
    async def scene(session):  # type: ignore[no-untyped-def]
        with pytest.raises(ObservationRefused):
            await _add(session, world, actor_key, "current", key="b" * 32)
        return await _rows(session, Observation), await _rows(session, Outbox)

    assert run_with_session(database_url, scene) == ([], [])


def test_a_carer_whose_child_has_moved_on_cannot_add_a_note(world, database_url) -> None:
    async def scene(session):  # type: ignore[no-untyped-def]
        view = await _view(session, world, "carer", "left_3_days_ago")
        assert view is not None and view.read_only  # they may still read the child's page
        with pytest.raises(ObservationRefused):
            await _add(session, world, "carer", "left_3_days_ago", key="c" * 32)
        return await _rows(session, Observation), await _rows(session, Outbox)

    assert run_with_session(database_url, scene) == ([], [])


# --- adding one, and telling the supervising social worker -------------------------------------


def test_the_ssw_is_told_once_per_note_in_words_that_name_no_child(world, database_url) -> None:
    async def scene(session):  # type: ignore[no-untyped-def]
        first, created = await _add(session, world, "carer", "current", key="d" * 32)
        second, also_created = await _add(session, world, "carer", "current", key="e" * 32)
        return (
            first,
            created,
            second,
            also_created,
            await _rows(session, Outbox),
            await _rows(session, AuditEvent),
        )

    first, created, second, also_created, outbox, audit = run_with_session(database_url, scene)
    assert created and also_created and first.id != second.id
    assert (first.child_id, first.author_id, first.text) == (
        world.children["current"].id,
        world.users["carer"].id,
        NOTE,
    )
    assert sorted(row.dedupe_key for row in outbox) == sorted(
        f"observation-added:{note.id}" for note in (first, second)
    )
    for row in outbox:
        assert row.recipient_id == world.users["ssw"].id  # the household's own SSW, nobody else
        assert row.kind is NotificationKind.MESSAGES
        assert (row.title, row.body, row.url) == (NEW_NOTE.title, NEW_NOTE.body, "/children")
        # Neither the child's name nor anything the carer wrote leaves the building.
        assert find_names([row.title, row.body, row.url, row.greeting], private_texts()) == []
    assert [(e.action, e.subject_id) for e in audit] == [("add_observation", first.child_id)] * 2


def test_sending_the_same_form_again_makes_one_note_and_one_notification(world, database_url) -> None:
    async def scene(session):  # type: ignore[no-untyped-def]
        first, created = await _add(session, world, "carer", "current", key="f" * 32)
        again, created_again = await _add(session, world, "carer", "current", key="f" * 32, text="Different")
        return (
            first,
            created,
            again,
            created_again,
            await _rows(session, Observation),
            await _rows(session, Outbox),
        )

    first, created, again, created_again, notes, outbox = run_with_session(database_url, scene)
    assert created and not created_again and again.id == first.id
    assert [n.text for n in notes] == [NOTE] and len(outbox) == 1


def test_the_same_key_from_another_carer_is_their_own_note(world, database_url) -> None:
    async def scene(session):  # type: ignore[no-untyped-def]
        await _add(session, world, "carer", "current", key="0" * 32)
        await _add(session, world, "other_carer", "other_current", key="0" * 32)
        return await _rows(session, Observation), await _rows(session, Outbox)

    notes, outbox = run_with_session(database_url, scene)
    assert {n.author_id for n in notes} == {world.users["carer"].id, world.users["other_carer"].id}
    assert {row.recipient_id for row in outbox} == {world.users["ssw"].id, world.users["other_ssw"].id}


# --- reading them -----------------------------------------------------------------------------


def test_carers_read_their_own_households_notes_and_the_ssw_reads_every_note(world, database_url) -> None:
    child = world.children["current"]

    async def scene(session):  # type: ignore[no-untyped-def]
        await add_note(session, child, world.users["carer"], noticed_on=world.today - timedelta(days=2))
        # Written by a carer the child lived with before (here: another household's carer).
        await add_note(session, child, world.users["other_carer"], noticed_on=world.today - timedelta(days=1))
        carer_view = await _view(session, world, "carer", "current")
        ssw_view = await _view(session, world, "ssw", "current")
        carers = await notes_for(session, actor=world.actor("carer"), view=carer_view, now=utcnow())
        ssws = await notes_for(session, actor=world.actor("ssw"), view=ssw_view, now=utcnow())
        await session.commit()
        again = await notes_for(session, actor=world.actor("ssw"), view=ssw_view, now=utcnow())
        return carers, ssws, again

    carers, ssws, again = run_with_session(database_url, scene)
    assert [e.observation.author_id for e in carers] == [world.users["carer"].id]
    assert not any(e.new for e in carers)  # carers never see "New": that is for the SSW
    # Newest first, both new the first time the SSW reads them, then seen.
    assert [e.observation.author_id for e in ssws] == [world.users["other_carer"].id, world.users["carer"].id]
    assert all(e.new for e in ssws) and not any(e.new for e in again)
    assert all(e.observation.seen_at is not None for e in again)


def test_unseen_counts_are_per_child_and_only_for_notes_nobody_has_seen(world, database_url) -> None:
    current, other = world.children["current"], world.children["other_current"]

    async def scene(session):  # type: ignore[no-untyped-def]
        for _ in range(2):
            await add_note(session, current, world.users["carer"], noticed_on=world.today)
        await add_note(session, current, world.users["carer"], noticed_on=world.today, seen=True)
        await add_note(session, other, world.users["other_carer"], noticed_on=world.today, seen=True)
        return await unseen_counts(session, child_ids=[current.id, other.id], council_id=current.council_id)

    assert run_with_session(database_url, scene) == {current.id: 2}
