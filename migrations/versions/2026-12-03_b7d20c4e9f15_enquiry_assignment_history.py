"""enquiry assignment history: who was asked to look after an enquiry, by whom and when

Revision ID: b7d20c4e9f15
Revises: 8e4f17c2a9b3
Create Date: 2026-12-03 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import carer_portal.db

revision: str = "b7d20c4e9f15"
down_revision: str | None = "8e4f17c2a9b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enquiry_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("council_id", sa.Uuid(), nullable=False),
        sa.Column("enquiry_id", sa.Uuid(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("assigned_by_id", sa.Uuid(), nullable=False),
        sa.Column("assigned_at", carer_portal.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"], ["app_user.id"], name=op.f("fk_enquiry_assignment_assigned_by_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_enquiry_assignment_council_id_council")
        ),
        sa.ForeignKeyConstraint(
            ["enquiry_id"], ["enquiry.id"], name=op.f("fk_enquiry_assignment_enquiry_id_enquiry")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["app_user.id"], name=op.f("fk_enquiry_assignment_officer_id_app_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enquiry_assignment")),
    )
    with op.batch_alter_table("enquiry_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enquiry_assignment_council_id"), ["council_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_enquiry_assignment_enquiry_id"), ["enquiry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enquiry_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enquiry_assignment_enquiry_id"))
        batch_op.drop_index(batch_op.f("ix_enquiry_assignment_council_id"))
    op.drop_table("enquiry_assignment")
