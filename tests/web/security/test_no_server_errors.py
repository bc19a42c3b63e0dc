"""No input a person (or a robot) can send makes the portal answer 5xx, on either database.

Every route, with every path parameter and every form field the app knows, is tried with
generated text (Hypothesis): control characters, NUL, unassigned and astral characters, long
strings, repeated fields. A NUL is the classic: PostgreSQL refuses it with an error, SQLite
stores it. Then, for each form, a control character in each field is refused beside that field.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from litestar.testing import TestClient

from carer_portal.app import create_app
from carer_portal.demo import load_demo_data
from carer_portal.forms import CONTROL_CHARACTER_MESSAGE
from carer_portal.people.models import Role
from carer_portal.security.guards import is_public
from carer_portal.security.routes import sign_in_rate_limit
from tests.support.app import make_settings, run_with_session
from tests.support.form_cases import CASES, FormCase, demo_ids, fill, handlers, persona, user_by_email
from tests.support.pages import check_page
from tests.support.world import signed_in_session

# Who can reach each signed-in part of the site; a guarded route outside these fails the test below.
WHO_FOR_PREFIX = {
    "/children/{child_id:uuid}/observations": Role.CARER,  # before "/children": the first match counts
    "/enquiries": Role.RECRUITMENT_OFFICER,
    "/recruitment": Role.RECRUITMENT_OFFICER,
    "/admin": Role.ADMIN,
    "/overview": Role.MANAGER,
    "/children": Role.SUPERVISING_SOCIAL_WORKER,
    "/invite": Role.CARER,
    "/notifications": Role.CARER,
    "/account": Role.CARER,
    "/home": Role.CARER,
    "/sign-out": Role.CARER,
    "/your-enquiries": Role.ENQUIRER,
    "/case-records": Role.SUPERVISING_SOCIAL_WORKER,
}
# Fields no form model names but handlers read.
LOOSE_FIELDS = [
    "token",
    "own_device",
    "feeling",
    "stage",
    "officer",
    "role",
    "idempotency_key",
    "submission_key",
    "framework",
    "invite",
    "campaign",
    "website",
    "email",
]
FIELDS = sorted({name for case in CASES for name in case.model.model_fields} | set(LOOSE_FIELDS))
NASTY = [
    "\x00",
    "a\x00b",
    "\x1b[2J",
    "\u0085",
    "\ud7ff",
    "\U0001f600",
    "\u202e",
    "%00",
    "../..",
    "' OR 1=1 --",
    "<script>",
    "x" * 5000,
    " ",
    "\r\n",
    "\t",
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(st.characters(exclude_categories=["Cs"]), max_size=60))
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=3))


def _who(path: str, handler) -> Role | None:  # type: ignore[no-untyped-def]
    if is_public(handler.opt):
        return None
    return next((role for prefix, role in WHO_FOR_PREFIX.items() if path.startswith(prefix)), None)


@pytest.fixture
def fuzz_app(tmp_path: Path, database_url: str, monkeypatch) -> Litestar:  # type: ignore[no-untyped-def]
    # Limits stay in force in every other test; here they would only turn examples into 429s.
    monkeypatch.setattr(sign_in_rate_limit, "rate_limit", ("minute", 1_000_000))
    run_with_session(database_url, load_demo_data)
    return create_app(
        make_settings(
            tmp_path / "data", database_url, demo_mode=True, enquiry_rate_limit_per_minute=1_000_000
        )
    )


def _routes(app: Litestar) -> list[tuple[str, str, Role | None]]:
    found = []
    for path, handler in handlers(app):
        if path.startswith("/static") or handler.handler_name.startswith("head"):
            continue
        for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
            found.append((method, path, _who(path, handler)))
    return found


def test_every_signed_in_route_has_someone_to_try_it_as(fuzz_app: Litestar) -> None:
    unknown = [
        path
        for path, handler in handlers(fuzz_app)
        if not is_public(handler.opt) and not path.startswith("/static") and _who(path, handler) is None
    ]
    assert unknown == [], "add these to WHO_FOR_PREFIX"


# No identity provider is configured in these tests: staff sign-in says so, with a 503.
UNAVAILABLE_HERE = {"/staff/sign-in"}
PARAM = re.compile(r"\{(\w+):(\w+)\}")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_route_answers_5xx_whatever_it_is_sent(fuzz_app: Litestar, database_url: str, data) -> None:  # type: ignore[no-untyped-def]
    routes = _routes(fuzz_app)
    ids = _ids(database_url)
    method, path, who = data.draw(st.sampled_from(routes), label="route")

    def param(match: re.Match[str]) -> str:
        name, kind = match.groups()
        if kind == "uuid" and data.draw(st.booleans(), label=f"{name} is a real id"):
            return ids.get(name, ids["enquiry"])
        return quote(data.draw(TEXT.filter(bool), label=name), safe="")

    url = PARAM.sub(param, path)
    if data.draw(st.booleans(), label="with a query"):
        url += "?" + "&".join(
            f"{quote(k)}={quote(v, safe='')}"
            for k, v in data.draw(
                st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=3), label="query"
            ).items()
        )
    fields = data.draw(st.dictionaries(st.sampled_from(FIELDS), VALUE, max_size=6), label="fields")
    with TestClient(
        fuzz_app, base_url="http://127.0.0.1:8000", session_config=fuzz_app.state.session_config
    ) as client:
        if who is not None:
            client.set_session_data(_session(database_url, who))
        token = _token(client)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.request(
                method, url, data={**fields, "_csrf_token": token}, follow_redirects=False
            )
    unavailable_by_design = path in UNAVAILABLE_HERE and response.status_code == 503
    assert response.status_code < 500 or unavailable_by_design, (method, url, fields, response.status_code)


_CACHE: dict[tuple[str, object], object] = {}


def _ids(database_url: str) -> dict[str, str]:
    key = (database_url, "ids")
    if key not in _CACHE:
        found = run_with_session(database_url, demo_ids)
        _CACHE[key] = {
            "enquiry_id": found["enquiry"],
            "story_id": found["story"],
            "child_id": found["child"],
            **found,
        }
    return _CACHE[key]  # type: ignore[return-value]


def _session(database_url: str, who: Role) -> dict:
    key = (database_url, who)
    if key not in _CACHE:
        user = run_with_session(database_url, lambda s: user_by_email(s, persona(who)))
        _CACHE[key] = signed_in_session(database_url, user)
    return _CACHE[key]  # type: ignore[return-value]


def _token(client: TestClient) -> str:  # type: ignore[type-arg]
    client.get("/sign-in")  # any page sets the CSRF cookie; the token is the cookie's value
    return client.cookies.get("csrftoken", "")


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\u0085"])
def test_a_control_character_in_any_field_is_refused_beside_that_field(
    client, database_url: str, case: FormCase, character: str
) -> None:
    ids = run_with_session(database_url, demo_ids)
    if case.who is not None:
        user = run_with_session(database_url, lambda s: user_by_email(s, persona(case.who)))
        client.set_session_data(signed_in_session(database_url, user))
    page = check_page(client.get(fill(case.page, ids)).text)
    hidden = {name: page.select_one(f"input[name={name}]")["value"] for name in ("_csrf_token", *case.hidden)}
    for name, value in case.valid.items():
        spoilt = (
            [value[0] + character, *value[1:]]
            if isinstance(value, list) and value
            else f"{value}{character}x"
        )
        response = client.post(
            fill(case.path, ids), data={**case.valid, name: spoilt, **hidden}, follow_redirects=False
        )
        assert response.status_code == 400, (name, response.status_code)
        soup = check_page(response.text)
        assert (
            soup.select_one(f".govuk-error-summary a[href='#{name}']").get_text(strip=True)
            == CONTROL_CHARACTER_MESSAGE
        )
