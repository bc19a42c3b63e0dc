"""The permission matrix, built from the app's own routes.

Every handler has a row in ``ROUTES`` saying who may use it and, for a handler that names a
record, which records they reach: their own (a child placed with their household, their own
device, their council's enquiry), another household's or person's in the same council, and
another council's. Each handler is then tried by every role and by someone signed out,
against each kind of record. A route without a row fails ``test_every_route_has_a_row``.

Answers: signed out, a guarded page sends you to sign in (303 to /sign-in); a role that can
never use the page is told so (403, and where to go); a record you may not reach is the same
404 as a missing one.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from carer_portal.app import create_app
from carer_portal.db import utcnow
from carer_portal.notifications.models import PushSubscription
from carer_portal.people.models import Household, Role
from carer_portal.recruitment.enquiries.models import Enquiry
from carer_portal.recruitment.stories.models import Story
from carer_portal.security.guards import is_public
from tests.support.app import make_settings, run_with_session
from tests.support.form_cases import OBSERVATION, PROFILE, STORY, handlers
from tests.support.pages import check_page

WHO = [None, "carer", "ssw", "officer", "manager", "admin", "enquirer"]
SIGNED_IN = frozenset(w for w in WHO if w)
RELATIONS = ("own", "other", "west")


@dataclass(frozen=True)
class Row:
    who: frozenset[str]  # who may use it; "public" routes are listed in PUBLIC instead
    ok: int  # the answer for them, on a record they reach
    record: str | None = None  # the kind of record the path names
    reaches: frozenset[str] = frozenset({"own"})  # which relations they reach
    data: dict = field(default_factory=dict)  # a valid post
    json: bool = False


OFFICER = frozenset({"officer"})
ENQUIRER = frozenset({"enquirer"})
COUNCIL_WIDE = frozenset({"own", "other"})  # staff reach every record of their own council
ROUTES: dict[tuple[str, str], Row] = {
    ("GET", "/your-enquiries"): Row(ENQUIRER, 200),
    # Their own enquiry is one made with their account's email; "other" is someone else's.
    ("GET", "/your-enquiries/{enquiry_id:uuid}"): Row(ENQUIRER, 200, "own_enquiry"),
    ("POST", "/your-enquiries/{enquiry_id:uuid}/feeling"): Row(
        ENQUIRER, 303, "own_enquiry", data={"feeling": "more"}
    ),
    ("GET", "/your-enquiries/{enquiry_id:uuid}/withdraw"): Row(ENQUIRER, 200, "own_enquiry"),
    ("POST", "/your-enquiries/{enquiry_id:uuid}/withdraw"): Row(ENQUIRER, 303, "own_enquiry"),
    # The service manager reads the inbox and each enquiry; only officers change them.
    ("GET", "/enquiries"): Row(OFFICER | {"manager"}, 200),
    ("GET", "/enquiries/{enquiry_id:uuid}"): Row(OFFICER | {"manager"}, 200, "enquiry", COUNCIL_WIDE),
    ("POST", "/enquiries/{enquiry_id:uuid}/notes"): Row(
        OFFICER, 303, "enquiry", COUNCIL_WIDE, {"text": "Rang back."}
    ),
    ("POST", "/enquiries/{enquiry_id:uuid}/assign"): Row(
        OFFICER, 303, "enquiry", COUNCIL_WIDE, {"officer": ""}
    ),
    ("POST", "/enquiries/{enquiry_id:uuid}/stage"): Row(
        OFFICER, 303, "enquiry", COUNCIL_WIDE, {"stage": "first_conversation"}
    ),
    ("GET", "/account"): Row(SIGNED_IN, 200),
    # Each person's own information: no record in the path, so nobody can name another's.
    ("GET", "/account/your-data"): Row(SIGNED_IN, 200),
    ("GET", "/account/your-data.json"): Row(SIGNED_IN, 200),
    ("GET", "/home"): Row(SIGNED_IN, 302),
    ("POST", "/sign-out"): Row(SIGNED_IN, 303),
    ("POST", "/account/sign-out-everywhere"): Row(SIGNED_IN, 303),
    ("GET", "/children"): Row(frozenset({"carer", "ssw"}), 200),
    ("GET", "/children/{child_id:uuid}"): Row(frozenset({"carer", "ssw"}), 200, "child"),
    # A needs profile: its carers and social worker read the history; only the social worker of
    # the child's household publishes a new version.
    ("GET", "/children/{child_id:uuid}/needs"): Row(frozenset({"carer", "ssw"}), 200, "child"),
    ("GET", "/children/{child_id:uuid}/needs/new"): Row(frozenset({"ssw"}), 200, "child"),
    ("POST", "/children/{child_id:uuid}/needs"): Row(frozenset({"ssw"}), 303, "child", data=PROFILE),
    # Carers add notes about a child living with them; the SSW reads them (403 from the guard).
    ("POST", "/children/{child_id:uuid}/observations"): Row(
        frozenset({"carer"}), 303, "child", data=OBSERVATION
    ),
    ("GET", "/overview"): Row(frozenset({"manager"}), 200),
    ("GET", "/overview/needs"): Row(frozenset({"manager"}), 200),
    ("GET", "/recruitment/dashboard"): Row(frozenset({"officer", "manager"}), 200),
    ("GET", "/admin/staff"): Row(frozenset({"admin"}), 200),
    ("POST", "/admin/staff/{user_id:uuid}/role"): Row(
        frozenset({"admin"}), 303, "staff", data={"role": "manager"}
    ),
    ("GET", "/admin/audit/children"): Row(frozenset({"admin"}), 200),
    ("GET", "/admin/audit/children/{child_id:uuid}"): Row(frozenset({"admin"}), 200, "child", COUNCIL_WIDE),
    ("GET", "/admin/needs-framework"): Row(frozenset({"admin"}), 200),
    # These posts carry no file (a multipart upload): refused as such. The upload: tests/web/needs.
    ("POST", "/admin/needs-framework"): Row(frozenset({"admin"}), 400),
    ("GET", "/notifications"): Row(SIGNED_IN, 200),
    ("POST", "/notifications/preferences"): Row(
        SIGNED_IN,
        303,
        data={"kinds": ["messages"], "quiet_hours": "yes", "quiet_from": "21:00", "quiet_until": "08:00"},
    ),
    ("POST", "/notifications/test"): Row(SIGNED_IN, 303),
    ("POST", "/notifications/subscriptions"): Row(
        SIGNED_IN, 400, json=True
    ),  # the body's checks: its own tests
    ("POST", "/notifications/devices/{subscription_id:uuid}/turn-off"): Row(SIGNED_IN, 303, "device"),
    ("GET", "/recruitment/stories"): Row(OFFICER, 200),
    ("GET", "/recruitment/stories/new"): Row(OFFICER, 200),
    ("POST", "/recruitment/stories"): Row(OFFICER, 303, data=STORY),
    ("GET", "/recruitment/stories/{story_id:uuid}"): Row(OFFICER, 200, "story", COUNCIL_WIDE),
    ("POST", "/recruitment/stories/{story_id:uuid}"): Row(OFFICER, 303, "story", COUNCIL_WIDE, data=STORY),
    ("POST", "/recruitment/stories/{story_id:uuid}/consent"): Row(
        OFFICER, 303, "story", COUNCIL_WIDE, data={"consent_note": "Signed form"}
    ),
    ("POST", "/recruitment/stories/{story_id:uuid}/publish"): Row(OFFICER, 303, "story", COUNCIL_WIDE),
    ("POST", "/recruitment/stories/{story_id:uuid}/unpublish"): Row(OFFICER, 303, "story", COUNCIL_WIDE),
    ("GET", "/invite"): Row(frozenset({"carer"}), 200),
    ("POST", "/invite/name"): Row(frozenset({"carer"}), 303, data={"show_first_name": "yes"}),
    # Importing case records (children/imports). A matrix post is URL-encoded and so carries no
    # file: the page answers 400 asking for one (uploads: tests/web/imports).
    ("GET", "/case-records/import"): Row(frozenset({"ssw", "admin"}), 200),
    ("POST", "/case-records/import"): Row(frozenset({"ssw", "admin"}), 400, data={"kind": "children"}),
}
# Public handlers answer the same whoever asks; the pages are tried below, the posts by their
# own features' tests (forms, sign-in, enquiries) and by the no-5xx property test.
PUBLIC_GET_STATUS = {
    "/staff/sign-in": 303,  # no identity provider in these demo-mode tests: to the demo sign-in
    "/sign-in/link": 400,  # no token
    "/staff/sign-in/callback": 400,  # no sign-in was started
    "/your-enquiry/{token:str}": 404,
    "/your-enquiry/{token:str}/withdraw": 404,
    "/stories/{slug:str}": 404,
    "/invite/{code:str}": 404,
}
SIGNED_IN_ELSEWHERE = {"/sign-in": 302}  # a signed-in person is sent home from the sign-in page


def _app(tmp_path: Path, database_url: str) -> Litestar:
    return create_app(make_settings(tmp_path / "data", database_url, demo_mode=True))


def test_every_route_has_a_row(tmp_path: Path, database_url: str) -> None:
    app = _app(tmp_path, database_url)
    missing, wrongly_public = [], []
    for path, handler in handlers(app):
        for method in handler.http_methods - {"OPTIONS", "HEAD"}:
            if is_public(handler.opt):
                if (method, path) in ROUTES:
                    wrongly_public.append((method, path))
            elif (method, path) not in ROUTES:
                missing.append((method, path))
    assert missing == [], f"guarded routes without a row in ROUTES: {missing}"
    assert wrongly_public == [], f"rows for routes that are public: {wrongly_public}"


ROLE_OF = {
    "carer": Role.CARER,
    "ssw": Role.SUPERVISING_SOCIAL_WORKER,
    "officer": Role.RECRUITMENT_OFFICER,
    "manager": Role.MANAGER,
    "admin": Role.ADMIN,
    "enquirer": Role.ENQUIRER,
}


def _guard_lets_in(handler) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """Who the handler's guards alone let in, whatever the service behind them would refuse."""
    allowed = set(ROLE_OF)
    for guard in handler.resolve_guards():
        roles = getattr(getattr(guard, "func", guard), "allowed_roles", None)  # Litestar wraps sync guards
        if roles is not None:
            allowed &= {who for who, role in ROLE_OF.items() if role in roles}
    return frozenset(allowed)


