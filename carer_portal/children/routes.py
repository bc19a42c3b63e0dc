"""Children placed with a carer's household, or with households an SSW supervises."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carer_portal.children.forms import (
    DATE_FIELD,
    ObservationForm,
    blank_form_values,
    date_problem,
    submission_key,
)
from carer_portal.children.needs.charts import needs_chart, needs_table
from carer_portal.children.needs.service import Direction, review_due_by
from carer_portal.children.observations import ObservationRefused, add_observation
from carer_portal.children.pages import child_page, children_list
from carer_portal.children.service import age_on, child_for
from carer_portal.db import DbSession, utcnow
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Role
from carer_portal.security.guards import roles
from carer_portal.security.policies import can_add_observation, can_update_child_profile
from carer_portal.timekeeping import uk_today

# Routes that show a child's information say so: a test checks each writes an audit event.
CHILD_DATA = {"child_data": True}
# A note just added, remembered for the page the carer is sent back to ("Your note is added").
NOTE_ADDED = "note_added"


class ChildrenController(Controller):
    path = "/children"
    guards = (roles(Role.CARER, Role.SUPERVISING_SOCIAL_WORKER),)
    opt = CHILD_DATA

    @get("/", name="children")
    async def index(self, request: Request[Any, Any, Any], state: State, db_session: DbSession) -> Template:
        today = uk_today()
        listing = await children_list(
            session=db_session,
            actor=request.user,
            today=today,
            review_months=state.settings.needs_review_months,
        )
        return Template(
            template_name="children/index.html",
            context={"listing": listing, "today": today, "age_on": age_on, "actor": request.user},
        )

    async def _page(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        child_id: uuid.UUID,
        *,
        form: FormState | None = None,
        key: str = "",
        refused: bool = False,
        status_code: int = 200,
    ) -> Template:
        today = uk_today()
        page = await child_page(
            session=db_session, actor=request.user, child_id=child_id, today=today, now=utcnow()
        )
        if page is None:
            raise NotFoundException()
        added = NOTE_ADDED in request.session and request.session.pop(NOTE_ADDED) == str(child_id)
        profile = page.profile
        return Template(
            template_name="children/detail.html",
            context={
                "page": page,
                "view": page.view,
                "age": age_on(page.view.child.date_of_birth, today),
                "today": today,
                "chart": needs_chart(page.versions) if len(page.versions) > 1 else None,
                "table": needs_table(page.versions) if len(page.versions) > 1 else None,
                "Direction": Direction,
                "review_due": (
                    review_due_by(profile.profile.assessed_on, months=state.settings.needs_review_months)
                    if profile
                    else None
                ),
                "can_add_note": can_add_observation(page.view.access),
                "can_publish": can_update_child_profile(page.view.access),
                "note_form": form or FormState(values=blank_form_values(today)),
                "note_key": key or submission_key(None),
                "note_refused": refused,
                "note_added": added,
                "date_field": DATE_FIELD,
            },
            status_code=status_code,
        )

    @get("/{child_id:uuid}", name="child")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        child_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._page(request, state, db_session, child_id)

    @post(
        "/{child_id:uuid}/observations",
        name="child_observation",
        status_code=303,
        guards=[roles(Role.CARER)],
    )
    async def observe(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        child_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        today = uk_today()
        view = await child_for(
            session=db_session, actor=request.user, child_id=child_id, today=today, audit=False
        )
        if view is None:
            raise NotFoundException()
        key = submission_key(data.get("submission_key"))
        if not can_add_observation(view.access):
            return await self._page(request, state, db_session, child_id, refused=True, status_code=403)
        form, form_state = validate(
            ObservationForm,
            {name: data.get(name, "") for name in ObservationForm.model_fields},
            form_level_field=DATE_FIELD,
        )
        if form is not None:
            started_on = view.placement.started_on if view.placement else None
            problem = date_problem(form.noticed_on, today=today, placement_started_on=started_on)
            if problem:
                form, form_state.errors = None, {DATE_FIELD: problem}
        if form is None:
            return await self._page(
                request, state, db_session, child_id, form=form_state, key=key, status_code=400
            )
        try:
            _, created = await add_observation(
                session=db_session,
                actor=request.user,
                view=view,
                noticed_on=form.noticed_on,
                text=form.text,
                key=key,
                now=utcnow(),
            )
        except ObservationRefused:  # checked above; the service asks the policy again
            raise NotFoundException() from None
        if created:
            state.worker.wake.set()
        request.session[NOTE_ADDED] = str(child_id)
        return Redirect(f"/children/{child_id}#observations", status_code=303)


children_routes: list[type[Controller]] = [ChildrenController]
