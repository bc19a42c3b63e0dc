"""Children placed with a carer's household, or with households an SSW supervises."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from carer_portal.children.service import age_on, child_for, children_for
from carer_portal.db import DbSession
from carer_portal.people.models import Role
from carer_portal.security.guards import roles
from carer_portal.timekeeping import uk_today

# Routes that show a child's information say so: a test checks each writes an audit event.
CHILD_DATA = {"child_data": True}


class ChildrenController(Controller):
    path = "/children"
    guards = (roles(Role.CARER, Role.SUPERVISING_SOCIAL_WORKER),)
    opt = CHILD_DATA

    @get("/", name="children")
    async def index(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        today = uk_today()
        views = await children_for(session=db_session, actor=request.user, today=today)
        return Template(
            template_name="children/index.html",
            context={"views": views, "today": today, "age_on": age_on, "actor": request.user},
        )

    @get("/{child_id:uuid}", name="child")
    async def detail(
        self, request: Request[Any, Any, Any], db_session: DbSession, child_id: FromPath[uuid.UUID]
    ) -> Template:
        today = uk_today()
        view = await child_for(session=db_session, actor=request.user, child_id=child_id, today=today)
        if view is None:
            raise NotFoundException()
        return Template(
            template_name="children/detail.html",
            context={"view": view, "age": age_on(view.child.date_of_birth, today), "today": today},
        )


children_routes: list[type[Controller]] = [ChildrenController]
