"""Carers' stories for anyone thinking about fostering: browsing, themes, and one story."""

from __future__ import annotations

import pytest

from carer_portal.recruitment.vocabulary import THEMES

pytestmark = pytest.mark.usefixtures("demo_data")

PUBLISHED = {"ngozi-and-daniel", "sam", "shirin-and-rahim", "kwame-and-lucy", "janet"}
DRAFT = "dev-and-mark"


def story_links(soup) -> list[str]:  # type: ignore[no-untyped-def]
    return [a["href"].removeprefix("/stories/") for a in soup.select(".app-story-card h2 a")]


def test_every_published_story_is_listed_newest_first_with_links_to_each_theme(page) -> None:
    soup = page("/stories")
    assert soup.h1.get_text(strip=True) == "Carers' stories"
    assert story_links(soup) == ["kwame-and-lucy", "ngozi-and-daniel", "sam", "shirin-and-rahim", "janet"]
    assert DRAFT not in soup.text and "Dev and Mark" not in soup.text
    first = soup.select_one(".app-story-card")
    assert first.select_one("blockquote").get_text(strip=True).startswith("“We were nervous")
    assert "Kingsmead" in first.select_one(".app-story-card__who").text
    assert (
        soup.select_one("a.govuk-button--start[href='/enquire']").get_text(strip=True)
        == "Talk to us about fostering"
    )

    nav = soup.select_one("nav[aria-label='Story themes']")
    assert nav.select_one("[aria-current=page]").get_text(strip=True) == "All stories"
    themes = {a["href"].removeprefix("/stories/themes/") for a in nav.select("a")}
    # Each of the eight themes has at least one published demo story.
    assert themes == set(THEMES)


BY_THEME = {
    "siblings": ["sam"],  # Dev and Mark's story about siblings is still a draft
    "working-carers": ["kwame-and-lucy", "ngozi-and-daniel", "sam"],
    "parent-and-child": ["janet"],
}


def test_browsing_by_theme(page) -> None:
    for theme, slugs in BY_THEME.items():
        soup = page(f"/stories/themes/{theme}")
        assert soup.h1.get_text(strip=True) == f"Carers' stories: {THEMES[theme]}"
        assert story_links(soup) == slugs, theme
        nav = soup.select_one("nav[aria-label='Story themes']")
        assert nav.select_one("[aria-current=page]").get_text(strip=True) == THEMES[theme]
        assert nav.select_one("a[href='/stories']").get_text(strip=True) == "All stories"


def test_unknown_themes_drafts_and_unknown_stories_are_not_found(page) -> None:
    for path in (
        "/stories/themes/gardening",
        "/stories/themes/",
        f"/stories/{DRAFT}",
        "/stories/nobody",
        "/stories/SAM",
        "/stories/themes",
    ):
        soup = page(path, status=404)
        assert soup.h1.get_text(strip=True) == "Page not found"


def test_a_story_page(page) -> None:
    soup = page("/stories/sam")
    assert soup.h1.get_text(strip=True) == "Sam"
    assert soup.title.get_text().startswith("Sam \u2013 ")  # an en dash, then the service name
    card = soup.select_one(".app-story-card")
    assert card.select_one("blockquote").get_text(strip=True).startswith("“I wondered if I'd be enough")
    assert "single carer, works three days a week" in card.text and "Eastbrook town centre" in card.text
    paragraphs = soup.select(".app-prose p.govuk-body")
    assert len(paragraphs) == 4 and paragraphs[0].text.startswith("I work three days a week")
    themes = [a.get_text(strip=True) for a in soup.select("a[href^='/stories/themes/']")]
    assert themes == ["Single carers", "Brothers and sisters", "Working and fostering"]
    assert soup.select_one("nav[aria-label=Back] a[href='/stories']")
    assert soup.select_one("a.govuk-button--start[href='/enquire']")
