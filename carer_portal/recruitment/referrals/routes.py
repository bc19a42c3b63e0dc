"""Carer invites: the carer's own invite page, and the public page their link opens."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from carer_portal.db import DbSession
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Role
from carer_portal.people.service import council_by_slug
from carer_portal.recruitment.referrals.forms import FirstNameForm
from carer_portal.recruitment.referrals.qr import qr_svg
from carer_portal.recruitment.referrals.service import (
    InviteNotAllowed,
    invite_by_code,
    invite_for,
    referral_counts,
    set_show_first_name,
)
from carer_portal.security.guards import PUBLIC, roles

DONE_MESSAGES = {
    "name-shown": "Your first name will be shown on your invite page.",
    "name-hidden": "Your name will not be shown on your invite page.",
}


class InviteController(Controller):
    """An approved carer's own invite. Anyone else (other roles, carers not yet approved) gets 404."""

    path = "/invite"
    guards = (roles(Role.CARER),)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        *,
        form: FormState | None = None,
        done: str = "",
        status_code: int = 200,
    ) -> Template:
        actor = request.user
        try:
            invite = await invite_for(session=db_session, carer=actor)
        except InviteNotAllowed:
            raise NotFoundException() from None
        invite_url = f"{state.settings.base_url}/invite/{invite.code}"
        return Template(
            template_name="referrals/invite.html",
            context={
                "invite": invite,
                "invite_url": invite_url,
                "qr_svg": qr_svg(invite_url, label="QR code for your invite link"),
                "counts": await referral_counts(session=db_session, carer_id=actor.user_id),
                "first_name": actor.first_name,
                "form": form,
                "done": DONE_MESSAGES.get(done),
            },
            status_code=status_code,
        )

    @get("/", name="referral_invite")
    async def invite_page(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, done: FromQuery[str] = ""
    ) -> Template:
        return await self._page(request, state, db_session, done=done)

    @post("/name", name="referral_invite_name", status_code=303)
    async def save_first_name_choice(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        form, form_state = validate(FirstNameForm, dict(data))
        if form is None:
            return await self._page(request, state, db_session, form=form_state, status_code=400)
        try:
            invite = await set_show_first_name(
                session=db_session, carer=request.user, show=form.show_first_name == "yes"
            )
        except InviteNotAllowed:
            raise NotFoundException() from None
        done = "name-shown" if invite.show_first_name else "name-hidden"
        return Redirect(f"/invite?done={done}", status_code=303)


class PublicInviteController(Controller):
    """The page a carer's link opens, for anyone. Unknown codes, and other councils' codes, are 404."""

    path = "/invite"
    opt = PUBLIC

    @get("/{code:str}", name="referral_public_invite")
    async def public_invite(self, state: State, db_session: DbSession, code: FromPath[str]) -> Template:
        view = await invite_by_code(session=db_session, code=code)
        council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
        if view is None or council is None or view.council_id != council.id:
            raise NotFoundException()
        return Template(
            template_name="referrals/public_invite.html",
            context={"first_name": view.first_name, "code": view.code},
        )


referral_routes: list[Any] = [InviteController, PublicInviteController]
