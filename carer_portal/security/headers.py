"""Security headers on every response.

The Content Security Policy allows exactly two inline blocks, by their SHA-256 hashes: GOV.UK
Frontend's one-line script that marks the body as JavaScript-enabled, and the council's colours.
Both are the same on every page of a process, so the policy is too: a page that everybody sees
the same can be rendered once and served many times (carer_portal/cache.py), which a
per-response nonce would forbid.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from functools import cache
from importlib.resources import files

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def govuk_body_script() -> str:
    """The inline script in govuk-frontend-jinja's page template, read from the installed package.

    Read rather than copied, so an upgrade that changes it changes the hash too (and a template
    without it fails here, at start-up, not silently in the browser).
    """
    source = files("govuk_frontend_jinja").joinpath("templates/template.html").read_text()
    match = re.search(r"<script[^>]*>(.+?)</script>", source)
    if match is None:
        raise RuntimeError("govuk-frontend-jinja's template has no inline script: check the CSP")
    return match.group(1)


def content_security_policy(*, inline_styles: tuple[str, ...] = ()) -> str:
    style_hashes = "".join(f" {csp_hash(style)}" for style in inline_styles)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {csp_hash(govuk_body_script())}",
            f"style-src 'self'{style_hashes}",
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


def security_headers_hook(
    *, hsts: bool, inline_styles: tuple[str, ...] = ()
) -> Callable[[Message, Scope], Awaitable[None]]:
    """A ``before_send`` hook: it runs for every response, 404s for unknown paths included.

    Responses that say nothing about caching are marked private: HTML can carry
    personal data and must never be kept by a shared cache.
    """
    policy = content_security_policy(inline_styles=inline_styles)

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders.from_message(message)
        headers["Content-Security-Policy"] = policy
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
