"""Demo mode's one-click sign-in, and the development viewer of emails not sent.

Both exist only on a local base URL: app.py mounts them only when the settings allow it, and
the settings refuse to start in demo mode, or without SMTP, anywhere else.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlmodel import select

from carer_portal.db import DbSession, utcnow
from carer_portal.demo.personas import DEMO_PERSONAS
from carer_portal.forms import FormData
from carer_portal.navigation import home_for
from carer_portal.notifications.email import MAIL_FOLDER, stored_emails
from carer_portal.people.models import Role, User
from carer_portal.people.service import council_by_slug, normalise_email
from carer_portal.security.guards import PUBLIC
from carer_portal.security.sessions import start_session


class DemoController(Controller):
    """Demo mode only (the app refuses to start in demo mode on a public address)."""

    opt = PUBLIC
    path = "/demo"

    @get("/sign-in", name="demo_sign_in")
    async def personas(self) -> Template:
        return Template(template_name="demo/sign_in.html", context={"personas": DEMO_PERSONAS})

    @post("/sign-in", name="demo_sign_in_as", status_code=303)
    async def sign_in_as(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Redirect:
        emails = {persona.email for persona in DEMO_PERSONAS}
        typed = data.get("email")  # one value, or a list if the field came twice
        email = normalise_email(typed) if isinstance(typed, str) else ""
        council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
        if email not in emails or council is None:
            raise NotFoundException()
        user = (
            await db_session.exec(select(User).where(User.council_id == council.id, User.email == email))
        ).one()
        role = Role(user.role)
        await start_session(
            request,
            db_session,
            user,
            kind="staff" if role.is_staff else "carer",
            own_device=True,
            now=utcnow(),
        )
        await db_session.commit()
        return Redirect(home_for(role), status_code=303)


class DevEmailController(Controller):
    """Development only, with no SMTP server: the emails the portal would have sent."""

    opt = PUBLIC

    @get("/dev/emails", name="dev_emails")
    async def emails(self, state: State) -> Template:
        return Template(
            template_name="demo/emails.html",
            context={"emails": stored_emails(state.settings.data_dir / MAIL_FOLDER)},
        )


def demo_routes(*, demo_mode: bool, emails_to_files: bool) -> list[type[Controller]]:
    """The development conveniences the settings allow: none on a deployment."""
    return [*([DemoController] if demo_mode else []), *([DevEmailController] if emails_to_files else [])]
