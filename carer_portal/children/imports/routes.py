"""Importing case records from a CSV file: the upload form, the check, and what it did."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from carer_portal.children.imports.checks import CHILD_COLUMNS, PLACEMENT_COLUMNS, PROFILE_TEXTS
from carer_portal.children.imports.forms import MAX_FILE_BYTES, ImportForm, uploaded_file
from carer_portal.children.imports.reading import DATE_FORMATS, Kind
from carer_portal.children.imports.service import ImportResult, framework_for_import, import_case_records
from carer_portal.children.needs.framework import Framework
from carer_portal.db import DbSession
from carer_portal.forms import FormState, validate
from carer_portal.people.models import Role
from carer_portal.security.guards import roles
from carer_portal.timekeeping import uk_today

PAGE = "/case-records/import"
# What the last import did, kept in the session for the page it redirects to: counts only.
DONE = "case_import_done"


def _page(
    form: FormState, framework: Framework, *, result: ImportResult | None = None, status: int = 200
) -> Template:
    return Template(
        template_name="children/imports/index.html",
        context={
            "form": form,
            "result": result,
            "kinds": list(Kind),
            "columns": {
                Kind.CHILDREN: CHILD_COLUMNS,
                Kind.PLACEMENTS: PLACEMENT_COLUMNS,
                Kind.PROFILES: ("profile_id", "case_id", "assessed_on"),
            },
            "profile_texts": PROFILE_TEXTS,
            "domains": framework.domains,
            "date_formats": DATE_FORMATS,
        },
        status_code=status,
    )


class CaseRecordImportController(Controller):
    path = PAGE
    guards = (roles(Role.SUPERVISING_SOCIAL_WORKER, Role.ADMIN),)

    @get("/", name="case_records_import")
    async def form(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        done = request.session.pop(DONE, None) if isinstance(request.session, dict) else None
        result = None
        if isinstance(done, dict):
            try:
                result = ImportResult(
                    Kind(done["kind"]), int(done["rows"]), int(done["added"]), int(done["changed"]),
                    int(done["unchanged"]),
                )  # fmt: skip
            except (KeyError, TypeError, ValueError):
                result = None
        framework = await framework_for_import(session=db_session, actor=request.user)
        return _page(
            FormState(values={"kind": result.kind.value} if result else {}), framework, result=result
        )

    @post(
        "/", name="case_records_import_upload", status_code=303, request_max_body_size=MAX_FILE_BYTES + 65536
    )
    async def upload(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template | Redirect:
        posted = await request.form()
        form, state = validate(ImportForm, {"kind": posted.get("kind", "")})
        data, file_problem = uploaded_file(posted)
        if file_problem:
            state.errors["file"] = file_problem
        if form is None or data is None:
            framework = await framework_for_import(session=db_session, actor=request.user)
            return _page(state, framework, status=400)
        result = await import_case_records(
            session=db_session, actor=request.user, kind=Kind(form.kind), data=data, today=uk_today()
        )
        if result is None:
            raise NotFoundException()
        if not result.ok:
            framework = await framework_for_import(session=db_session, actor=request.user)
            return _page(state, framework, result=result, status=400)
        request.session[DONE] = {
            "kind": result.kind.value,
            "rows": result.rows,
            "added": result.added,
            "changed": result.changed,
            "unchanged": result.unchanged,
        }
        return Redirect(PAGE, status_code=303)


import_routes: list[type[Controller]] = [CaseRecordImportController]