def test_each_guard_is_exactly_as_strict_as_its_row(tmp_path: Path, database_url: str) -> None:
    """The services behind a page refuse too, so a guard weakened to "signed in" would still
    answer 404 to the wrong role: this checks the guard itself."""
    app = _app(tmp_path, database_url)
    wrong = {}
    for path, handler in handlers(app):
        for method in handler.http_methods - {"OPTIONS", "HEAD"}:
            row = ROUTES.get((method, path))
            if row is not None and _guard_lets_in(handler) != row.who:
                wrong[(method, path)] = (sorted(_guard_lets_in(handler)), sorted(row.who))
    assert wrong == {}, f"(the guard lets in, the row says): {wrong}"


@pytest.fixture
def records(database_url: str, world) -> dict[str, dict[str, str]]:
    """The records each relation names, per kind (and a device for every person)."""
    east, west = world.councils["eastbrook"].id, world.councils["westmere"].id

    async def make(session):  # type: ignore[no-untyped-def]
        household = await session.get(Household, world.households["own"].id)
        household.approved_on = date(2024, 1, 1)  # an approved carer has an invite page
        places = {"own": east, "other": east, "west": west}
        enquiries = {
            r: Enquiry(
                council_id=c,
                name="Robin Page",
                email=f"{r}@example.com",
                postcode="EB1 1AA",
                created_at=utcnow(),
            )
            for r, c in places.items()
        }
        # The enquirer's own, made with their account's email and already called back.
        own_enquiry = Enquiry(
            council_id=east,
            name="Robin Page",
            email=world.users["enquirer"].email,
            postcode="EB1 1AA",
            created_at=utcnow(),
            first_responded_at=utcnow(),
        )
        stories = {
            r: Story(
                council_id=c,
                slug=f"matrix-{r}",
                carer_name="Mo",
                household="A couple",
                area="North",
                quote="It changed us",
                body="Our story.",
                consent_recorded_at=utcnow(),
                consent_note="Signed form",
            )
            for r, c in places.items()
        }
        devices = {}
        for key, user in world.users.items():
            device = PushSubscription(
                council_id=user.council_id,
                user_id=user.id,
                endpoint=f"https://fcm.googleapis.com/fcm/send/{key}",
                p256dh="x",
                auth="y",
            )
            devices[key] = device
        session.add_all([household, own_enquiry, *enquiries.values(), *stories.values(), *devices.values()])
        await session.commit()
        return (
            {r: str(e.id) for r, e in enquiries.items()} | {"own_enquiry": str(own_enquiry.id)},
            {r: str(s.id) for r, s in stories.items()},
            {k: str(d.id) for k, d in devices.items()},
        )

    enquiries, stories, devices = run_with_session(database_url, make)
    own_enquiry = enquiries.pop("own_enquiry")
    return {
        # Officers work on every enquiry and story of their council: "other" is another one there.
        "enquiry": enquiries,
        "own_enquiry": {"own": own_enquiry, "other": enquiries["own"], "west": enquiries["west"]},
        "story": stories,
        "child": {
            "own": str(world.children["current"].id),
            "other": str(world.children["other_current"].id),
            "west": str(world.children["west_current"].id),
        },
        # An administrator changes staff of their council; a carer is not staff.
        "staff": {
            "own": str(world.users["other_ssw"].id),
            "other": str(world.users["carer"].id),
            "west": str(world.users["west_ssw"].id),
        },
        # "own" is filled in per person below: their own device.
        "device": {
            "other": devices["other_carer"],
            "west": devices["west_carer"],
            **{f"own:{who}": devices[who] for who in SIGNED_IN},
        },
    }


