"""Markers every route handler carries: either guards, or an explicit statement that it is public.

A test walks every route of the app and fails for any handler with neither
(tests/web/security/test_route_walker.py), so a new route cannot be forgotten.
"""

from __future__ import annotations

from typing import Any

PUBLIC: dict[str, Any] = {"public": True}


def is_public(opt: dict[str, Any]) -> bool:
    return bool(opt.get("public"))
