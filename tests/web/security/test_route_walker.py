"""Every route is either guarded or explicitly public: a new route cannot be forgotten."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar

from carer_portal.app import create_app
from carer_portal.security.guards import is_public
from tests.support.app import make_settings


def _handlers(app: Litestar):  # type: ignore[no-untyped-def]
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            # Litestar's automatic OPTIONS answers carry only an Allow header.
            if handler.handler_name == "options_handler" and set(handler.http_methods) == {"OPTIONS"}:
                continue
            yield route.path, handler


def test_every_route_has_a_guard_or_a_public_marker(tmp_path: Path, database_url: str) -> None:
    # Demo mode on, so the demo-only routes are walked too.
    app = create_app(make_settings(tmp_path, database_url, demo_mode=True))
    unmarked = [
        f"{sorted(handler.http_methods)} {path} ({handler.handler_name})"
        for path, handler in _handlers(app)
        if not handler.resolve_guards() and not is_public(handler.opt)
    ]
    assert unmarked == [], "routes with neither guards nor opt=PUBLIC:\n" + "\n".join(unmarked)


def test_no_route_is_both_public_and_guarded(tmp_path: Path, database_url: str) -> None:
    app = create_app(make_settings(tmp_path, database_url, demo_mode=True))
    both = [path for path, handler in _handlers(app) if handler.resolve_guards() and is_public(handler.opt)]
    assert both == []


def test_routes_that_show_child_information_are_guarded(tmp_path: Path, database_url: str) -> None:
    app = create_app(make_settings(tmp_path, database_url, demo_mode=True))
    for path, handler in _handlers(app):
        if "child" in path or handler.opt.get("child_data"):
            assert handler.resolve_guards() and not is_public(handler.opt), path
