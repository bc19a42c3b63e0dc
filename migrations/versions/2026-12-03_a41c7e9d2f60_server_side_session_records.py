"""server-side session records: a session can be ended, and has an absolute lifetime

Revision ID: a41c7e9d2f60
Revises: 7c3e91a4b2d5
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import carer_portal.db

revision: str = "a41c7e9d2f60"
down_revision: str | None = "7c3e91a4b2d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("council_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carer_portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", carer_portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", carer_portal.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_user_session_council_id_council")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_user_session_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
    )
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_session_council_id"), ["council_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_session_council_id"))

    op.drop_table("user_session")
