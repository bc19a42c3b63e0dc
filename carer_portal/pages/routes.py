"""Service pages: privacy, accessibility, cookies, offline, the PWA files and health checks."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.response import Template
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text

from carer_portal.assets import DIST_DIR, asset_url
from carer_portal.db import DbSession
from carer_portal.migrate import current_revision
from carer_portal.pages.offline import ASSETS, offline_pages, service_worker_script
from carer_portal.people.service import served_council
from carer_portal.recruitment.stories.service import recent_published_stories
from carer_portal.security.guards import PUBLIC_CACHED, PUBLIC_READ_ONLY


class ServicePagesController(Controller):
    opt = PUBLIC_CACHED

    @get("/privacy", name="privacy")
    async def privacy(self) -> Template:
        return Template(template_name="pages/privacy.html")

    @get("/accessibility-statement", name="accessibility")
    async def accessibility(self) -> Template:
        return Template(template_name="pages/accessibility.html")

    @get("/cookies", name="cookies")
    async def cookies(self) -> Template:
        return Template(template_name="pages/cookies.html")

    @get("/offline", name="offline")
    async def offline(self) -> Template:
        return Template(template_name="pages/offline.html")


class PwaController(Controller):
    opt = PUBLIC_CACHED

    @get("/sw.js", name="service_worker", include_in_schema=False)
    async def service_worker(
        self, request: Request[Any, Any, Any], state: State, db_session: DbSession
    ) -> Response[str]:
        # Served from the root so it controls the whole site; never cached, so updates land.
        council = await served_council(
            session=db_session, cache=state.public_cache, slug=state.settings.council_slug
        )
        cache = state.public_cache
        stories = (
            await recent_published_stories(session=db_session, cache=cache, council_id=council.id)
            if council
            else []
        )
        script = service_worker_script(
            (DIST_DIR / "sw.js").read_text(),
            assets=[asset_url(name) for name in ASSETS],
            pages=offline_pages(request.app.route_reverse("story", slug=story.slug) for story in stories),
            icon=asset_url("icons/icon-192.png"),
            stamp=" ".join(sorted(f"{story.slug}@{story.updated_at.isoformat()}" for story in stories)),
        )
        return Response(
            script,
            media_type="text/javascript",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
        )

    @get("/manifest.webmanifest", name="web_manifest", include_in_schema=False)
    async def web_manifest(self, state: State) -> Response[dict[str, Any]]:
        settings = state.settings
        return Response(
            {
                "id": "/",
                "name": settings.service_name,
                "short_name": settings.service_short_name,
                "description": f"{settings.council_name}'s fostering service",
                "lang": "en-GB",
                "start_url": "/",
                "scope": "/",
                "display": "standalone",
                "background_color": "#ffffff",
                "theme_color": settings.brand_colour,
                "icons": [
                    {
                        "src": asset_url("icons/icon-192.png"),
                        "sizes": "192x192",
                        "type": "image/png",
                        "purpose": "any",
                    },
                    {
                        "src": asset_url("icons/icon-512.png"),
                        "sizes": "512x512",
                        "type": "image/png",
                        "purpose": "any",
                    },
                    {
                        "src": asset_url("icons/icon-maskable-512.png"),
                        "sizes": "512x512",
                        "type": "image/png",
                        "purpose": "maskable",
                    },
                ],
            },
            media_type="application/manifest+json",
            headers={"Cache-Control": "no-cache"},
        )


class HealthController(Controller):
    opt = PUBLIC_READ_ONLY

    @get("/healthz", name="healthz", include_in_schema=False)
    async def healthz(self) -> Response[dict[str, str]]:
        return Response({"status": "ok"}, headers={"Cache-Control": "no-store"})

    @get("/readyz", name="readyz", include_in_schema=False)
    async def readyz(self, state: State) -> Response[dict[str, str | None]]:
        """Ready when the database answers and its schema is at the newest migration."""
        try:
            async with state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            revision = await current_revision(state.engine)
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            return Response(
                {"status": "database unreachable"},
                status_code=HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Cache-Control": "no-store"},
            )
        if revision != state.head_revision:
            return Response(
                {"status": "migrations pending", "database": revision, "code": state.head_revision},
                status_code=HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Cache-Control": "no-store"},
            )
        return Response({"status": "ready", "database": revision}, headers={"Cache-Control": "no-store"})


page_routes: list[type[Controller]] = [ServicePagesController, PwaController, HealthController]
