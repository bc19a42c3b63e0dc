"""A person's copy of their information: every kind of record the portal holds about them, and
nothing about anyone else, nor anything that would let someone sign in as them."""

from __future__ import annotations

import json

import pytest

from carer_portal.config import Settings
from carer_portal.security.models import AuditEvent
from carer_portal.your_data.service import YourData, gather_your_data, record_export
from tests.support.app import run_with_session
from tests.support.world import CHILD_FIRST_NAMES, CHILD_LAST_NAME
from tests.support.your_data import NOW, PARTNER, PEOPLE, Planted, plant_everything


@pytest.fixture
def planted(database_url: str, world, settings: Settings) -> dict[str, Planted]:  # type: ignore[no-untyped-def]
    return run_with_session(database_url, lambda session: plant_everything(session, world, settings))


def copy_of(database_url: str, world, settings: Settings, who: str) -> YourData:  # type: ignore[no-untyped-def]
    async def gather(session):  # type: ignore[no-untyped-def]
        return await gather_your_data(session=session, actor=world.actor(who), settings=settings, now=NOW)

    data = run_with_session(database_url, gather)
    assert data is not None
    return data


def test_a_carers_copy_has_every_kind_of_record(database_url, world, settings, planted) -> None:  # type: ignore[no-untyped-def]
    data = copy_of(database_url, world, settings, "carer")
    carer = world.users["carer"]
    assert (data.person.name, data.person.email, data.person.role) == (
        carer.display_name,
        carer.email,
        "Foster carer",
    )
    assert data.person.council == "Eastbrook Council" and data.person.account_created_at is not None

    household = data.household
    assert household is not None
    assert (household.name, household.area) == ("The Own household", "Northfield")
    ssw = world.users["ssw"]
    assert (household.supervising_social_worker_name, household.supervising_social_worker_email) == (
        ssw.display_name,
        ssw.email,
    )
    assert household.other_members == ["Robin Partner"]  # by name only

    preferences = data.notification_preferences
    assert preferences.chosen and not preferences.messages and preferences.quiet_from.hour == 20

    (device,) = data.devices
    assert (device.push_service, device.description, device.turned_on) == (
        "fcm.googleapis.com",
        "Phone LEAK-carer",
        True,
    )
    (link,) = data.sign_in_links
    assert link.used_at is None and link.valid_until > link.sent_at
    assert len(data.sign_in_link_requests) == 1
    assert len(data.sessions) == 1 and data.sessions[0].ended_at is None
    (activity,) = data.activity
    assert (activity.action, activity.description, activity.about) == (
        "view_child",
        "Opened their record",
        "child",
    )
    assert data.invite is not None and data.invite.link.startswith(f"{settings.base_url}/invite/CODE")
    (observation,) = data.observations
    assert observation.text == "Noticed LEAK-carer: slept well"
    assert observation.child_id == world.children["current"].id  # the child by reference
    (enquiry,) = data.enquiries
    assert (enquiry.name, enquiry.in_their_words, enquiry.stage) == (
        "Name LEAK-carer",
        "Why LEAK-carer",
        "Enquiry",
    )

    text = json.dumps(data.as_json())
    for expected in planted["carer"].theirs:
        assert expected in text, expected


@pytest.mark.parametrize("who", [*PEOPLE, PARTNER])
def test_a_copy_holds_nothing_of_anyone_else_and_no_secret(
    database_url, world, settings, planted, who
) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(copy_of(database_url, world, settings, who).as_json())
    for expected in planted[who].theirs:
        assert expected in text, (who, expected)
    # What the portal shows a carer anyway: their household's social worker, and its other carer.
    me = world.users[who]
    household = next((h for h in world.households.values() if h.id == me.household_id), None)
    worker = next(
        (k for k, u in world.users.items() if household and u.id == household.supervising_social_worker_id),
        None,
    )
    household_members = {
        k for k, u in world.users.items() if me.household_id and u.household_id == me.household_id
    }
    shown = {who, *household_members, *([worker] if worker else [])}
    allowed = {f'"{world.users[worker].email}"'} if worker else set()
    for other, things in planted.items():
        if other == who:
            continue
        for thing in [*things.theirs, *things.private]:
            if thing not in allowed:
                assert thing not in text, (who, other, thing)
    for things in planted.values():
        for secret in things.secrets:
            assert secret not in text, (who, secret)
    # Children: never a name, and no reference to a child the person never wrote about.
    for name in [*CHILD_FIRST_NAMES.values(), CHILD_LAST_NAME]:
        assert name not in text, (who, name)
    wrote_about = {"carer": "current", PARTNER: "current", "other_carer": "other_current"}
    wrote_about["west_carer"] = "west_current"
    for key, child in world.children.items():
        if wrote_about.get(who) != key:
            assert str(child.id) not in text, (who, key)
    # Names of people outside their household and its social worker.
    names = {key: user.display_name for key, user in world.users.items()}
    for key, name in names.items():
        if key not in shown and name not in {names[k] for k in shown}:
            assert f'"{name}"' not in text, (who, key)


def test_staff_and_enquirers_have_no_household(database_url, world, settings, planted) -> None:  # type: ignore[no-untyped-def]
    for who in ("manager", "enquirer", "ssw"):
        data = copy_of(database_url, world, settings, who)
        assert data.household is None and data.invite is None and data.observations == []
        assert data.person.email == world.users[who].email
    # Staff sign in with the council's provider: no emailed links.
    assert copy_of(database_url, world, settings, "manager").sign_in_links == []


def test_the_json_is_plain(database_url, world, settings, planted) -> None:  # type: ignore[no-untyped-def]
    data = copy_of(database_url, world, settings, "carer").as_json()
    assert data["produced_at"] == NOW.isoformat()
    assert data["person"]["email"] == world.users["carer"].email
    assert data["observations"][0]["child_id"] == str(world.children["current"].id)
    assert data["notification_preferences"]["quiet_from"] == "20:00:00"
    json.dumps(data)  # nothing left that JSON cannot hold


def test_each_copy_is_recorded_in_the_audit_trail(database_url, world) -> None:  # type: ignore[no-untyped-def]
    async def export_and_read(session):  # type: ignore[no-untyped-def]
        from sqlmodel import select

        await record_export(session, world.actor("carer"))
        return (await session.exec(select(AuditEvent).where(AuditEvent.action == "export"))).all()

    (event,) = run_with_session(database_url, export_and_read)
    carer = world.users["carer"]
    assert (event.actor_id, event.subject_type, event.subject_id, event.council_id) == (
        carer.id,
        "user",
        carer.id,
        carer.council_id,
    )
