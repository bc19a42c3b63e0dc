"""Route tests: the app through Litestar's test client, and the ``page`` fixture."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from bs4 import BeautifulSoup
from litestar import Litestar
from litestar.testing import TestClient

from carer_portal.demo import load_demo_data
from tests.support.app import run_with_session
from tests.support.pages import check_page


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(
        app, base_url="http://127.0.0.1:8000", session_config=app.state.session_config
    ) as test_client:
        yield test_client


@pytest.fixture
def demo_data(database_url: str) -> None:
    run_with_session(database_url, load_demo_data)


@pytest.fixture
def page(client: TestClient[Litestar]) -> Callable[..., BeautifulSoup]:
    """GET a page, check it is well formed, and hand back its parsed HTML."""

    def get_page(path: str, *, status: int = 200) -> BeautifulSoup:
        response = client.get(path)
        assert response.status_code == status, f"GET {path}: {response.status_code}"
        assert response.headers["content-type"].startswith("text/html")
        return check_page(response.text, csp=response.headers["content-security-policy"])

    return get_page


@pytest.fixture
def sign_in_as(client: TestClient[Litestar], world) -> Callable[..., TestClient[Litestar]]:  # type: ignore[no-untyped-def]
    def sign_in(key: str | None, **session: object) -> TestClient[Litestar]:
        client.cookies.clear()
        if key is not None:
            client.set_session_data({**world.session_for(key), **session})
        return client

    return sign_in
