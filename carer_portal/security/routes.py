"""Signing in and out: emailed links for carers and enquirers, the council's provider for staff."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Controller, Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from carer_portal.db import DbSession, utcnow
from carer_portal.forms import FormData, validate
from carer_portal.navigation import home_for
from carer_portal.notifications.email import OutgoingEmail
from carer_portal.people.service import normalise_email
from carer_portal.security.forms import SignInRequest
from carer_portal.security.guards import PUBLIC, signed_in
from carer_portal.security.links import LinkProblem, inspect_sign_in_link
from carer_portal.security.oidc import OidcError, PendingSignIn
from carer_portal.security.service import (
    request_sign_in_email,
    sign_in_staff,
    sign_in_with_link,
    sign_out_of_all_devices,
    sign_out_of_this_device,
)

logger = logging.getLogger("carer_portal.security")


async def _is_post(request: Request[Any, Any, Any]) -> bool:
    # Async on purpose: Litestar runs a plain function on a thread, a hand-over each request.
    return request.method == "POST"


# Per client, on top of the per-address limit in security/links.py. Counted per process.
sign_in_rate_limit = RateLimitConfig(
    rate_limit=("minute", 10),
    store="sign_in_rate_limit",
    check_throttle_handler=_is_post,
    set_rate_limit_headers=False,
)

LINK_PROBLEMS = {
    LinkProblem.USED: ("This link has already been used", 410),
    LinkProblem.EXPIRED: ("This link has expired", 410),
    LinkProblem.INVALID: ("This link does not work", 400),
}


async def _send_email(mailer: Any, email: OutgoingEmail) -> None:
    try:
        await mailer.send(email)
    except Exception:
        logger.exception("sign-in email could not be sent")


def _signed_out_message(session: dict[str, Any]) -> str | None:
    reason = session.get("signed_out")
    if reason == "idle":
        minutes = "30 minutes" if session.get("kind") == "staff" else "a while"
        return (
            f"You were signed out because you had not used the service for {minutes}. "
            "Sign in again to carry on where you were."
        )
    if reason == "expired":
        return (
            "You were signed out, because it has been a while since you signed in. "
            "Sign in again to carry on where you were."
        )
    if reason == "elsewhere":
        return (
            "You were signed out, because someone chose to sign out of all devices or your access changed. "
            "Sign in again to carry on."
        )
    return None


class SignInController(Controller):
    opt = PUBLIC
    middleware = (sign_in_rate_limit.middleware,)

    @get("/sign-in", name="sign_in")
    async def sign_in_page(self, request: Request[Any, Any, Any], state: State) -> Template | Redirect:
        if request.user is not None:
            return Redirect(home_for(request.user.role))
        return Template(
            template_name="security/sign_in.html",
            context={"form": None, "signed_out_message": _signed_out_message(request.session)},
        )

    @post("/sign-in", name="sign_in_submit", status_code=303)
    async def request_link(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        form, form_state = validate(SignInRequest, data)
        if form is None:
            return Template(
                template_name="security/sign_in.html", context={"form": form_state}, status_code=400
            )
        email = await request_sign_in_email(
            session=db_session, settings=state.settings, email=form.email, now=utcnow()
        )
        request.session["link_sent_to"] = normalise_email(form.email)
        # Sent after the response, so known and unknown addresses answer alike, and as fast.
        background = BackgroundTask(_send_email, state.mailer, email) if email else None
        return Redirect("/sign-in/check-email", status_code=303, background=background)

    @get("/sign-in/check-email", name="sign_in_check_email")
    async def check_email(self, request: Request[Any, Any, Any]) -> Template:
        return Template(
            template_name="security/check_email.html",
            context={"email": request.session.get("link_sent_to")},
        )

    @get("/sign-in/link", name="sign_in_link")
    async def link_page(self, state: State, db_session: DbSession, token: FromQuery[str] = "") -> Template:
        # Opening the link does not use it: email scanners open links too. The button does.
        problem = await inspect_sign_in_link(
            session=db_session, settings=state.settings, token=token, now=utcnow()
        )
        if problem is not None:
            return self._problem(problem)
        return Template(template_name="security/link_confirm.html", context={"token": token})

    @post("/sign-in/link", name="sign_in_link_use", status_code=303)
    async def use_link(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        next_page = await sign_in_with_link(
            session=db_session,
            request=request,
            settings=state.settings,
            token=data.get("token", ""),
            own_device=data.get("own_device") == "yes",
            now=utcnow(),
        )
        if isinstance(next_page, LinkProblem):
            return self._problem(next_page)
        return Redirect(next_page, status_code=303)

    def _problem(self, problem: LinkProblem) -> Template:
        heading, status = LINK_PROBLEMS[problem]
        return Template(
            template_name="security/link_problem.html",
            context={"heading": heading, "problem": problem.value},
            status_code=status,
        )


class StaffSignInController(Controller):
    opt = PUBLIC
    middleware = (sign_in_rate_limit.middleware,)

    @get("/staff/sign-in", name="staff_sign_in")
    async def start(self, request: Request[Any, Any, Any], state: State) -> Template | Redirect:
        if not state.settings.staff_sign_in_configured:
            if state.settings.demo_mode:  # the demo's staff sign in as demo people
                return Redirect("/demo/sign-in", status_code=303)
            return Template(template_name="security/staff_sign_in_unavailable.html", status_code=503)
        try:
            url, pending = await state.oidc.start()
        except OidcError:
            return Template(template_name="security/staff_sign_in_unavailable.html", status_code=503)
        request.session["oidc"] = pending.as_session()
        return Redirect(url, status_code=302)

    @get("/staff/sign-in/callback", name="staff_sign_in_callback")
    async def callback(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Template | Redirect:
        # Taken out of the session whatever happens next, so a state can never be used twice.
        pending = PendingSignIn.from_session(request.session.pop("oidc", None))
        returned_state = request.query_params.get("state", "")
        if pending is None or not returned_state or "error" in request.query_params:
            return Template(template_name="security/staff_sign_in_failed.html", status_code=400)
        try:
            claims = await state.oidc.finish(
                callback_url=str(request.url), state=returned_state, pending=pending
            )
        except OidcError as error:
            logger.warning("staff sign-in refused", extra={"reason": str(error)})
            return Template(template_name="security/staff_sign_in_failed.html", status_code=400)

        next_page = await sign_in_staff(
            session=db_session, request=request, settings=state.settings, claims=claims, now=utcnow()
        )
        if next_page is None:
            return Template(template_name="security/no_access.html", status_code=403)
        return Redirect(next_page, status_code=303)


class SessionController(Controller):
    @post("/sign-out", name="sign_out", guards=[signed_in], status_code=303)
    async def sign_out(self, request: Request[Any, Any, Any], db_session: DbSession) -> Redirect:
        await sign_out_of_this_device(session=db_session, request=request, actor=request.user, now=utcnow())
        return Redirect("/signed-out", status_code=303)

    @post("/account/sign-out-everywhere", name="sign_out_everywhere", guards=[signed_in], status_code=303)
    async def sign_out_everywhere(self, request: Request[Any, Any, Any], db_session: DbSession) -> Redirect:
        if not await sign_out_of_all_devices(
            session=db_session, request=request, actor=request.user, now=utcnow()
        ):
            raise NotFoundException()
        return Redirect("/signed-out?everywhere=1", status_code=303)

    @get("/signed-out", name="signed_out", opt=PUBLIC)
    async def signed_out(self, everywhere: FromQuery[str] = "") -> Template:
        return Template(template_name="security/signed_out.html", context={"everywhere": bool(everywhere)})

    @get("/account", name="account", guards=[signed_in])
    async def account(self, request: Request[Any, Any, Any]) -> Template:
        return Template(template_name="security/account.html", context={"actor": request.user})

    @get("/home", name="home", guards=[signed_in])
    async def home(self, request: Request[Any, Any, Any]) -> Redirect:
        return Redirect(home_for(request.user.role))


security_routes: list[type[Controller]] = [SignInController, StaffSignInController, SessionController]
