"""The recruitment dashboard, for recruitment officers and managers."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.response import Template

from carer_portal.db import DbSession
from carer_portal.people.models import Role
from carer_portal.recruitment.dashboard.charts import funnel_chart, weekly_enquiries_chart
from carer_portal.recruitment.dashboard.service import recruitment_dashboard
from carer_portal.security.guards import roles
from carer_portal.timekeeping import uk_today


@get(
    "/recruitment/dashboard",
    name="recruitment_dashboard",
    guards=[roles(Role.RECRUITMENT_OFFICER, Role.MANAGER)],
)
async def dashboard_page(request: Request[Any, Any, Any], state: State, db_session: DbSession) -> Template:
    settings = state.settings
    dashboard = await recruitment_dashboard(
        session=db_session,
        actor=request.user,
        today=uk_today(),
        saving_per_placement_gbp=settings.agency_saving_per_placement_gbp,
        target_working_days=settings.first_response_working_days,
    )
    if dashboard is None:
        raise NotFoundException()
    return Template(
        template_name="dashboard/index.html",
        context={
            "dashboard": dashboard,
            "weekly_chart": weekly_enquiries_chart(dashboard.weeks, dashboard.channels),
            "funnel_chart": funnel_chart(dashboard.funnel),
        },
    )


dashboard_routes: list[Any] = [dashboard_page]
