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
