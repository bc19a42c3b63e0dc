"""Stories in the mixed world: a draft and a published story in Eastbrook, one in Westmere."""

from __future__ import annotations

import uuid

import pytest

from carer_portal.recruitment.stories.forms import StoryForm
from carer_portal.recruitment.stories.service import create_story, publish, record_consent
from tests.support.app import run_with_session


def story_form(name: str, **changes: object) -> StoryForm:
    return StoryForm.model_validate(
        {
            "carer_name": name,
            "household": "Couple",
            "area": "Northfield",
            "quote": "We laugh a lot.",
            "body": "Our story.",
            "themes": ["teenagers"],
            "household_tags": ["couple"],
            **changes,
        }
    )


@pytest.fixture
def stories(world, database_url: str) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    async def work(session):  # type: ignore[no-untyped-def]
        ids = {}
        for key, officer, name, live in (
            ("draft", "officer", "Ann", False),
            ("published", "officer", "Bea", True),
            ("west", "west_officer", "Dee", True),
        ):
            actor = world.actor(officer)
            story = await create_story(session=session, actor=actor, form=story_form(name))
            if live:
                await record_consent(session=session, actor=actor, story_id=story.id, note="Signed form")
                await publish(session=session, actor=actor, story_id=story.id)
            ids[key] = story.id
        return ids

    return run_with_session(database_url, work)
