"""The story editor's rules: addresses, consent before publishing, and one council at a time."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from carer_portal.recruitment.stories.forms import StoryForm
from carer_portal.recruitment.stories.service import (
    StoryNotPublishable,
    can_edit_stories,
    create_story,
    publish,
    published_stories,
    record_consent,
    slug_base,
    stories_for_editing,
    story_by_slug,
    story_for_editing,
    themes_in_use,
    unpublish,
    update_story,
)
from tests.support.app import run_with_session

CONSENTED_AT = datetime(2026, 1, 5, 10, 30, tzinfo=UTC)


def form(name: str = "Sam", **changes: object) -> StoryForm:
    values = {
        "carer_name": name,
        "household": "Single carer",
        "area": "Northfield",
        "quote": "Worth it.",
        "body": "It has been *good*.",
        "themes": ["teenagers"],
        "household_tags": ["single"],
        **changes,
    }
    return StoryForm.model_validate(values)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Sam", "sam"),
        ("Ngozi and Daniel", "ngozi-and-daniel"),
        ("Zoë & Anaïs", "zoe-anais"),
        ("  O'Brien  ", "o-brien"),
        ("李", "story"),
        ("x" * 300, "x" * 100),
    ],
)
def test_slug_base(name: str, slug: str) -> None:
    assert slug_base(name) == slug


def test_addresses_are_unique_within_a_council(world, database_url: str) -> None:
    officer, west_officer = world.actor("officer"), world.actor("west_officer")

    async def work(session):  # type: ignore[no-untyped-def]
        slugs = [
            (await create_story(session=session, actor=officer, form=form("Sam"))).slug for _ in range(3)
        ]
        west = await create_story(session=session, actor=west_officer, form=form("Sam"))
        reserved = await create_story(session=session, actor=officer, form=form("Themes"))
        return slugs, west.slug, reserved.slug

    slugs, west_slug, reserved = run_with_session(database_url, work)
    assert slugs == ["sam", "sam-2", "sam-3"]
    assert west_slug == "sam"  # another council's stories are another namespace
    assert reserved == "themes-2"  # /stories/themes is the theme pages' address


def test_the_address_follows_a_change_of_name(world, database_url: str) -> None:
    officer = world.actor("officer")

    async def work(session):  # type: ignore[no-untyped-def]
        await create_story(session=session, actor=officer, form=form("Jo"))
        story = await create_story(session=session, actor=officer, form=form("Samantha Jones"))
        created_at = story.updated_at
        same = await update_story(
            session=session, actor=officer, story_id=story.id, form=form("Samantha Jones")
        )
        same_slug = same.slug
        renamed = await update_story(session=session, actor=officer, story_id=story.id, form=form("Jo"))
        return created_at, same_slug, renamed

    created_at, same_slug, renamed = run_with_session(database_url, work)
    assert same_slug == "samantha-jones"
    # A carer who switches to a chosen name must not stay findable by their real one.
    assert renamed.slug == "jo-2" and renamed.carer_name == "Jo"
    assert renamed.updated_at >= created_at


def test_publishing_needs_the_carers_consent(world, database_url: str) -> None:
    officer = world.actor("officer")

    async def work(session):  # type: ignore[no-untyped-def]
        story = await create_story(session=session, actor=officer, form=form())
        with pytest.raises(StoryNotPublishable) as refused:
            await publish(session=session, actor=officer, story_id=story.id)
        before = await published_stories(session=session, council_id=officer.council_id)
        await record_consent(
            session=session, actor=officer, story_id=story.id, note="Signed form", now=CONSENTED_AT
        )
        published = await publish(session=session, actor=officer, story_id=story.id)
        after = await published_stories(session=session, council_id=officer.council_id)
        return refused.value.reason, before, published, after

    reason, before, published, after = run_with_session(database_url, work)
    assert reason == "Record the carer's consent before you publish their story"
    assert before == []
    assert published.consent_recorded_at == CONSENTED_AT
    assert published.consent_recorded_by_id == world.users["officer"].id
    assert published.consent_note == "Signed form"
    assert published.published_at is not None
    assert [s.id for s in after] == [published.id]


def test_unpublishing_takes_a_story_off_the_public_pages(world, database_url: str) -> None:
    officer = world.actor("officer")

    async def work(session):  # type: ignore[no-untyped-def]
        story = await create_story(session=session, actor=officer, form=form())
        await record_consent(session=session, actor=officer, story_id=story.id, note="By email")
        await publish(session=session, actor=officer, story_id=story.id)
        found = await story_by_slug(session=session, council_id=officer.council_id, slug="sam")
        await unpublish(session=session, actor=officer, story_id=story.id)
        gone = await story_by_slug(session=session, council_id=officer.council_id, slug="sam")
        still_editable = await story_for_editing(session=session, actor=officer, story_id=story.id)
        return found, gone, still_editable

    found, gone, still_editable = run_with_session(database_url, work)
    assert found is not None and gone is None
    assert still_editable is not None and still_editable.published_at is None


def test_public_lists_are_per_council_and_by_theme(world, database_url: str) -> None:
    officer, west_officer = world.actor("officer"), world.actor("west_officer")

    async def add(session, actor, name, themes, *, live=True):  # type: ignore[no-untyped-def]
        story = await create_story(session=session, actor=actor, form=form(name, themes=themes))
        if live:
            await record_consent(session=session, actor=actor, story_id=story.id, note="Signed form")
            await publish(session=session, actor=actor, story_id=story.id)

    async def work(session):  # type: ignore[no-untyped-def]
        await add(session, officer, "Ann", ["siblings", "short-breaks"])
        await add(session, officer, "Bea", ["teenagers"])
        await add(session, officer, "Cal", ["parent-and-child"], live=False)
        await add(session, west_officer, "Dee", ["disabled-children"])
        council_id = officer.council_id
        return (
            [s.carer_name for s in await published_stories(session=session, council_id=council_id)],
            [
                s.carer_name
                for s in await published_stories(session=session, council_id=council_id, theme="siblings")
            ],
            await published_stories(session=session, council_id=council_id, theme="parent-and-child"),
            await themes_in_use(session=session, council_id=council_id),
            await story_by_slug(session=session, council_id=council_id, slug="cal"),
            await story_by_slug(session=session, council_id=council_id, slug="dee"),
        )

    everyone, siblings, drafts_only, themes, draft, other_council = run_with_session(database_url, work)
    assert everyone == ["Bea", "Ann"]  # newest first
    assert siblings == ["Ann"]
    assert drafts_only == []
    assert themes == ["teenagers", "siblings", "short-breaks"]  # the vocabulary's order
    assert draft is None and other_council is None


@pytest.mark.parametrize("who", ["carer", "ssw", "manager", "admin", "enquirer"])
def test_only_recruitment_officers_edit_stories(world, database_url: str, who: str) -> None:
    actor = world.actor(who)
    assert not can_edit_stories(actor) and not can_edit_stories(None)
    assert can_edit_stories(world.actor("officer"))

    async def work(session):  # type: ignore[no-untyped-def]
        return (
            await create_story(session=session, actor=actor, form=form()),
            await stories_for_editing(session=session, actor=actor),
        )

    assert run_with_session(database_url, work) == (None, [])


def test_another_councils_story_cannot_be_touched(world, database_url: str) -> None:
    officer, west_officer = world.actor("officer"), world.actor("west_officer")

    async def work(session):  # type: ignore[no-untyped-def]
        story = await create_story(session=session, actor=west_officer, form=form())
        results = [
            await story_for_editing(session=session, actor=officer, story_id=story.id),
            await update_story(session=session, actor=officer, story_id=story.id, form=form("Changed")),
            await record_consent(session=session, actor=officer, story_id=story.id, note="No"),
            await publish(session=session, actor=officer, story_id=story.id),
            await unpublish(session=session, actor=officer, story_id=story.id),
            await story_for_editing(session=session, actor=officer, story_id=uuid.uuid4()),
        ]
        mine = await stories_for_editing(session=session, actor=officer)
        theirs = await story_for_editing(session=session, actor=west_officer, story_id=story.id)
        return results, mine, theirs

    results, mine, theirs = run_with_session(database_url, work)
    assert results == [None] * 6
    assert mine == []
    assert theirs.carer_name == "Sam" and theirs.consent_recorded_at is None
