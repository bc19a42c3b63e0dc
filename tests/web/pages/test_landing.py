from __future__ import annotations

import pytest


def test_landing_page_without_any_stories_still_invites_people_in(page) -> None:
    soup = page("/")
    assert soup.h1.get_text(strip=True) == "Foster with Eastbrook Council"
    assert soup.select_one("a.govuk-button--start")
    assert not soup.select(".app-story-card")


@pytest.mark.usefixtures("demo_data")
def test_landing_page_puts_real_carers_stories_up_front(page) -> None:
    soup = page("/")
    cards = soup.select(".app-story-card")
    assert 1 <= len(cards) <= 3
    assert all(card.select_one("blockquote").get_text(strip=True) for card in cards)


def test_landing_page_is_small(client) -> None:
    response = client.get("/", headers={"Accept-Encoding": "br"})
    assert response.headers["content-encoding"] == "br"
    assert int(response.headers["content-length"]) < 14 * 1024


@pytest.mark.usefixtures("demo_data")
def test_the_landing_page_sets_no_csrf_cookie_and_needs_no_database_twice(client, app) -> None:
    first = client.get("/")
    assert "set-cookie" not in first.headers and "hx-headers" not in first.text
    queries = []
    from sqlalchemy import event

    engine = app.state.engine.sync_engine
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert queries == []


def test_pages_with_forms_still_get_a_csrf_token(client) -> None:
    response = client.get("/sign-in")
    assert "csrftoken=" in response.headers["set-cookie"] and "hx-headers" in response.text
