"""Who counts on a date, and at which level: the rules in carer_portal/overview/needs.py, through
the database, and against a plain count of generated worlds."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.children.models import Child, Placement
from carer_portal.children.needs.framework import as_definition, default_framework, parse
from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles, out_of_date
from carer_portal.overview.needs import (
    A_YEAR_AGO,
    NOW,
    Counts,
    a_year_before,
    count_needs,
    needs_across_the_service,
    out_of_date_if_assessed_by,
)
from carer_portal.people.models import Council, Household
from tests.support.app import run_with_session

TODAY = date(2026, 6, 15)
YEAR_AGO = date(2025, 6, 15)
HEALTH = default_framework().domain("health")
assert HEALTH is not None


# --- the rules that need no database ---------------------------------------------------------


def test_a_year_before() -> None:
    assert a_year_before(TODAY) == YEAR_AGO
    assert a_year_before(date(2028, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize("months", [0, 1, 3, 6, 12, 18])
def test_out_of_date_turns_exactly_where_the_page_counts_it(months: int) -> None:
    """``out_of_date`` is the one definition; the count compares with a date found from it."""
    for today in [date(2026, 1, 1) + timedelta(days=d) for d in range(0, 800, 7)] + [
        date(2024, 2, 29),
        date(2026, 3, 31),
        date(2026, 2, 28),
        date(2026, 8, 31),
    ]:
        threshold = out_of_date_if_assessed_by(today, months=months)
        for back in range(0, 31 * (months + 2)):
            assessed = today - timedelta(days=back)
            assert out_of_date(assessed, today=today, months=months) == (assessed <= threshold), (
                today,
                assessed,
            )


# --- through the database ---------------------------------------------------------------------


@dataclass
class Place:
    """A council of its own for each test's story, so nothing else in the database counts."""

    council: uuid.UUID
    households: list[uuid.UUID]
    framework: NeedsFramework
    clock: list[int] = field(default_factory=lambda: [0])

    def tick(self) -> datetime:
        # Profiles made in order, each a second after the last: "written last" is well defined.
        self.clock[0] += 1
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=self.clock[0])


async def a_council(session: AsyncSession, slug: str | None = None) -> Place:
    council = Council(slug=slug or f"c-{uuid.uuid4().hex[:12]}", name="A council")
    session.add(council)
    await session.flush()
    households = [Household(council_id=council.id, name=f"Household {i}") for i in range(2)]
    session.add_all(households)
    await session.flush()
    framework = await framework_for_new_profiles(session, council.id)
    return Place(council.id, [h.id for h in households], framework)


async def a_child(
    session: AsyncSession, place: Place, *placements: tuple[date, date | None], household: int = 0
) -> Child:
    child = Child(
        council_id=place.council,
        first_name="Wilhelmina",
        last_name="Quillfeather",
        date_of_birth=date(2016, 1, 1),
    )
    session.add(child)
    await session.flush()
    for started, ended in placements:
        session.add(
            Placement(
                council_id=place.council,
                child_id=child.id,
                household_id=place.households[household],
                started_on=started,
                ended_on=ended,
            )
        )
    await session.flush()
    return child


async def a_profile(
    session: AsyncSession,
    place: Place,
    child: Child,
    assessed_on: date,
    levels: dict[str, int],
    framework: NeedsFramework | None = None,
) -> NeedsProfile:
    profile = NeedsProfile(
        council_id=place.council,
        child_id=child.id,
        framework_id=(framework or place.framework).id,
        assessed_on=assessed_on,
        created_at=place.tick(),
    )
    session.add(profile)
    await session.flush()
    session.add_all(
        NeedsRating(council_id=profile.council_id, profile_id=profile.id, domain=d, level=lv)
        for d, lv in levels.items()
    )
    await session.flush()
    return profile


async def counted(session: AsyncSession, place: Place, *, months: int = 6) -> Counts:
    await session.commit()
    return await count_needs(session, council_id=place.council, today=TODAY, review_months=months)


def health(counts: Counts, when: int) -> list[int]:
    return counts.levels(HEALTH, when)  # type: ignore[arg-type]


def test_a_child_counts_on_a_day_one_of_their_placements_was_current(database_url: str) -> None:
    async def story(session: AsyncSession) -> Counts:
        place = await a_council(session)
        day = timedelta(days=1)
        await a_child(session, place, (TODAY - 200 * day, None))  # now
        await a_child(session, place, (TODAY, None))  # from today: counts today
        await a_child(session, place, (TODAY - 50 * day, TODAY))  # ends today: still counts
        await a_child(session, place, (TODAY - 50 * day, TODAY - day))  # ended yesterday: no
        await a_child(session, place, (TODAY + day, None))  # arrives tomorrow: no
        await a_child(session, place, (YEAR_AGO - 10 * day, YEAR_AGO + day))  # a year ago only
        # Two placements, one then and one now (a move between households): once on each day.
        await a_child(session, place, (YEAR_AGO - 10 * day, TODAY - 90 * day), (TODAY - 90 * day + day, None))
        return await counted(session, place)

    counts = run_with_session(database_url, story)
    assert counts.totals[NOW].placed == 4
    assert counts.totals[A_YEAR_AGO].placed == 2
    # Nobody has a profile: every child counted is "not rated".
    assert health(counts, NOW) == [0, 0, 0, 0, 0, 4]
    assert health(counts, A_YEAR_AGO) == [0, 0, 0, 0, 0, 2]
    assert (counts.totals[NOW].with_profile, counts.totals[NOW].out_of_date) == (0, 0)


