"""enquiry stage rollup: how many enquiries reached each stage, by council, channel and UK week

The dashboard's funnel reads this instead of counting distinct enquiries over the whole history.
It is filled from the history already kept, by the same recount the app uses
(``carer_portal.recruitment.enquiries.stage_rollup.recount``), so the rule is written once. If
that table or rule changes one day, the migration that changes it recounts again, and this one
must then keep a copy of today's recount: the migration tests, run from an empty database, say so.

Revision ID: 3cc98da51b86
Revises: a41c7e9d2f60
Create Date: 2026-12-03 12:36:54.351427
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from carer_portal.recruitment.enquiries.stage_rollup import recount

revision: str = "3cc98da51b86"
down_revision: str | None = "a41c7e9d2f60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "enquiry_stage_rollup",
        sa.Column("council_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("week_starting", sa.Date(), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["council.id"], name=op.f("fk_enquiry_stage_rollup_council_id_council")
        ),
        sa.PrimaryKeyConstraint(
            "council_id", "channel", "stage", "week_starting", name=op.f("pk_enquiry_stage_rollup")
        ),
    )
    recount(op.get_bind())


def downgrade() -> None:
    op.drop_table("enquiry_stage_rollup")
