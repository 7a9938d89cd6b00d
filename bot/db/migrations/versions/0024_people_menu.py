"""people.menu: the command menu last set for the person's private chat (per-role menus, issue 14 item 7)

NULL means the default menu (no chat scope of its own). Organisers and admins get theirs from the
menus job at the next tick after this revision (their rows start at NULL, so they are due).

Revision ID: 0024
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("menu", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("menu")
