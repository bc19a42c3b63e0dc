"""Carers' stories: public pages, and the recruitment team's editor."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carer_portal.db import DbSession
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Role
from carer_portal.people.service import council_by_slug, served_council
from carer_portal.recruitment.stories.forms import ConsentForm, StoryForm, as_lists
from carer_portal.recruitment.stories.markdown import render_markdown
from carer_portal.recruitment.stories.models import Story
from carer_portal.recruitment.stories.service import (
    StoryNotPublishable,
    consent_recorded_by,
    create_story,
    publish,
    published_stories,
    recent_published_stories,
    record_consent,
    stories_for_editing,
    story_by_slug,
    story_for_editing,
    themes_in_use,
    unpublish,
    update_story,
)
from carer_portal.recruitment.vocabulary import HOUSEHOLD_TAGS, THEMES, split_tags
from carer_portal.security.guards import PUBLIC_CACHED, roles

EDITOR = "/recruitment/stories"
FEATURED = 3  # stories on the landing page
DONE_MESSAGES = {
    "created": "Story saved as a draft. Nobody else can see it until it is published.",
    "saved": "Your changes have been saved.",
    "consent": "The carer's consent has been recorded.",
    "published": "Story published. Anyone can now read it.",
    "unpublished": "Story unpublished. It is no longer on the website.",
}


class LandingController(Controller):
    opt = PUBLIC_CACHED

    @get("/", name="landing")
    async def landing(self, state: State, db_session: DbSession) -> Template:
        council = await served_council(
            session=db_session, cache=state.public_cache, slug=state.settings.council_slug
        )
        # Real carers' words are the first thing people read: the newest few, the same for
        # everyone, so most visits need no database at all.
        stories = (
            await recent_published_stories(
                session=db_session, cache=state.public_cache, council_id=council.id
            )
            if council
            else []
        )
        return Template(template_name="recruitment/landing.html", context={"stories": stories[:FEATURED]})


class StoriesController(Controller):
    """Carers' stories for anyone thinking about fostering."""

    path = "/stories"
    opt = PUBLIC_CACHED

    async def _index(self, state: State, db_session: DbSession, theme: str | None) -> Template:
        council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
        if council is None:
            stories, themes = [], []
        else:
            stories = await published_stories(session=db_session, council_id=council.id, theme=theme)
            themes = await themes_in_use(session=db_session, council_id=council.id)
        return Template(
            template_name="stories/index.html",
            context={"stories": stories, "themes": themes, "story_theme": theme, "theme_labels": THEMES},
        )

    @get("/", name="stories")
    async def index(self, state: State, db_session: DbSession) -> Template:
        return await self._index(state, db_session, None)

    @get("/themes/{theme:str}", name="stories_by_theme")
    async def by_theme(self, state: State, db_session: DbSession, theme: FromPath[str]) -> Template:
        if theme not in THEMES:
            raise NotFoundException()
        return await self._index(state, db_session, theme)

    @get("/{slug:str}", name="story")
    async def story(self, state: State, db_session: DbSession, slug: FromPath[str]) -> Template:
        council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
        story = await story_by_slug(session=db_session, council_id=council.id, slug=slug) if council else None
        if story is None:
            raise NotFoundException()
        return Template(template_name="stories/story.html", context=_story_context(story))


def _story_context(story: Story) -> dict[str, Any]:
    return {
        "story": story,
        "story_html": render_markdown(story.body),
        "story_themes": [(theme, THEMES[theme]) for theme in split_tags(story.themes) if theme in THEMES],
    }


def _values(story: Story) -> dict[str, Any]:
    return {
        "carer_name": story.carer_name,
        "household": story.household,
        "area": story.area,
        "quote": story.quote,
        "body": story.body,
        "themes": split_tags(story.themes),
        "household_tags": split_tags(story.household_tags),
        "photo_path": story.photo_path or "",
        "photo_alt": story.photo_alt or "",
    }


