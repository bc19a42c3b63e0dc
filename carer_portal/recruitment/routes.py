"""Recruitment pages: the landing page, the enquiry journey, and the team's inbox."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import CacheControlHeader, State
from litestar.exceptions import NotFoundException
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXTemplate
from litestar.response import Redirect, Template

from carer_portal.db import DbSession, utcnow
from carer_portal.forms import FormData, FormState, validate
from carer_portal.people.models import Council, Role
from carer_portal.people.service import council_by_slug
from carer_portal.recruitment.forms import (
    FIELDS,
    FORM_LEVEL_FIELD,
    IDEMPOTENCY_KEY,
    EnquiryForm,
    NoteForm,
    one_off_key,
)
from carer_portal.recruitment.models import EnquiryStage, MotivationAnswerValue, MotivationMoment
from carer_portal.recruitment.promises import describe_call_by
from carer_portal.recruitment.service import (
    JOURNEY,
    StageChangeRefused,
    add_note,
    assign,
    change_stage,
    create_enquiry,
    enquiries_of_enquirer,
    enquiry_by_token,
    enquiry_for_officer,
    enquiry_for_response,
    featured_stories,
    history,
    inbox,
    motivation_answers,
    next_stages,
    officers,
    published_stories,
    record_motivation,
    upcoming_events,
    withdraw_and_delete,
)
from carer_portal.recruitment.vocabulary import BEST_TIMES, HOUSEHOLDS, HOUSEHOLDS_SAID_BACK, MOTIVATIONS
from carer_portal.security.guards import PUBLIC, PUBLIC_CACHED, roles

EVENTS_SHOWN = 3
# The thank-you page shows what the person told us: for an hour after sending, in that browser.
THANK_YOU_ACCESS = timedelta(hours=1)
NO_STORE = CacheControlHeader(no_store=True)
INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{6,24}$")
CAMPAIGN_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


async def _is_enquiry_post(request: Request[Any, Any, Any]) -> bool:
    # Async on purpose: Litestar runs a plain function on a thread, a hand-over each request.
    return request.method == "POST" and request.scope["path"] == "/enquire"


def enquiry_rate_limit(per_minute: int) -> RateLimitConfig:
    return RateLimitConfig(
        rate_limit=("minute", per_minute),
        store="enquiry_rate_limit",
        check_throttle_handler=_is_enquiry_post,
        set_rate_limit_headers=False,
    )


async def _council(db_session: DbSession, state: State) -> Council:
    """The council this deployment serves: looked up once a minute, not on every request."""

    async def load() -> Council | None:
        return await council_by_slug(session=db_session, slug=state.settings.council_slug)

    council = await state.public_cache.get_or_load("council", load)
    if council is None:
        state.public_cache.forget("council")  # not set up yet: look again next time
        raise NotFoundException()
    return council


async def _published_stories(db_session: DbSession, state: State, council: Council) -> list[Any]:
    """Every published story, kept for a minute (a publish in this process clears it)."""

    async def load() -> list[Any]:
        return await published_stories(session=db_session, council_id=council.id)

    return await state.public_cache.get_or_load("published-stories", load)


async def _upcoming_events(
    db_session: DbSession, state: State, council: Council, *, now: datetime
) -> list[Any]:
    """The next information events. Kept for a minute, so an event that began since is dropped here."""

    async def load() -> list[Any]:
        return await upcoming_events(
            session=db_session, council_id=council.id, now=now, limit=EVENTS_SHOWN + 3
        )

    events = await state.public_cache.get_or_load("upcoming-events", load)
    return [event for event in events if event.starts_at >= now][:EVENTS_SHOWN]


def _form_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: value for key, value in data.items() if key in FIELDS}
    reasons = data.get("reasons", [])
    values["reasons"] = reasons if isinstance(reasons, list) else [reasons]
    for key, value in list(values.items()):
        if key != "reasons" and isinstance(value, list):  # a repeated field: keep the last
            values[key] = value[-1] if value else ""
    return values


def _matched_stories(stories: list[Any], enquiry: Any, *, area_hint: str = "") -> list[Any]:
    from carer_portal.recruitment.stories.service import match_stories

    return match_stories(
        stories,
        reasons=[r for r in enquiry.motivation_reasons.split(",") if r],
        household=enquiry.household,
        area_hint=area_hint,
        limit=3,
    )


def _enquiry_context(
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


class RecruitmentController(Controller):
    opt = PUBLIC_CACHED

    @get("/", name="landing")
    async def landing(self, state: State, db_session: DbSession) -> Template:
        async def load() -> list[Any]:
            council = await council_by_slug(session=db_session, slug=state.settings.council_slug)
            return await featured_stories(session=db_session, council_id=council.id) if council else []

        # Everyone sees the same stories here, so most visits need no database at all.
        stories = await state.public_cache.get_or_load("landing-stories", load)
        return Template(template_name="recruitment/landing.html", context={"stories": stories})


class EnquiryController(Controller):
    """People thinking about fostering: no account, a phone, a spare minute."""

    opt = PUBLIC

    @get("/enquire", name="enquire")
    async def form(self, invite: FromQuery[str] = "", campaign: FromQuery[str] = "") -> Template:
        return Template(
            template_name="recruitment/enquire.html",
            context=_enquiry_context(
                None,
                idempotency_key=uuid.uuid4().hex,
                invite=invite if INVITE_CODE.match(invite) else "",
                campaign=campaign if CAMPAIGN_CODE.match(campaign) else "",
            ),
        )

    @post("/enquire", name="enquire_submit", status_code=303)
    async def submit(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        key = str(data.get("idempotency_key", ""))
        key = key if IDEMPOTENCY_KEY.match(key) else uuid.uuid4().hex
        browser = request.cookies.get(request.app.csrf_config.cookie_name, "")
        invite = str(data.get("invite", ""))
        invite = invite if INVITE_CODE.match(invite) else ""
        campaign = str(data.get("campaign", ""))
        campaign = campaign if CAMPAIGN_CODE.match(campaign) else ""
        if data.get("website"):
            # The hidden field only robots fill in: answer as if it worked, store nothing.
            return Redirect("/enquire/thank-you", status_code=303)
        form, form_state = validate(EnquiryForm, _form_values(data), form_level_field=FORM_LEVEL_FIELD)
        if form is None:
            return Template(
                template_name="recruitment/enquire.html",
                context=_enquiry_context(form_state, idempotency_key=key, invite=invite, campaign=campaign),
                status_code=400,
            )
        council = await _council(db_session, state)
        from carer_portal.recruitment.referrals.service import attribution_for

        referrer = (
            await attribution_for(session=db_session, code=invite, council_id=council.id) if invite else None
        )
        result = await create_enquiry(
            session=db_session,
            council=council,
            form=form,
            idempotency_key=one_off_key(key, browser=browser),
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
        _, form_state = validate(EnquiryForm, _form_values(data), form_level_field=FORM_LEVEL_FIELD)
        # Only the field just left speaks up: the others have not been answered yet.
        form_state.errors = {field: form_state.errors[field]} if field in form_state.errors else {}
        return Template(
            template_name="recruitment/_enquiry_field.html",
            context={
                **_enquiry_context(form_state, idempotency_key="", invite="", campaign=""),
                "field": field,
            },
        )

    @get("/enquire/thank-you", name="enquiry_response", cache_control=NO_STORE)
    async def response(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Template:
        council = await _council(db_session, state)
        enquiry = await enquiry_for_response(
            session=db_session, council_id=council.id, enquiry_id=_thank_you_enquiry_id(request)
        )
        if enquiry is None:
            return Template(template_name="recruitment/thank_you_generic.html")
        now = utcnow()
        stories = _matched_stories(
            await _published_stories(db_session, state, council),
            enquiry,
            area_hint=enquiry.postcode.split(" ")[0],
        )
        answers = await motivation_answers(session=db_session, enquiry_id=enquiry.id)
        return Template(
            template_name="recruitment/thank_you.html",
            context={
                "enquiry": enquiry,
                "first_name": enquiry.name.split(" ")[0],
                "stories": stories,
                "promise": describe_call_by(enquiry.promised_call_by, now=now)
                if enquiry.promised_call_by
                else None,
                "events": await _upcoming_events(db_session, state, council, now=now),
                "feeling": answers.get(MotivationMoment.AFTER_ENQUIRY),
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
        council = await _council(db_session, state)
        enquiry = await enquiry_for_response(
            session=db_session, council_id=council.id, enquiry_id=_thank_you_enquiry_id(request)
        )
        answer = _answer(data)
        if enquiry is None or answer is None:
            raise NotFoundException()
        await record_motivation(
            session=db_session,
            enquiry=enquiry,
            moment=MotivationMoment.AFTER_ENQUIRY,
            answer=answer,
            now=utcnow(),
        )
        return _feeling_answered(request, answer, back="/enquire/thank-you")


def _thank_you_enquiry_id(request: Request[Any, Any, Any]) -> str | None:
    """The enquiry this browser just sent, for its thank-you page: only for a short while, since
    the next person to use the same browser must not see "Thank you, Pat" and Pat's words."""
    if int(request.session.get("enquiry_until", 0)) <= utcnow().timestamp():
        request.session.pop("enquiry_id", None)
        request.session.pop("enquiry_until", None)
        return None
    return request.session.get("enquiry_id")


