"""Every form in the app, with where it is posted, who posts it and a filled-in example.

Tests generate their cases from this table and the form models themselves, so a new form is
covered by adding one row here, and a form without a row fails ``test_every_form_has_a_case``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from litestar import Litestar
from sqlmodel import select

from carer_portal.children.forms import ObservationForm
from carer_portal.children.imports.forms import ImportForm
from carer_portal.children.models import Child
from carer_portal.children.needs.forms import (
    FrameworkFileForm,
    NeedsProfileForm,
    UploadedFile,
    level_field,
    profile_form,
)
from carer_portal.children.needs.framework import default_framework
from carer_portal.demo import DEMO_PERSONAS
from carer_portal.demo.data import CHILDREN
from carer_portal.forms import Form, validate
from carer_portal.notifications.forms import PreferencesForm
from carer_portal.people.models import Role, User
from carer_portal.recruitment.enquiries.forms import EnquiryForm
from carer_portal.recruitment.enquiries.models import Enquiry
from carer_portal.recruitment.inbox.forms import NoteForm
from carer_portal.recruitment.referrals.forms import FirstNameForm
from carer_portal.recruitment.stories.forms import ConsentForm, StoryForm
from carer_portal.recruitment.stories.models import Story
from carer_portal.recruitment.your_enquiry.forms import NewLinkRequest
from carer_portal.security.forms import SignInRequest
from carer_portal.timekeeping import uk_today


def persona(role: Role) -> str:
    """A demo persona's email for a role (the first carer for carers: Ngozi, approved, placed)."""
    return next(p.email for p in DEMO_PERSONAS if p.role is role)


@dataclass(frozen=True)
class FormCase:
    model: type[Form]
    path: str  # may name {enquiry}, {story} or {child}: filled from the demo data
    page: str  # the page the form is on, for its CSRF token and hidden fields
    valid: dict[str, Any]
    who: Role | None = None
    hidden: tuple[str, ...] = ()  # fields the page carries, copied into every post
    form_level_field: str = "form"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.model.__name__

    def required_fields(self) -> Iterator[tuple[str, str]]:
        """Each field whose absence the model refuses, with the message it gives: from the model."""
        for name in self.model.model_fields:
            without = {k: v for k, v in self.valid.items() if k != name}
            form, state = validate(self.model, without, form_level_field=self.form_level_field)
            if form is None:
                yield name, state.errors.get(name) or next(iter(state.errors.values()))


STORY = {
    "carer_name": "Mo Ahmed",
    "household": "A couple with a teenage son",
    "area": "North Eastbrook",
    "quote": "It changed us",
    "body": "We started fostering five years ago.",
    "themes": ["teenagers"],
    "household_tags": ["couple"],
    "photo_path": "",
    "photo_alt": "",
}

# A note about a child, noticed today (today is always within a placement that started before it).
_TODAY = uk_today()
OBSERVATION = {
    "noticed_on_day": str(_TODAY.day),
    "noticed_on_month": str(_TODAY.month),
    "noticed_on_year": str(_TODAY.year),
    "text": "Slept right through the night.",
}
# A needs profile's form is built from the framework it rates against: the default framework's
# (stored as version 1) stands for every one of them.
DEFAULT_PROFILE_FORM = profile_form(default_framework(), version=1)
PROFILE = {
    "assessed_on": "1/11/2024",
    "strengths": "Kind, funny and brilliant at football",
    "what_helps": "A calm voice, and time to talk in the car",
    **{level_field(domain.key): "1" for domain in default_framework().domains},
}
FRAMEWORK_FILE = b"""key: settling-in
name: Settling in
domains:
  - key: sleep
    title: Sleep
    levels:
      - label: Sleeps well
        descriptor: Settles and sleeps through most nights.
      - label: Unsettled
        descriptor: Often wakes, and needs someone to settle them again.
"""

