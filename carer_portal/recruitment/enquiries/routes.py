"""The enquiry journey's pages: the form, the thank-you, the person's own page, leaving."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from litestar import Controller, Request, Router, get, post
from litestar.datastructures import CacheControlHeader, State
from litestar.exceptions import NotFoundException
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXTemplate
from litestar.response import Redirect, Template

from carer_portal.db import DbSession, utcnow
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Council
from carer_portal.people.service import served_council
from carer_portal.recruitment.enquiries.forms import (
    FIELDS,
    FORM_LEVEL_FIELD,
    EnquiryForm,
    campaign_code,
    feeling_answer,
    form_key,
    form_values,
    invite_code,
    one_off_key,
    wants_call_back,
)
from carer_portal.recruitment.enquiries.models import (
    Enquiry,
    MotivationMoment,
)
from carer_portal.recruitment.enquiries.service import (
    create_enquiry,
    enquiry_for_response,
    enquiry_page,
    next_events,
    record_motivation,
)
from carer_portal.recruitment.referrals.service import attribution_for
from carer_portal.recruitment.vocabulary import BEST_TIMES, HOUSEHOLDS, HOUSEHOLDS_SAID_BACK, MOTIVATIONS
from carer_portal.security.guards import PUBLIC

# The thank-you page shows what the person told us: for an hour after sending, in that browser.
THANK_YOU_ACCESS = timedelta(hours=1)
NO_STORE = CacheControlHeader(no_store=True)


# Posts that anyone may make and that write or send something: limited per client.
LIMITED_POSTS = frozenset({"/enquire", "/your-enquiry-link"})


async def _is_enquiry_post(request: Request[Any, Any, Any]) -> bool:
    # Async on purpose: Litestar runs a plain function on a thread, a hand-over each request.
    return request.method == "POST" and request.scope["path"] in LIMITED_POSTS


def enquiry_rate_limit(per_minute: int) -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", per_minute),
        store="enquiry_rate_limit",
        check_throttle_handler=_is_enquiry_post,
        set_rate_limit_headers=False,
    )


async def served(db_session: DbSession, state: State) -> Council:
    council = await served_council(
        session=db_session, cache=state.public_cache, slug=state.settings.council_slug
    )
    if council is None:
        raise NotFoundException()
    return council


def _form_context(
    form: FormState | None, *, idempotency_key: str, invite: str, campaign: str
) -> dict[str, Any]:
    return {
        "form": form,
        "idempotency_key": idempotency_key,
        "invite": invite,
        "campaign": campaign,
        "motivations": MOTIVATIONS,
        "households": HOUSEHOLDS,
        "best_times": BEST_TIMES,
    }


def _thank_you_enquiry_id(request: Request[Any, Any, Any]) -> str | None:
    """The enquiry this browser just sent, for its thank-you page: only for a short while, since
    the next person to use the same browser must not see "Thank you, Pat" and Pat's words."""
    if int(request.session.get("enquiry_until", 0)) <= utcnow().timestamp():
        request.session.pop("enquiry_id", None)
        request.session.pop("enquiry_until", None)
        return None
    return request.session.get("enquiry_id")


async def answer_feeling(
    request: Request[Any, Any, Any],
    db_session: DbSession,
    data: FormData,
    enquiry: Enquiry | None,
    *,
    moment: MotivationMoment,
    back: str,
) -> Template | Redirect:
    """Record the one-tap "how do you feel about fostering now?" for an enquiry that may be
    asked it (None: it may not, or there is none), then show the answer in place or go back."""
    answer = feeling_answer(data)
    if enquiry is None or answer is None:
        raise NotFoundException()
    recorded = await record_motivation(
        session=db_session,
        enquiry=enquiry,
        moment=moment,
        answer=answer,
        now=utcnow(),
        call_back=wants_call_back(data),
    )
    if getattr(request, "htmx", None):
        events = await next_events(
            session=db_session,
            cache=request.app.state.public_cache,
            council_id=enquiry.council_id,
            now=utcnow(),
        )
        context = {
            "feeling": answer,
            "feel_action": request.url.path,
            "enquiry": enquiry,
            "answer": recorded,
            "events": events,
        }
        return HTMXTemplate(template_name="recruitment/_feeling.html", context=context)
    return Redirect(f"{back}#how-you-feel", status_code=303)