class StoryEditorController(Controller):
    """The recruitment team writes, checks and publishes stories, with the carer's consent."""

    path = EDITOR
    guards = (roles(Role.RECRUITMENT_OFFICER),)

    async def _story(
        self, request: Request[Any, Any, Any], db_session: DbSession, story_id: uuid.UUID
    ) -> Story:
        story = await story_for_editing(session=db_session, actor=request.user, story_id=story_id)
        if story is None:
            raise NotFoundException()
        return story

    async def _edit_page(
        self,
        db_session: DbSession,
        story: Story,
        *,
        form: FormState | None = None,
        consent_form: FormState | None = None,
        done: str = "",
        status_code: int = 200,
    ) -> Template:
        return Template(
            template_name="stories/edit.html",
            context={
                **_story_context(story),
                "form": form or FormState(values=_values(story)),
                "consent_form": consent_form or FormState(),
                "consent_by": await consent_recorded_by(session=db_session, story=story),
                "done": DONE_MESSAGES.get(done),
                "themes": THEMES,
                "household_tags": HOUSEHOLD_TAGS,
            },
            status_code=status_code,
        )

    @get("/", name="story_editor_list")
    async def list_stories(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        stories = await stories_for_editing(session=db_session, actor=request.user)
        return Template(template_name="stories/editor_list.html", context={"stories": stories})

    @get("/new", name="story_editor_new")
    async def new(self) -> Template:
        return Template(
            template_name="stories/new.html",
            context={"form": FormState(), "themes": THEMES, "household_tags": HOUSEHOLD_TAGS},
        )

    @post("/", name="story_editor_create", status_code=303)
    async def create(
        self, request: Request[Any, Any, Any], db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        form, state = validate(StoryForm, as_lists(data, "themes", "household_tags"))
        if form is None:
            return Template(
                template_name="stories/new.html",
                context={"form": state, "themes": THEMES, "household_tags": HOUSEHOLD_TAGS},
                status_code=400,
            )
        story = await create_story(session=db_session, actor=request.user, form=form)
        if story is None:
            raise NotFoundException()
        return Redirect(f"{EDITOR}/{story.id}?done=created", status_code=303)

    @get("/{story_id:uuid}", name="story_editor_edit")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        story_id: FromPath[uuid.UUID],
        done: FromQuery[str] = "",
    ) -> Template:
        story = await self._story(request, db_session, story_id)
        return await self._edit_page(db_session, story, done=done)

    @post("/{story_id:uuid}", name="story_editor_save", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        story_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        story = await self._story(request, db_session, story_id)
        form, state = validate(StoryForm, as_lists(data, "themes", "household_tags"))
        if form is None:
            return await self._edit_page(db_session, story, form=state, status_code=400)
        await update_story(session=db_session, actor=request.user, story_id=story.id, form=form)
        request.app.state.public_cache.clear()  # the landing page may show this story
        return Redirect(f"{EDITOR}/{story.id}?done=saved", status_code=303)

    @post("/{story_id:uuid}/consent", name="story_editor_consent", status_code=303)
    async def consent(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        story_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        story = await self._story(request, db_session, story_id)
        form, state = validate(ConsentForm, dict(data))
        if form is None:
            return await self._edit_page(db_session, story, consent_form=state, status_code=400)
        await record_consent(
            session=db_session, actor=request.user, story_id=story.id, note=form.consent_note
        )
        return Redirect(f"{EDITOR}/{story.id}?done=consent", status_code=303)

    @post("/{story_id:uuid}/publish", name="story_editor_publish", status_code=303)
    async def publish_story(
        self, request: Request[Any, Any, Any], db_session: DbSession, story_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        story = await self._story(request, db_session, story_id)
        try:
            await publish(session=db_session, actor=request.user, story_id=story.id)
        except StoryNotPublishable as refused:
            consent_form = FormState(errors={"consent_note": refused.reason})
            return await self._edit_page(db_session, story, consent_form=consent_form, status_code=400)
        request.app.state.public_cache.clear()
        return Redirect(f"{EDITOR}/{story.id}?done=published", status_code=303)

    @post("/{story_id:uuid}/unpublish", name="story_editor_unpublish", status_code=303)
    async def unpublish_story(
        self, request: Request[Any, Any, Any], db_session: DbSession, story_id: FromPath[uuid.UUID]
    ) -> Redirect:
        story = await self._story(request, db_session, story_id)
        await unpublish(session=db_session, actor=request.user, story_id=story.id)
        request.app.state.public_cache.clear()
        return Redirect(f"{EDITOR}/{story.id}?done=unpublished", status_code=303)


story_routes: list[type[Controller]] = [LandingController, StoriesController, StoryEditorController]
