"""Administration pages: staff roles and children's audit trails."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carer_portal.admin.service import (
    change_role,
    child_audit_trail,
    children_in_council,
    staff_members,
)
from carer_portal.db import DbSession
from carer_portal.forms import FormData
from carer_portal.people.models import STAFF_ROLES, Role
from carer_portal.security.guards import roles
from carer_portal.timekeeping import uk_today


class AdminController(Controller):
    path = "/admin"
    guards = (roles(Role.ADMIN),)

    @get("/staff", name="admin_staff")
    async def staff(
        self, request: Request[Any, Any, Any], db_session: DbSession, changed: FromQuery[str] = ""
    ) -> Template:
        return Template(
            template_name="admin/staff.html",
            context={
                "staff": await staff_members(session=db_session, actor=request.user),
                "roles": STAFF_ROLES,
                "changed": changed,
            },
        )

    @post("/staff/{user_id:uuid}/role", name="admin_change_role", status_code=303)
    async def change(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        user_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Redirect:
        try:
            role = Role(data.get("role", ""))
        except ValueError:
            raise NotFoundException() from None
        user = await change_role(session=db_session, actor=request.user, user_id=user_id, role=role)
        if user is None:
            raise NotFoundException()
        return Redirect(f"/admin/staff?changed={user.id}", status_code=303)

    @get("/audit/children", name="admin_audit_children")
    async def audit_children(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        children = await children_in_council(session=db_session, actor=request.user)
        return Template(template_name="admin/audit_children.html", context={"children": children})

    @get("/audit/children/{child_id:uuid}", name="admin_audit_child")
    async def audit_child(
        self, request: Request[Any, Any, Any], db_session: DbSession, child_id: FromPath[uuid.UUID]
    ) -> Template:
        trail = await child_audit_trail(
            session=db_session, actor=request.user, child_id=child_id, today=uk_today()
        )
        if trail is None:
            raise NotFoundException()
        return Template(template_name="admin/audit_child.html", context={"trail": trail})


admin_routes: list[type[Controller]] = [AdminController]
