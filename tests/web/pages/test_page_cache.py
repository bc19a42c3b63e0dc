"""Public pages are rendered once and served from memory to everyone who is not signed in."""

from __future__ import annotations

import gzip

import brotli
import pytest
from sqlalchemy import event


def _count_renders(app):  # type: ignore[no-untyped-def]
    """How many times the app ran a template: each render reads the Jinja environment."""
    engine = app.template_engine.engine
    calls = []
    original = engine.get_template

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs.get("name") or args[0])
        return original(*args, **kwargs)

    engine.get_template = counting
    return calls


@pytest.mark.parametrize("path", ["/", "/stories", "/privacy", "/cookies"])
def test_a_public_page_is_rendered_once_and_each_encoding_is_the_same_page(client, app, path: str) -> None:
    renders = _count_renders(app)
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    as_br = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    as_gzip = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert [r.status_code for r in (plain, as_br, as_gzip)] == [200, 200, 200]
    assert renders.count("base.html") == 1  # every page extends it once
    assert "content-encoding" not in plain.headers
    assert as_br.headers["content-encoding"] == "br" and as_gzip.headers["content-encoding"] == "gzip"
    assert all(r.headers["vary"] == "Accept-Encoding" for r in (plain, as_br, as_gzip))
    # httpx decodes both for us; the bytes on the wire are checked in test_landing_page_is_small.
    assert plain.text == as_br.text == as_gzip.text
    for response in (plain, as_br, as_gzip):
        assert "set-cookie" not in response.headers
        assert response.headers["cache-control"] == "no-cache, private"
        assert "default-src 'self'" in response.headers["content-security-policy"]


def test_cached_bodies_decompress_to_the_page(app) -> None:
    cache = app.state.public_cache
    cache.keep_page("/x", 200, [(b"content-type", b"text/html; charset=utf-8")], b"<p>hello</p>" * 100)
    page = cache.page("/x")
    assert (
        brotli.decompress(page.bodies["br"])
        == gzip.decompress(page.bodies["gzip"])
        == page.bodies["identity"]
    )


@pytest.mark.usefixtures("demo_data")
def test_a_second_visit_touches_no_database_and_a_publish_shows_at_once(client, app) -> None:
    first = client.get("/stories")
    queries: list[str] = []
    engine = app.state.engine.sync_engine

    def note(*args):  # type: ignore[no-untyped-def]
        queries.append(args[2])

    event.listen(engine, "before_cursor_execute", note)
    try:
        assert client.get("/stories").text == first.text
        assert queries == []
        app.state.public_cache.clear()  # what publishing or unpublishing a story does
        client.get("/stories")
        assert queries, "after a publish the page is rendered afresh"
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_signed_in_people_and_htmx_requests_and_queries_are_never_served_from_the_cache(
    client, app, sign_in_as
) -> None:
    client.get("/")
    cached = app.state.public_cache.page("/")
    assert cached is not None
    # Someone signed in sees their own header: rendered for them, never kept.
    signed_in = sign_in_as("carer").get("/")
    assert signed_in.status_code == 200
    assert signed_in.headers["cache-control"] == "no-store"
    assert "Your account" in signed_in.text and "Your account" not in cached.bodies["identity"].decode()
    assert app.state.public_cache.page("/") is cached
    client.cookies.clear()
    assert client.get("/?utm_source=leaflet").status_code == 200
    assert "/?utm_source=leaflet" not in app.state.public_cache.pages


def test_errors_and_pages_that_set_cookies_are_not_kept(client, app) -> None:
    assert client.get("/stories/no-such-story").status_code == 404
    assert "/stories/no-such-story" not in app.state.public_cache.pages
    assert client.get("/sign-in").status_code == 200  # sets the CSRF cookie; not a cached page
    assert "/sign-in" not in app.state.public_cache.pages