def test_the_latest_profile_on_or_before_the_day_counts(database_url: str) -> None:
    async def story(session: AsyncSession) -> Counts:
        place = await a_council(session)
        child = await a_child(session, place, (date(2024, 1, 1), None))
        await a_profile(session, place, child, date(2024, 3, 1), {"health": 4})
        await a_profile(session, place, child, YEAR_AGO, {"health": 1})  # on the day: counts then
        await a_profile(session, place, child, TODAY - timedelta(days=100), {"health": 2})
        await a_profile(session, place, child, TODAY + timedelta(days=1), {"health": 0})  # future
        # Two on the same day: the one written last.
        twins = await a_child(session, place, (date(2024, 1, 1), None))
        await a_profile(session, place, twins, TODAY - timedelta(days=5), {"health": 1})
        await a_profile(session, place, twins, TODAY - timedelta(days=5), {"health": 3})
        return await counted(session, place)

    counts = run_with_session(database_url, story)
    assert health(counts, NOW) == [0, 0, 1, 1, 0, 0]
    assert health(counts, A_YEAR_AGO) == [0, 1, 0, 0, 0, 1]  # twins had no profile a year ago


def test_profiles_of_children_not_placed_that_day_do_not_count(database_url: str) -> None:
    async def story(session: AsyncSession) -> tuple[Counts, Counts]:
        place = await a_council(session)
        gone = await a_child(session, place, (date(2024, 1, 1), TODAY - timedelta(days=1)))
        await a_profile(session, place, gone, TODAY - timedelta(days=30), {"health": 4})
        here = await a_child(session, place, (date(2024, 1, 1), None))
        await a_profile(session, place, here, TODAY - timedelta(days=30), {"health": 2})
        # Another council: the same shape, and none of it counts here.
        elsewhere = await a_council(session)
        theirs = await a_child(session, elsewhere, (date(2024, 1, 1), None))
        await a_profile(session, elsewhere, theirs, TODAY - timedelta(days=30), {"health": 4})
        return await counted(session, place), await counted(session, elsewhere)

    ours, theirs = run_with_session(database_url, story)
    assert health(ours, NOW) == [0, 0, 1, 0, 0, 0]
    assert health(ours, A_YEAR_AGO) == [0, 0, 0, 0, 0, 2]  # both placed then, neither assessed
    assert health(theirs, NOW) == [0, 0, 0, 0, 1, 0]


def test_any_version_with_the_domain_counts_and_others_are_not_rated(database_url: str) -> None:
    base = as_definition(default_framework())
    without_health = {**base, "domains": [d for d in base["domains"] if d["key"] != "health"]}
    longer = {
        **base,
        "domains": [
            {**d, "levels": [*d["levels"], {"label": "Beyond", "descriptor": "More."}]}
            if d["key"] == "health"
            else d
            for d in base["domains"]
        ],
    }
    parse(without_health), parse(longer)  # both are frameworks a council could load

    async def story(session: AsyncSession) -> Counts:
        place = await a_council(session)

        async def version(number: int, definition: dict) -> NeedsFramework:  # type: ignore[type-arg]
            row = NeedsFramework(
                council_id=place.council,
                key=definition["key"],
                version=number,
                name=definition["name"],
                definition=definition,
                created_at=datetime(2020, 1, number, tzinfo=UTC),  # older than the current one
            )
            session.add(row)
            await session.flush()
            return row

        v_without, v_longer = await version(2, without_health), await version(3, longer)
        since = (date(2024, 1, 1), None)
        # Rated on a version with no health domain: a stray health rating does not count.
        a = await a_child(session, place, since)
        await a_profile(session, place, a, TODAY, {"health": 2, "identity": 1}, v_without)
        # Rated on a longer scale: level 5 is not on the current scale; level 3 is.
        b = await a_child(session, place, since)
        await a_profile(session, place, b, TODAY, {"health": 5}, v_longer)
        c = await a_child(session, place, since)
        await a_profile(session, place, c, TODAY, {"health": 3}, v_longer)
        # The current version, but no health rating in the profile.
        d = await a_child(session, place, since)
        await a_profile(session, place, d, TODAY, {"identity": 2})
        return await counted(session, place)

    counts = run_with_session(database_url, story)
    assert counts.framework.version == 1  # the default, loaded last
    assert health(counts, NOW) == [0, 0, 0, 1, 0, 3]
    identity = default_framework().domain("identity")
    assert counts.levels(identity, NOW) == [0, 1, 1, 0, 0, 2]  # type: ignore[arg-type]


