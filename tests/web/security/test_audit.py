"""Every view of a child's information, every sign-in and sign-out, and every role change
leaves an audit event: who, what, which record, when."""

from __future__ import annotations

from sqlmodel import select

from carer_portal.app import create_app
from carer_portal.security.models import AuditEvent
from tests.support.app import make_settings, run_with_session
from tests.support.csrf import csrf_token


def _events(database_url: str) -> list[AuditEvent]:
    async def read(session):  # type: ignore[no-untyped-def]
        return list((await session.exec(select(AuditEvent).order_by(AuditEvent.occurred_at))).all())

    return run_with_session(database_url, read)


def _child_data_get_routes(tmp_path, database_url):  # type: ignore[no-untyped-def]
    app = create_app(make_settings(tmp_path, database_url))
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.opt.get("child_data") and "GET" in handler.http_methods:
                yield route.path


def test_every_child_information_page_writes_an_audit_event(
    sign_in_as, world, database_url, tmp_path
) -> None:
    paths = sorted(set(_child_data_get_routes(tmp_path, database_url)))
    assert paths, "no routes are marked as showing child information"
    child = world.children["current"]
    client = sign_in_as("carer")
    for path in paths:
        before = len(_events(database_url))
        response = client.get(path.replace("{child_id:uuid}", str(child.id)))
        assert response.status_code == 200, path
        new = _events(database_url)[before:]
        assert any(e.subject_id == child.id and e.actor_id == world.users["carer"].id for e in new), path


def test_viewing_a_child_records_who_which_child_and_when(sign_in_as, world, database_url) -> None:
    child = world.children["current"]
    sign_in_as("ssw").get(f"/children/{child.id}")
    (event,) = [e for e in _events(database_url) if e.action == "view_child"]
    assert (event.actor_id, event.subject_type, event.subject_id) == (
        world.users["ssw"].id,
        "child",
        child.id,
    )
    assert event.council_id == world.councils["eastbrook"].id and event.occurred_at.tzinfo is not None


def test_a_refused_view_records_nothing_and_reveals_nothing(sign_in_as, world, database_url) -> None:
    sign_in_as("carer").get(f"/children/{world.children['other_current'].id}")
    assert [e for e in _events(database_url) if e.action == "view_child"] == []


def test_signing_out_and_changing_a_role_are_audited(sign_in_as, world, database_url) -> None:
    client = sign_in_as("admin")
    token = csrf_token(client, "/account")
    client.post(f"/admin/staff/{world.users['ssw'].id}/role", data={"role": "manager", "_csrf_token": token})
    client.post("/sign-out", data={"_csrf_token": token})
    actions = [(e.action, e.subject_id) for e in _events(database_url)]
    assert ("change_role", world.users["ssw"].id) in actions
    assert ("sign_out", world.users["admin"].id) in actions


def test_admins_can_read_a_childs_audit_trail(sign_in_as, world) -> None:
    child = world.children["current"]
    sign_in_as("ssw").get(f"/children/{child.id}")
    page = sign_in_as("admin").get(f"/admin/audit/children/{child.id}").text
    assert "Ssw" in page and "Opened their record" in page