def _answer(data: dict[str, Any]) -> MotivationAnswerValue | None:
    try:
        return MotivationAnswerValue(str(data.get("feeling", "")))
    except ValueError:
        return None


def _feeling_answered(
    request: Request[Any, Any, Any], answer: MotivationAnswerValue, *, back: str
) -> Template | Redirect:
    if getattr(request, "htmx", None):
        return HTMXTemplate(
            template_name="recruitment/_feeling.html", context={"feeling": answer, "feel_action": ""}
        )
    return Redirect(f"{back}#how-you-feel", status_code=303)


class YourEnquiryController(Controller):
    """The person's own enquiry page, opened from the link we emailed them."""

    opt = PUBLIC
    path = "/your-enquiry"

    async def _enquiry(self, db_session: DbSession, state: State, token: str):  # type: ignore[no-untyped-def]
        council = await _council(db_session, state)
        enquiry = await enquiry_by_token(session=db_session, council_id=council.id, token=token)
        if enquiry is None:
            raise NotFoundException()
        return council, enquiry

    @get("/{token:str}", name="your_enquiry", cache_control=NO_STORE)
    async def page(self, state: State, db_session: DbSession, token: FromPath[str]) -> Template:
        council, enquiry = await self._enquiry(db_session, state, token)
        answers = await motivation_answers(session=db_session, enquiry_id=enquiry.id)
        stories = _matched_stories(await _published_stories(db_session, state, council), enquiry)
        had_conversation = enquiry.first_responded_at is not None
        return Template(
            template_name="recruitment/your_enquiry.html",
            context={
                "enquiry": enquiry,
                "token": token,
                "journey": JOURNEY,
                "stage_index": JOURNEY.index(EnquiryStage(enquiry.stage))
                if enquiry.stage in JOURNEY
                else None,
                "promise": describe_call_by(enquiry.promised_call_by, now=utcnow())
                if enquiry.promised_call_by
                else None,
                "stories": stories,
                "events": await _upcoming_events(db_session, state, council, now=utcnow()),
                "ask_feeling": had_conversation,
                "feeling": answers.get(MotivationMoment.AFTER_FIRST_CONVERSATION),
                "feel_action": f"/your-enquiry/{token}/feeling",
            },
        )

    @post("/{token:str}/feeling", name="your_enquiry_feeling", status_code=303)
    async def feeling(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        data: FormData,
        token: FromPath[str],
    ) -> Template | Redirect:
        _, enquiry = await self._enquiry(db_session, state, token)
        answer = _answer(data)
        if answer is None or enquiry.first_responded_at is None:
            raise NotFoundException()
        await record_motivation(
            session=db_session,
            enquiry=enquiry,
            moment=MotivationMoment.AFTER_FIRST_CONVERSATION,
            answer=answer,
            now=utcnow(),
        )
        return _feeling_answered(request, answer, back=f"/your-enquiry/{token}")

    @get("/{token:str}/withdraw", name="your_enquiry_withdraw")
    async def confirm_withdraw(self, state: State, db_session: DbSession, token: FromPath[str]) -> Template:
        await self._enquiry(db_session, state, token)
        return Template(template_name="recruitment/withdraw.html", context={"token": token})

    @post("/{token:str}/withdraw", name="your_enquiry_withdraw_confirm", status_code=303)
    async def withdraw(self, state: State, db_session: DbSession, token: FromPath[str]) -> Redirect:
        _, enquiry = await self._enquiry(db_session, state, token)
        await withdraw_and_delete(session=db_session, enquiry=enquiry, now=utcnow())
        return Redirect("/your-enquiry-deleted", status_code=303)


