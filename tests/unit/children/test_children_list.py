"""The children list without HTTP: a carer's children and those who moved on; a supervising
social worker's households, with new notes first, and each child's latest profile flagged."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child, Placement
from carer_portal.children.pages import children_list
from tests.support.app import run_with_session
from tests.support.needs_profiles import add_note, add_profile

MONTHS = 6


def _list(database_url: str, world, actor_key: str):  # type: ignore[no-untyped-def]
    async def read(session: AsyncSession):  # type: ignore[no-untyped-def]
        return await children_list(
            session=session, actor=world.actor(actor_key), today=world.today, review_months=MONTHS
        )

    return run_with_session(database_url, read)


async def _another_child(session: AsyncSession, world, first_name: str) -> Child:  # type: ignore[no-untyped-def]
    """A second child placed now with the "own" household (the world has one)."""
    child = Child(
        council_id=world.councils["eastbrook"].id,
        first_name=first_name,
        last_name="Quillfeather",
        date_of_birth=world.today - timedelta(days=365 * 5),
    )
    session.add(child)
    await session.flush()
    session.add(
        Placement(
            council_id=child.council_id,
            child_id=child.id,
            household_id=world.households["own"].id,
            started_on=world.today - timedelta(days=50),
        )
    )
    await session.commit()
    return child


def test_a_carer_sees_who_lives_with_them_and_who_moved_on_this_week(world, database_url) -> None:
    listing = _list(database_url, world, "carer")
    assert [v.child.id for v in listing.living_with_you] == [world.children["current"].id]
    assert [v.child.id for v in listing.moved_on] == [world.children["left_3_days_ago"].id]
    assert all(v.read_only for v in listing.moved_on) and listing.households == []


def test_the_ssw_sees_their_households_with_new_notes_first_and_profiles_flagged(world, database_url) -> None:
    today = world.today

    async def arrange(session: AsyncSession):  # type: ignore[no-untyped-def]
        # Named so that, by name alone, they would come before "Tallulah" (the world's child).
        aaron = await _another_child(session, world, "Aaron")
        barnaby = await _another_child(session, world, "Barnaby")
        # Tallulah: an old profile and a newer one still in date, and two new notes.
        current = world.children["current"]
        await add_profile(session, current, assessed_on=today - timedelta(days=400), levels=(1,) * 7)
        await add_profile(session, current, assessed_on=today - timedelta(days=30), levels=(2,) * 7)
        await add_note(session, current, world.users["carer"], noticed_on=today)
        await add_note(session, current, world.users["carer"], noticed_on=today)
        await add_note(session, current, world.users["carer"], noticed_on=today, seen=True)
        # Aaron: a profile past its review date. Barnaby: none at all.
        await add_profile(session, aaron, assessed_on=today - timedelta(days=200), levels=(1,) * 7)
        return aaron.id, barnaby.id

    aaron, barnaby = run_with_session(database_url, arrange)
    listing = _list(database_url, world, "ssw")
    assert listing.living_with_you == listing.moved_on == []
    [household] = listing.households
    assert household.household.id == world.households["own"].id
    lines = household.children
    # New notes first, then the others in name order.
    assert [line.view.child.id for line in lines] == [world.children["current"].id, aaron, barnaby]
    by_id = {line.view.child.id: line for line in lines}
    current = by_id[world.children["current"].id]
    assert (current.new_notes, current.latest_profile_on, current.out_of_date) == (
        2,
        today - timedelta(days=30),
        False,
    )
    assert (by_id[aaron].new_notes, by_id[aaron].latest_profile_on, by_id[aaron].out_of_date) == (
        0,
        today - timedelta(days=200),
        True,
    )
    assert (by_id[barnaby].latest_profile_on, by_id[barnaby].out_of_date) == (None, True)
    assert household.new_notes == 2


def test_households_with_new_notes_come_first(world, database_url) -> None:
    """An SSW who supervises both of the world's households (by a changed record)."""
    from carer_portal.people.models import Household

    async def arrange(session: AsyncSession) -> None:
        other = await session.get(Household, world.households["other"].id)
        other.supervising_social_worker_id = world.users["ssw"].id
        other.name = "The Aardvark household"  # first by name
        session.add(other)
        await session.commit()
        await add_note(session, world.children["current"], world.users["carer"], noticed_on=world.today)

    run_with_session(database_url, arrange)
    listing = _list(database_url, world, "ssw")
    assert [g.household.id for g in listing.households] == [
        world.households["own"].id,
        world.households["other"].id,
    ]
    assert [g.new_notes for g in listing.households] == [1, 0]


def test_out_of_date_follows_the_review_interval(world, database_url) -> None:
    """Exactly six months after the profile it is due; the day before, it is not."""
    from carer_portal.children.needs.service import out_of_date, review_due_by

    assessed = date(2026, 8, 31)
    due = review_due_by(assessed, months=MONTHS)
    assert due == date(2027, 2, 28)
    assert not out_of_date(assessed, today=due - timedelta(days=1), months=MONTHS)
    assert out_of_date(assessed, today=due, months=MONTHS)
