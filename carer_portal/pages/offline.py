"""What the service worker keeps on the device, so that someone who has lost their signal can still
read about fostering and fill in the enquiry form: the one list of it, and the script that keeps it.

Only public pages that hold nothing about a person are kept: the landing page, the stories (every
published one), the enquiry form, the privacy notice, and the offline page shown instead of any
other page. Every other page stays network-only, since it may hold a child's or a person's details.

The service worker fetches each copy without cookies, for nobody, and asks for it as a copy
(``?offline-copy``). A copy is shown to whoever is offline, signed in or not, so it has no menu
(navigation.py) and says it is a saved copy (base.html). The query also keeps every copy out of
the page cache, which caches no address with a query, so nobody online is ever served one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

PUBLIC_PAGES = ("/", "/stories", "/enquire", "/privacy")
# Built assets every kept page needs (by their logical names in static/dist/manifest.json).
ASSETS = ("app.css", "app.js")
OFFLINE_PAGE = "/offline"
OFFLINE_COPY = "offline-copy"


def is_offline_copy(request: Any) -> bool:
    """Whether this page is being rendered as the copy the service worker keeps."""
    return OFFLINE_COPY in request.query_params


def offline_pages(story_paths: Iterable[str]) -> list[str]:
    return [*PUBLIC_PAGES, *story_paths, OFFLINE_PAGE]


def service_worker_script(
    template: str, *, assets: list[str], pages: list[str], icon: str, stamp: str
) -> str:
    """The built service worker with what it keeps filled in.

    Its version, which names its cache, changes with anything it keeps: new assets, a story
    published or withdrawn, or (``stamp``) a story edited. The browser then installs it afresh
    and the old copies are deleted, a withdrawn story with them.
    """
    config: dict[str, Any] = {
        "assets": assets,
        "pages": pages,
        "offlinePage": OFFLINE_PAGE,
        "copyParameter": OFFLINE_COPY,
        "icon": icon,
    }
    seed = template + json.dumps(config, sort_keys=True) + stamp
    config["version"] = hashlib.sha256(seed.encode()).hexdigest()[:12]
    return template.replace("__CONFIG__", json.dumps(config))