PARAM = re.compile(r"\{\w+:uuid\}")


def _try(client: TestClient, method: str, path: str, row: Row, who: str | None):  # type: ignore[no-untyped-def, type-arg]
    client.cookies.clear()
    if who is not None:
        client.set_session_data(client.app.state.world.session_for(who))
    client.get("/sign-in")
    token = client.cookies.get("csrftoken", "")
    if method == "GET":
        return client.get(path, follow_redirects=False)
    if row.json:
        return client.post(
            path,
            content=b"{}",
            headers={"x-csrftoken": token, "content-type": "application/json"},
            follow_redirects=False,
        )
    return client.post(path, data={**row.data, "_csrf_token": token}, follow_redirects=False)


@pytest.mark.parametrize(("method", "path"), list(ROUTES), ids=[f"{m} {p}" for m, p in ROUTES])
def test_each_guarded_route_for_every_role_and_record(
    tmp_path: Path, database_url: str, world, records, method: str, path: str
) -> None:
    row = ROUTES[(method, path)]
    app = _app(tmp_path, database_url)
    app.state.world = world
    answers: dict[tuple[str | None, str], int] = {}
    expected: dict[tuple[str | None, str], int] = {}
    # Those who may use it go last, and their own record last of all: their posts change things.
    order = sorted(WHO, key=lambda w: (w in row.who, w or ""))
    relations = sorted(RELATIONS if row.record else ("none",), key=lambda r: r == "own")
    with TestClient(app, base_url="http://127.0.0.1:8000", session_config=app.state.session_config) as client:
        for who in order:
            for relation in relations:
                target = path
                if row.record:
                    kind = records[row.record]
                    record_id = (
                        kind.get(f"own:{who}") if relation == "own" and row.record == "device" else None
                    )
                    record_id = record_id or kind.get(relation) or str(uuid.uuid4())
                    target = PARAM.sub(record_id, path)
                response = _try(client, method, target, row, who)
                status = response.status_code
                if who is None and status == 303:
                    assert response.headers["location"] == "/sign-in", target
                answers[(who, relation)] = status
                if who is None:
                    expected[(who, relation)] = 303
                elif who not in row.who:
                    expected[(who, relation)] = 403
                elif relation in row.reaches or relation == "none":
                    expected[(who, relation)] = row.ok
                else:
                    expected[(who, relation)] = 404
    wrong = {key: (answers[key], expected[key]) for key in answers if answers[key] != expected[key]}
    assert wrong == {}, f"{method} {path}: (who, record) -> (got, expected) {wrong}"


