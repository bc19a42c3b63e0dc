"""Checks every request passes before anything reads it: its address, and where an unsafe one came from.

- A path or query string with a control character in it (a NUL, say) is refused with 400
  before any handler or query sees it: PostgreSQL answers NUL with an error, SQLite stores it.
  Form fields are checked field by field, with a message beside each (carer_portal/forms.py).
- An unsafe request (POST and the like) that a browser says came from another site is refused
  with 403. This is a second layer beside the CSRF token, not a replacement: browsers send
  ``Sec-Fetch-Site`` and ``Origin``; a client that sends neither still needs a valid token.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit

from litestar.exceptions import ClientException, PermissionDeniedException
from litestar.types import ASGIApp, Receive, Scope, Send

from carer_portal.forms import has_control_characters

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# "none" is a person typing the address or using a bookmark; anything cross-site is refused.
ALLOWED_FETCH_SITES = frozenset({b"same-origin", b"none"})


class UnacceptableAddress(ClientException):
    """A web address we will not read; answered with the 400 page and this message."""

    status_code = 400


def allowed_origins(base_url: str, *, local: bool) -> frozenset[str]:
    """The site's own origin; on a developer's machine, its loopback spellings too."""
    parts = urlsplit(base_url)
    port = f":{parts.port}" if parts.port else ""
    origins = {f"{parts.scheme}://{parts.netloc}".lower()}
    if local:
        origins |= {f"{parts.scheme}://{host}{port}" for host in ("127.0.0.1", "localhost", "[::1]")}
    return frozenset(origins)


class RequestScreeningMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self._screen(scope)
        await self.app(scope, receive, send)

    def _screen(self, scope: Scope) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        if has_control_characters(scope["path"]) or (query and has_control_characters(unquote_plus(query))):
            raise UnacceptableAddress(
                "The web address contains a character we cannot accept. "
                "Check the address, or go back and try again."
            )
        if scope["method"] in SAFE_METHODS:
            return
        headers = dict(scope["headers"])
        fetch_site = headers.get(b"sec-fetch-site")
        if fetch_site is not None and fetch_site not in ALLOWED_FETCH_SITES:
            raise PermissionDeniedException("cross-site request")
        origin = headers.get(b"origin")
        if origin is not None and origin.decode("latin-1").lower() not in scope["litestar_app"].state.origins:
            raise PermissionDeniedException("cross-origin request")
