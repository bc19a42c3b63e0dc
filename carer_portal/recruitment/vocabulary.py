"""The fixed choices recruitment works with: one list each, used by forms, matching and reports."""

from __future__ import annotations

# Why people think about fostering (the enquiry form's checkboxes), and the story themes
# that speak to each reason.
MOTIVATIONS: dict[str, str] = {
    "make-a-difference": "I want to make a difference to a child's life",
    "local-children": "I want children here to stay near their school and friends",
    "know-a-carer": "I know someone who fosters",
    "room-and-time": "My own children have grown up, or I have room and time",
    "experience": "I have worked with children or young people",
}
THEMES_FOR_MOTIVATION: dict[str, tuple[str, ...]] = {
    "make-a-difference": ("teenagers", "first-time-carers"),
    "local-children": ("siblings", "short-breaks"),
    "know-a-carer": ("first-time-carers",),
    "room-and-time": ("short-breaks", "teenagers"),
    "experience": ("disabled-children", "parent-and-child", "teenagers"),
}

# Who lives at home (the enquiry form's radios), and the story household tags that match.
HOUSEHOLDS: dict[str, str] = {
    "single": "Just me",
    "couple": "Me and a partner",
    "couple-with-children": "Me, a partner and children",
    "single-with-children": "Me and my children",
    "other": "Something else",
}
# The same answers, said back to the person.
HOUSEHOLDS_SAID_BACK: dict[str, str] = {
    "single": "you live on your own",
    "couple": "you live with a partner",
    "couple-with-children": "you live with a partner and children",
    "single-with-children": "you live with your children",
    "other": "your household is not one of the usual shapes",
}
HOUSEHOLD_TAGS_FOR_HOUSEHOLD: dict[str, tuple[str, ...]] = {
    "single": ("single",),
    "couple": ("couple",),
    "couple-with-children": ("couple", "with-children"),
    "single-with-children": ("single", "with-children"),
    "other": (),
}
HOUSEHOLD_TAGS: dict[str, str] = {
    "single": "Single carer",
    "couple": "Couple",
    "with-children": "Children at home",
    "retired": "Retired",
    "working": "Working",
}

BEST_TIMES: dict[str, str] = {
    "morning": "Morning (9am to 12pm)",
    "afternoon": "Afternoon (12pm to 5pm)",
    "evening": "Early evening (5pm to 7pm)",
    "any": "Any time",
}

THEMES: dict[str, str] = {
    "teenagers": "Fostering teenagers",
    "siblings": "Brothers and sisters",
    "short-breaks": "Short breaks",
    "parent-and-child": "Parent and child",
    "disabled-children": "Disabled children",
    "first-time-carers": "First-time carers",
    "single-carers": "Single carers",
    "working-carers": "Working and fostering",
}


def split_tags(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
