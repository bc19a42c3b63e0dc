"""Signing a test client in as someone in the world, without the sign-in journey."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from litestar import Litestar
from litestar.testing import TestClient


@pytest.fixture
def sign_in_as(client: TestClient[Litestar], world) -> Callable[..., TestClient[Litestar]]:  # type: ignore[no-untyped-def]
    def sign_in(key: str | None, **session: object) -> TestClient[Litestar]:
        client.cookies.clear()
        if key is not None:
            client.set_session_data({**world.session_for(key), **session})
        return client

    return sign_in
