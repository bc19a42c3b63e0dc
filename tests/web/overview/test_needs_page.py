"""The manager's page of children's needs across the service: figures, never a child."""

from __future__ import annotations

from datetime import timedelta

import pytest

from carer_portal.children.models import Child, Placement
from carer_portal.children.needs.models import NeedsProfile, NeedsRating
from carer_portal.children.needs.service import framework_for_new_profiles
from tests.support.app import run_with_session
from tests.support.world import CHILD_FIRST_NAMES, CHILD_LAST_NAME

# Children at each health level today, on top of the world's own (two placed, neither assessed).
AT_LEVEL = [8, 7, 6, 5, 4]
NAME = "Persephone"


@pytest.fixture
def assessed(database_url: str, world) -> None:  # type: ignore[no-untyped-def]
    async def add(session):  # type: ignore[no-untyped-def]
        council = world.councils["eastbrook"].id
        framework = await framework_for_new_profiles(session, council)
        for level, how_many in enumerate(AT_LEVEL):
            for _ in range(how_many):
                child = Child(
                    council_id=council,
                    first_name=NAME,
                    last_name="Wolstenholme",
                    known_as="Percy",
                    date_of_birth=world.today - timedelta(days=3000),
                )
                session.add(child)
                await session.flush()
                session.add(
                    Placement(
                        council_id=council,
                        child_id=child.id,
                        household_id=world.households["own"].id,
                        started_on=world.today - timedelta(days=30),
                    )
                )
                profile = NeedsProfile(
                    council_id=council,
                    child_id=child.id,
                    framework_id=framework.id,
                    assessed_on=world.today - timedelta(days=10),
                    strengths=f"{NAME} loves drawing",
                )
                session.add(profile)
                await session.flush()
                session.add(
                    NeedsRating(
                        council_id=profile.council_id,
                        profile_id=profile.id,
                        domain="health",
                        level=level,
                        note=NAME,
                    )
                )
        await session.commit()

    run_with_session(database_url, add)


def test_the_manager_sees_the_figures_and_no_child(sign_in_as, page, assessed) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("manager")
    soup = page("/overview/needs")
    assert soup.h1.get_text(strip=True) == "Children's needs across the service"
    health = soup.find("caption", string="Health").find_parent("table")
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in health.tbody.find_all("tr")
    }
    # Today: 30 assessed and the world's 2 with no profile. A year ago: one child, withheld.
    assert rows["No additional need"] == ["8", "not shown"]
    assert rows["A little extra help"] == ["7", "not shown"]
    assert rows["Some extra support"] == ["6", "not shown"]
    assert rows["A lot of extra support"] == ["not shown", "not shown"]  # hidden to cover these two
    assert rows["Intensive support needed"] == ["fewer than 5", "not shown"]
    assert rows["Not rated"] == ["fewer than 5", "not shown"]
    assert rows["All children placed"] == ["32", "fewer than 5"]
    # On a phone each row is a card: each number carries its column's name.
    assert "app-table--stack" in health["class"]
    cells = health.tbody.find("tr").find_all("td")
    assert [td["data-label"] for td in cells] == ["Today", "A year ago"]
    profiles = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert profiles["Children living with our carers"] == "32"
    assert profiles["No needs profile"] == "fewer than 5"
    text = soup.get_text()
    for name in [*CHILD_FIRST_NAMES.values(), CHILD_LAST_NAME, NAME, "Percy", "Wolstenholme", "drawing"]:
        assert name not in text


def test_the_overview_links_to_it(sign_in_as, page) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("manager")
    soup = page("/overview")
    assert soup.find("a", href="/overview/needs")
    soup = page("/overview/needs")
    active = soup.select_one(".govuk-service-navigation__item--active a")
    assert active["href"] == "/overview"


@pytest.mark.parametrize("who", ["carer", "ssw", "officer", "admin", "enquirer"])
def test_nobody_else_may_see_it(sign_in_as, who: str) -> None:  # type: ignore[no-untyped-def]
    assert sign_in_as(who).get("/overview/needs").status_code == 403


def test_signed_out_it_asks_you_to_sign_in(sign_in_as) -> None:  # type: ignore[no-untyped-def]
    response = sign_in_as(None).get("/overview/needs", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"


def test_another_councils_manager_sees_only_their_own(sign_in_as, page, assessed) -> None:  # type: ignore[no-untyped-def]
    sign_in_as("west_manager")
    soup = page("/overview/needs")
    profiles = {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in soup.select(".govuk-summary-list__row")
    }
    assert profiles["Children living with our carers"] == "fewer than 5"
    # Too few children here to show any level: one sentence, not tables of "not shown".
    assert not soup.find("table")
    assert "too few children living with our carers" in soup.get_text()
