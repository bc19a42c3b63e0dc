"""A carer's personal invite link."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from carer_portal.db import council_id_field, created_at_field, id_field

# What an invite code looks like (random URL-safe characters; nothing in it names anyone):
# anything else in a link is not a code, and is never looked up.
INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{12,24}$")


class CarerInvite(SQLModel, table=True):
    """A carer's personal invite link: enquiries through it are attributed to them."""

    __tablename__ = "carer_invite"

    id: uuid.UUID = id_field()
    council_id: uuid.UUID = council_id_field()
    carer_id: uuid.UUID = Field(foreign_key="app_user.id", unique=True, nullable=False)
    # Random and unguessable; it names nobody.
    code: str = Field(sa_type=String(24), unique=True, nullable=False)
    show_first_name: bool = Field(default=False, nullable=False)
    created_at: datetime = created_at_field()
