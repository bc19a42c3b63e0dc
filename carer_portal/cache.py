"""Per-process caches for what every visitor sees the same: nothing personal is ever kept here.

``PublicCache`` holds data (the council, the published stories, the landing page's stories, the
next information events) and whole pages: a public page that
reads nothing from the visitor is rendered once, compressed once (brotli and gzip, at their
best settings, since it is done once) and then served from memory to everyone who is not
signed in. Each web process keeps its own: a publish in this process clears it at once, other
processes see the change within the time-to-live.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import brotli
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Handlers that render the same page for everyone who is not signed in carry this in their opt;
# built assets carry "static": the same for everyone, signed in or not, and never changing.
PAGE_CACHE_OPT = "page_cache"
STATIC = "static"
STATIC_TTL_SECONDS = 24 * 60 * 60
_COMPRESSIBLE = (
    b"text/",
    b"application/javascript",
    b"application/json",
    b"application/manifest+json",
    b"image/svg",
)
MAX_PAGES = 256
# Headers that describe the body as sent; they are set again for the variant chosen.
_BODY_HEADERS = {b"content-length", b"content-encoding", b"vary", b"transfer-encoding"}


@dataclass(frozen=True)
class CachedPage:
    expires: float
    status: int
    headers: list[tuple[bytes, bytes]]
    bodies: dict[str, bytes]  # "br", "gzip", "identity"


class PublicCache:
    def __init__(self, ttl_seconds: float = 60.0) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[str, tuple[float, Any]] = {}
        self.pages: dict[str, CachedPage] = {}

    async def get_or_load(self, key: str, load: Callable[[], Awaitable[Any]]) -> Any:
        entry = self._entries.get(key)
        now = time.monotonic()
        if entry is not None and entry[0] > now:
            return entry[1]
        value = await load()
        self._entries[key] = (now + self.ttl, value)
        return value

    def forget(self, key: str) -> None:
        self._entries.pop(key, None)

    def page(self, path: str) -> CachedPage | None:
        page = self.pages.get(path)
        if page is not None and page.expires > time.monotonic():
            return page
        return None

    def keep_page(
        self,
        path: str,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        *,
        ttl: float | None = None,
    ) -> None:
        if len(self.pages) >= MAX_PAGES:
            self.pages.clear()
        content_type = next((value for name, value in headers if name.lower() == b"content-type"), b"")
        bodies = {"identity": body}
        if content_type.startswith(_COMPRESSIBLE):
            bodies["br"] = brotli.compress(body, quality=11, mode=brotli.MODE_TEXT)
            bodies["gzip"] = gzip.compress(body, compresslevel=9, mtime=0)
        self.pages[path] = CachedPage(
            expires=time.monotonic() + (self.ttl if ttl is None else ttl),
            status=status,
            headers=[(name, value) for name, value in headers if name.lower() not in _BODY_HEADERS],
            bodies=bodies,
        )

    def clear(self) -> None:
        self._entries.clear()
        self.pages.clear()


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return b""


def _may_carry_a_session(scope: Scope) -> bool:
    """Whether any cookie header might hold a session, however it is spelt.

    Deliberately broad (any cookie whose text mentions "session", in any case, in any of
    several cookie headers): a miss only costs a render. What may be *kept* is decided from
    what the render actually saw (``_render``), not from this.
    """
    return any(key == b"cookie" and b"session" in value.lower() for key, value in scope["headers"])


def acceptable_encodings(accept_encoding: bytes) -> bytes:
    """The codings a client accepts, q-values honoured: ``gzip;q=0, br`` is ``br``.

    Litestar's compression looks for the coding's name anywhere in the header, so a refused
    coding (q=0) would still be used; we hand it only the ones with q > 0.
    """
    accepted = []
    for item in accept_encoding.split(b","):
        coding, _, params = item.strip().partition(b";")
        quality = 1.0
        for param in params.split(b";"):
            name, _, value = param.strip().partition(b"=")
            if name.strip().lower() == b"q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if coding and quality > 0:
            accepted.append(coding.strip().lower())
    return b", ".join(accepted)


def _encoding(accepted: bytes) -> str:
    codings = {coding.strip() for coding in accepted.split(b",")}
    if b"br" in codings:
        return "br"
    return "gzip" if b"gzip" in codings else "identity"


class PageCacheMiddleware:
    """Serves cached public pages to visitors without a session; fills the cache on a miss.

    It sits outside the session, actor, CSRF and compression middleware, so a hit costs none
    of them. Security headers are still added to every response (they are a ``before_send``
    hook on the way out) and the request is still logged.
    """

    def __init__(self, app: ASGIApp, cache: PublicCache) -> None:
        self.app = app
        self.cache = cache

    def _mode(self, scope: Scope) -> Any:
        """None, True (a public page) or STATIC (a built asset)."""
        handler = scope.get("route_handler")
        if scope["type"] != "http" or scope["method"] != "GET" or handler is None:
            return None
        mode = handler.opt.get(PAGE_CACHE_OPT)
        if not mode or scope.get("query_string") or _header(scope, b"range") or _header(scope, b"hx-request"):
            return None
        if mode != STATIC and _may_carry_a_session(scope):
            return None
        return mode

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["headers"] = [
                (key, acceptable_encodings(value) if key == b"accept-encoding" else value)
                for key, value in scope["headers"]
            ]
        mode = self._mode(scope)
        if mode is None:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        page = self.cache.page(path)
        if page is None:
            ttl = STATIC_TTL_SECONDS if mode == STATIC else None
            page = await self._render(path, scope, receive, send, ttl=ttl)
            if page is None:
                return  # not cacheable after all; already sent as it was
        encoding = _encoding(_header(scope, b"accept-encoding"))
        if encoding not in page.bodies:
            encoding = "identity"  # an image: compressing it again gains nothing
        body = page.bodies[encoding]
        headers = [*page.headers, (b"content-length", str(len(body)).encode())]
        if len(page.bodies) > 1:
            headers.append((b"vary", b"Accept-Encoding"))
        if encoding != "identity":
            headers.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": page.status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _render(
        self, path: str, scope: Scope, receive: Receive, send: Send, *, ttl: float | None
    ) -> CachedPage | None:
        """Render uncompressed; keep it if it is a plain 200 page that set no cookie and was
        rendered for nobody: no session was loaded and no person was resolved."""
        inner_scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]}
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(inner_scope, receive, capture)
        start = messages[0] if messages else None
        headers = list(start.get("headers", [])) if start else []
        bodies = [m.get("body", b"") for m in messages[1:] if m["type"] == "http.response.body"]
        keep = (
            start is not None
            and start["status"] == 200
            and not inner_scope.get("session")
            and inner_scope.get("user") is None
            and not any(name.lower() == b"set-cookie" for name, _ in headers)
            and all(m["type"] == "http.response.body" for m in messages[1:])
        )
        if not keep:
            # Send it on as rendered. It is uncompressed: a rare answer (an error, a redirect).
            for message in messages:
                await send(message)
            return None
        self.cache.keep_page(path, start["status"], headers, b"".join(bodies), ttl=ttl)
        return self.cache.page(path)
