"""The manager's overview of the service."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.response import Template

from carer_portal.db import DbSession
from carer_portal.overview.needs import needs_across_the_service
from carer_portal.overview.service import service_overview
from carer_portal.people.models import Role
from carer_portal.security.guards import roles
from carer_portal.timekeeping import uk_today


class OverviewController(Controller):
    guards = (roles(Role.MANAGER),)

    @get("/overview", name="overview")
    async def overview(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        overview = await service_overview(session=db_session, actor=request.user, today=uk_today())
        if overview is None:
            raise NotFoundException()
        return Template(template_name="overview/index.html", context={"overview": overview})

    @get("/overview/needs", name="overview_needs")
    async def needs(self, request: Request[Any, Any, Any], state: State, db_session: DbSession) -> Template:
        needs = await needs_across_the_service(
            session=db_session,
            actor=request.user,
            today=uk_today(),
            review_months=state.settings.needs_review_months,
        )
        if needs is None:
            raise NotFoundException()
        return Template(template_name="overview/needs.html", context={"needs": needs})


overview_routes: list[type[Controller]] = [OverviewController]
