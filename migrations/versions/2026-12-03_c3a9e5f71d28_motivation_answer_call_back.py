"""motivation answer call back: someone less keen can ask us to call them back

Revision ID: c3a9e5f71d28
Revises: b7d20c4e9f15
Create Date: 2026-12-03 16:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import carer_portal.db

revision: str = "c3a9e5f71d28"
down_revision: str | None = "b7d20c4e9f15"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("motivation_answer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("call_back_asked_at", carer_portal.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("motivation_answer", schema=None) as batch_op:
        batch_op.drop_column("call_back_asked_at")