CASES = [
    FormCase(
        EnquiryForm,
        "/enquire",
        "/enquire",
        {
            "name": "Pat Lindqvist",
            "email": "pat@example.com",
            "phone": "07700 900982",
            "postcode": "EB4 7QT",
            "reasons": ["make-a-difference"],
            "own_words": "A quiet house.",
            "household": "couple",
            "best_time": "evening",
            "privacy": "yes",
        },
        hidden=("idempotency_key",),
        form_level_field="reasons",
    ),
    FormCase(SignInRequest, "/sign-in", "/sign-in", {"email": "sam.hughes@example.com"}),
    FormCase(NewLinkRequest, "/your-enquiry-link", "/your-enquiry-link", {"email": "pat@example.com"}),
    FormCase(
        NoteForm,
        "/enquiries/{enquiry}/notes",
        "/enquiries/{enquiry}",
        {"text": "Rang back."},
        who=Role.RECRUITMENT_OFFICER,
    ),
    FormCase(
        PreferencesForm,
        "/notifications/preferences",
        "/notifications",
        {"kinds": ["messages"], "quiet_hours": "yes", "quiet_from": "21:00", "quiet_until": "08:00"},
        who=Role.CARER,
    ),
    FormCase(FirstNameForm, "/invite/name", "/invite", {"show_first_name": "yes"}, who=Role.CARER),
    FormCase(
        StoryForm, "/recruitment/stories", "/recruitment/stories/new", STORY, who=Role.RECRUITMENT_OFFICER
    ),
    FormCase(
        ConsentForm,
        "/recruitment/stories/{story}/consent",
        "/recruitment/stories/{story}",
        {"consent_note": "Signed consent form, 1 May"},
        who=Role.RECRUITMENT_OFFICER,
    ),
    # Ngozi (the carer persona) about Callum, who lives with her household.
    FormCase(
        ObservationForm,
        "/children/{child}/observations",
        "/children/{child}",
        OBSERVATION,
        who=Role.CARER,
        hidden=("submission_key",),
        form_level_field="noticed_on",
    ),
    # Importing case records: the kind is the form's answer; the file, which a URL-encoded post
    # cannot carry, is asked for beside its own field (uploads: tests/web/imports).
    FormCase(
        ImportForm, "/case-records/import", "/case-records/import", {"kind": "children"}, who=Role.ADMIN
    ),
    FormCase(
        DEFAULT_PROFILE_FORM,
        "/children/{child}/needs",
        "/children/{child}/needs/new",
        PROFILE,
        who=Role.SUPERVISING_SOCIAL_WORKER,
        hidden=("submission_key", "framework"),
    ),
    # The file is a file only when a browser sends it (multipart): these generated posts send
    # the field as text, which is refused like no file at all. The upload: tests/web/needs.
    FormCase(
        FrameworkFileForm,
        "/admin/needs-framework",
        "/admin/needs-framework",
        {"framework_file": UploadedFile("settling-in.yaml", FRAMEWORK_FILE)},
        who=Role.ADMIN,
    ),
]


def all_form_models() -> set[type[Form]]:
    found: set[type[Form]] = set()
    pending = list(Form.__subclasses__())
    while pending:
        model = pending.pop()
        found.add(model)
        pending.extend(model.__subclasses__())
    # One needs-profile form per framework version (the default framework's stands for them all).
    return {model for model in found if not issubclass(model, NeedsProfileForm)} | {DEFAULT_PROFILE_FORM}


async def demo_ids(session: Any) -> dict[str, str]:
    """Records the table's paths name: an open enquiry, a draft story still waiting for its
    carer's consent (added here: the demo's stories are all published), and a child placed with a
    household the first social worker supervises (Callum, with the Okafors: Priya supervises them,
    and Ngozi, the carer persona, is one of them)."""
    enquiry = (await session.exec(select(Enquiry).where(Enquiry.email != "").limit(1))).first()
    draft = Story(
        council_id=enquiry.council_id,
        slug="draft-for-form-tests",
        carer_name="Mo Ahmed",
        household="A couple",
        area="North Eastbrook",
        quote="It changed us",
        body="We started fostering.",
    )
    session.add(draft)
    await session.commit()
    child = (await session.exec(select(Child).where(Child.first_name == CHILDREN[0].first_name))).one()
    return {"enquiry": str(enquiry.id), "story": str(draft.id), "child": str(child.id)}


async def user_by_email(session: Any, email: str) -> User:
    return (await session.exec(select(User).where(User.email == email))).one()


def fill(path: str, ids: dict[str, str]) -> str:
    return path.format(**ids)


SignIn = Callable[[Role | None], Any]


def handlers(app: Litestar) -> Iterator[tuple[str, Any]]:
    """Every route handler, with its path pattern (Litestar's automatic OPTIONS left out)."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.handler_name == "options_handler" and set(handler.http_methods) == {"OPTIONS"}:
                continue
            yield route.path, handler
