"""The person's own enquiry: where it is, what happens next, how they feel, and leaving.

Reached two ways, with the same page and actions: the link we emailed them (no account), and
signed in as an enquirer, where each of their enquiries is matched on their verified email.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from litestar import Controller, Request, Router, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from carer_portal.db import DbSession, utcnow
from carer_portal.forms import FormData, validate
from carer_portal.people.models import Role
from carer_portal.recruitment.enquiries.links import send_fresh_links
from carer_portal.recruitment.enquiries.models import JOURNEY, Enquiry, EnquiryStage, MotivationMoment
from carer_portal.recruitment.enquiries.routes import NO_STORE, answer_feeling, enquiry_rate_limit, served
from carer_portal.recruitment.enquiries.service import (
    enquiries_of_enquirer,
    enquiry_by_token,
    enquiry_page,
    withdraw_and_delete,
)
from carer_portal.recruitment.your_enquiry.forms import NewLinkRequest
from carer_portal.security.guards import PUBLIC, roles


async def _status(db_session: DbSession, state: State, enquiry: Enquiry, *, base: str) -> dict[str, Any]:
    """What the status page shows; ``base`` is where its actions go (feeling, withdraw)."""
    page = await enquiry_page(
        session=db_session,
        cache=state.public_cache,
        enquiry=enquiry,
        moment=MotivationMoment.AFTER_FIRST_CONVERSATION,
        near_them=False,
        now=utcnow(),
    )
    return {
        **vars(page),  # its parts as the templates name them: stories, promise...
        "base": base,
        "journey": JOURNEY,
        "stage_index": JOURNEY.index(EnquiryStage(enquiry.stage)) if enquiry.stage in JOURNEY else None,
        "ask_feeling": _asked_how_they_feel(enquiry),
        "feel_action": f"{base}/feeling",
    }


def _asked_how_they_feel(enquiry: Enquiry) -> bool:
    # Asked only once they have had their first conversation with us.
    return enquiry.first_responded_at is not None


async def _feeling_after_first_call(
    request: Request[Any, Any, Any], db_session: DbSession, data: FormData, enquiry: Enquiry, *, base: str
) -> Template | Redirect:
    """Their one-tap answer on their own page, by link or signed in; 404 before the first call."""
    return await answer_feeling(
        request,
        db_session,
        data,
        enquiry if _asked_how_they_feel(enquiry) else None,
        moment=MotivationMoment.AFTER_FIRST_CONVERSATION,
        back=base,
    )


class LinkNotWorking(NotFoundException):
    """A link to an enquiry that has ended, or was replaced by a newer one, or never was."""


def _link_not_working(_: Request[Any, Any, Any], __: LinkNotWorking) -> Template:
    # Never "check you typed it": links are clicked, not typed. Offer a fresh one instead.
    return Template(template_name="recruitment/link_not_working.html", status_code=404)


class YourEnquiryController(Controller):
    """The person's own enquiry page, opened from the link we emailed them."""

    opt = PUBLIC
    path = "/your-enquiry"
    exception_handlers: ClassVar = {LinkNotWorking: _link_not_working}

    async def _enquiry(self, db_session: DbSession, state: State, token: str) -> Enquiry:
        council = await served(db_session, state)
        enquiry = await enquiry_by_token(session=db_session, council_id=council.id, token=token)
        if enquiry is None:
            raise LinkNotWorking()
        return enquiry

    @get("/{token:str}", name="your_enquiry", cache_control=NO_STORE)
    async def page(self, state: State, db_session: DbSession, token: FromPath[str]) -> Template:
        enquiry = await self._enquiry(db_session, state, token)
        context = await _status(db_session, state, enquiry, base=f"/your-enquiry/{token}")
        return Template(template_name="recruitment/your_enquiry.html", context=context)

    @post("/{token:str}/feeling", name="your_enquiry_feeling", status_code=303)
    async def feeling(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        data: FormData,
        token: FromPath[str],
    ) -> Template | Redirect:
        enquiry = await self._enquiry(db_session, state, token)
        return await _feeling_after_first_call(
            request, db_session, data, enquiry, base=f"/your-enquiry/{token}"
        )

    @get("/{token:str}/withdraw", name="your_enquiry_withdraw")
    async def confirm_withdraw(self, state: State, db_session: DbSession, token: FromPath[str]) -> Template:
        await self._enquiry(db_session, state, token)
        return Template(template_name="recruitment/withdraw.html", context={"base": f"/your-enquiry/{token}"})

    @post("/{token:str}/withdraw", name="your_enquiry_withdraw_confirm", status_code=303)
    async def withdraw(self, state: State, db_session: DbSession, token: FromPath[str]) -> Redirect:
        enquiry = await self._enquiry(db_session, state, token)
        await withdraw_and_delete(session=db_session, enquiry=enquiry, now=utcnow())
        return Redirect("/your-enquiry-deleted", status_code=303)


