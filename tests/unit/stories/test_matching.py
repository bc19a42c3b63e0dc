"""Which stories an enquirer is shown: their reasons first, then people like them, then nearby."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from carer_portal.recruitment.stories.models import Story
from carer_portal.recruitment.stories.service import match_stories

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def story(
    name: str, *, themes: str = "", tags: str = "", area: str = "Elsewhere", days_ago: int = 0
) -> Story:
    return Story(
        council_id=uuid.uuid4(),
        slug=name,
        carer_name=name,
        household="",
        area=area,
        quote="",
        body="",
        themes=themes,
        household_tags=tags,
        published_at=NOW - timedelta(days=days_ago),
    )


def names(stories: list[Story]) -> list[str]:
    return [s.carer_name for s in stories]


def test_themes_for_their_reasons_come_first() -> None:
    stories = [
        story("newest", days_ago=0),
        story("teenagers", themes="teenagers", days_ago=5),
        story("both", themes="short-breaks,siblings", days_ago=9),
        story("unrelated", themes="parent-and-child", days_ago=1),
    ]
    # "room-and-time" speaks to short breaks and teenagers; "local-children" to siblings and short breaks.
    matched = match_stories(stories, reasons=["room-and-time", "local-children"], household="other", limit=4)
    assert names(matched) == ["both", "teenagers", "newest", "unrelated"]


def test_a_theme_counts_once_however_many_reasons_lead_to_it() -> None:
    stories = [
        story("short-breaks", themes="short-breaks", days_ago=9),
        story("teen", themes="teenagers", days_ago=1),
    ]
    matched = match_stories(stories, reasons=["room-and-time", "local-children"], household="other")
    assert names(matched) == ["teen", "short-breaks"]


def test_each_matching_theme_counts_three_and_each_household_tag_two() -> None:
    stories = [
        story("two-tags", tags="couple,with-children", days_ago=1),  # 4
        story("one-theme", themes="siblings", days_ago=2),  # 3
        story("one-tag", tags="couple", days_ago=0),  # 2
    ]
    matched = match_stories(stories, reasons=["local-children"], household="couple-with-children")
    assert names(matched) == ["two-tags", "one-theme", "one-tag"]


def test_a_theme_outweighs_a_household_tag_and_the_area_adds_one() -> None:
    stories = [
        story("tag", tags="single", days_ago=0),  # 2
        story("theme", themes="first-time-carers", days_ago=9),  # 3
        story("tag-nearby", tags="single", area="Northfield", days_ago=5),  # 2 + 1, newer than "theme"
    ]
    matched = match_stories(stories, reasons=["know-a-carer"], household="single", area_hint="northfield")
    assert names(matched) == ["tag-nearby", "theme", "tag"]


def test_area_matches_either_way_round_and_ignores_case() -> None:
    stories = [story("town", area="Eastbrook town centre", days_ago=1), story("other", days_ago=0)]
    assert names(match_stories(stories, reasons=[], household="", area_hint="EASTBROOK", limit=1)) == ["town"]
    stories = [story("short", area="Kingsmead", days_ago=1), story("other", days_ago=0)]
    assert names(match_stories(stories, reasons=[], household="", area_hint="Kingsmead, EB4", limit=1)) == [
        "short"
    ]
    assert names(match_stories(stories, reasons=[], household="", area_hint="  ", limit=1)) == ["other"]


def test_ties_and_empty_places_go_to_the_newest() -> None:
    stories = [story(f"s{days}", days_ago=days) for days in (7, 1, 30, 3)]
    matched = match_stories(stories, reasons=["make-a-difference"], household="single")
    assert names(matched) == ["s1", "s3", "s7"]


def test_the_limit_is_respected_and_fewer_stories_give_fewer() -> None:
    stories = [story(f"s{days}", themes="teenagers", days_ago=days) for days in range(6)]
    assert len(match_stories(stories, reasons=["make-a-difference"], household="couple")) == 3
    assert len(match_stories(stories, reasons=[], household="", limit=5)) == 5
    assert match_stories(stories[:2], reasons=[], household="", limit=3) == sorted(
        stories[:2], key=lambda s: s.published_at, reverse=True
    )
    assert match_stories(stories, reasons=[], household="", limit=0) == []
    assert match_stories([], reasons=["experience"], household="single") == []


def test_unknown_reasons_and_households_are_ignored() -> None:
    stories = [story("old", themes="teenagers", tags="single", days_ago=2), story("new", days_ago=0)]
    assert names(match_stories(stories, reasons=["not-a-reason"], household="not-a-household")) == [
        "new",
        "old",
    ]
