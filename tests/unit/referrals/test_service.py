"""Carer invites without HTTP: who may have one, codes, attribution, thanks and counts."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlmodel import select

from carer_portal.notifications.models import NotificationKind, Outbox
from carer_portal.people.models import User
from carer_portal.recruitment.enquiries.models import EnquiryStage, EnquiryStageChange
from carer_portal.recruitment.referrals.service import (
    InviteNotAllowed,
    attribution_for,
    can_invite,
    invite_by_code,
    invite_for,
    on_stage_change,
    referral_counts,
    set_show_first_name,
)
from tests.support.app import run_with_session
from tests.support.referrals import approve, enquiry_for

CARERS = ("carer", "other_carer", "west_carer", "west_other_carer")


@pytest.fixture
def approved(world, database_url):  # type: ignore[no-untyped-def]
    """The world, with every carer household approved."""
    run_with_session(database_url, lambda s: approve(s, world, "own", "other", "west_own", "west_other"))
    for key in ("own", "other", "west_own", "west_other"):
        world.households[key].approved_on = world.today
    return world


# --- who may invite ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor_key", "household_key", "approved", "expected"),
    [
        ("carer", "own", True, True),
        ("carer", "own", False, False),  # a carer whose household is not (yet) approved
        ("carer", "other", True, False),  # someone else's household
        ("other_carer", "other", True, True),
        ("west_carer", "west_own", True, True),
        ("ssw", "own", True, False),
        ("officer", "own", True, False),
        ("manager", "own", True, False),
        ("admin", "own", True, False),
        ("enquirer", "own", True, False),
    ],
)
def test_only_approved_carers_may_invite(world, actor_key, household_key, approved, expected) -> None:  # type: ignore[no-untyped-def]
    household = world.households[household_key].model_copy(
        update={"approved_on": world.today if approved else None}
    )
    assert can_invite(world.actor(actor_key), household) is expected


def test_nobody_signed_in_may_invite(world) -> None:  # type: ignore[no-untyped-def]
    assert can_invite(None, world.households["own"]) is False
    assert can_invite(world.actor("carer"), None) is False


@pytest.mark.parametrize("actor_key", ["carer", "ssw", "officer", "enquirer"])
def test_no_invite_is_made_for_someone_who_may_not_invite(world, database_url, actor_key: str) -> None:  # type: ignore[no-untyped-def]
    async def attempt(session):  # type: ignore[no-untyped-def]
        with pytest.raises(InviteNotAllowed):
            await invite_for(session=session, carer=world.actor(actor_key))

    run_with_session(database_url, attempt)  # "carer": their household is not approved in this world


# --- codes ---------------------------------------------------------------------------------


def test_an_invite_is_made_once_and_kept(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    async def twice(session):  # type: ignore[no-untyped-def]
        first = await invite_for(session=session, carer=approved.actor("carer"))
        again = await invite_for(session=session, carer=approved.actor("carer"))
        return first.code, again.code

    first, again = run_with_session(database_url, twice)
    assert first == again
    # A new session, as the next request would have: still the same invite.
    assert (
        run_with_session(database_url, lambda s: invite_for(session=s, carer=approved.actor("carer"))).code
        == first
    )


def test_codes_are_unique_unguessable_and_name_nobody(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    async def codes(session):  # type: ignore[no-untyped-def]
        return {key: (await invite_for(session=session, carer=approved.actor(key))).code for key in CARERS}

    made = run_with_session(database_url, codes)
    assert len(set(made.values())) == len(CARERS)
    for key, code in made.items():
        assert re.fullmatch(r"[A-Za-z0-9_-]{12}", code), code  # 72 random bits
        user = approved.users[key]
        for revealing in (key, user.display_name.split()[0], str(user.id)[:8], user.email.split("@")[0]):
            assert revealing.lower() not in code.lower()


def test_the_first_name_appears_only_when_the_carer_chooses(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    carer = approved.actor("carer")

    async def story(session):  # type: ignore[no-untyped-def]
        code = (await invite_for(session=session, carer=carer)).code
        default = await invite_by_code(session=session, code=code)
        await set_show_first_name(session=session, carer=carer, show=True)
        shown = await invite_by_code(session=session, code=code)
        await set_show_first_name(session=session, carer=carer, show=False)
        hidden = await invite_by_code(session=session, code=code)
        return default, shown, hidden

    default, shown, hidden = run_with_session(database_url, story)
    assert default.first_name is None and hidden.first_name is None
    assert shown.first_name == "Carer" and shown.carer_id == carer.user_id
    assert shown.council_id == approved.councils["eastbrook"].id


def test_attribution_is_for_the_council_whose_site_it_is(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    eastbrook, westmere = approved.councils["eastbrook"].id, approved.councils["westmere"].id

    async def story(session):  # type: ignore[no-untyped-def]
        code = (await invite_for(session=session, carer=approved.actor("carer"))).code
        return [
            await attribution_for(session=session, code=code, council_id=eastbrook),
            await attribution_for(session=session, code=code, council_id=westmere),
            await attribution_for(session=session, code=code.swapcase(), council_id=eastbrook),
            await attribution_for(session=session, code="nothing-here", council_id=eastbrook),
            await attribution_for(session=session, code="", council_id=eastbrook),
            await attribution_for(session=session, code=None, council_id=eastbrook),
            await attribution_for(session=session, code="' OR 1=1 --", council_id=eastbrook),
        ]

    assert run_with_session(database_url, story) == [
        approved.users["carer"].id,
        None,
        None,
        None,
        None,
        None,
        None,
    ]


def test_an_invite_stops_working_when_its_carer_leaves(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    async def story(session):  # type: ignore[no-untyped-def]
        code = (await invite_for(session=session, carer=approved.actor("carer"))).code
        user = await session.get(User, approved.users["carer"].id)
        user.is_active = False
        session.add(user)
        await session.commit()
        return await invite_by_code(session=session, code=code)

    assert run_with_session(database_url, story) is None


# --- thanks --------------------------------------------------------------------------------


async def _outbox(session) -> list[Outbox]:  # type: ignore[no-untyped-def]
    return list((await session.exec(select(Outbox).order_by(Outbox.created_at))).all())


def test_the_carer_is_thanked_once_at_a_first_conversation_and_once_at_approval(
    approved, database_url
) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquiry_for(approved, referrer="carer")

    async def story(session):  # type: ignore[no-untyped-def]
        session.add(enquiry)
        await session.commit()
        for stage in (EnquiryStage.FIRST_CONVERSATION, EnquiryStage.FIRST_CONVERSATION):
            await on_stage_change(session, enquiry=enquiry, to_stage=stage)
            await session.commit()
        after_conversation = len(await _outbox(session))
        for stage in (
            EnquiryStage.HOME_VISIT,
            EnquiryStage.APPLICATION,
            EnquiryStage.ASSESSMENT,
            EnquiryStage.PANEL,
        ):
            await on_stage_change(session, enquiry=enquiry, to_stage=stage)
        await session.commit()
        after_middle = len(await _outbox(session))
        await on_stage_change(session, enquiry=enquiry, to_stage=EnquiryStage.APPROVED)
        await on_stage_change(session, enquiry=enquiry, to_stage=EnquiryStage.APPROVED)
        await session.commit()
        return after_conversation, after_middle, await _outbox(session)

    after_conversation, after_middle, rows = run_with_session(database_url, story)
    assert (after_conversation, after_middle) == (1, 1)
    assert [r.recipient_id for r in rows] == [approved.users["carer"].id] * 2
    assert {r.kind for r in rows} == {NotificationKind.MESSAGES}
    assert {r.url for r in rows} == {"/invite"}
    assert rows[0].title == "Thank you for sharing your invite"
    assert "first conversation" in rows[0].body and "approved as a foster carer" in rows[1].body
    assert [r.dedupe_key for r in rows] == [
        f"referral-thanks:{enquiry.id}:first_conversation",
        f"referral-thanks:{enquiry.id}:approved",
    ]


def test_the_thanks_say_nothing_about_the_person(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquiry_for(
        approved,
        referrer="carer",
        name="Persephone Oakenshield",
        email="p.oakenshield@example.com",
        postcode="EB1 7QZ",
        phone="07700 900123",
        household="couple",
        motivation="We live in Northfield",
    )

    async def story(session):  # type: ignore[no-untyped-def]
        session.add(enquiry)
        await on_stage_change(session, enquiry=enquiry, to_stage=EnquiryStage.FIRST_CONVERSATION)
        await on_stage_change(session, enquiry=enquiry, to_stage=EnquiryStage.APPROVED)
        await session.commit()
        return await _outbox(session)

    rows = run_with_session(database_url, story)
    assert len(rows) == 2
    revealing = [
        *enquiry.name.split(),
        enquiry.email,
        enquiry.email.split("@")[0],
        enquiry.postcode,
        enquiry.postcode.split()[0],
        enquiry.phone,
        "Northfield",
        str(enquiry.id),
    ]
    for row in rows:
        words = f"{row.title} {row.body} {row.url}".lower()
        assert [w for w in revealing if w.lower() in words] == []


@pytest.mark.parametrize(
    "stage", [s for s in EnquiryStage if s not in (EnquiryStage.FIRST_CONVERSATION, EnquiryStage.APPROVED)]
)
def test_no_thanks_at_other_stages(approved, database_url, stage: EnquiryStage) -> None:  # type: ignore[no-untyped-def]
    async def story(session):  # type: ignore[no-untyped-def]
        enquiry = enquiry_for(approved, referrer="carer")
        session.add(enquiry)
        await on_stage_change(session, enquiry=enquiry, to_stage=stage)
        await session.commit()
        return await _outbox(session)

    assert run_with_session(database_url, story) == []


def test_no_thanks_without_a_referrer_or_across_councils(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    async def story(session):  # type: ignore[no-untyped-def]
        walk_in = enquiry_for(approved, referrer=None)
        # A referrer from another council cannot be right; thank nobody rather than the wrong person.
        crossed = enquiry_for(approved, referrer="west_carer")
        session.add_all([walk_in, crossed])
        for enquiry in (walk_in, crossed):
            for stage in (EnquiryStage.FIRST_CONVERSATION, EnquiryStage.APPROVED):
                await on_stage_change(session, enquiry=enquiry, to_stage=stage)
        await session.commit()
        return await _outbox(session)

    assert run_with_session(database_url, story) == []


def test_nothing_is_queued_unless_the_caller_commits(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    enquiry = enquiry_for(approved, referrer="carer")

    async def story(session):  # type: ignore[no-untyped-def]
        session.add(enquiry)
        await session.commit()
        await on_stage_change(session, enquiry=enquiry, to_stage=EnquiryStage.FIRST_CONVERSATION)
        await session.rollback()  # the officer's change failed: no thanks for a move that never happened
        return await _outbox(session)

    assert run_with_session(database_url, story) == []


# --- counts --------------------------------------------------------------------------------


def test_counts_show_how_far_invited_people_went_and_nothing_else(approved, database_url) -> None:  # type: ignore[no-untyped-def]
    async def story(session):  # type: ignore[no-untyped-def]
        at = {
            "new": enquiry_for(approved, referrer="carer"),
            "visited": enquiry_for(approved, referrer="carer", stage=EnquiryStage.HOME_VISIT),
            "approved": enquiry_for(approved, referrer="carer", stage=EnquiryStage.APPROVED),
            "withdrew_after_talking": enquiry_for(approved, referrer="carer", stage=EnquiryStage.WITHDRAWN),
            "withdrew_at_once": enquiry_for(approved, referrer="carer", stage=EnquiryStage.WITHDRAWN),
            "someone_elses": enquiry_for(approved, referrer="other_carer", stage=EnquiryStage.APPROVED),
            "walk_in": enquiry_for(approved, referrer=None, stage=EnquiryStage.APPROVED),
        }
        session.add_all(at.values())
        await session.flush()
        talked = at["withdrew_after_talking"]
        for from_stage, to_stage in (
            (EnquiryStage.ENQUIRY, EnquiryStage.FIRST_CONVERSATION),
            (EnquiryStage.FIRST_CONVERSATION, EnquiryStage.WITHDRAWN),
        ):
            session.add(
                EnquiryStageChange(
                    council_id=talked.council_id,
                    enquiry_id=talked.id,
                    from_stage=from_stage,
                    to_stage=to_stage,
                )
            )
        await session.commit()
        return (
            await referral_counts(session=session, carer_id=approved.users["carer"].id),
            await referral_counts(session=session, carer_id=approved.users["west_carer"].id),
        )

    mine, nobody = run_with_session(database_url, story)
    assert mine == {"enquiries": 5, "first_conversations": 3, "approved": 1}
    assert nobody == {"enquiries": 0, "first_conversations": 0, "approved": 0}


def test_counts_for_an_unknown_carer_are_zero(database_url) -> None:  # type: ignore[no-untyped-def]
    counts = run_with_session(database_url, lambda s: referral_counts(session=s, carer_id=uuid.uuid4()))
    assert counts == {"enquiries": 0, "first_conversations": 0, "approved": 0}
