"""enquiry links that keep working: a counter for new links, and when one was last asked for

The person's link is now derived from the enquiry and this counter (recruitment/enquiries/
links.py), so the question after the first call carries the same link as the confirmation
email. Links made before stay valid until an email needs a link again; then the person gets
the derived one, and an old link's page offers to email a fresh one.

Revision ID: 5d2b8e61c0a7
Revises: 3cc98da51b86
Create Date: 2026-12-03 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import carer_portal.db

revision: str = "5d2b8e61c0a7"
down_revision: str | None = "3cc98da51b86"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("enquiry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("access_link_generation", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("new_link_sent_at", carer_portal.db.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("enquiry", schema=None) as batch_op:
        batch_op.drop_column("new_link_sent_at")
        batch_op.drop_column("access_link_generation")
