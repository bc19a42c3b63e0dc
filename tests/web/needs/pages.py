"""What the needs page tests share: the rows written, and the social worker's form page."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from carer_portal.children.needs.models import NeedsFramework, NeedsProfile, NeedsRating
from tests.support.app import run_with_session
from tests.support.pages import check_page


def counts(database_url: str) -> dict[str, int]:
    async def count(session):  # type: ignore[no-untyped-def]
        return {
            model.__name__: (await session.exec(select(func.count()).select_from(model))).one()
            for model in (NeedsFramework, NeedsProfile, NeedsRating)
        }

    return run_with_session(database_url, count)


def form_page(client, child: str):  # type: ignore[no-untyped-def]
    response = client.get(f"/children/{child}/needs/new")
    assert response.status_code == 200
    return check_page(response.text, csp=response.headers["content-security-policy"])
