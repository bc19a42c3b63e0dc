"""Fixtures of the child's page tests."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.app import run_with_session
from tests.support.needs_profiles import add_profile
from tests.web.children.pages import STRENGTHS


@pytest.fixture
def profiles(world, database_url):  # type: ignore[no-untyped-def]
    """Two profiles for the carer's child: health and identity rose, education fell."""
    child, ssw = world.children["current"], world.users["ssw"]
    today = world.today

    async def make(session):  # type: ignore[no-untyped-def]
        await add_profile(
            session,
            child,
            assessed_on=today - timedelta(days=400),
            levels=(1, 3, 2, 1, 2, 1, 1),
            written_by=ssw,
        )
        await add_profile(
            session,
            child,
            assessed_on=today - timedelta(days=20),
            levels=(2, 2, 2, 2, 2, 1, 1),
            written_by=ssw,
            strengths=STRENGTHS,
            what_helps="A quiet word and time to think.",
            what_to_avoid="Sudden changes of plan.",
            enjoys="Swimming and drawing.",
            communication="Shows you rather than tells you.",
            food="No nuts.",
            school="Northfield Primary, Year 4.",
            family_time="Sees her nan on Saturdays.",
        )

    run_with_session(database_url, make)
    return world
