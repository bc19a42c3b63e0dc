"""Error pages in the service's own style: 400, 403, 404, 405, 429 and 500, and "no access" for a role."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from carer_portal.navigation import home_for
from carer_portal.security.guards import NotForYourRole, SignInRequired
from carer_portal.security.screening import UnacceptableAddress

logger = logging.getLogger("carer_portal.errors")

PAGES: dict[int, tuple[str, list[str]]] = {
    400: (
        "Sorry, we could not understand that",
        ["Something in the request was not in a form we expected. Go back and try again."],
    ),
    403: (
        "Sorry, we could not accept that",
        [
            "This can happen when a page has been open for a long time, or was opened in another browser.",
            "Go back, refresh the page and try again. Anything you typed may need typing again.",
        ],
    ),
    404: (
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    ),
    405: (
        "Sorry, that did not work",
        ["That page cannot be used in that way. Go back and try again."],
    ),
    429: (
        "Too many attempts",
        [
            "To keep everyone's information safe, we limit how often this can be tried.",
            "Wait a few minutes, then try again.",
        ],
    ),
    500: (
        "Sorry, there is a problem with the service",
        [
            "Try again later.",
            "If you were sending us something, it may not have been saved. "
            "Please check before sending it again.",
        ],
    ),
}


def error_page(
    status_code: int, headers: dict[str, str] | None = None, *, paragraphs: list[str] | None = None
) -> Template:
    heading, standard = PAGES.get(status_code, PAGES[500 if status_code >= 500 else 400])
    paragraphs = paragraphs or standard
    return Template(
        template_name="errors/error.html",
        context={"heading": heading, "paragraphs": paragraphs},
        status_code=status_code,
        headers={**(headers or {}), "Cache-Control": "no-store"},
    )


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    headers = dict(exc.headers or {})
    if isinstance(exc, UnacceptableAddress):
        return error_page(exc.status_code, headers, paragraphs=[exc.detail])
    return error_page(exc.status_code, headers)


def not_found_handler(request: Request[Any, Any, Any], exc: NotFoundException) -> Response[Any]:
    return error_page(404)


def permission_denied_handler(
    request: Request[Any, Any, Any], exc: PermissionDeniedException
) -> Response[Any]:
    return error_page(403)


def not_for_your_role_handler(request: Request[Any, Any, Any], exc: NotForYourRole) -> Response[Any]:
    """Not "page not found": the page is there, and this person's role does not have it."""
    return Template(
        template_name="errors/not_for_your_role.html",
        context={"home": home_for(request.user.role)},
        status_code=403,
        headers={"Cache-Control": "no-store"},
    )


def sign_in_required_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Send a signed-out person to sign in, remembering where they were going."""
    if request.method == "GET":
        request.session["next"] = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if getattr(request, "htmx", None):
        return Response(content=None, status_code=401, headers={"HX-Redirect": "/sign-in"})
    return Redirect("/sign-in", status_code=303)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    # The exception type and route only: messages can carry what a person typed.
    logger.error(
        "unhandled error",
        extra={"route": request.scope.get("path_template"), "error": type(exc).__name__},
        exc_info=exc,
    )
    return error_page(500)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    SignInRequired: sign_in_required_handler,
    NotForYourRole: not_for_your_role_handler,
    HTTPException: http_exception_handler,
    NotFoundException: not_found_handler,
    PermissionDeniedException: permission_denied_handler,
    HTTP_500_INTERNAL_SERVER_ERROR: internal_error_handler,
    Exception: internal_error_handler,
}
