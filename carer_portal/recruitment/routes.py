"""Public recruitment pages: the start of the journey for people thinking about fostering."""

from __future__ import annotations

from litestar import Controller, get
from litestar.datastructures import State
from litestar.response import Template
from carer_portal.db import DbSession

from carer_portal.people.service import council_by_slug
from carer_portal.recruitment.service import featured_stories
from carer_portal.security.guards import PUBLIC


class RecruitmentController(Controller):
    opt = PUBLIC

    @get("/", name="landing")
    async def landing(self, state: State, db_session: DbSession) -> Template:
        council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
        stories = await featured_stories(session=db_session, council_id=council.id) if council else []
        return Template(template_name="recruitment/landing.html", context={"stories": stories})
