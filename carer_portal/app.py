"""``create_app(settings)``: the one place the portal is wired together."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2
from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from sqlmodel.ext.asyncio.session import AsyncSession

from carer_portal.admin.routes import admin_routes
from carer_portal.assets import DIST_DIR, asset_manifest, asset_url
from carer_portal.cache import PageCacheMiddleware, PublicCache
from carer_portal.children.imports.routes import import_routes
from carer_portal.children.needs.routes import needs_routes
from carer_portal.children.routes import children_routes
from carer_portal.config import PROJECT_ROOT, Settings
from carer_portal.db import create_engine, session_factory
from carer_portal.demo.routes import demo_routes
from carer_portal.errors import EXCEPTION_HANDLERS
from carer_portal.fragments import FragmentCache
from carer_portal.logging import RequestLogMiddleware
from carer_portal.migrate import head_revision
from carer_portal.navigation import navigation_for, service_url_for
from carer_portal.notifications.email import mailer_for
from carer_portal.notifications.keys import load_or_create_vapid_keys
from carer_portal.notifications.routes import notification_routes
from carer_portal.notifications.worker import Housekeeping, worker_for
from carer_portal.overview.routes import overview_routes
from carer_portal.pages.offline import is_offline_copy
from carer_portal.pages.routes import page_routes
from carer_portal.people.models import breakable_email
from carer_portal.phones import display_phone, phone_link
from carer_portal.recruitment.dashboard.routes import dashboard_routes
from carer_portal.recruitment.enquiries.routes import enquiry_routes
from carer_portal.recruitment.enquiries.service import anonymise_stale_enquiries
from carer_portal.recruitment.inbox.routes import inbox_routes
from carer_portal.recruitment.referrals.routes import referral_routes
from carer_portal.recruitment.stories.routes import story_routes
from carer_portal.recruitment.your_enquiry.routes import your_enquiry_routes
from carer_portal.security.actor import ActorMiddleware
from carer_portal.security.audit import audit_action_label
from carer_portal.security.guards import STATIC_CACHED
from carer_portal.security.headers import security_headers_hook
from carer_portal.security.oidc import OidcClient
from carer_portal.security.routes import security_routes
from carer_portal.security.screening import RequestScreeningMiddleware, allowed_origins
from carer_portal.security.sessions import SessionCookieConfig, purge_old_sessions
from carer_portal.theme import Theme
from carer_portal.timekeeping import describe_duration, uk_date, uk_datetime
from carer_portal.your_data.routes import your_data_routes

TEMPLATES_DIR = PROJECT_ROOT / "templates"


async def _enquiry_retention(db: AsyncSession, now: datetime, settings: Settings) -> None:
    await anonymise_stale_enquiries(session=db, now=now, months=settings.enquiry_retention_months)


async def _old_sessions(db: AsyncSession, now: datetime, settings: Settings) -> None:
    await purge_old_sessions(db, now=now)


# What the outbox worker does now and then, feature by feature (hourly).
HOUSEKEEPING: list[Housekeeping] = [_enquiry_retention, _old_sessions]
ONE_YEAR = 365 * 24 * 60 * 60


class _Environment(jinja2.Environment):
    """Jinja, with each template's globals held as one plain dict.

    Jinja keeps them as a ChainMap over the environment's, and compares the keys of two of them
    each time a template imports another (about fifteen times a page, GOV.UK's own template
    included): through a ChainMap that cost a tenth of a signed-in page. Every global is set
    before the first template loads (here, and by Litestar's engine when the app is built), so
    a snapshot sees them all.
    """

    def make_globals(self, d: Any = None) -> Any:
        return {**self.globals, **(d or {})}


def template_environment(settings: Settings) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(TEMPLATES_DIR),
            jinja2.PrefixLoader(
                {"govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja", "templates")}
            ),
        ]
    )
    environment = _Environment(
        loader=loader,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
        # Templates change only with a deploy: checking every file's mtime on every render
        # cost a sixth of the landing page's time.
        auto_reload=False,
    )
    environment.globals.update(
        settings=settings,
        theme=Theme.from_settings(settings),
        asset_url=asset_url,
        navigation_for=navigation_for,
        service_url_for=service_url_for,
        is_offline_copy=is_offline_copy,
        cached_fragment=FragmentCache(),
        audit_action_label=audit_action_label,
        timedelta_days=lambda days: timedelta(days=days),
    )
    environment.filters.update(
        uk_date=uk_date,
        uk_datetime=uk_datetime,
        duration=describe_duration,
        phone=display_phone,
        breakable_email=breakable_email,
        phone_link=phone_link,
    )
    return environment


async def provide_db_session(state: State) -> AsyncIterator[AsyncSession]:
    async with state.session_factory() as session:
        yield session


def create_app(settings: Settings) -> Litestar:
    asset_manifest()  # fail at start-up, not on the first page, if assets were never built
    vapid_keys = load_or_create_vapid_keys(settings.data_dir)
    engine = create_engine(settings.database_url)

    factory = session_factory(engine)
    public_cache = PublicCache()
    mailer = mailer_for(settings)
    worker = worker_for(settings, factory, mailer=mailer, keys=vapid_keys, housekeeping=HOUSEKEEPING)
    stop_worker = asyncio.Event()
    worker_task: list[asyncio.Task[None]] = []

    async def start_worker() -> None:
        if settings.worker_in_process:
            worker_task.append(asyncio.create_task(worker.run(stop_worker), name="outbox-worker"))

    async def stop_worker_and_dispose() -> None:
        stop_worker.set()
        for task in worker_task:
            await task
        await worker.pusher.close()
        await engine.dispose()

    static_router = create_static_files_router(
        path="/static",
        directories=[Path(DIST_DIR)],
        cache_control=CacheControlHeader(max_age=ONE_YEAR, public=True, immutable=True),
        opt=STATIC_CACHED,
        include_in_schema=False,
        name="static",
    )

    route_handlers: list[Any] = [
        *enquiry_routes(rate_limit_per_minute=settings.enquiry_rate_limit_per_minute),
        *your_enquiry_routes(rate_limit_per_minute=settings.enquiry_rate_limit_per_minute),
        *inbox_routes,
        *page_routes,
        *security_routes,
        *children_routes,
        *import_routes,
        *needs_routes,
        *overview_routes,
        *admin_routes,
        *notification_routes,
        *story_routes,
        *referral_routes,
        *dashboard_routes,
        *your_data_routes,
        static_router,
    ]
    route_handlers += demo_routes(
        demo_mode=settings.demo_mode, emails_to_files=settings.writes_emails_to_files
    )

    session_config = SessionCookieConfig(
        secret=bytes.fromhex(settings.session_secret),
        key="session",
        # The cookie may live 30 days; how long a session is honoured is decided per person
        # by the idle limits in security/actor.py.
        max_age=30 * 24 * 60 * 60,
        secure=settings.is_https,
        httponly=True,
        samesite="lax",
    )

    app = Litestar(
        route_handlers=route_handlers,
        dependencies={"db_session": Provide(provide_db_session)},
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "session_factory": factory,
                "worker": worker,
                "head_revision": head_revision(),
                "vapid_keys": vapid_keys,
                "mailer": mailer,
                "oidc": OidcClient(settings),
                "session_config": session_config,
                "public_cache": public_cache,
                "origins": allowed_origins(settings.base_url, local=settings.is_local),
            }
        ),
        template_config=TemplateConfig(
            instance=JinjaTemplateEngine.from_environment(template_environment(settings))
        ),
        plugins=[HTMXPlugin()],
        csrf_config=CSRFConfig(
            secret=settings.csrf_secret,
            cookie_secure=settings.is_https,
            cookie_httponly=True,
            cookie_samesite="lax",
        ),
        middleware=[
            DefineMiddleware(RequestScreeningMiddleware),
            DefineMiddleware(PageCacheMiddleware, cache=public_cache),
            session_config.middleware,
            DefineMiddleware(ActorMiddleware),
        ],
        # Pages rendered per request are a few KB: gzip at its fastest level costs a third of
        # brotli's quality 4 and keeps no big buffers (brotli's compressors grew the process
        # by hundreds of MB under 32 connections). Public pages are kept compressed with
        # brotli at its best (carer_portal/cache.py).
        compression_config=CompressionConfig(backend="gzip", gzip_compress_level=1, minimum_size=500),
        before_send=[
            security_headers_hook(hsts=settings.is_https, inline_styles=(Theme.from_settings(settings).css,))
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        on_startup=[start_worker],
        on_shutdown=[stop_worker_and_dispose],
        openapi_config=None,
        logging_config=None,  # carer_portal.logging configures logging for the process
        debug=False,
    )
    # Logged outside Litestar's own exception handling and routing, so every request is logged
    # with the status actually sent: CSRF 403s, rate-limit 429s, and 404s for unknown paths.
    app.asgi_handler = RequestLogMiddleware(app.asgi_handler)
    return app
