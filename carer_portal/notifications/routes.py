"""A person's notification settings: devices, kinds, quiet hours, and a test notification."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import NotFoundException, SerializationException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from pydantic import ValidationError

from carer_portal.db import DbSession
from carer_portal.forms import FormData, FormState, validate
from carer_portal.notifications.forms import HOURS, PreferencesForm, SubscriptionIn, device_label
from carer_portal.notifications.kinds import choices_for, introduction_for
from carer_portal.notifications.models import NotificationKind
from carer_portal.notifications.service import (
    devices_for,
    preferences_for,
    save_preferences,
    save_subscription,
    send_test_notification,
    turn_off_device,
)
from carer_portal.security.guards import signed_in

DONE_MESSAGES = {
    "device-on": "Notifications are on for this device.",
    "device-off": "That device will not get notifications any more.",
    "preferences": "Your choices have been saved.",
    "test": "We have sent you a test notification. If you have no device turned on, it will come by email.",
}


def _refused(message: str, *, status_code: int = 400) -> Response[dict[str, str]]:
    """A refused subscription, said plainly: the page's script only looks at the status, and
    the error page (HTML, for people) would tell whoever is debugging it nothing."""
    return Response({"error": message}, status_code=status_code, headers={"Cache-Control": "no-store"})


def _first_problem(error: ValidationError) -> str:
    """What is wrong with a posted subscription, without echoing what was posted."""
    problem = error.errors(include_url=False, include_input=False)[0]
    where = ".".join(str(part) for part in problem["loc"]) or "the subscription"
    return f"That is not a push subscription: {where}: {problem['msg'].removeprefix('Value error, ')}"


class NotificationsController(Controller):
    path = "/notifications"
    guards = (signed_in,)

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
        preferences = await preferences_for(db_session, user_id=actor.user_id, council_id=actor.council_id)
        return Template(
            template_name="notifications/index.html",
            context={
                "devices": await devices_for(db_session, user_id=actor.user_id),
                "preferences": preferences,
                "form": form,
                "hours": [h.strftime("%H:%M") for h in HOURS],
                "vapid_public_key": state.vapid_keys.public_key,
                "done": DONE_MESSAGES.get(done),
                "choices": choices_for(actor.role),
                "wanted": [kind.value for kind, _ in choices_for(actor.role) if preferences.wants(kind)],
                "introduction": introduction_for(actor.role),
            },
            status_code=status_code,
        )

    @get("/", name="notifications")
    async def settings_page(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, done: FromQuery[str] = ""
    ) -> Template:
        return await self._page(request, state, db_session, done=done)

    @post("/subscriptions", name="push_subscribe", status_code=201)
    async def subscribe(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Response[dict[str, str]]:
        # The content type is checked before the body is touched: for a form post the CSRF
        # middleware has already read the body to find its token, and reading it again would
        # wait for more of it until the request timed out.
        if request.content_type[0] != "application/json":
            return _refused("Send the subscription as application/json", status_code=415)
        try:
            body = await request.json()
        # Besides malformed JSON: ValueError for bytes that are not UTF-8, RecursionError for
        # arrays nested thousands deep. Neither is the server's fault.
        except (SerializationException, ValueError, RecursionError):
            return _refused("That is not JSON")
        try:
            data = SubscriptionIn.model_validate(body)
        except ValidationError as error:
            return _refused(_first_problem(error))
        if not state.settings.is_allowed_push_endpoint(data.endpoint):
            return _refused("That push service is not one we send to")
        actor = request.user
        subscription = await save_subscription(
            db_session,
            user_id=actor.user_id,
            council_id=actor.council_id,
            endpoint=data.endpoint,
            p256dh=data.keys.p256dh,
            auth=data.keys.auth,
            device_label=device_label(request.headers.get("user-agent", "")),
        )
        return Response({"id": str(subscription.id), "device": subscription.device_label}, status_code=201)

    @post("/devices/{subscription_id:uuid}/turn-off", name="push_turn_off", status_code=303)
    async def turn_off(
        self, request: Request[Any, Any, Any], db_session: DbSession, subscription_id: FromPath[uuid.UUID]
    ) -> Redirect:
        user_id = request.user.user_id
        if not await turn_off_device(db_session, user_id=user_id, subscription_id=subscription_id):
            raise NotFoundException()
        return Redirect("/notifications?done=device-off", status_code=303)

    @post("/preferences", name="notification_preferences", status_code=303)
    async def preferences(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession, data: FormData
    ) -> Template | Redirect:
        values = dict(data)
        kinds = values.get("kinds", [])
        values["kinds"] = kinds if isinstance(kinds, list) else [kinds]
        form, form_state = validate(PreferencesForm, values)
        if form is None:
            return await self._page(request, state, db_session, form=form_state, status_code=400)
        chosen = {NotificationKind(k) for k in form.kinds if k in {kind.value for kind in NotificationKind}}
        quiet_from, quiet_until = form.as_times()
        actor = request.user
        await save_preferences(
            db_session,
            user_id=actor.user_id,
            council_id=actor.council_id,
            role=actor.role,
            kinds=chosen,
            quiet_hours=form.quiet_hours == "yes",
            quiet_from=quiet_from,
            quiet_until=quiet_until,
        )
        return Redirect("/notifications?done=preferences", status_code=303)

    @post("/test", name="push_test", status_code=303)
    async def test(self, request: Request[Any, Any, Any], state: State, db_session: DbSession) -> Redirect:
        actor = request.user
        await send_test_notification(
            db_session,
            user_id=actor.user_id,
            council_id=actor.council_id,
            service_name=state.settings.service_short_name,
        )
        state.worker.wake.set()
        return Redirect("/notifications?done=test", status_code=303)


notification_routes: list[type[Controller]] = [NotificationsController]
