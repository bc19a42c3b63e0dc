"""Every page each kind of person can reach passes the page checks (one h1, title, ids, forms)."""

from __future__ import annotations

import pytest

from carer_portal.navigation import home_for
from tests.support.pages import check_page

PAGES = {
    "carer": [
        "/children",
        "/children/{current}",
        "/children/{current}/needs",
        "/children/{left_3_days_ago}",
        "/children/{left_3_days_ago}/needs",
        "/account",
        "/account/your-data",
    ],
    "ssw": [
        "/children",
        "/children/{current}",
        "/children/{current}/needs",
        "/children/{current}/needs/new",
        "/account",
    ],
    "officer": ["/enquiries", "/account"],
    "manager": ["/overview", "/overview/needs", "/account"],
    "admin": [
        "/admin/staff",
        "/admin/audit/children",
        "/admin/audit/children/{current}",
        "/admin/needs-framework",
        "/account",
        "/account/your-data",
    ],
    "enquirer": ["/account", "/account/your-data"],
    None: ["/", "/sign-in", "/sign-in/check-email", "/signed-out", "/privacy", "/cookies"],
}


@pytest.mark.parametrize("who", list(PAGES))
def test_every_page_for_each_role_is_well_formed(sign_in_as, world, who: str | None) -> None:
    client = sign_in_as(who)
    for template in PAGES[who]:
        path = template.format(**{key: child.id for key, child in world.children.items()})
        response = client.get(path)
        assert response.status_code == 200, path
        soup = check_page(response.text)
        nav = [a.get_text(strip=True) for a in soup.select(".govuk-service-navigation__link")]
        if who is None:
            assert "Sign in" in nav
        else:
            assert "Your account" in nav and "Sign in" not in nav
        # The service's name leads home: the start page, or a signed-in person's own home.
        home = "/" if who is None else home_for(world.users[who].role)
        assert soup.select_one(".govuk-service-navigation__service-name a")["href"] == home, path
        if who is not None:
            assert response.headers["cache-control"] == "no-store", path


def test_signed_in_pages_are_never_stored_by_the_browser(sign_in_as) -> None:
    response = sign_in_as("carer").get("/account")
    assert response.headers["cache-control"] == "no-store"


def test_hashed_assets_stay_cacheable_for_signed_in_people(sign_in_as) -> None:
    from carer_portal.assets import asset_manifest

    response = sign_in_as("carer").get(f"/static/{asset_manifest()['app.css']}")
    assert "immutable" in response.headers["cache-control"]


def test_the_landing_page_asks_a_carer_to_invite_a_friend_with_a_link(sign_in_as) -> None:
    carer = check_page(sign_in_as("carer").get("/").text)
    assert carer.find("a", href="/invite")
    visitor = check_page(sign_in_as(None).get("/").text)
    assert not visitor.find("a", href="/invite")
