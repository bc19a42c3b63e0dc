"""Councils, the people who use the portal, and carer households."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from markupsafe import Markup
from sqlalchemy import Column, ForeignKey, String, UniqueConstraint, Uuid
from sqlmodel import Field, SQLModel

from carer_portal.db import StrEnumType, council_id_field, created_at_field, id_field


def breakable_email(address: str) -> Markup:
    """An email address that may wrap after its @ on a narrow phone, and nowhere else."""
    local, at, domain = address.partition("@")
    return Markup("{}{}<wbr>{}").format(local, at, domain) if at else Markup.escape(address)


def first_name(full_name: str) -> str:
    """How we greet a person: the first word of the name they gave ("Hello Sam")."""
    return full_name.strip().split(" ")[0]


class Role(StrEnum):
    ENQUIRER = "enquirer"
    CARER = "carer"
    SUPERVISING_SOCIAL_WORKER = "supervising_social_worker"
    RECRUITMENT_OFFICER = "recruitment_officer"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def is_staff(self) -> bool:
        return self not in {Role.ENQUIRER, Role.CARER}

    @property
    def label(self) -> str:
        return {
            Role.ENQUIRER: "Enquirer",
            Role.CARER: "Foster carer",
            Role.SUPERVISING_SOCIAL_WORKER: "Supervising social worker",
            Role.RECRUITMENT_OFFICER: "Recruitment officer",
            Role.MANAGER: "Fostering service manager",
            Role.ADMIN: "Administrator",
        }[self]


# Everyone who works for the council: they sign in with its identity provider.
STAFF_ROLES: tuple[Role, ...] = tuple(role for role in Role if role.is_staff)
# As stored, for queries: ``User.role.in_(STAFF_ROLE_VALUES)``.
STAFF_ROLE_VALUES: tuple[str, ...] = tuple(role.value for role in STAFF_ROLES)


class Council(SQLModel, table=True):
    """The tenant: one fostering service."""

    id: uuid.UUID = id_field()
    slug: str = Field(sa_type=String(64), unique=True, nullable=False)
    name: str = Field(sa_type=String(200), nullable=False)
    created_at: datetime = created_at_field()


class Household(SQLModel, table=True):
    """A fostering household: one or two approved carers and the social worker who supervises them."""

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    name: str = Field(sa_type=String(200), nullable=False)
    area: str = Field(sa_type=String(120), nullable=False, default="")
    # Households and users refer to each other; use_alter breaks the cycle when creating tables.
    supervising_social_worker_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(Uuid, ForeignKey("app_user.id", use_alter=True), index=True, nullable=True),
    )
    approved_on: date | None = Field(default=None, nullable=True)
    created_at: datetime = created_at_field()


class User(SQLModel, table=True):
    """Anyone who signs in: enquirers, carers and staff. The role is ours, never the browser's."""

    __tablename__ = "app_user"

    __table_args__ = (
        UniqueConstraint("council_id", "email", name="uq_user_council_id_email"),
        UniqueConstraint("council_id", "oidc_subject", name="uq_user_council_id_oidc_subject"),
    )

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    # Always stored lower-case (people.service.normalise_email), so look-ups are exact.
    email: str = Field(sa_type=String(320), nullable=False)
    # The council identity provider's stable id for a staff member, remembered at first sign-in.
    oidc_subject: str | None = Field(default=None, sa_type=String(255), nullable=True)
    display_name: str = Field(sa_type=String(200), nullable=False)
    role: Role = Field(sa_type=StrEnumType(Role), nullable=False)
    household_id: uuid.UUID | None = Field(
        default=None, foreign_key="household.id", index=True, nullable=True
    )
    # Bumped by "sign out of all devices": sessions carrying an older number are refused.
    session_generation: int = Field(default=0, nullable=False)
    is_active: bool = Field(default=True, nullable=False)
    created_at: datetime = created_at_field()
