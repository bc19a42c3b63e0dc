"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured),
settings pointing at it, and the app."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar

from carer_portal.app import create_app
from carer_portal.config import Settings
from tests.support.app import TEST_SECRETS, make_settings, run_with_session  # noqa: F401 - re-exported for planted suites
from tests.support.databases import PG_ENV, PostgresDatabases, backends, migrated_sqlite_template, sqlite_copy

# pytester runs small planted suites, to prove the suite-wide checks fail when they should.
pytest_plugins = ["pytester"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser journeys run last: Playwright's sync API keeps an event loop running on this
    thread from its first use, and the other tests call ``asyncio.run``."""
    for item in items:
        if "/tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (.ci/run sets CARER_PORTAL_NO_SKIPS) a skipped test fails the run: every test there
    has what it needs (PostgreSQL, Chromium, wrk), so a skip means something went missing."""
    if os.environ.get("CARER_PORTAL_NO_SKIPS") and _SKIPPED and not hasattr(session.config, "workerinput"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(f"{len(_SKIPPED)} tests skipped, and CI runs every test:", red=True)
            for nodeid in _SKIPPED:
                reporter.write_line(f"  {nodeid}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresDatabases | None]:
    url = os.environ.get(PG_ENV)
    if not url:
        yield None
        return
    # Unique per test process: two runs on one server must not drop each other's databases.
    worker = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    databases = PostgresDatabases(url, worker)
    databases.create_template()
    yield databases
    databases.drop_template()


@pytest.fixture(params=backends())
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, postgres: PostgresDatabases | None
) -> Iterator[str]:
    """A freshly migrated, empty database of its own for each test."""
    if request.param == "postgresql" and postgres is None:
        pytest.skip(f"{PG_ENV} is not set")
    if request.param == "sqlite":
        url = sqlite_copy(sqlite_template, tmp_path)
        yield url
        _assert_no_child_names_left_the_building(url, tmp_path)
        return
    assert postgres is not None
    name, url = postgres.clone()
    yield url
    try:
        _assert_no_child_names_left_the_building(url, tmp_path)
    finally:
        postgres.drop(name)


def _assert_no_child_names_left_the_building(database_url: str, tmp_path: Path) -> None:
    from tests.support.leaks import emails_on_disk, leaks_in, names_in_outbox

    leaked = run_with_session(database_url, names_in_outbox)
    assert leaked == [], f"a child's name is in an outbox row: {leaked}"
    leaked = leaks_in(("email on disk", text) for text in emails_on_disk(tmp_path))
    assert leaked == [], f"a child's name is in an email: {leaked}"


@pytest.fixture(autouse=True)
def nothing_private_leaves() -> Iterator[None]:
    """After every test: nothing private in what left by SMTP, push or the logs (tests/support/leaks.py)."""
    from tests.support.leaks import SIGHTINGS, LogSightings, leaks_in

    root = logging.getLogger()
    if not any(isinstance(handler, LogSightings) for handler in root.handlers):
        root.addHandler(LogSightings())
    # Production logs at INFO: every line it would write is scanned.
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    SIGHTINGS.drain()
    yield
    leaked = leaks_in(SIGHTINGS.drain())
    assert leaked == [], f"something private left the building: {leaked}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path / "data", database_url)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
def world(database_url: str):  # type: ignore[no-untyped-def]
    """Two councils with households, carers, staff and children in every relationship."""
    from carer_portal.timekeeping import uk_today
    from tests.support.world import build_world

    world = run_with_session(database_url, lambda session: build_world(session, today=uk_today()))
    world.database_url = database_url
    return world
