"""people.member_role: the role from invitations and approvals, kept apart from admin (ZOBOT_ADMINS)

`people.role` stays the role that applies now; `member_role` is what it falls back to when the
person leaves ZOBOT_ADMINS. Rows that are admin today have no known other role (NULL).

Revision ID: 0009
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("member_role", sa.String(20), nullable=True))
    op.execute("UPDATE people SET member_role = role WHERE role IN ('referente', 'po', 'organizzatore')")


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("member_role")
