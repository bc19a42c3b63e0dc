"""The rules about children, checked directly and against the query scope."""

from __future__ import annotations

import pytest

from carer_portal.security.policies import (
    ChildAccess,
    can_contribute_to_review,
    can_update_child_profile,
    can_view_child,
    can_work_on_enquiries,
    child_access,
    children_scope,
    enquiries_scope,
)
from tests.support.app import run_with_session

EXPECTED = {
    # actor -> child -> access
    "carer": {
        "current": ChildAccess.CARER,
        "left_3_days_ago": ChildAccess.CARER_READ_ONLY,
        "left_30_days_ago": ChildAccess.NONE,
        "other_current": ChildAccess.NONE,
        "arriving_tomorrow": ChildAccess.NONE,
        "west_current": ChildAccess.NONE,
    },
    "other_carer": {"current": ChildAccess.NONE, "other_current": ChildAccess.CARER},
    "ssw": {
        "current": ChildAccess.SUPERVISING,
        "left_3_days_ago": ChildAccess.NONE,
        "other_current": ChildAccess.NONE,
        "west_current": ChildAccess.NONE,
    },
    "other_ssw": {"current": ChildAccess.NONE, "other_current": ChildAccess.SUPERVISING},
    "officer": {"current": ChildAccess.NONE, "other_current": ChildAccess.NONE},
    "manager": {"current": ChildAccess.NONE},
    "admin": {"current": ChildAccess.NONE},
    "enquirer": {"current": ChildAccess.NONE},
    "west_carer": {"current": ChildAccess.NONE, "west_current": ChildAccess.CARER},
    "west_ssw": {"current": ChildAccess.NONE, "west_current": ChildAccess.SUPERVISING},
}


def _access(world, actor_key: str, child_key: str) -> ChildAccess:  # type: ignore[no-untyped-def]
    households = {h.id: h for h in world.households.values()}
    return child_access(
        world.actor(actor_key), world.children[child_key], world.placements, households, today=world.today
    )


@pytest.mark.parametrize(
    ("actor_key", "child_key", "expected"),
    [(a, c, e) for a, children in EXPECTED.items() for c, e in children.items()],
)
def test_who_relates_to_which_child(world, actor_key: str, child_key: str, expected: ChildAccess) -> None:
    assert _access(world, actor_key, child_key) is expected


def test_nobody_signed_in_sees_nobody(world) -> None:
    households = {h.id: h for h in world.households.values()}
    child = world.children["current"]
    assert child_access(None, child, world.placements, households, today=world.today) is ChildAccess.NONE


def test_what_each_kind_of_access_allows() -> None:
    assert [can_view_child(a) for a in ChildAccess] == [False, True, True, True]
    assert {a for a in ChildAccess if can_contribute_to_review(a)} == {
        ChildAccess.CARER,
        ChildAccess.SUPERVISING,
    }
    assert {a for a in ChildAccess if can_update_child_profile(a)} == {ChildAccess.SUPERVISING}


def test_the_query_scope_agrees_with_the_predicate_for_everyone(world, database_url: str) -> None:
    async def visible_ids(session, actor_key):  # type: ignore[no-untyped-def]
        query = children_scope(world.actor(actor_key), today=world.today)
        return {child.id for child in (await session.exec(query)).all()}

    for actor_key in world.users:
        from_scope = run_with_session(database_url, lambda s, k=actor_key: visible_ids(s, k))
        from_predicate = {
            child.id
            for key, child in world.children.items()
            if can_view_child(_access(world, actor_key, key))
        }
        assert from_scope == from_predicate, actor_key


def test_enquiries_are_for_officers_and_the_manager_of_their_own_council(world, database_url: str) -> None:
    from carer_portal.recruitment.enquiries.models import Enquiry

    async def add_and_count(session):  # type: ignore[no-untyped-def]
        for council in world.councils.values():
            session.add(
                Enquiry(council_id=council.id, name="Alex", email="alex@example.com", postcode="EB1 2AB")
            )
        await session.commit()
        counts = {}
        for key in world.users:
            counts[key] = len((await session.exec(enquiries_scope(world.actor(key)))).all())
        return counts

    counts = run_with_session(database_url, add_and_count)
    assert counts.pop("officer") == 1 and counts.pop("west_officer") == 1
    assert counts.pop("manager") == 1 and counts.pop("west_manager") == 1  # they read them
    assert set(counts.values()) == {0}


def test_only_recruitment_officers_change_enquiries_even_where_others_read_them(world) -> None:
    from carer_portal.people.models import Role

    for key in world.users:
        actor = world.actor(key)
        assert can_work_on_enquiries(actor) is (actor.role is Role.RECRUITMENT_OFFICER), key
    assert not can_work_on_enquiries(None)
