"""Public recruitment pages: the start of the journey for people thinking about fostering."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.response import Template
from carer_portal.db import DbSession

from carer_portal.people.service import council_by_slug
from carer_portal.people.models import Role
from carer_portal.recruitment.service import enquiries_for, featured_stories
from carer_portal.security.guards import PUBLIC, roles


class RecruitmentController(Controller):
    opt = PUBLIC

    @get("/", name="landing")
    async def landing(self, state: State, db_session: DbSession) -> Template:
        council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
        stories = await featured_stories(session=db_session, council_id=council.id) if council else []
        return Template(template_name="recruitment/landing.html", context={"stories": stories})


class EnquiryInboxController(Controller):
    guards = [roles(Role.RECRUITMENT_OFFICER)]

    @get("/enquiries", name="enquiries")
    async def inbox(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        enquiries = await enquiries_for(session=db_session, actor=request.user)
        return Template(template_name="recruitment/enquiries.html", context={"enquiries": enquiries})