@pytest.mark.parametrize("who", WHO)
def test_public_pages_answer_the_same_whoever_asks(
    tmp_path: Path, database_url: str, world, who: str | None
) -> None:
    app = _app(tmp_path, database_url)
    with TestClient(app, base_url="http://127.0.0.1:8000", session_config=app.state.session_config) as client:
        if who is not None:
            client.set_session_data(world.session_for(who))
        wrong = {}
        for path, handler in handlers(app):
            if not is_public(handler.opt) or "GET" not in handler.http_methods or path.startswith("/static"):
                continue
            target = PARAM.sub(str(uuid.uuid4()), path).replace("{token:str}", "nope")
            target = (
                target.replace("{slug:str}", "nope")
                .replace("{code:str}", "nope")
                .replace("{theme:str}", "nope")
            )
            status = client.get(target, follow_redirects=False).status_code
            expected = PUBLIC_GET_STATUS.get(path, 200)
            if who is not None:
                expected = SIGNED_IN_ELSEWHERE.get(path, expected)
            if path == "/stories/themes/{theme:str}":
                expected = 404
            if status != expected:
                wrong[path] = (status, expected)
    assert wrong == {}, f"(got, expected) for {who}: {wrong}"


def test_a_page_your_role_does_not_have_says_so_and_where_to_go(
    tmp_path: Path, database_url: str, world
) -> None:
    """Not "page not found... check you typed it": the page exists, their role does not have it."""
    from carer_portal.navigation import home_for

    app = _app(tmp_path, database_url)
    with TestClient(app, base_url="http://127.0.0.1:8000", session_config=app.state.session_config) as client:
        for (method, path), row in ROUTES.items():
            if method != "GET":
                continue
            # The guard answers before any record is looked up: any id will do.
            target = PARAM.sub(str(uuid.uuid4()), path)
            for who in SIGNED_IN - row.who:
                client.cookies.clear()
                client.set_session_data(world.session_for(who))
                response = client.get(target, follow_redirects=False)
                assert response.status_code == 403, (who, target)
                soup = check_page(response.text)
                assert soup.h1.get_text(strip=True) == "You do not have access to this page", (who, target)
                assert soup.find("a", string="Go to your home page")["href"] == home_for(ROLE_OF[who])
                assert "typed" not in soup.get_text()
