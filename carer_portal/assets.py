"""Built front-end assets: logical names mapped to content-hashed files in static/dist."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from carer_portal.config import PROJECT_ROOT

DIST_DIR = PROJECT_ROOT / "static" / "dist"
STATIC_PREFIX = "/static"


class AssetsNotBuilt(RuntimeError):
    pass


@cache
def asset_manifest(dist_dir: Path = DIST_DIR) -> dict[str, str]:
    path = dist_dir / "manifest.json"
    if not path.exists():
        raise AssetsNotBuilt(f"{path} is missing: run `make assets` (npm ci && npm run build) first")
    return json.loads(path.read_text())


def asset_url(name: str) -> str:
    try:
        return f"{STATIC_PREFIX}/{asset_manifest()[name]}"
    except KeyError:
        raise AssetsNotBuilt(f"no built asset called {name!r}; is static/build.mjs emitting it?") from None
