"""Getting a CSRF token the way a browser does: from a page's form."""

from __future__ import annotations

import re

from litestar.testing import TestClient

TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')


def csrf_token(client: TestClient, path: str = "/sign-in") -> str:  # type: ignore[type-arg]
    page = client.get(path).text
    match = TOKEN.search(page)
    assert match, f"no CSRF field on {path}"
    return match.group(1)