class EnquiryDeletedController(Controller):
    opt = PUBLIC

    @get("/your-enquiry-deleted", name="your_enquiry_deleted")
    async def deleted(self) -> Template:
        return Template(template_name="recruitment/withdrawn.html")


class EnquirerAccountController(Controller):
    """A signed-in enquirer sees their own enquiries."""

    guards = (roles(Role.ENQUIRER),)

    @get("/your-enquiries", name="your_enquiries")
    async def mine(self, request: Request[Any, Any, Any], db_session: DbSession) -> Template:
        enquiries = await enquiries_of_enquirer(session=db_session, actor=request.user)
        return Template(
            template_name="recruitment/your_enquiries.html",
            context={"enquiries": enquiries, "journey": JOURNEY},
        )


class EnquiryInboxController(Controller):
    """The recruitment team's inbox: every enquiry, the clock on the first call, the history."""

    guards = (roles(Role.RECRUITMENT_OFFICER),)
    path = "/enquiries"

    @get("/", name="enquiries")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        stage: FromQuery[str] = "",
        mine: FromQuery[str] = "",
    ) -> Template:
        try:
            chosen = EnquiryStage(stage) if stage else None
        except ValueError:
            chosen = None
        lines = await inbox(
            session=db_session, actor=request.user, now=utcnow(), stage=chosen, mine=mine == "yes"
        )
        return Template(
            template_name="recruitment/inbox.html",
            context={
                "lines": lines,
                "stage": chosen,
                "mine": mine == "yes",
                "stages": list(EnquiryStage),
                "households": HOUSEHOLDS,
            },
        )

    async def _enquiry(self, request: Request[Any, Any, Any], db_session: DbSession, enquiry_id: uuid.UUID):  # type: ignore[no-untyped-def]
        enquiry = await enquiry_for_officer(session=db_session, actor=request.user, enquiry_id=enquiry_id)
        if enquiry is None:
            raise NotFoundException()
        return enquiry

    async def _detail(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        enquiry: Any,
        *,
        note_form: FormState | None = None,
        problem: str | None = None,
        done: str = "",
        status_code: int = 200,
    ) -> Template:
        team = await officers(session=db_session, actor=request.user)
        return Template(
            template_name="recruitment/enquiry.html",
            context={
                "enquiry": enquiry,
                "history": await history(session=db_session, enquiry=enquiry),
                "answers": await motivation_answers(session=db_session, enquiry_id=enquiry.id),
                "officers": team,
                "assigned": next((o for o in team if o.id == enquiry.assigned_officer_id), None),
                "next_stages": next_stages(EnquiryStage(enquiry.stage)),
                "note_form": note_form,
                "problem": problem,
                "done": done,
                "now": utcnow(),
                "motivations": MOTIVATIONS,
                "households": HOUSEHOLDS,
                "best_times": BEST_TIMES,
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

    @post("/{enquiry_id:uuid}/stage", name="enquiry_stage", status_code=303)
    async def stage(
        self,
        request: Request[Any, Any, Any],
        state: State,
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Template | Redirect:
        enquiry = await self._enquiry(request, db_session, enquiry_id)
        try:
            to_stage = EnquiryStage(str(data.get("stage", "")))
            await change_stage(
                session=db_session,
                actor=request.user,
                enquiry=enquiry,
                to_stage=to_stage,
                settings=state.settings,
                now=utcnow(),
            )
        except (ValueError, StageChangeRefused):
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

    @post("/{enquiry_id:uuid}/assign", name="enquiry_assign", status_code=303)
    async def assign_officer(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        enquiry_id: FromPath[uuid.UUID],
        data: FormData,
    ) -> Redirect:
        enquiry = await self._enquiry(request, db_session, enquiry_id)
        raw = str(data.get("officer", ""))
        try:
            officer_id = uuid.UUID(raw) if raw else None
        except ValueError:
            raise NotFoundException() from None
        if not await assign(session=db_session, actor=request.user, enquiry=enquiry, officer_id=officer_id):
            raise NotFoundException()
        return Redirect(f"/enquiries/{enquiry.id}?done=assigned", status_code=303)

    @post("/{enquiry_id:uuid}/notes", name="enquiry_note", status_code=303)
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
