"""The recruitment team's inbox: every enquiry, the clock on the first call, the history."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carer_portal.db import DbSession, utcnow
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Role
from carer_portal.recruitment.enquiries.models import Enquiry, EnquiryStage
from carer_portal.recruitment.inbox.forms import NotAnOfficer, NoteForm, chosen_officer, chosen_stage
from carer_portal.recruitment.inbox.service import (
    StageChangeRefused,
    add_note,
    assign,
    change_stage,
    enquiry_for_officer,
    enquiry_in_full,
    inbox,
)
from carer_portal.recruitment.vocabulary import BEST_TIMES, HOUSEHOLDS, MOTIVATIONS
from carer_portal.security.guards import roles
from carer_portal.security.policies import can_work_on_enquiries

# The manager reads the inbox and each enquiry; only officers change them.
READERS = roles(Role.RECRUITMENT_OFFICER, Role.MANAGER)
WORKERS = [roles(Role.RECRUITMENT_OFFICER)]


class EnquiryInboxController(Controller):
    guards = (READERS,)
    path = "/enquiries"

    @get("/", name="enquiries")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        stage: FromQuery[str] = "",
        mine: FromQuery[str] = "",
    ) -> Template:
        chosen = chosen_stage(stage)
        lines = await inbox(
            session=db_session, actor=request.user, now=utcnow(), stage=chosen, mine=mine == "yes"
        )
        return Template(
            template_name="recruitment/inbox.html",
            context={
                "lines": lines,
                "stage": chosen,
                "mine": mine == "yes",
                "can_work": can_work_on_enquiries(request.user),
                "stages": list(EnquiryStage),
                "households": HOUSEHOLDS,
            },
        )

    async def _enquiry(
        self, request: Request[Any, Any, Any], db_session: DbSession, enquiry_id: uuid.UUID
    ) -> Enquiry:
        enquiry = await enquiry_for_officer(session=db_session, actor=request.user, enquiry_id=enquiry_id)
        if enquiry is None:
            raise NotFoundException()
        return enquiry

    async def _detail(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        enquiry: Enquiry,
        *,
        note_form: FormState | None = None,
        problem: str | None = None,
        done: str = "",
        status_code: int = 200,
    ) -> Template:
        in_full = await enquiry_in_full(session=db_session, actor=request.user, enquiry=enquiry)
        return Template(
            template_name="recruitment/enquiry.html",
            context={
                **vars(in_full),  # its parts as the template names them: history, officers...
                "note_form": note_form,
                "problem": problem,
                "done": done,
                "now": utcnow(),
                "motivations": MOTIVATIONS,
                "households": HOUSEHOLDS,
                "best_times": BEST_TIMES,
                "can_work": can_work_on_enquiries(request.user),
            },
            status_code=status_code,
        )

    @get("/{enquiry_id:uuid}", name="enquiry")
    async def detail(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
        done: FromQuery[str] = "",
    ) -> Template:
        enquiry = await self._enquiry(request, db_session, enquiry_id)
        return await self._detail(request, db_session, enquiry, done=done)

    @post("/{enquiry_id:uuid}/stage", name="enquiry_stage", status_code=303, guards=WORKERS)
    async def stage(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        enquiry = await self._enquiry(request, db_session, enquiry_id)
        to_stage = chosen_stage(data.get("stage"))
        try:
            if to_stage is None:
                raise StageChangeRefused("No stage chosen")
            await change_stage(
                session=db_session,
                actor=request.user,
                enquiry=enquiry,
                to_stage=to_stage,
                settings=state.settings,
                now=utcnow(),
            )
        except StageChangeRefused:
            # Refused before anything was written, so there is nothing to roll back.
            return await self._detail(
                request,
                db_session,
                enquiry,
                problem="Choose the stage this enquiry has reached",
                status_code=400,
            )
        state.worker.wake.set()
        return Redirect(f"/enquiries/{enquiry.id}?done=stage", status_code=303)

    @post("/{enquiry_id:uuid}/assign", name="enquiry_assign", status_code=303, guards=WORKERS)
    async def assign_officer(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Redirect:
        enquiry = await self._enquiry(request, db_session, enquiry_id)
        try:
            officer_id = chosen_officer(data)
        except NotAnOfficer:
            raise NotFoundException() from None
        if not await assign(
            session=db_session, actor=request.user, enquiry=enquiry, officer_id=officer_id, now=utcnow()
        ):
            raise NotFoundException()
        return Redirect(f"/enquiries/{enquiry.id}?done=assigned", status_code=303)

    @post("/{enquiry_id:uuid}/notes", name="enquiry_note", status_code=303, guards=WORKERS)
    async def note(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        enquiry = await self._enquiry(request, db_session, enquiry_id)
        form, form_state = validate(NoteForm, {"text": data.get("text", "")})
        if form is None:
            return await self._detail(request, db_session, enquiry, note_form=form_state, status_code=400)
        await add_note(session=db_session, actor=request.user, enquiry=enquiry, text=form.text, now=utcnow())
        return Redirect(f"/enquiries/{enquiry.id}?done=note", status_code=303)


inbox_routes: list[type[Controller]] = [EnquiryInboxController]