def test_profiles_out_of_date_and_children_with_none(database_url: str) -> None:
    async def story(session: AsyncSession) -> Counts:
        place = await a_council(session)
        since = (date(2024, 1, 1), None)
        for assessed in (
            TODAY,  # up to date
            date(2025, 12, 16),  # up to date: due on 16 June
            date(2025, 12, 15),  # due today: out of date
            date(2025, 1, 1),  # out of date
        ):
            child = await a_child(session, place, since)
            await a_profile(session, place, child, assessed, {"health": 1})
        # Out of date, though a newer profile exists... for tomorrow: only the old one counts.
        child = await a_child(session, place, since)
        await a_profile(session, place, child, date(2025, 1, 1), {"health": 1})
        await a_profile(session, place, child, TODAY + timedelta(days=1), {"health": 1})
        for _ in range(3):  # no profile at all
            await a_child(session, place, since)
        return await counted(session, place, months=6)

    counts = run_with_session(database_url, story)
    now = counts.totals[NOW]
    assert (now.placed, now.with_profile, now.out_of_date) == (8, 5, 3)


def test_the_figures_are_for_managers_of_that_council_only(database_url: str, world) -> None:  # type: ignore[no-untyped-def]
    async def ask(session: AsyncSession) -> dict[str, bool]:
        answers = {}
        for who in ("manager", "west_manager", "carer", "ssw", "officer", "admin", "enquirer"):
            figures = await needs_across_the_service(
                session=session, actor=world.actor(who), today=world.today, review_months=6
            )
            answers[who] = figures is not None
        return answers

    answers = run_with_session(database_url, ask)
    assert answers == {
        "manager": True,
        "west_manager": True,
        "carer": False,
        "ssw": False,
        "officer": False,
        "admin": False,
        "enquirer": False,
    }


# --- generated worlds: the database's count is a plain count ----------------------------------

DAYS = st.integers(-800, 30)  # days from today
PLACEMENT = st.tuples(DAYS, st.one_of(st.none(), st.integers(0, 500)))  # start, length
PROFILE = st.tuples(DAYS, st.integers(0, 5), st.booleans())  # assessed, health level, on v_without
CHILD = st.tuples(st.lists(PLACEMENT, max_size=2), st.lists(PROFILE, max_size=3), st.booleans())
WORLDS = st.lists(CHILD, max_size=12)


def plain_count(children: list, *, on: date, has_health: dict[bool, bool]) -> list[int]:  # type: ignore[type-arg]
    """The rule as a person would apply it, child by child."""
    levels = [0] * 6  # five levels, then "not rated"
    for placements, profiles, _ in children:
        if not any(s <= on and (e is None or e >= on) for s, e in placements):
            continue
        before = [p for p in profiles if p[0] <= on]  # (assessed, order written, level, version)
        if not before:
            levels[5] += 1
            continue
        _, _, level, other_version = max(before, key=lambda p: (p[0], p[1]))
        rated = has_health[other_version] and level <= 4
        levels[level if rated else 5] += 1
    return levels


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(children=WORLDS)
def test_the_database_counts_what_a_plain_count_counts(database_url: str, children: list) -> None:  # type: ignore[type-arg]
    base = as_definition(default_framework())
    without_health = {**base, "domains": [d for d in base["domains"] if d["key"] != "health"]}

    async def story(session: AsyncSession) -> tuple[Counts, list]:  # type: ignore[type-arg]
        place = await a_council(session)
        other = NeedsFramework(
            council_id=place.council,
            key=base["key"],
            version=2,
            name=base["name"],
            definition=without_health,
            created_at=datetime(2020, 1, 1, tzinfo=UTC),
        )
        session.add(other)
        await session.flush()
        plain = []
        for placements, profiles, second_household in children:
            # Placements one after another, as a child's never overlap.
            dated, start = [], None
            for begin, length in sorted(placements):
                begin = max(begin, start + 1) if start is not None else begin
                end = None if length is None else begin + length
                dated.append(
                    (TODAY + timedelta(days=begin), None if end is None else TODAY + timedelta(days=end))
                )
                if end is None:
                    break
                start = end
            child = await a_child(session, place, *dated, household=int(second_household))
            written = []
            for order, (assessed, level, on_other) in enumerate(profiles):
                on = TODAY + timedelta(days=assessed)
                await a_profile(session, place, child, on, {"health": level}, other if on_other else None)
                written.append((on, order, level, on_other))
            plain.append((dated, written, second_household))
        return await counted(session, place), plain

    counts, plain = run_with_session(database_url, story)
    has_health = {False: True, True: False}
    assert health(counts, NOW) == plain_count(plain, on=TODAY, has_health=has_health)
    assert health(counts, A_YEAR_AGO) == plain_count(plain, on=YEAR_AGO, has_health=has_health)
    placed_now = sum(1 for p, _, _ in plain if any(s <= TODAY and (e is None or e >= TODAY) for s, e in p))
    assert counts.totals[NOW].placed == placed_now
