"""Carers' stories: what the public reads, which stories speak to an enquirer, and the editor.

Public functions take a council id (the deployment's council); editor functions take the
actor and only ever touch stories of the actor's council. A story of another council, or one
that does not exist, is the same ``None`` (the route's 404).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from carer_portal.cache import PublicCache
from carer_portal.db import utcnow
from carer_portal.people.models import User
from carer_portal.recruitment.stories.forms import StoryForm
from carer_portal.recruitment.stories.models import Story
from carer_portal.recruitment.vocabulary import (
    HOUSEHOLD_TAGS_FOR_HOUSEHOLD,
    THEMES,
    THEMES_FOR_MOTIVATION,
    split_tags,
)
from carer_portal.security.actor import Actor
from carer_portal.security.policies import can_edit_stories, stories_scope

THEME_WEIGHT = 3
HOUSEHOLD_WEIGHT = 2
AREA_WEIGHT = 1
SLUG_LIMIT = 100
# Paths under /stories/ that a story's address must never take.
RESERVED_SLUGS = {"themes"}


class StoryNotPublishable(Exception):
    """Why a story cannot go live, in words for the officer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- policy (to move into security/policies.py) -------------------------------------------


# --- what the public reads ----------------------------------------------------------------


def _published(council_id: uuid.UUID) -> SelectOfScalar[Story]:
    return select(Story).where(Story.council_id == council_id, col(Story.published_at).is_not(None))


async def published_stories(
    *, session: AsyncSession, council_id: uuid.UUID, theme: str | None = None
) -> list[Story]:
    """Published stories, newest first; with a theme, only the stories about it."""
    query = _published(council_id).order_by(col(Story.published_at).desc(), col(Story.id))
    stories = list((await session.exec(query)).all())
    # Themes are a short comma-separated list; matching whole tags here avoids LIKE's near misses.
    return [story for story in stories if theme is None or theme in split_tags(story.themes)]


async def recent_published_stories(
    *, session: AsyncSession, cache: PublicCache, council_id: uuid.UUID
) -> list[Story]:
    """Every published story, newest first, kept for a minute (publishing clears the cache)."""
    return await cache.get_or_load(
        "published-stories", lambda: published_stories(session=session, council_id=council_id)
    )


async def story_by_slug(*, session: AsyncSession, council_id: uuid.UUID, slug: str) -> Story | None:
    return (await session.exec(_published(council_id).where(Story.slug == slug))).first()


async def themes_in_use(*, session: AsyncSession, council_id: uuid.UUID) -> list[str]:
    """Themes with at least one published story, in the vocabulary's order."""
    used = {
        tag
        for story in await published_stories(session=session, council_id=council_id)
        for tag in split_tags(story.themes)
    }
    return [theme for theme in THEMES if theme in used]


def _newest_first_key(story: Story) -> datetime:
    return story.published_at or story.created_at


def _area_matches(story_area: str, area_hint: str) -> bool:
    hint, area = " ".join(area_hint.split()).casefold(), " ".join(story_area.split()).casefold()
    return bool(hint and area) and (hint in area or area in hint)


def match_stories(
    stories: Sequence[Story],
    *,
    reasons: Iterable[str],
    household: str,
    area_hint: str = "",
    limit: int = 3,
) -> list[Story]:
    """The stories most likely to speak to someone, from why they enquired and who they live with.

    Each story theme that answers one of their reasons scores 3, each household tag like theirs
    scores 2, and the same area scores 1. Ties, and the places left when few stories match, go
    to the newest: hearing from a carer matters more than a perfect match.
    """
    wanted_themes = {theme for reason in reasons for theme in THEMES_FOR_MOTIVATION.get(reason, ())}
    wanted_tags = set(HOUSEHOLD_TAGS_FOR_HOUSEHOLD.get(household, ()))

    def score(story: Story) -> int:
        return (
            THEME_WEIGHT * len(wanted_themes & set(split_tags(story.themes)))
            + HOUSEHOLD_WEIGHT * len(wanted_tags & set(split_tags(story.household_tags)))
            + (AREA_WEIGHT if _area_matches(story.area, area_hint) else 0)
        )

    newest_first = sorted(stories, key=_newest_first_key, reverse=True)
    return sorted(newest_first, key=score, reverse=True)[: max(limit, 0)]  # stable: newest wins ties


# --- the editor ---------------------------------------------------------------------------


