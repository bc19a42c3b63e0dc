"""Referral test helpers: approving households, and enquiries credited (or not) to a carer."""

from __future__ import annotations

from carer_portal.people.models import Household
from carer_portal.recruitment.enquiries.models import Enquiry


async def approve(session, world, *households: str) -> None:  # type: ignore[no-untyped-def]
    for key in households:
        household = await session.get(Household, world.households[key].id)
        household.approved_on = world.today
        session.add(household)
    await session.commit()


def enquiry_for(world, *, referrer: str | None, council: str = "eastbrook", **fields) -> Enquiry:  # type: ignore[no-untyped-def]
    return Enquiry(
        council_id=world.councils[council].id,
        name=fields.pop("name", "Persephone Oakenshield"),
        email=fields.pop("email", "persephone.oakenshield@example.com"),
        postcode=fields.pop("postcode", "EB1 7QZ"),
        referrer_id=world.users[referrer].id if referrer else None,
        **fields,
    )
