"""The demo council's people: staff, carer households and the children placed with them.

Everything here is invented. Dates are relative to the day the data is loaded, so the
demo always shows a recent enquiry and a placement that ended this week.
"""

from __future__ import annotations

from dataclasses import dataclass

from carer_portal.people.models import Role
from carer_portal.recruitment.enquiries.models import EnquiryStage

DEMO_COUNCIL_SLUG = "eastbrook"
DEMO_COUNCIL_NAME = "Eastbrook Council"
STAFF_DOMAIN = "eastbrook.example"

E = EnquiryStage


@dataclass(frozen=True)
class StaffMember:
    key: str
    first_name: str
    last_name: str
    role: Role

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}@{STAFF_DOMAIN}".lower()

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoHousehold:
    key: str
    family_name: str
    area: str
    approved_days_ago: int
    ssw_key: str
    carers: tuple[tuple[str, str], ...]  # (display name, email)

    @property
    def name(self) -> str:
        return f"The {self.family_name} household"


@dataclass(frozen=True)
class DemoChild:
    first_name: str
    last_name: str
    known_as: str
    age: int
    days_since_birthday: int
    household_key: str
    placed_days_ago: int
    ended_days_ago: int | None = None


@dataclass(frozen=True)
class DemoStory:
    slug: str
    carer_name: str
    household: str
    area: str
    quote: str
    body: str
    themes: str
    published_days_ago: int | None
    household_tags: str = ""


@dataclass(frozen=True)
class DemoEnquiry:
    name: str
    email: str
    phone: str
    postcode: str
    household: str
    source: str
    motivation: str
    # Every stage the enquiry has been through, oldest first: (stage, days ago, "HH:MM").
    # The first step is when they got in touch; the last is where they are now.
    steps: tuple[tuple[EnquiryStage, int, str], ...]
    has_account: bool = False
    reasons: str = "make-a-difference"
    best_time: str = "any"
    # The carer (by email) whose invite they came through.
    referred_by: str | None = None
    # How they felt after enquiring, and after their first conversation.
    feelings: tuple[str, ...] = ()

    @property
    def stage(self) -> EnquiryStage:
        return self.steps[-1][0]


@dataclass(frozen=True)
class DemoPersona:
    email: str
    role: Role
    display_name: str
    description: str


STAFF = (
    StaffMember("priya", "Priya", "Sharma", Role.SUPERVISING_SOCIAL_WORKER),
    StaffMember("gareth", "Gareth", "Evans", Role.SUPERVISING_SOCIAL_WORKER),
    StaffMember("joanne", "Joanne", "Whitfield", Role.RECRUITMENT_OFFICER),
    StaffMember("marcus", "Marcus", "Campbell", Role.MANAGER),
    StaffMember("ewa", "Ewa", "Nowak", Role.ADMIN),
)
RECRUITMENT_OFFICER_KEY = "joanne"

HOUSEHOLDS = (
    DemoHousehold(
        "okafor",
        "Okafor",
        "Northfield",
        2950,
        "priya",
        (("Ngozi Okafor", "ngozi.okafor@example.com"), ("Daniel Okafor", "daniel.okafor@example.com")),
    ),
    DemoHousehold(
        "hughes",
        "Hughes",
        "Eastbrook town centre",
        1100,
        "gareth",
        (("Sam Hughes", "sam.hughes@example.com"),),
    ),
    DemoHousehold(
        "begum",
        "Begum",
        "Ashby Marsh",
        2200,
        "priya",
        (("Shirin Begum", "shirin.begum@example.com"), ("Rahim Begum", "rahim.begum@example.com")),
    ),
    DemoHousehold(
        "mensah-price",
        "Mensah-Price",
        "Kingsmead",
        240,
        "gareth",
        (("Kwame Mensah", "kwame.mensah@example.com"), ("Lucy Price", "lucy.price@example.com")),
    ),
)

# Surnames are invented so no demo child can be mistaken for a real one.
CHILDREN = (
    DemoChild("Callum", "Larkmoor", "", 15, 120, "okafor", 1150),
    DemoChild("Amara", "Wrenfield", "", 8, 40, "hughes", 200),
    DemoChild("Kai", "Wrenfield", "", 6, 300, "hughes", 200),
    # Ended three days ago: the Begums can still read her records for the 7-day grace period.
    DemoChild("Zofia", "Brambleton", "Zosia", 12, 75, "begum", 160, ended_days_ago=3),
    DemoChild("Reuben", "Thistlewood", "", 9, 210, "mensah-price", 200, ended_days_ago=30),
    DemoChild("Theodore", "Fennick", "Teddy", 3, 150, "mensah-price", 20),
)
