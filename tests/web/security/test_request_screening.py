"""Every request is screened before anything reads it: control characters in its address, and
unsafe requests a browser says came from another site (a second layer beside the CSRF token)."""

from __future__ import annotations

import pytest

from tests.support.csrf import csrf_token
from tests.support.pages import check_page

CONTROL_CHARACTERS = ["%00", "%01", "%08", "%0A", "%0D", "%1B", "%7F", "%C2%85", "%C2%9F"]


@pytest.mark.parametrize("character", CONTROL_CHARACTERS)
@pytest.mark.parametrize(
    "template",
    [
        "/stories/a{c}b",
        "/stories/themes/x{c}",
        "/invite/abc{c}def",
        "/your-enquiry/tok{c}en",
        "/privacy?x=a{c}",
    ],
)
def test_a_control_character_in_the_address_is_refused_with_a_message(
    client, template: str, character: str
) -> None:
    response = client.get(template.format(c=character))
    assert response.status_code == 400
    page = check_page(response.text, csp=response.headers["content-security-policy"])
    assert "character we cannot accept" in page.get_text()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:8001"},
        {"Origin": "https://127.0.0.1:8000"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1:8000"},
    ],
)
def test_an_unsafe_request_from_another_site_is_refused_even_with_a_valid_token(client, headers) -> None:  # type: ignore[no-untyped-def]
    token = csrf_token(client)
    response = client.post(
        "/sign-in",
        data={"email": "sam@example.com", "_csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": "http://127.0.0.1:8000"},
        {"Origin": "http://localhost:8000"},  # the same machine, spelt another way, in development only
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1:8000"},
        {"Sec-Fetch-Site": "none"},
    ],
)
def test_an_unsafe_request_from_this_site_is_accepted(client, headers) -> None:  # type: ignore[no-untyped-def]
    token = csrf_token(client)
    response = client.post(
        "/sign-in",
        data={"email": "sam@example.com", "_csrf_token": token},
        headers=headers,
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_a_deployment_accepts_only_its_own_origin(tmp_path, database_url: str) -> None:  # type: ignore[no-untyped-def]
    from litestar.testing import TestClient

    from carer_portal.app import create_app
    from tests.support.app import make_settings

    settings = make_settings(
        tmp_path, database_url, base_url="https://fostering.eastbrook.example", smtp_host="smtp.example"
    )
    with TestClient(create_app(settings), base_url="https://fostering.eastbrook.example") as client:
        token = csrf_token(client)
        for origin, status in [
            ("https://fostering.eastbrook.example", 303),
            ("http://localhost:8000", 403),
            ("http://fostering.eastbrook.example", 403),
        ]:
            response = client.post(
                "/sign-in",
                data={"email": "a@b.example", "_csrf_token": token},
                headers={"Origin": origin},
                follow_redirects=False,
            )
            assert response.status_code == status, origin
