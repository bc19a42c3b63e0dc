"""Starting and ending signed-in sessions (encrypted cookies: web processes share nothing)."""

from __future__ import annotations

import copy
import secrets
import time
from typing import Any, Literal

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Empty, Message, ScopeSession

from carer_portal.people.models import User


def start_session(
    request: Request[Any, Any, Any],
    user: User,
    *,
    kind: Literal["staff", "carer"],
    own_device: bool = False,
) -> str | None:
    """Replace whatever session there was with a fresh one; returns where to go next."""
    next_path = safe_next_path(request.session.get("next"))
    request.clear_session()
    request.set_session(
        {
            "uid": str(user.id),
            "gen": user.session_generation,
            "kind": kind,
            "own_device": own_device,
            "seen": int(time.time()),
            # A new random value, so a fresh sign-in never reuses an old cookie's contents.
            "sid": secrets.token_urlsafe(12),
        }
    )
    return next_path


def end_session(request: Request[Any, Any, Any]) -> None:
    request.clear_session()


def safe_next_path(value: object) -> str | None:
    """Only paths on this site: never '//elsewhere' or 'https://elsewhere'."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return None
    return value


_AS_LOADED = "carer_portal.session_as_loaded"


class _SessionBackend(ClientSideSessionBackend):
    """Litestar's encrypted cookie session, re-sent only when it changed.

    Litestar encrypts and sends the cookie again with every response; for a session nobody
    touched that is a tenth of a small page's time, and bytes on every answer. Sessions in use
    change at least once a minute ("seen", security/actor.py), which keeps the cookie's expiry
    sliding for people who are active.
    """

    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        connection.scope[_AS_LOADED] = copy.deepcopy(data)  # type: ignore[literal-required]
        return data

    async def store_in_message(
        self, scope_session: ScopeSession, message: Message, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> None:
        loaded = connection.scope.get(_AS_LOADED)  # type: ignore[call-overload]
        if scope_session and scope_session is not Empty and scope_session == loaded:
            return
        await super().store_in_message(scope_session, message, connection)


class SessionCookieConfig(CookieBackendConfig):
    _backend_class = _SessionBackend
