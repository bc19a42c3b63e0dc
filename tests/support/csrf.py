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


def post_form(client, path: str, data: dict | None = None, *, form_page: str = "/"):  # type: ignore[no-untyped-def]
    """POST the way a browser does: with the CSRF token from a page's form or cookie."""
    response = client.get(form_page)
    match = TOKEN.search(response.text)
    token = match.group(1) if match else client.cookies.get("csrftoken")
    return client.post(path, data={**(data or {}), "_csrf_token": token}, follow_redirects=False)