class NewLinkController(Controller):
    """A person whose link stopped working asks for a fresh one by email."""

    opt = PUBLIC
    path = "/your-enquiry-link"

    @get("/", name="new_enquiry_link")
    async def form(self) -> Template:
        return Template(template_name="recruitment/link_not_working.html", context={"form": None})

    @post("/", name="new_enquiry_link_send", status_code=303)
    async def send(self, state: State, db_session: DbSession, data: FormData) -> Template | Redirect:
        form, form_state = validate(NewLinkRequest, data)
        if form is None:
            return Template(
                template_name="recruitment/link_not_working.html",
                context={"form": form_state},
                status_code=400,
            )
        council = await served(db_session, state)
        await send_fresh_links(
            session=db_session, council_id=council.id, email=form.email, settings=state.settings, now=utcnow()
        )
        state.worker.wake.set()
        return Redirect("/your-enquiry-link/sent", status_code=303)

    @get("/sent", name="new_enquiry_link_sent")
    async def sent(self) -> Template:
        return Template(template_name="recruitment/link_sent.html")


class EnquiryDeletedController(Controller):
    opt = PUBLIC

    @get("/your-enquiry-deleted", name="your_enquiry_deleted")
    async def deleted(self) -> Template:
        return Template(template_name="recruitment/withdrawn.html")


class EnquirerAccountController(Controller):
    """A signed-in enquirer: their enquiry's status right here, and the same actions."""

    guards = (roles(Role.ENQUIRER),)
    path = "/your-enquiries"

    async def _mine(
        self, request: Request[Any, Any, Any], db_session: DbSession, enquiry_id: uuid.UUID
    ) -> Enquiry:
        mine = await enquiries_of_enquirer(session=db_session, actor=request.user)
        found = next((enquiry for enquiry in mine if enquiry.id == enquiry_id), None)
        if found is None:
            raise NotFoundException()
        return found

    @get("/", name="your_enquiries", cache_control=NO_STORE)
    async def mine(self, request: Request[Any, Any, Any], state: State, db_session: DbSession) -> Template:
        enquiries = await enquiries_of_enquirer(session=db_session, actor=request.user)
        context: dict[str, Any] = {"enquiries": enquiries}
        if enquiries:  # the newest in full; any earlier ones listed below it
            newest = enquiries[0]
            context |= await _status(db_session, state, newest, base=f"/your-enquiries/{newest.id}")
        return Template(template_name="recruitment/your_enquiries.html", context=context)

    @get("/{enquiry_id:uuid}", name="your_enquiries_one", cache_control=NO_STORE)
    async def one(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
    ) -> Template:
        enquiry = await self._mine(request, db_session, enquiry_id)
        context = await _status(db_session, state, enquiry, base=f"/your-enquiries/{enquiry.id}")
        return Template(template_name="recruitment/your_enquiry.html", context=context)

    @post("/{enquiry_id:uuid}/feeling", name="your_enquiries_feeling", status_code=303)
    async def feeling(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        data: FormData,
        enquiry_id: FromPath[uuid.UUID],
    ) -> Template | Redirect:
        enquiry = await self._mine(request, db_session, enquiry_id)
        return await _feeling_after_first_call(
            request, db_session, data, enquiry, base=f"/your-enquiries/{enquiry.id}"
        )

    @get("/{enquiry_id:uuid}/withdraw", name="your_enquiries_withdraw")
    async def confirm_withdraw(
        self, request: Request[Any, Any, Any], db_session: DbSession, enquiry_id: FromPath[uuid.UUID]
    ) -> Template:
        enquiry = await self._mine(request, db_session, enquiry_id)
        return Template(
            template_name="recruitment/withdraw.html", context={"base": f"/your-enquiries/{enquiry.id}"}
        )

    @post("/{enquiry_id:uuid}/withdraw", name="your_enquiries_withdraw_confirm", status_code=303)
    async def withdraw(
        self, request: Request[Any, Any, Any], db_session: DbSession, enquiry_id: FromPath[uuid.UUID]
    ) -> Redirect:
        enquiry = await self._mine(request, db_session, enquiry_id)
        await withdraw_and_delete(session=db_session, enquiry=enquiry, now=utcnow())
        return Redirect("/your-enquiry-deleted", status_code=303)


def your_enquiry_routes(*, rate_limit_per_minute: int) -> list[Any]:
    """The person's own enquiry; asking for a new link shares the enquiry form's limit per client."""
    limited = Router(
        path="/",
        route_handlers=[NewLinkController],
        middleware=[enquiry_rate_limit(rate_limit_per_minute).middleware],
    )
    return [limited, YourEnquiryController, EnquiryDeletedController, EnquirerAccountController]
