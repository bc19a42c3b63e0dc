"""index enquiries waiting for a first call, for the inbox

Revision ID: 7c3e91a4b2d5
Revises: 19b5d67ab936
Create Date: 2026-12-02 19:05:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3e91a4b2d5"
down_revision: str | None = "19b5d67ab936"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING = sa.text("first_responded_at IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("enquiry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enquiry_waiting_for_first_call",
            ["council_id", "created_at"],
            unique=False,
            sqlite_where=WAITING,
            postgresql_where=WAITING,
        )


def downgrade() -> None:
    with op.batch_alter_table("enquiry", schema=None) as batch_op:
        batch_op.drop_index("ix_enquiry_waiting_for_first_call")
