"""Staff sign in through a real OpenID Connect provider started by the tests on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from litestar.testing import TestClient

from carer_portal.app import create_app
from carer_portal.security.models import AuditEvent
from tests.support.app import make_settings, run_with_session
from tests.support.oidc import OidcProvider, complete_login, running_oidc_provider

BASE = "http://127.0.0.1:8000"
CALLBACK = f"{BASE}/staff/sign-in/callback"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_oidc_provider(CALLBACK) as running:
        yield running


@pytest.fixture
def staff_client(tmp_path: Path, database_url: str, provider: OidcProvider, world):  # type: ignore[no-untyped-def]
    settings = make_settings(
        tmp_path / "data",
        database_url,
        oidc_discovery_url=provider.discovery_url,
        oidc_client_id=provider.client_id,
        oidc_client_secret=provider.client_secret,
    )
    app = create_app(settings)
    with TestClient(app, base_url=BASE, session_config=app.state.session_config) as client:
        yield client


def _go_to_provider(client: TestClient) -> str:  # type: ignore[type-arg]
    response = client.get("/staff/sign-in", follow_redirects=False)
    assert response.status_code == 302
    return response.headers["location"]


def test_a_social_worker_signs_in_with_pkce_and_nonce(
    staff_client: TestClient, provider: OidcProvider
) -> None:  # type: ignore[type-arg]
    authorization_url = _go_to_provider(staff_client)
    query = parse_qs(urlsplit(authorization_url).query)
    assert authorization_url.startswith(provider.issuer)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["nonce"][0] and query["state"][0] and query["redirect_uri"] == [CALLBACK]

    callback = complete_login(authorization_url, "ssw@eastbrook.example")
    response = staff_client.get(callback.removeprefix(BASE), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/children"
    assert staff_client.get("/children").status_code == 200


def test_the_role_comes_from_our_staff_record(staff_client: TestClient) -> None:  # type: ignore[type-arg]
    callback = complete_login(_go_to_provider(staff_client), "officer@eastbrook.example")
    assert (
        staff_client.get(callback.removeprefix(BASE), follow_redirects=False).headers["location"]
        == "/enquiries"
    )
    assert staff_client.get("/children").status_code == 403


def _with_state(callback: str, state: str) -> str:
    parts = urlsplit(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    return f"{parts.path}?{urlencode({**query, 'state': state})}"


def test_a_state_works_once_even_when_its_first_use_failed(staff_client: TestClient) -> None:  # type: ignore[type-arg]
    """The pending sign-in is taken out of the session whatever happens: the provider's own
    single-use code cannot be what refuses the second use here, because the first never spent it."""
    callback = complete_login(_go_to_provider(staff_client), "ssw@eastbrook.example").removeprefix(BASE)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    failed = staff_client.get(f"/staff/sign-in/callback?error=access_denied&state={state}")
    assert failed.status_code == 400
    replay = staff_client.get(callback, follow_redirects=False)
    assert replay.status_code == 400 and "Sign-in did not finish" in replay.text
    assert staff_client.get("/account", follow_redirects=False).status_code == 303


def test_a_callback_with_someone_elses_state_is_refused(staff_client: TestClient) -> None:  # type: ignore[type-arg]
    """Everything but the state matches this browser's own sign-in (its code, its PKCE verifier,
    its nonce), so only the state check can refuse it."""
    attacker_state = parse_qs(urlsplit(_go_to_provider(staff_client)).query)["state"][0]
    staff_client.cookies.clear()
    own_callback = complete_login(_go_to_provider(staff_client), "ssw@eastbrook.example").removeprefix(BASE)
    response = staff_client.get(_with_state(own_callback, attacker_state), follow_redirects=False)
    assert response.status_code == 400
    assert staff_client.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "email", ["stranger@eastbrook.example", "carer@eastbrook.example", "west_ssw@westmere.example"]
)
def test_people_without_a_staff_record_here_have_no_access_yet(
    staff_client: TestClient, database_url: str, email: str
) -> None:  # type: ignore[type-arg]
    response = staff_client.get(complete_login(_go_to_provider(staff_client), email).removeprefix(BASE))
    assert response.status_code == 403 and "You do not have access yet" in response.text
    assert staff_client.get("/account", follow_redirects=False).status_code == 303

    async def refused(session):  # type: ignore[no-untyped-def]
        from sqlmodel import select

        return (await session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in_refused"))).all()

    assert len(run_with_session(database_url, refused)) == 1


def test_the_subject_is_remembered_at_first_sign_in(
    staff_client: TestClient, database_url: str, world
) -> None:  # type: ignore[type-arg]
    staff_client.get(
        complete_login(_go_to_provider(staff_client), "manager@eastbrook.example").removeprefix(BASE)
    )

    async def subject(session):  # type: ignore[no-untyped-def]
        from carer_portal.people.models import User

        return (await session.get(User, world.users["manager"].id)).oidc_subject

    assert run_with_session(database_url, subject).startswith("staff-")


def test_a_reused_email_at_the_provider_does_not_get_into_the_old_account(
    staff_client: TestClient,
    database_url: str,
    world,  # type: ignore[type-arg]
) -> None:
    """The manager's record remembers another subject: a new provider account that now has the
    manager's address (a leaver's address given to someone else) is not the manager."""

    async def remember_other_subject(session):  # type: ignore[no-untyped-def]
        from carer_portal.people.models import User

        user = await session.get(User, world.users["manager"].id)
        user.oidc_subject = "staff-the-person-who-left"
        session.add(user)
        await session.commit()

    run_with_session(database_url, remember_other_subject)
    response = staff_client.get(
        complete_login(_go_to_provider(staff_client), "manager@eastbrook.example").removeprefix(BASE)
    )
    assert response.status_code == 403 and "You do not have access yet" in response.text
    assert staff_client.get("/account", follow_redirects=False).status_code == 303


def test_staff_sign_in_explains_itself_when_not_configured(client: TestClient) -> None:  # type: ignore[type-arg]
    response = client.get("/staff/sign-in")
    assert response.status_code == 503 and "Staff sign-in is not available" in response.text


def test_in_the_demo_without_a_provider_staff_are_pointed_to_the_demo_sign_in(
    tmp_path: Path, database_url: str
) -> None:
    app = create_app(make_settings(tmp_path / "data", database_url, demo_mode=True))
    with TestClient(app, base_url=BASE, session_config=app.state.session_config) as client:
        started = client.get("/staff/sign-in", follow_redirects=False)
        assert started.status_code == 303 and started.headers["location"] == "/demo/sign-in"
        sign_in = client.get("/sign-in").text
        assert 'href="/staff/sign-in"' not in sign_in and 'href="/demo/sign-in"' in sign_in


def test_outside_the_demo_staff_without_a_provider_stop_the_portal_starting(
    tmp_path: Path, database_url: str, world
) -> None:
    import asyncio

    import click

    from carer_portal.cli import _refuse_staff_without_sign_in

    settings = make_settings(tmp_path / "data", database_url)
    with pytest.raises(click.ClickException, match="CARER_PORTAL_OIDC_DISCOVERY_URL"):
        asyncio.run(_refuse_staff_without_sign_in(settings))
    configured = make_settings(
        tmp_path / "data",
        database_url,
        oidc_discovery_url="https://id.example/.well-known",
        oidc_client_id="x",
    )
    asyncio.run(_refuse_staff_without_sign_in(configured))  # starts
