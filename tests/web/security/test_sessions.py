"""Sessions: fresh at every sign-in, idle limits, sign out, sign out of all devices, demo sign-in."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from litestar.testing import TestClient

from carer_portal.app import create_app
from carer_portal.db import utcnow
from carer_portal.people.models import Council
from carer_portal.security.links import request_sign_in_link
from carer_portal.security.sessions import safe_next_path
from tests.support.app import make_settings, run_with_session
from tests.support.csrf import csrf_token
from tests.support.pages import check_page

MINUTE = 60
DAY = 24 * 60 * MINUTE


def _link_token(database_url: str, settings, world, email: str) -> str:  # type: ignore[no-untyped-def]
    async def make(session):  # type: ignore[no-untyped-def]
        council = await session.get(Council, world.councils["eastbrook"].id)
        return await request_sign_in_link(
            session=session, settings=settings, council=council, email=email, now=utcnow()
        )

    return run_with_session(database_url, make).text.split("token=")[1].split()[0]


@pytest.mark.parametrize(
    ("who", "idle_seconds", "own_device", "still_signed_in"),
    [
        ("officer", 29 * MINUTE, True, True),
        ("officer", 31 * MINUTE, True, False),
        ("carer", 29 * DAY, True, True),
        ("carer", 31 * DAY, True, False),
        ("carer", 31 * MINUTE, False, False),
    ],
)
def test_idle_limits(
    sign_in_as, who: str, idle_seconds: int, own_device: bool, still_signed_in: bool
) -> None:
    client = sign_in_as(who, seen=time.time() - idle_seconds, own_device=own_device)
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == (200 if still_signed_in else 303)


def test_after_idling_out_the_person_is_told_and_returned_where_they_were(
    sign_in_as, world, database_url: str
) -> None:
    child_page = f"/children/{world.children['current'].id}"
    client = sign_in_as("carer", seen=time.time() - 31 * MINUTE, own_device=False)
    assert client.get(child_page, follow_redirects=False).headers["location"] == "/sign-in"
    sign_in_page = check_page(client.get("/sign-in").text)
    assert "You were signed out because you had not used the service" in sign_in_page.get_text()

    token = _link_token(database_url, client.app.state.settings, world, "carer@eastbrook.example")
    back = client.post(
        "/sign-in/link", data={"token": token, "_csrf_token": csrf_token(client)}, follow_redirects=False
    )
    assert back.headers["location"] == child_page


def test_every_sign_in_starts_a_fresh_session(sign_in_as, world, database_url: str) -> None:
    client = sign_in_as(None)
    client.get("/sign-in")
    client.set_session_data({"left_over": "from before", "uid": str(world.users["ssw"].id), "gen": 99})
    token = _link_token(database_url, client.app.state.settings, world, "carer@eastbrook.example")
    client.post("/sign-in/link", data={"token": token, "_csrf_token": csrf_token(client)})
    session = client.get_session_data()
    assert session["uid"] == str(world.users["carer"].id)
    assert "left_over" not in session and len(session["sid"]) >= 16


def test_signing_out_ends_the_session(sign_in_as) -> None:
    client = sign_in_as("carer")
    response = client.post(
        "/sign-out", data={"_csrf_token": csrf_token(client, "/account")}, follow_redirects=False
    )
    assert response.headers["location"] == "/signed-out"
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_signing_out_of_all_devices_ends_every_other_session(sign_in_as, world) -> None:
    client = sign_in_as("carer")
    other_device = dict(client.cookies)
    client.post("/account/sign-out-everywhere", data={"_csrf_token": csrf_token(client, "/account")})
    client.cookies.clear()
    for name, value in other_device.items():
        client.cookies.set(name, value)
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert "sign out of all devices" in client.get("/sign-in").text


def test_session_cookies_are_http_only_and_same_site(sign_in_as) -> None:
    client = sign_in_as("carer")
    response = client.post(
        "/sign-out", data={"_csrf_token": csrf_token(client, "/account")}, follow_redirects=False
    )
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("session=") and "httponly" in cookie and "samesite=lax" in cookie


@pytest.mark.parametrize("value", ["//evil.example/x", "https://evil.example", "/\\evil", "", None, 3])
def test_only_local_paths_are_returned_to(value: object) -> None:
    assert safe_next_path(value) is None
    assert safe_next_path("/children/abc?tab=1") == "/children/abc?tab=1"


def test_the_demo_sign_in_page_exists_only_in_demo_mode(client: TestClient) -> None:  # type: ignore[type-arg]
    assert client.get("/demo/sign-in").status_code == 404


def test_demo_personas_sign_in_with_one_click(tmp_path: Path, database_url: str) -> None:
    from carer_portal.demo import DEMO_PERSONAS, load_demo_data

    run_with_session(database_url, load_demo_data)
    app = create_app(make_settings(tmp_path / "data", database_url, demo_mode=True))
    with TestClient(app, base_url="http://127.0.0.1:8000", session_config=app.state.session_config) as client:
        page = check_page(client.get("/demo/sign-in").text)
        assert len(page.select("form[action='/demo/sign-in']")) == len(DEMO_PERSONAS)
        for persona in DEMO_PERSONAS:
            client.cookies.clear()
            token = csrf_token(client, "/demo/sign-in")
            response = client.post(
                "/demo/sign-in", data={"email": persona.email, "_csrf_token": token}, follow_redirects=False
            )
            assert response.status_code == 303
            assert client.get(response.headers["location"]).status_code == 200, persona.email
        assert (
            client.post(
                "/demo/sign-in", data={"email": "someone@else.example", "_csrf_token": token}
            ).status_code
            == 404
        )


def test_development_emails_are_listed_only_in_development(tmp_path: Path, database_url: str, world) -> None:
    settings = make_settings(tmp_path / "data", database_url)
    app = create_app(settings)
    with TestClient(app) as client:
        client.post("/sign-in", data={"email": "carer@eastbrook.example", "_csrf_token": csrf_token(client)})
        page = check_page(client.get("/dev/emails").text)
        assert "Your sign-in link" in page.get_text() and page.select("a[href*='/sign-in/link?token=']")
    production = make_settings(
        tmp_path / "prod", database_url, environment="production", smtp_host="smtp.example"
    )
    deployed = make_settings(
        tmp_path / "deployed",
        database_url,
        environment="development",
        base_url="https://fostering.eastbrook.example",
        smtp_host="smtp.example",
    )
    for elsewhere in (production, deployed):
        with TestClient(create_app(elsewhere)) as client:
            assert client.get("/dev/emails").status_code == 404


def _session_cookies(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [value for value in response.headers.get_list("set-cookie") if value.startswith("session")]


def test_the_session_cookie_is_sent_again_only_when_the_session_changed(sign_in_as) -> None:
    # Seen a moment ago: nothing to note, so the browser's cookie stands as it is.
    client = sign_in_as("carer", seen=int(time.time()), own_device=True)
    unchanged = client.get("/account")
    assert unchanged.status_code == 200 and _session_cookies(unchanged) == []
    # Seen two minutes ago: the session notes it, and the cookie (and its expiry) is renewed.
    client = sign_in_as("carer", seen=int(time.time()) - 2 * MINUTE, own_device=True)
    renewed = client.get("/account")
    assert renewed.status_code == 200 and len(_session_cookies(renewed)) == 1


def _copy_of_cookies(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(client.cookies)


def _with_cookies(client, cookies: dict[str, str]):  # type: ignore[no-untyped-def]
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies.set(name, value)
    return client


@pytest.mark.parametrize("who", ["carer", "officer", "ssw"])
def test_a_copied_session_cookie_is_refused_once_its_owner_signs_out(sign_in_as, who: str) -> None:
    """The cookie lives in the browser: ending the session must be recorded where a copy cannot reach."""
    client = sign_in_as(who)
    copied = _copy_of_cookies(client)
    client.post("/sign-out", data={"_csrf_token": csrf_token(client, "/account")})
    assert _with_cookies(client, copied).get("/account", follow_redirects=False).status_code == 303


def test_signing_out_of_all_devices_ends_every_session_including_copies(sign_in_as, world) -> None:
    phone = sign_in_as("carer")
    phone_cookies = _copy_of_cookies(phone)
    laptop_cookies = _copy_of_cookies(sign_in_as("carer"))
    _with_cookies(phone, laptop_cookies).post(
        "/account/sign-out-everywhere", data={"_csrf_token": csrf_token(phone, "/account")}
    )
    for cookies in (phone_cookies, laptop_cookies):
        assert _with_cookies(phone, cookies).get("/account", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("who", "own_device", "lifetime"),
    [("officer", False, 12 * 60 * MINUTE), ("carer", False, 12 * 60 * MINUTE), ("carer", True, 30 * DAY)],
)
def test_sessions_end_after_their_absolute_lifetime_however_active(
    client, world, database_url: str, who: str, own_device: bool, lifetime: int
) -> None:
    from datetime import timedelta

    from carer_portal.security.sessions import open_session

    user = world.users[who]
    kind = "staff" if who == "officer" else "carer"

    def signed_in_ago(seconds: int) -> dict:
        async def opened(db):  # type: ignore[no-untyped-def]
            contents = open_session(
                db, user, kind=kind, own_device=own_device, now=utcnow() - timedelta(seconds=seconds)
            )
            await db.commit()
            return contents

        # Used a moment ago: only the absolute lifetime can end it.
        return {**run_with_session(database_url, opened), "seen": int(time.time())}

    client.cookies.clear()
    client.set_session_data(signed_in_ago(lifetime - 5 * MINUTE))
    assert client.get("/account", follow_redirects=False).status_code == 200
    client.cookies.clear()
    client.set_session_data(signed_in_ago(lifetime + 5 * MINUTE))
    assert client.get("/account", follow_redirects=False).status_code == 303
    assert "since you signed in" in client.get("/sign-in").text


def test_a_session_never_recorded_is_refused(client, world) -> None:
    """A cookie made with the key but no record (a forged or pre-upgrade session) signs nobody in."""
    user = world.users["carer"]
    client.set_session_data(
        {
            "uid": str(user.id),
            "gen": user.session_generation,
            "kind": "carer",
            "own_device": True,
            "seen": int(time.time()),
            "sid": "0" * 32,
        }
    )
    assert client.get("/account", follow_redirects=False).status_code == 303


def _crafted(associated: bytes) -> str:
    """A cookie shaped like Litestar's: nonce, ciphertext, then an unencrypted expiry part that
    is read (as JSON) before anything is decrypted."""
    import base64

    return (
        "session="
        + base64.b64encode(b"n" * 12 + b"x" * 20 + b"additional_authenticated_data=" + associated).decode()
    )


@pytest.mark.parametrize(
    "cookie",
    [
        "session=null",
        "session=%%%",
        "session=AAAA",
        "session=" + "A" * 61,  # base64 with bad padding
        _crafted(b"{not json"),
        _crafted(b"{}"),  # no expiry
        _crafted(b"[1]"),
        _crafted(b'{"expires_at": "soon"}'),
        _crafted(b'{"expires_at": 99999999999}'),  # not expired: decrypting then fails
        "session-0=abc; session-1=def",
    ],
)
@pytest.mark.parametrize("path", ["/", "/sign-in", "/account", "/privacy"])
def test_a_session_cookie_that_cannot_be_read_is_no_session(client, caplog, cookie: str, path: str) -> None:
    import logging

    client.cookies.clear()
    with caplog.at_level(logging.ERROR):
        response = client.get(path, headers={"cookie": cookie}, follow_redirects=False)
    assert response.status_code in (200, 303)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
