"""Enquiry rules without HTTP: promises in working days, validation, idempotency, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from carer_portal.forms import validate
from carer_portal.notifications.models import Outbox
from carer_portal.people.models import Council
from carer_portal.recruitment.enquiries.forms import EnquiryForm
from carer_portal.recruitment.enquiries.models import Channel, Enquiry, EnquiryStage, EnquiryStageChange
from carer_portal.recruitment.enquiries.promises import (
    call_by,
    describe_call_by,
    is_working_day,
    working_days_after,
)
from carer_portal.recruitment.enquiries.service import (
    anonymise_stale_enquiries,
    create_enquiry,
    enquiries_of_enquirer,
    withdraw_and_delete,
)
from carer_portal.recruitment.inbox.service import StageChangeRefused, change_stage, inbox, next_stages
from tests.support.app import make_settings, run_with_session


def _uk(y: int, m: int, d: int, hh: int = 10) -> datetime:
    from carer_portal.timekeeping import UK

    return datetime(y, m, d, hh, 0, tzinfo=UK)


@pytest.mark.parametrize(
    ("received", "promised"),
    [
        (_uk(2026, 11, 23), date(2026, 11, 24)),  # Monday -> Tuesday
        (_uk(2026, 11, 27, 21), date(2026, 11, 30)),  # Friday night -> Monday
        (_uk(2026, 11, 28), date(2026, 11, 30)),  # Saturday -> Monday
        (
            _uk(2026, 12, 24),
            date(2026, 12, 29),
        ),  # Christmas Eve -> past Christmas and the Boxing Day substitute
        (_uk(2027, 3, 25), date(2027, 3, 30)),  # Thursday before Easter -> past Good Friday and Easter Monday
        (_uk(2027, 5, 28), date(2027, 6, 1)),  # Friday before the late May bank holiday
    ],
)
def test_we_promise_to_call_by_4pm_the_next_working_day(received: datetime, promised: date) -> None:
    when = call_by(received)
    assert when.date() == promised and (when.hour, when.minute) == (16, 0)


def test_the_promise_keeps_to_the_time_of_day_they_chose() -> None:
    assert call_by(_uk(2026, 11, 23), best_time="morning").hour == 12
    assert call_by(_uk(2026, 11, 23), best_time="evening").hour == 19
    assert call_by(_uk(2026, 11, 23), best_time="any").hour == 16


def test_bank_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 12, 25)) and not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29)) and working_days_after(date(2026, 12, 24), 2) == date(
        2026, 12, 30
    )


def test_the_promise_is_said_the_way_people_say_it() -> None:
    monday = _uk(2026, 11, 23)
    assert describe_call_by(call_by(monday), now=monday) == "by 4pm tomorrow"
    assert describe_call_by(call_by(_uk(2026, 11, 27, 21)), now=_uk(2026, 11, 27, 21)) == "by 4pm on Monday"
    assert describe_call_by(_uk(2026, 12, 29, 16), now=_uk(2026, 12, 1)) == "by 4pm on Tuesday 29 December"


GOOD = {
    "name": "Sam Taylor",
    "email": "Sam@Example.com",
    "phone": "+44 7700 900982",
    "postcode": "eb47qt",
    "reasons": ["make-a-difference"],
    "own_words": "",
    "household": "single",
    "best_time": "evening",
    "privacy": "yes",
}


def test_a_good_form_is_tidied() -> None:
    form, state = validate(EnquiryForm, GOOD)
    assert state.errors == {}
    assert (form.email, form.phone, form.postcode) == ("sam@example.com", "07700900982", "EB4 7QT")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "Enter your name"),
        ({"name": "x" * 101}, "name", "Your name must be 100 characters or fewer"),
        (
            {"email": "sam.example.com"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"phone": "12345"}, "phone", "Enter a UK phone number, like 07700 900 982 or 01632 960 001"),
        ({"phone": "0" * 200}, "phone", "Enter a UK phone number, like 07700 900 982 or 01632 960 001"),
        ({"postcode": ""}, "postcode", "Enter your postcode"),
        ({"postcode": "NOT A CODE"}, "postcode", "Enter a real postcode, like EB4 7QT"),
        ({"reasons": ["world-domination"]}, "reasons", "Choose from the reasons listed"),
        (
            {"reasons": [], "own_words": ""},
            "reasons",
            "Tell us what has made you think about fostering, in a few words or by ticking a reason",
        ),
        (
            {"own_words": "x" * 1001},
            "own_words",
            "What has made you think about fostering must be 1000 characters or fewer",
        ),
        ({"household": "castle"}, "household", "Select who lives in your home"),
        ({"best_time": ""}, "best_time", "Select the best time for us to call you"),
        ({"privacy": ""}, "privacy", "Confirm you have read how we use your information"),
    ],
)
def test_each_problem_gets_its_own_message_beside_its_field(changes: dict, field: str, message: str) -> None:
    form, state = validate(EnquiryForm, {**GOOD, **changes}, form_level_field="reasons")
    assert form is None and state.errors[field] == message
    assert state.values["name"] == ({**GOOD, **changes})["name"]  # what was typed is kept


def _make(database_url: str, world, key: str = "a" * 32, **options):  # type: ignore[no-untyped-def]

    async def make(session):  # type: ignore[no-untyped-def]
        council = await session.get(Council, world.councils["eastbrook"].id)
        form, _ = validate(EnquiryForm, GOOD)
        result = await create_enquiry(
            session=session,
            council=council,
            form=form,
            idempotency_key=key,
            referrer_id=options.get("referrer"),
            campaign_code=options.get("campaign", ""),
            settings=options["settings"],
            now=options.get("now", datetime.now(UTC)),
        )
        return result

    return run_with_session(database_url, make)


@pytest.fixture
def settings_for(tmp_path, database_url):  # type: ignore[no-untyped-def]
    return make_settings(tmp_path / "data", database_url)


def test_the_same_form_sent_twice_makes_one_enquiry(world, database_url, settings_for) -> None:
    first = _make(database_url, world, settings=settings_for)
    again = _make(database_url, world, settings=settings_for)
    assert first.created and not again.created and again.enquiry.id == first.enquiry.id
    assert first.access_token and again.access_token is None

    async def counts(session):  # type: ignore[no-untyped-def]
        return (
            len((await session.exec(select(Enquiry))).all()),
            len((await session.exec(select(EnquiryStageChange))).all()),
            len((await session.exec(select(Outbox))).all()),
        )

    assert run_with_session(database_url, counts) == (1, 1, 1)


def test_a_new_enquiry_has_its_promise_channel_and_confirmation(world, database_url, settings_for) -> None:
    result = _make(
        database_url,
        world,
        settings=settings_for,
        campaign="radio-autumn",
        now=_uk(2026, 11, 23).astimezone(UTC),
    )
    enquiry = result.enquiry
    assert enquiry.source is Channel.CAMPAIGN and enquiry.campaign_code == "radio-autumn"
    assert enquiry.promised_call_by == enquiry.first_response_due_at == _uk(2026, 11, 24, 19)  # evening

    async def confirmation(session):  # type: ignore[no-untyped-def]
        return (await session.exec(select(Outbox))).one()

    row = run_with_session(database_url, confirmation)
    assert row.recipient_email == "sam@example.com" and row.url == f"/your-enquiry/{result.access_token}"
    assert "Sam" not in row.title + row.body  # generic words only


def test_a_referral_is_attributed(world, database_url, settings_for) -> None:
    result = _make(database_url, world, settings=settings_for, referrer=world.users["carer"].id)
    assert (
        result.enquiry.source is Channel.PEER_REFERRAL
        and result.enquiry.referrer_id == world.users["carer"].id
    )


def test_stages_move_one_at_a_time_or_to_withdrawn() -> None:
    assert next_stages(EnquiryStage.ENQUIRY) == [EnquiryStage.FIRST_CONVERSATION, EnquiryStage.WITHDRAWN]
    assert next_stages(EnquiryStage.PANEL) == [EnquiryStage.APPROVED, EnquiryStage.WITHDRAWN]
    assert next_stages(EnquiryStage.APPROVED) == [] and next_stages(EnquiryStage.WITHDRAWN) == []


def test_the_first_conversation_stops_the_clock_and_asks_again(world, database_url, settings_for) -> None:
    enquiry = _make(database_url, world, settings=settings_for).enquiry
    now = datetime.now(UTC)

    async def move(session):  # type: ignore[no-untyped-def]
        row = await session.get(Enquiry, enquiry.id)
        with pytest.raises(StageChangeRefused):
            await change_stage(
                session=session,
                actor=world.actor("officer"),
                enquiry=row,
                to_stage=EnquiryStage.PANEL,
                settings=settings_for,
                now=now,
            )
        await change_stage(
            session=session,
            actor=world.actor("officer"),
            enquiry=row,
            to_stage=EnquiryStage.FIRST_CONVERSATION,
            settings=settings_for,
            now=now,
        )
        prompts = (await session.exec(select(Outbox).where(Outbox.kind == "prompts"))).all()
        return row, prompts

    row, prompts = run_with_session(database_url, move)
    assert row.first_responded_at == now and row.stage is EnquiryStage.FIRST_CONVERSATION
    (prompt,) = prompts
    assert (
        prompt.title == "How do you feel about fostering now?" and prompt.recipient_email == "sam@example.com"
    )
    assert prompt.available_at > now  # not while they are still on the phone


def test_withdrawing_deletes_the_persons_details_at_once(world, database_url, settings_for) -> None:
    enquiry = _make(database_url, world, settings=settings_for).enquiry

    async def withdraw(session):  # type: ignore[no-untyped-def]
        row = await session.get(Enquiry, enquiry.id)
        await withdraw_and_delete(session=session, enquiry=row, now=datetime.now(UTC))
        return await session.get(Enquiry, enquiry.id)

    row = run_with_session(database_url, withdraw)
    assert (row.name, row.email, row.phone, row.postcode, row.motivation) == ("Anonymised", "", "", "", "")
    assert row.stage is EnquiryStage.WITHDRAWN and row.anonymised_at and row.access_token_hash is None
    assert row.source is Channel.WEB  # the anonymous counts still work


def test_enquiries_with_no_progress_for_a_year_are_anonymised(world, database_url, settings_for) -> None:
    old = _make(
        database_url, world, key="b" * 32, settings=settings_for, now=datetime.now(UTC) - timedelta(days=400)
    ).enquiry
    recent = _make(database_url, world, key="c" * 32, settings=settings_for).enquiry

    async def retain(session):  # type: ignore[no-untyped-def]
        count = await anonymise_stale_enquiries(session=session, now=datetime.now(UTC), months=12)
        return count, await session.get(Enquiry, old.id), await session.get(Enquiry, recent.id)

    count, old_row, recent_row = run_with_session(database_url, retain)
    assert count == 1 and old_row.name == "Anonymised" and old_row.email == ""
    assert recent_row.name == "Sam Taylor"


def test_the_inbox_puts_people_waiting_for_a_call_first(world, database_url, settings_for) -> None:
    waiting = _make(
        database_url, world, key="d" * 32, settings=settings_for, now=datetime.now(UTC) - timedelta(days=3)
    ).enquiry
    called = _make(database_url, world, key="e" * 32, settings=settings_for).enquiry

    async def read(session):  # type: ignore[no-untyped-def]
        row = await session.get(Enquiry, called.id)
        await change_stage(
            session=session,
            actor=world.actor("officer"),
            enquiry=row,
            to_stage=EnquiryStage.FIRST_CONVERSATION,
            settings=settings_for,
            now=datetime.now(UTC),
        )
        return await inbox(session=session, actor=world.actor("officer"), now=datetime.now(UTC))

    lines = run_with_session(database_url, read)
    assert [line.enquiry.id for line in lines] == [waiting.id, called.id]
    assert lines[0].due_in.total_seconds() < 0 and lines[1].due_in is None


def test_a_signed_in_enquirer_sees_exactly_their_own_open_enquiries(world, database_url, settings_for):  # type: ignore[no-untyped-def]
    """Matched on their account's email, in their council only, none that was withdrawn,
    newest first; an account of any other role sees none, whatever its email."""
    mine = "enquirer@eastbrook.example"
    now = datetime.now(UTC)

    async def make(session):  # type: ignore[no-untyped-def]
        made = {}
        for name, slug, email, days_ago in (
            ("older", "eastbrook", mine, 5),
            ("newer", "eastbrook", mine, 1),
            ("withdrawn", "eastbrook", mine, 2),
            ("someone else", "eastbrook", "someone@example.com", 1),
            ("other council", "westmere", mine, 1),
            ("a carer's", "eastbrook", "carer@eastbrook.example", 1),
        ):
            form, _ = validate(EnquiryForm, {**GOOD, "email": email})
            made[name] = (
                await create_enquiry(
                    session=session,
                    council=await session.get(Council, world.councils[slug].id),
                    form=form,
                    idempotency_key=f"{len(made):032x}",
                    referrer_id=None,
                    campaign_code="",
                    settings=settings_for,
                    now=now - timedelta(days=days_ago),
                )
            ).enquiry
        withdrawn = await session.get(Enquiry, made["withdrawn"].id)  # as the withdraw page loads it
        await withdraw_and_delete(session=session, enquiry=withdrawn, now=now)
        return {name: enquiry.id for name, enquiry in made.items()}

    made = run_with_session(database_url, make)

    def seen_by(key: str) -> list:
        async def read(session):  # type: ignore[no-untyped-def]
            return [e.id for e in await enquiries_of_enquirer(session=session, actor=world.actor(key))]

        return run_with_session(database_url, read)

    assert seen_by("enquirer") == [made["newer"], made["older"]]
    assert seen_by("carer") == []
