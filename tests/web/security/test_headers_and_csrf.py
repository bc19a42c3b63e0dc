from __future__ import annotations

import re
from pathlib import Path

import pytest
from litestar import Litestar, post
from litestar.testing import TestClient

from carer_portal.app import create_app
from carer_portal.security.guards import PUBLIC
from carer_portal.security.headers import content_security_policy, csp_hash, govuk_body_script
from tests.support.app import make_settings

HTML_PAGES = ["/", "/privacy", "/accessibility-statement", "/cookies", "/offline", "/no-such-page"]


@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_html_response_carries_the_security_headers(client, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "camera=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers  # local http
    assert "private" in response.headers["cache-control"] or "no-store" in response.headers["cache-control"]


def test_the_csp_allows_exactly_the_inline_script_and_style_by_their_hashes(client) -> None:
    response = client.get("/sign-in")
    csp = response.headers["content-security-policy"]
    script = re.search(r"<script>(.+?)</script>", response.text).group(1)
    style = re.search(r"<style>(.+?)</style>", response.text).group(1)
    assert re.search(r"script-src 'self' ('sha256-[^']+')(;|$)", csp).group(1) == csp_hash(script)
    assert re.search(r"style-src 'self' ('sha256-[^']+')(;|$)", csp).group(1) == csp_hash(style)
    assert "nonce" not in csp and "'unsafe-inline'" not in csp
    # The same for every page, so a page everybody sees the same can be served from memory.
    assert client.get("/").headers["content-security-policy"] == csp


def test_a_tampered_inline_block_would_not_match_the_policy() -> None:
    policy = content_security_policy(inline_styles=(":root{--govuk-brand-colour:#00573f}",))
    assert csp_hash(":root{--govuk-brand-colour:#ff0000}") not in policy
    assert csp_hash(govuk_body_script()) in policy and csp_hash("alert(1)") not in policy


def test_https_deployments_send_hsts_and_secure_cookies(tmp_path: Path, database_url: str) -> None:
    settings = make_settings(
        tmp_path, database_url, base_url="https://fostering.eastbrook.example", smtp_host="smtp.example"
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/sign-in")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    csrf_cookie = response.headers["set-cookie"]
    assert "Secure" in csrf_cookie and "HttpOnly" in csrf_cookie and "samesite=lax" in csrf_cookie.lower()


@post("/test-only/echo", opt=PUBLIC)
async def echo() -> str:
    return "accepted"


@pytest.fixture
def app_with_form(app: Litestar) -> Litestar:
    app.register(echo)
    return app


def test_a_post_without_the_csrf_token_is_rejected(app_with_form: Litestar) -> None:
    with TestClient(app_with_form) as client:
        client.get("/sign-in")  # receives the CSRF cookie
        response = client.post("/test-only/echo", data={"name": "Sam"})
    assert response.status_code == 403
    assert "Sorry, we could not accept that" in response.text


def test_a_post_with_the_token_in_the_form_or_the_htmx_header_is_accepted(app_with_form: Litestar) -> None:
    with TestClient(app_with_form) as client:
        page = client.get("/sign-in").text
        token = re.search(r"x-csrftoken&#34;: &#34;([0-9a-f]+)&#34;", page).group(1)
        by_form = client.post("/test-only/echo", data={"_csrf_token": token})
        by_header = client.post("/test-only/echo", headers={"x-csrftoken": token, "HX-Request": "true"})
    assert by_form.status_code == 201 and by_header.status_code == 201


def test_a_token_from_another_browser_is_rejected(app_with_form: Litestar) -> None:
    with TestClient(app_with_form) as client:
        token = re.search(r"x-csrftoken&#34;: &#34;([0-9a-f]+)&#34;", client.get("/sign-in").text).group(1)
        client.cookies.clear()  # now a different browser, with a CSRF cookie of its own
        client.get("/sign-in")
        assert client.post("/test-only/echo", data={"_csrf_token": token}).status_code == 403
