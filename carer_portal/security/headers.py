"""Security headers on every response, and a fresh CSP nonce for each one."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from collections.abc import Awaitable, Callable

from litestar.types import Message, Scope


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def csp_nonce(scope: Scope | object) -> str:
    """The response's CSP nonce, made on first use (templates call it through ``request``)."""
    raw_scope: Scope = getattr(scope, "scope", scope)  # a Request, or the scope itself
    state = raw_scope.setdefault("state", {})  # type: ignore[union-attr]
    nonce = state.get("csp_nonce")
    if nonce is None:
        nonce = state["csp_nonce"] = secrets.token_urlsafe(16)
    return nonce


def security_headers_hook(*, hsts: bool) -> Callable[[Message, Scope], Awaitable[None]]:
    """A ``before_send`` hook: it runs for every response, 404s for unknown paths included.

    Responses that say nothing about caching are marked private: HTML can carry
    personal data and must never be kept by a shared cache.
    """

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce(scope))
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        if hsts:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if scope.get("user") is not None and "immutable" not in headers.get("cache-control", ""):
            # A signed-in page may hold a child's information: never keep it, not even for Back.
            headers["Cache-Control"] = "no-store"
        elif "cache-control" not in headers:
            headers["Cache-Control"] = "no-cache, private"

    return add_security_headers