class EnquiryController(Controller):
    """People thinking about fostering: no account, a phone, a spare minute."""

    opt = PUBLIC

    @get("/enquire", name="enquire")
    async def form(self, invite: FromQuery[str] = "", campaign: FromQuery[str] = "") -> Template:
        return Template(
            template_name="recruitment/enquire.html",
            context=_form_context(
                None,
                idempotency_key=uuid.uuid4().hex,
                invite=invite_code(invite),
                campaign=campaign_code(campaign),
            ),
        )

    @post("/enquire", name="enquire_submit", status_code=303)
    async def submit(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        if data.get("website"):
            # The hidden field only robots fill in: answer as if it worked, store nothing.
            return Redirect("/enquire/thank-you", status_code=303)
        key, invite, campaign = (
            form_key(data.get("idempotency_key")),
            invite_code(data.get("invite")),
            campaign_code(data.get("campaign")),
        )
        form, form_state = validate(EnquiryForm, form_values(data), form_level_field=FORM_LEVEL_FIELD)
        if form is None:
            return Template(
                template_name="recruitment/enquire.html",
                context=_form_context(form_state, idempotency_key=key, invite=invite, campaign=campaign),
                status_code=400,
            )
        council = await served(db_session, state)
        referrer = (
            await attribution_for(session=db_session, code=invite, council_id=council.id) if invite else None
        )
        result = await create_enquiry(
            session=db_session,
            council=council,
            form=form,
            idempotency_key=one_off_key(
                key, browser=request.cookies.get(request.app.csrf_config.cookie_name, "")
            ),
            referrer_id=referrer,
            campaign_code=campaign,
            settings=state.settings,
            now=utcnow(),
        )
        if result.created:
            state.worker.wake.set()
        request.session["enquiry_id"] = str(result.enquiry.id)
        request.session["enquiry_until"] = int(utcnow().timestamp()) + int(THANK_YOU_ACCESS.total_seconds())
        return Redirect("/enquire/thank-you", status_code=303)

    @post("/enquire/check/{field:str}", name="enquire_check")
    async def check(self, data: FormData, field: FromPath[str]) -> Template:
        """Inline validation as someone leaves a field (htmx): the same field markup, re-rendered."""
        if field not in FIELDS:
            raise NotFoundException()
        _, form_state = validate(EnquiryForm, form_values(data), form_level_field=FORM_LEVEL_FIELD)
        # Only the field just left speaks up: the others have not been answered yet.
        form_state.errors = {field: form_state.errors[field]} if field in form_state.errors else {}
        return Template(
            template_name="recruitment/_enquiry_field.html",
            context={**_form_context(form_state, idempotency_key="", invite="", campaign=""), "field": field},
        )

    async def _just_sent(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Enquiry | None:
        council = await served(db_session, state)
        return await enquiry_for_response(
            session=db_session, council_id=council.id, enquiry_id=_thank_you_enquiry_id(request)
        )

    @get("/enquire/thank-you", name="enquiry_response", cache_control=NO_STORE)
    async def response(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Template:
        enquiry = await self._just_sent(request, state, db_session)
        if enquiry is None:
            return Template(template_name="recruitment/thank_you_generic.html")
        page = await enquiry_page(
            session=db_session,
            cache=state.public_cache,
            enquiry=enquiry,
            moment=MotivationMoment.AFTER_ENQUIRY,
            near_them=True,
            now=utcnow(),
        )
        return Template(
            template_name="recruitment/thank_you.html",
            context={
                **vars(page),  # its parts as the templates name them: stories, promise...
                "motivations": MOTIVATIONS,
                "households": HOUSEHOLDS,
                "households_said_back": HOUSEHOLDS_SAID_BACK,
                "best_times": BEST_TIMES,
                "feel_action": "/enquire/thank-you/feeling",
            },
        )

    @post("/enquire/thank-you/feeling", name="enquiry_feeling", status_code=303)
    async def feeling(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        enquiry = await self._just_sent(request, state, db_session)
        return await answer_feeling(
            request,
            db_session,
            data,
            enquiry,
            moment=MotivationMoment.AFTER_ENQUIRY,
            back="/enquire/thank-you",
        )


def enquiry_routes(*, rate_limit_per_minute: int) -> list[Any]:
    """The journey's pages; the form's posts limited per client, so one person (or robot) cannot
    flood the team with enquiries."""
    limited = Router(
        path="/",
        route_handlers=[EnquiryController],
        middleware=[enquiry_rate_limit(rate_limit_per_minute).middleware],
    )
    return [limited]
