"""A child's needs profiles: the social worker publishes a new version, and everyone who may see
the child reads the history. Administrators load the council's needs framework."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carer_portal.children.needs.forms import (
    ABOUT_THEM,
    DAY_TO_DAY,
    FrameworkFileForm,
    domain_fields,
    framework_changed,
    framework_marker,
    made_for_another_framework,
    new_submission_key,
    posted_framework_file,
    profile_values,
    submission_key,
)
from carer_portal.children.needs.framework import FrameworkFileError
from carer_portal.children.needs.publishing import (
    FrameworkChanged,
    framework_page,
    load_framework,
    publish_profile,
)
from carer_portal.children.needs.service import NewProfile, needs_history, new_profile
from carer_portal.children.routes import CHILD_DATA
from carer_portal.children.service import ChildView, child_for
from carer_portal.db import DbSession
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Role
from carer_portal.security.guards import roles
from carer_portal.security.policies import can_update_child_profile
from carer_portal.timekeeping import uk_today

# Where the social worker lands after publishing: the child's page, which says so.
PUBLISHED = "needs-published"
SSW_ONLY = (roles(Role.SUPERVISING_SOCIAL_WORKER),)


async def _child(request: Request[Any, Any, Any], db_session: DbSession, child_id: uuid.UUID) -> ChildView:
    """The child, if this person may see them now (the view is audited); 404 otherwise."""
    view = await child_for(session=db_session, actor=request.user, child_id=child_id, today=uk_today())
    if view is None:
        raise NotFoundException()
    return view


async def _new(db_session: DbSession, view: ChildView) -> NewProfile:
    page = await new_profile(db_session, view, today=uk_today())
    if page is None:
        raise NotFoundException()
    return page


def _form_page(
    view: ChildView, page: NewProfile, form: FormState, key: str, *, status_code: int = 200
) -> Template:
    return Template(
        template_name="children/needs/new.html",
        context={
            "view": view,
            "form": form,
            "submission_key": key,
            "framework_marker": framework_marker(page.form_model),
            "framework": page.framework,
            "framework_row": page.framework_row,
            "latest": page.latest,
            "domains": domain_fields(page.framework),
            "about_them": ABOUT_THEM,
            "day_to_day": DAY_TO_DAY,
        },
        status_code=status_code,
    )


class NeedsProfileController(Controller):
    path = "/children/{child_id:uuid}/needs"

    @get("/new", name="needs_profile_new", guards=SSW_ONLY)
    async def new(
        self, request: Request[Any, Any, Any], db_session: DbSession, child_id: FromPath[uuid.UUID]
    ) -> Template:
        view = await _child(request, db_session, child_id)
        page = await _new(db_session, view)
        return _form_page(view, page, FormState(values=page.values), new_submission_key())

    @post("/", name="needs_profile_publish", guards=SSW_ONLY, status_code=303)
    async def publish(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        child_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        view = await _child(request, db_session, child_id)
        page = await _new(db_session, view)
        key = submission_key(data.get("submission_key"))
        form, state = validate(page.form_model, profile_values(data, page.form_model))
        if made_for_another_framework(data, page.form_model):
            return _form_page(view, page, framework_changed(state, page.form_model), key, status_code=409)
        if form is None:
            return _form_page(view, page, state, key, status_code=400)
        try:
            published = await publish_profile(
                db_session, view=view, actor=request.user, form=form, submission_key=key
            )
        except FrameworkChanged:  # a new version loaded during this very request
            page = await _new(db_session, view)
            state = framework_changed(state, page.form_model)
            return _form_page(view, page, state, key, status_code=409)
        if published is None:
            raise NotFoundException()
        return Redirect(f"/children/{view.child.id}?done={PUBLISHED}", status_code=303)

    @get(
        "/", name="needs_history", guards=(roles(Role.CARER, Role.SUPERVISING_SOCIAL_WORKER),), opt=CHILD_DATA
    )
    async def history(
        self, request: Request[Any, Any, Any], db_session: DbSession, child_id: FromPath[uuid.UUID]
    ) -> Template:
        view = await _child(request, db_session, child_id)
        return Template(
            template_name="children/needs/history.html",
            context={
                "view": view,
                "entries": await needs_history(db_session, view),
                "can_publish": can_update_child_profile(view.access),
                "about_them": ABOUT_THEM,
                "day_to_day": DAY_TO_DAY,
            },
        )


class NeedsFrameworkController(Controller):
    path = "/admin/needs-framework"
    guards = (roles(Role.ADMIN),)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        *,
        problems: list[str] | None = None,
        loaded: str = "",
        status_code: int = 200,
    ) -> Template:
        page = await framework_page(db_session, request.user)
        if page is None:
            raise NotFoundException()
        return Template(
            template_name="admin/needs_framework.html",
            context={
                "page": page,
                "problems": problems or [],
                "loaded": next((v.framework for v in page.versions if str(v.framework.id) == loaded), None),
            },
            status_code=status_code,
        )

    @get("/", name="admin_needs_framework")
    async def show(
        self, request: Request[Any, Any, Any], db_session: DbSession, loaded: FromQuery[str] = ""
    ) -> Template:
        return await self._page(request, db_session, loaded=loaded)

    @post("/", name="admin_needs_framework_load", status_code=303)
    async def load(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template | Redirect:
        form, state = validate(FrameworkFileForm, await posted_framework_file(request))
        if form is None:
            return await self._page(
                request, db_session, problems=list(state.errors.values()), status_code=400
            )
        try:
            row = await load_framework(
                db_session, request.user, form.framework_file.text, form.framework_file.filename
            )
        except FrameworkFileError as refused:
            return await self._page(request, db_session, problems=refused.problems, status_code=400)
        if row is None:
            raise NotFoundException()
        return Redirect(f"/admin/needs-framework?loaded={row.id}", status_code=303)


needs_routes: list[type[Controller]] = [NeedsProfileController, NeedsFrameworkController]
