"""Signing in as a member of the demo council's staff, for the dashboard's page tests."""

from __future__ import annotations

import pytest
from sqlmodel import select

from carer_portal.people.models import User
from tests.support.app import run_with_session
from tests.support.world import signed_in_session


@pytest.fixture
def sign_in_demo(client, database_url, demo_data):  # type: ignore[no-untyped-def]
    """Sign the test client in as a demo member of staff, found by email."""

    def sign_in(email: str):  # type: ignore[no-untyped-def]
        async def find(session):  # type: ignore[no-untyped-def]
            return (await session.exec(select(User).where(User.email == email))).one()

        user = run_with_session(database_url, find)
        client.cookies.clear()
        client.set_session_data(signed_in_session(database_url, user, own_device=False))
        return client

    return sign_in
