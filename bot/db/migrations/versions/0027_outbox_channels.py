"""outbox: a channel per row (telegram | email), the e-mail address and subject; chat_id may be NULL
(e-mail rows have no chat). ix_outbox_address keeps e-mails to one address in order, like ix_outbox_chat.

Revision ID: 0027
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("channel", sa.String(10), nullable=False, server_default="telegram"))
        batch.add_column(sa.Column("address", sa.String(254), nullable=True))
        batch.add_column(sa.Column("subject", sa.String(200), nullable=True))
        batch.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=True)
    op.create_index("ix_outbox_address", "outbox", ["address", "id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_address", table_name="outbox")
    op.execute("DELETE FROM outbox WHERE chat_id IS NULL")
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        for column in ("subject", "address", "channel"):
            batch.drop_column(column)
