"""The service navigation for whoever is signed in (or nobody): the layout's menu in base.html."""

from __future__ import annotations

from typing import Any

from carer_portal.pages.offline import OFFLINE_PAGE, is_offline_copy
from carer_portal.people.models import Role

ITEMS_FOR_ROLE: dict[Role | None, list[tuple[str, str]]] = {
    None: [("Sign in", "/sign-in")],
    Role.ENQUIRER: [
        ("Your enquiry", "/your-enquiries"),
        ("Notifications", "/notifications"),
        ("Your account", "/account"),
    ],
    Role.CARER: [
        ("Children", "/children"),
        ("Invite a friend", "/invite"),
        ("Notifications", "/notifications"),
        ("Your account", "/account"),
    ],
    Role.SUPERVISING_SOCIAL_WORKER: [
        ("Children", "/children"),
        ("Import case records", "/case-records/import"),
        ("Notifications", "/notifications"),
        ("Your account", "/account"),
    ],
    Role.RECRUITMENT_OFFICER: [
        ("Enquiries", "/enquiries"),
        ("Stories", "/recruitment/stories"),
        ("Dashboard", "/recruitment/dashboard"),
        ("Your account", "/account"),
    ],
    Role.MANAGER: [
        ("Overview", "/overview"),
        ("Enquiries", "/enquiries"),
        ("Dashboard", "/recruitment/dashboard"),
        ("Your account", "/account"),
    ],
    Role.ADMIN: [
        ("Staff", "/admin/staff"),
        ("Audit", "/admin/audit/children"),
        ("Import case records", "/case-records/import"),
        ("Needs framework", "/admin/needs-framework"),
        ("Your account", "/account"),
    ],
}


def _shown_to_whoever_is_offline(request: Any) -> bool:
    # The offline page and the copies kept for reading offline are shown to whoever is offline,
    # signed in or not: a menu there would be someone else's, or offer a sign-in that cannot work.
    return request.scope.get("path", "/") == OFFLINE_PAGE or is_offline_copy(request)


def navigation_for(request: Any) -> list[dict[str, Any]]:
    path = request.scope.get("path", "/")
    if _shown_to_whoever_is_offline(request):
        return []
    user = request.scope.get("user")
    items = ITEMS_FOR_ROLE.get(user.role if user else None, [])
    return [
        {"text": text, "href": href, "active": path == href or path.startswith(href + "/")}
        for text, href in items
    ]


def home_for(role: Role) -> str:
    """Where a person lands after signing in: the first item of their role's menu."""
    return ITEMS_FOR_ROLE[role][0][1]


def service_url_for(request: Any) -> str:
    """Where the service's name in the menu leads: a signed-in person's home, else the start."""
    user = request.scope.get("user")
    return home_for(user.role) if user and not _shown_to_whoever_is_offline(request) else "/"