def slug_base(carer_name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", carer_name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:SLUG_LIMIT].strip("-")
    return base or "story"


async def _unique_slug(
    *, session: AsyncSession, council_id: uuid.UUID, carer_name: str, story_id: uuid.UUID | None = None
) -> str:
    base = slug_base(carer_name)
    query = select(Story.slug).where(Story.council_id == council_id, col(Story.slug).startswith(base))
    if story_id is not None:
        query = query.where(Story.id != story_id)
    taken = set((await session.exec(query)).all()) | RESERVED_SLUGS
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


async def stories_for_editing(*, session: AsyncSession, actor: Actor) -> list[Story]:
    query = stories_scope(actor).order_by(col(Story.updated_at).desc(), col(Story.id))
    return list((await session.exec(query)).all())


async def story_for_editing(*, session: AsyncSession, actor: Actor, story_id: uuid.UUID) -> Story | None:
    return (await session.exec(stories_scope(actor).where(Story.id == story_id))).first()


async def consent_recorded_by(*, session: AsyncSession, story: Story) -> str:
    """The name of whoever recorded the carer's consent, for the editor."""
    if story.consent_recorded_by_id is None:
        return ""
    user = await session.get(User, story.consent_recorded_by_id)
    return user.display_name if user else ""


def _apply(story: Story, form: StoryForm) -> None:
    story.carer_name = form.carer_name
    story.household = form.household
    story.area = form.area
    story.quote = form.quote
    story.body = form.body
    story.themes = ",".join(form.themes)
    story.household_tags = ",".join(form.household_tags)
    story.photo_path = form.photo_path or None
    story.photo_alt = form.photo_alt if form.photo_path else None


async def create_story(*, session: AsyncSession, actor: Actor, form: StoryForm) -> Story | None:
    """A new story, always a draft: it goes live only once consent is recorded and it is published."""
    if not can_edit_stories(actor):
        return None
    now = utcnow()
    slug = await _unique_slug(session=session, council_id=actor.council_id, carer_name=form.carer_name)
    story = Story(
        council_id=actor.council_id,
        slug=slug,
        carer_name="",
        household="",
        area="",
        quote="",
        body="",
        created_at=now,
        updated_at=now,
    )
    _apply(story, form)
    session.add(story)
    await session.commit()
    return story


async def update_story(
    *, session: AsyncSession, actor: Actor, story_id: uuid.UUID, form: StoryForm
) -> Story | None:
    story = await story_for_editing(session=session, actor=actor, story_id=story_id)
    if story is None:
        return None
    if form.carer_name != story.carer_name:
        # The address follows the name: a carer who switches to a chosen name must not stay
        # findable by their real one.
        story.slug = await _unique_slug(
            session=session, council_id=story.council_id, carer_name=form.carer_name, story_id=story.id
        )
    _apply(story, form)
    story.updated_at = utcnow()
    session.add(story)
    await session.commit()
    return story


async def record_consent(
    *, session: AsyncSession, actor: Actor, story_id: uuid.UUID, note: str, now: datetime | None = None
) -> Story | None:
    story = await story_for_editing(session=session, actor=actor, story_id=story_id)
    if story is None:
        return None
    now = now or utcnow()
    story.consent_recorded_at = now
    story.consent_recorded_by_id = actor.user_id
    story.consent_note = note
    story.updated_at = now
    session.add(story)
    await session.commit()
    return story


async def publish(
    *, session: AsyncSession, actor: Actor, story_id: uuid.UUID, now: datetime | None = None
) -> Story | None:
    """Put a story live. Refused, with the reason, until the carer's consent is recorded."""
    story = await story_for_editing(session=session, actor=actor, story_id=story_id)
    if story is None:
        return None
    if story.consent_recorded_at is None:
        raise StoryNotPublishable("Record the carer's consent before you publish their story")
    if story.published_at is None:
        now = now or utcnow()
        story.published_at = now
        story.updated_at = now
        session.add(story)
        await session.commit()
    return story


async def unpublish(
    *, session: AsyncSession, actor: Actor, story_id: uuid.UUID, now: datetime | None = None
) -> Story | None:
    story = await story_for_editing(session=session, actor=actor, story_id=story_id)
    if story is None:
        return None
    if story.published_at is not None:
        story.published_at = None
        story.updated_at = now or utcnow()
        session.add(story)
        await session.commit()
    return story