def test_built_assets_are_kept_compressed_for_everyone_and_images_are_not_compressed_again(
    client, app, sign_in_as
) -> None:
    from carer_portal.assets import asset_url

    css = asset_url("app.css")
    first = client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert first.status_code == 200 and first.headers["content-encoding"] == "br"
    assert "immutable" in first.headers["cache-control"]
    assert app.state.public_cache.page(css) is not None
    # Signed in or not, an asset is the same file.
    again = sign_in_as("carer").get(css, headers={"Accept-Encoding": "gzip"})
    assert again.headers["content-encoding"] == "gzip" and again.text == first.text
    icon = client.get(asset_url("icons/icon-192.png"), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert icon.status_code == 200 and "content-encoding" not in icon.headers and "vary" not in icon.headers
    assert icon.content.startswith(b"\x89PNG")


def _cookie_spellings(value: str) -> list[list[tuple[str, str]]]:
    """Ways a browser, a proxy or an attacker may spell the session cookie."""
    return [
        [("cookie", f"session={value}")],
        [("cookie", f"session ={value}")],
        [("cookie", f" session = {value} ")],
        [("cookie", f"csrftoken=abc;session={value}")],
        [("cookie", f"other=1; session={value}; more=2")],
        [("cookie", f"session=garbage; session={value}")],
        [("cookie", f"session={value}; session=garbage")],
        [("cookie", f"SESSION={value}")],
        [("cookie", f"Session={value}")],
        [("cookie", "other=1"), ("cookie", f"session={value}")],
        [("cookie", f"session-0={value}")],
        [("cookie", f'session="{value}"')],
    ]


@pytest.mark.parametrize("path", ["/", "/stories", "/privacy", "/accessibility"])
def test_no_spelling_of_a_session_cookie_puts_a_personal_page_in_the_cache(
    sign_in_as, world, app, path: str
) -> None:
    client = sign_in_as("admin")
    value = client.cookies["session"]
    name = world.users["admin"].display_name
    for headers in _cookie_spellings(value):
        client.cookies.clear()
        client.get(path, headers=headers)
        for kept in app.state.public_cache.pages.values():
            assert name.encode() not in kept.bodies["identity"], headers
            assert (
                b"Sign out" not in kept.bodies["identity"] and b"/account" not in kept.bodies["identity"]
            ), headers
    client.cookies.clear()
    anonymous = client.get(path)
    assert name not in anonymous.text and "/account" not in anonymous.text


@pytest.mark.parametrize("session", [{"next": "/children"}, None])
def test_a_page_rendered_with_a_session_or_a_person_is_never_kept_whatever_the_cookie_check_says(
    sign_in_as, app, monkeypatch, session
) -> None:  # type: ignore[no-untyped-def]
    """The cookie check only saves renders; what may be kept is decided by what the render saw."""
    monkeypatch.setattr("carer_portal.cache._may_carry_a_session", lambda scope: False)
    client = sign_in_as("admin") if session is None else sign_in_as(None)
    if session is not None:
        client.set_session_data(session)
    assert client.get("/privacy").status_code == 200
    assert "/privacy" not in app.state.public_cache.pages
    client.cookies.clear()
    client.get("/privacy")
    assert "/privacy" in app.state.public_cache.pages


@pytest.mark.parametrize(
    ("accept", "acceptable"),
    [
        ("gzip;q=0", {None}),
        ("gzip;q=0, br;q=0", {None}),
        ("br;q=0, gzip", {"gzip"}),
        ("gzip; q=0.0, deflate", {None}),
        ("br;q=0.5, gzip;q=1", {"br", "gzip"}),
        ("GZIP", {"gzip"}),
        ("identity", {None}),
        ("gzip;q=nonsense", {None}),
    ],
)
@pytest.mark.parametrize("path", ["/privacy", "/account"])
def test_content_codings_refused_with_q_0_are_never_used(
    sign_in_as, path: str, accept: str, acceptable
) -> None:  # type: ignore[no-untyped-def]
    """Public pages (served from memory) and signed-in pages (compressed by Litestar) alike."""
    client = sign_in_as("carer") if path == "/account" else sign_in_as(None)
    response = client.get(path, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") in acceptable
