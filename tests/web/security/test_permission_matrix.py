"""For each protected page: role x relationship (own household, another household,
another council) x the answer they get. Out of scope and missing look exactly alike; a role
that never has the page is told so (403)."""

from __future__ import annotations

import re
import uuid

import pytest

# (who, which child) -> status. Children: "current" is placed with the "own" household,
# supervised by "ssw"; "other_current" is with another household; "west_current" is in
# another council.
CHILD_PAGE = [
    ("carer", "current", 200),
    ("carer", "left_3_days_ago", 200),
    ("carer", "left_30_days_ago", 404),
    ("carer", "other_current", 404),
    ("carer", "west_current", 404),
    ("ssw", "current", 200),
    ("ssw", "other_current", 404),
    ("ssw", "left_3_days_ago", 404),
    ("ssw", "west_current", 404),
    ("other_ssw", "other_current", 200),
    ("west_carer", "current", 404),
    ("west_ssw", "current", 404),
    # Roles that never see a child's page are told so; existence of the child is not shown.
    ("officer", "current", 403),
    ("manager", "current", 403),
    ("admin", "current", 403),
    ("enquirer", "current", 403),
]


@pytest.mark.parametrize(("who", "child", "status"), CHILD_PAGE)
def test_child_page(sign_in_as, world, who: str, child: str, status: int) -> None:
    response = sign_in_as(who).get(f"/children/{world.children[child].id}")
    assert response.status_code == status
    if status == 200:
        assert world.children[child].first_name in response.text


@pytest.mark.parametrize(
    ("who", "ended_days_ago", "status"),
    [
        # A carer reads a child's page for 7 days after the child moves on, and not a day more.
        ("carer", 7, 200),
        ("carer", 8, 404),
        ("other_carer", 7, 404),
        # The supervising social worker's reach ends the day after the placement does.
        ("ssw", 7, 404),
        ("ssw", 8, 404),
    ],
)
def test_the_last_day_a_carer_may_read_a_child_who_moved_on(
    sign_in_as, world, database_url, who: str, ended_days_ago: int, status: int
) -> None:
    from datetime import timedelta

    from carer_portal.children.models import Child, Placement
    from tests.support.app import run_with_session

    async def moved_on(session):  # type: ignore[no-untyped-def]
        child = Child(
            council_id=world.councils["eastbrook"].id,
            first_name=world.children["left_3_days_ago"].first_name,
            last_name="Quillfeather",
            date_of_birth=world.today - timedelta(days=365 * 8),
        )
        session.add(child)
        await session.flush()
        session.add(
            Placement(
                council_id=child.council_id,
                child_id=child.id,
                household_id=world.households["own"].id,
                started_on=world.today - timedelta(days=300),
                ended_on=world.today - timedelta(days=ended_days_ago),
            )
        )
        await session.commit()
        return child.id

    child_id = run_with_session(database_url, moved_on)
    client = sign_in_as(who)
    assert client.get(f"/children/{child_id}").status_code == status
    listed = f"/children/{child_id}" in client.get("/children").text
    assert listed is (status == 200)


def test_signed_out_people_are_sent_to_sign_in(sign_in_as, world) -> None:
    response = sign_in_as(None).get(f"/children/{world.children['current'].id}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"


def _normalised(html: str) -> str:
    return re.sub(r'(nonce="|x-csrftoken&#34;: &#34;)[^"&]+', r"\1", html)


def test_a_child_you_may_not_see_looks_exactly_like_one_that_does_not_exist(sign_in_as, world) -> None:
    client = sign_in_as("carer")
    not_yours = client.get(f"/children/{world.children['other_current'].id}")
    missing = client.get(f"/children/{uuid.uuid4()}")
    assert not_yours.status_code == missing.status_code == 404
    assert _normalised(not_yours.text) == _normalised(missing.text)
    assert {
        k: v
        for k, v in not_yours.headers.items()
        if k not in {"content-security-policy", "content-length", "set-cookie"}
    } == {
        k: v
        for k, v in missing.headers.items()
        if k not in {"content-security-policy", "content-length", "set-cookie"}
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("carer", {"current", "left_3_days_ago"}),
        ("other_carer", {"other_current"}),
        ("ssw", {"current"}),
        ("other_ssw", {"other_current"}),
        ("west_carer", {"west_current", "west_left_3_days_ago"}),
    ],
)
def test_children_list_shows_only_your_children(sign_in_as, world, who: str, sees: set[str]) -> None:
    response = sign_in_as(who).get("/children")
    assert response.status_code == 200
    shown = {key for key, child in world.children.items() if f"/children/{child.id}" in response.text}
    assert shown == sees


# Pages for one kind of staff: (path, the role that may use it).
ROLE_PAGES = [
    ("/enquiries", "officer"),  # and the manager, who reads it
    ("/overview", "manager"),
    ("/admin/staff", "admin"),
    ("/admin/audit/children", "admin"),
    ("/children", "carer"),
    ("/recruitment/stories", "officer"),
]
EVERYONE = ["carer", "ssw", "officer", "manager", "admin", "enquirer"]


@pytest.mark.parametrize(("path", "allowed"), ROLE_PAGES)
@pytest.mark.parametrize("who", EVERYONE)
def test_role_pages(sign_in_as, path: str, allowed: str, who: str) -> None:
    may = (
        who == allowed
        or (path == "/children" and who == "ssw")
        or (path == "/enquiries" and who == "manager")
    )
    assert sign_in_as(who).get(path).status_code == (200 if may else 403)


@pytest.mark.parametrize(
    ("who", "child", "status"),
    [
        ("admin", "current", 200),
        ("admin", "west_current", 404),
        ("west_admin", "west_current", 200),
        ("ssw", "current", 403),
        ("carer", "current", 403),
        ("manager", "current", 403),
    ],
)
def test_child_audit_trail(sign_in_as, world, who: str, child: str, status: int) -> None:
    assert sign_in_as(who).get(f"/admin/audit/children/{world.children[child].id}").status_code == status


def test_enquiries_of_another_council_never_show(sign_in_as, world, database_url: str) -> None:
    from carer_portal.recruitment.enquiries.models import Enquiry
    from tests.support.app import run_with_session

    async def add(session):  # type: ignore[no-untyped-def]
        session.add(
            Enquiry(
                council_id=world.councils["eastbrook"].id,
                name="Robin Eastbrook",
                email="r@example.com",
                postcode="EB1 1AA",
            )
        )
        session.add(
            Enquiry(
                council_id=world.councils["westmere"].id,
                name="Jo Westmere",
                email="j@example.com",
                postcode="WM1 1AA",
            )
        )
        await session.commit()

    run_with_session(database_url, add)
    page = sign_in_as("officer").get("/enquiries").text
    assert "Robin Eastbrook" in page and "Jo Westmere" not in page


@pytest.mark.parametrize(
    ("who", "target", "status"),
    [
        ("admin", "ssw", 303),
        ("admin", "west_ssw", 404),
        ("admin", "carer", 404),
        ("west_admin", "ssw", 404),
        ("manager", "ssw", 403),
    ],
)
def test_changing_a_staff_role(sign_in_as, world, who: str, target: str, status: int) -> None:
    client = sign_in_as(who)
    client.get("/account")
    token = client.cookies.get("csrftoken")
    response = client.post(
        f"/admin/staff/{world.users[target].id}/role",
        data={"role": "manager", "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == status
