"""Starting and ending signed-in sessions (encrypted cookies: web processes share nothing)."""

from __future__ import annotations

import secrets
import time
from typing import Any, Literal

from litestar import Request

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
