"""The people one can sign in as in the demo, each described by what they would see."""

from __future__ import annotations

from carer_portal.demo.data import CHILDREN, HOUSEHOLDS, STAFF, DemoHousehold, DemoPersona, E, StaffMember
from carer_portal.demo.enquiries import ENQUIRIES
from carer_portal.people.models import Role, first_name

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six")
_JOURNEY = {
    E.ENQUIRY: "who has just got in touch about fostering",
    E.FIRST_CONVERSATION: "thinking about fostering, after a first conversation",
    E.HOME_VISIT: "thinking about fostering, with a home visit done",
    E.APPLICATION: "who has applied to foster",
    E.ASSESSMENT: "being assessed to foster",
    E.PANEL: "waiting for the fostering panel",
    E.APPROVED: "newly approved to foster",
    E.WITHDRAWN: "who decided not to go ahead for now",
}


def _count(n: int) -> str:
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def _carer_description(household: DemoHousehold) -> str:
    placed = [c for c in CHILDREN if c.household_key == household.key]
    current = sum(1 for c in placed if c.ended_days_ago is None)
    first = first_name(household.carers[0][0])
    if current:
        children = "child" if current == 1 else "children"
        return f"{first}, a foster carer in {household.area} with {_count(current)} {children} placed"
    recent = min((c.ended_days_ago for c in placed if c.ended_days_ago is not None), default=None)
    if recent is not None:
        return f"{first}, a foster carer in {household.area} whose placement ended {recent} days ago"
    return f"{first}, a foster carer in {household.area}, between placements"


def _staff_description(member: StaffMember) -> str:
    if member.role is Role.SUPERVISING_SOCIAL_WORKER:
        names = [h.family_name for h in HOUSEHOLDS if h.ssw_key == member.key]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{member.first_name}, a supervising social worker for the {listed} households"
    if member.role is Role.RECRUITMENT_OFFICER:
        open_count = sum(1 for e in ENQUIRIES if e.stage not in {E.APPROVED, E.WITHDRAWN})
        return f"{member.first_name}, a recruitment officer with {_count(open_count)} open enquiries"
    if member.role is Role.MANAGER:
        return f"{member.first_name}, the fostering service manager"
    return f"{member.first_name}, who looks after the portal for the fostering team"


def _build_personas() -> list[DemoPersona]:
    # One carer per household: partners see exactly the same things, so a second adds nothing.
    return [
        *(DemoPersona(h.carers[0][1], Role.CARER, h.carers[0][0], _carer_description(h)) for h in HOUSEHOLDS),
        *(
            DemoPersona(e.email, Role.ENQUIRER, e.name, f"{first_name(e.name)}, {_JOURNEY[e.stage]}")
            for e in ENQUIRIES
            if e.has_account
        ),
        *(DemoPersona(m.email, m.role, m.display_name, _staff_description(m)) for m in STAFF),
    ]


DEMO_PERSONAS: list[DemoPersona] = _build_personas()
