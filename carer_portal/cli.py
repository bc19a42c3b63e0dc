"""The ``carer-portal`` command: serve, migrate, demo, keys.

Each command imports the portal's modules when it runs, not when this module loads: they bring
in Litestar, SQLAlchemy and Alembic (and the worker, cryptography), which ``--help`` and
``keys`` never use, and which only the command that runs should pay for.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import click
import uvicorn

from carer_portal.config import Settings


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except ValueError as error:
        raise click.ClickException(f"Settings are not valid:\n{error}") from error


def _serve(settings: Settings, host: str, port: int) -> None:
    # Deferred: the app (Litestar, SQLAlchemy); see the module docstring.
    from carer_portal.app import create_app
    from carer_portal.logging import configure_logging

    configure_logging(json_lines=settings.environment == "production", level=settings.log_level)
    click.echo(f"{settings.service_name} is running at http://{host}:{port}  (Ctrl+C to stop)")
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=True,
    )


@click.group()
def main() -> None:
    """Carer Portal: a council fostering service's portal."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the portal."""
    settings = _settings()
    asyncio.run(_refuse_staff_without_sign_in(settings))
    _serve(settings, host, port)


async def _refuse_staff_without_sign_in(settings: Settings) -> None:
    """Staff sign in only through the council's identity provider (outside the demo): with
    staff on record and none configured, they could never sign in, so refuse to start."""
    if settings.staff_sign_in_configured or settings.demo_mode:
        return
    # Deferred: SQLAlchemy and the models.
    from carer_portal.db import create_engine, session_factory
    from carer_portal.security.service import active_staff_count

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            staff = await active_staff_count(session)
    except Exception:  # noqa: BLE001 - no database or no schema yet: nobody to sign in
        staff = 0
    finally:
        await engine.dispose()
    if staff:
        raise click.ClickException(
            f"{staff} staff accounts exist but staff sign-in is not set up: set "
            "CARER_PORTAL_OIDC_DISCOVERY_URL and CARER_PORTAL_OIDC_CLIENT_ID "
            "(and CARER_PORTAL_OIDC_CLIENT_SECRET) to the council's identity provider."
        )


@main.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    # Deferred: Alembic and SQLAlchemy.
    from carer_portal.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    click.echo("Database is up to date.")


@main.command("make-migration")
@click.argument("message")
def make_migration(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    # Deferred: Alembic and SQLAlchemy.
    from carer_portal.migrate import make_revision

    make_revision(_settings().database_url, message)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Load the demo data and stop.")
def demo(host: str, port: int, no_serve: bool) -> None:
    """Migrate, load the demo council (once), and serve with demo sign-in."""
    # Deferred: Alembic, SQLAlchemy and every model.
    from carer_portal.demo import load_demo_data
    from carer_portal.migrate import upgrade

    os.environ.setdefault("CARER_PORTAL_DEMO_MODE", "true")
    settings = _settings()
    upgrade(settings.database_url)
    loaded = asyncio.run(_load_demo(settings, load_demo_data))
    click.echo("Demo data loaded." if loaded else "Demo data already loaded; leaving it as it is.")
    if not no_serve:
        # Become a fresh `carer-portal serve` (same process id): migrating and loading the demo
        # left Alembic and tens of megabytes of objects behind that a web process never needs.
        sys.stdout.flush()
        sys.stderr.flush()
        command = [sys.executable, "-m", "carer_portal.cli", "serve", "--host", host, "--port", str(port)]
        os.execv(sys.executable, command)  # noqa: S606 - our own command, no shell


async def _load_demo(settings: Settings, loader) -> bool:  # type: ignore[no-untyped-def]
    # Deferred: SQLAlchemy.
    from carer_portal.db import create_engine, session_factory

    engine = create_engine(settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await loader(session)
    finally:
        await engine.dispose()


@main.command()
@click.option("--once", is_flag=True, help="Deliver everything due now, then stop.")
def worker(once: bool) -> None:
    """Deliver the outbox (push and email). Run as many as you like on PostgreSQL."""
    # Deferred: Litestar (the request logging middleware lives beside configure_logging).
    from carer_portal.logging import configure_logging

    settings = _settings()
    configure_logging(json_lines=settings.environment == "production", level=settings.log_level)
    asyncio.run(_run_worker(settings, once=once))


async def _run_worker(settings: Settings, *, once: bool) -> None:
    # Deferred: the app's modules (Litestar, SQLAlchemy), the mailer and the VAPID keys' cryptography.
    from carer_portal.app import HOUSEKEEPING
    from carer_portal.db import create_engine, session_factory
    from carer_portal.notifications.email import mailer_for
    from carer_portal.notifications.keys import load_or_create_vapid_keys
    from carer_portal.notifications.worker import worker_for

    engine = create_engine(settings.database_url)
    outbox_worker = worker_for(
        settings,
        session_factory(engine),
        mailer=mailer_for(settings),
        keys=load_or_create_vapid_keys(settings.data_dir),
        housekeeping=HOUSEKEEPING,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        if once:
            click.echo(f"Delivered {await outbox_worker.drain()} outbox rows.")
        else:
            click.echo(f"Outbox worker {outbox_worker.name} running (Ctrl+C to stop)")
            await outbox_worker.run(stop)
    finally:
        await outbox_worker.pusher.close()
        await engine.dispose()


@main.command()
def keys() -> None:
    """Show the web push (VAPID) public key and where the keys are kept."""
    # Deferred: cryptography and py_vapid.
    from carer_portal.notifications.keys import load_or_create_vapid_keys

    settings = _settings()
    vapid = load_or_create_vapid_keys(settings.data_dir)
    click.echo(f"VAPID public key: {vapid.public_key}")
    click.echo(f"Private key:      {vapid.path} ({'created just now' if vapid.created else 'existing'})")
    click.echo(f"Secrets:          {settings.data_dir / 'secrets.json'} (session, CSRF and token keys)")


if __name__ == "__main__":
    main()
