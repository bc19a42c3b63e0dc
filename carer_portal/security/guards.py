"""Markers every route handler carries: guards, or an explicit statement that it is public.

A test walks every route of the app and fails for any handler with neither
(tests/web/security/test_route_walker.py), so a new route cannot be forgotten.

Guards only check that someone is signed in with a role that could ever use the page; a role
that never can gets a page saying so, and where to go instead (pages are the same for every
council, so that says nothing secret). Whether they may see *this* thing is the policy's
question (security/policies.py), asked by the feature's service; the answer for "not yours" is
the same 404 as for "not there", so that a record's existence never leaks.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.types import Guard

from carer_portal.people.models import STAFF_ROLES, Role

PUBLIC: dict[str, Any] = {"public": True}
# Public pages that only ever answer GET and carry no form: no CSRF cookie or token to make.
PUBLIC_READ_ONLY: dict[str, Any] = {"public": True, "exclude_from_csrf": True}
# ...and the same for every visitor who is not signed in: rendered once, served from memory
# (carer_portal/cache.py). Only for pages that read nothing from the request but its path.
PUBLIC_CACHED: dict[str, Any] = {**PUBLIC_READ_ONLY, "page_cache": True}
# Built, content-hashed assets: the same for everyone, kept compressed for a day.
STATIC_CACHED: dict[str, Any] = {**PUBLIC_READ_ONLY, "page_cache": "static"}


def is_public(opt: dict[str, Any]) -> bool:
    return bool(opt.get("public"))


class SignInRequired(NotAuthorizedException):
    """Raised for a signed-out person on a page that needs signing in; answered by a redirect."""


class NotForYourRole(PermissionDeniedException):
    """A signed-in person on a page their role does not have: a page that says so (errors.py)."""


# Guards are coroutines on purpose: Litestar runs a plain function on a thread pool, a
# hand-over per request that cost signed-in pages a tenth of their time.
async def signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if connection.user is None:
        raise SignInRequired()


def roles(*allowed: Role) -> Guard:
    """Signed in, with one of these roles. Any other role is told it has no access here."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        if connection.user is None:
            raise SignInRequired()
        if connection.user.role not in allowed:
            raise NotForYourRole()

    guard.__name__ = "roles_" + "_".join(role.value for role in allowed)
    # Read by the permission matrix test, which checks each guard is as strict as its row
    # says: the services behind a page often refuse too, which would hide a weakened guard.
    guard.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
    return guard


STAFF = roles(*STAFF_ROLES)
