"""webhook_payload_until_processed: an update's payload is kept only until it is processed

Processed rows keep `update_id` (a redelivery is refused) and their times; the payload, which names
the person and quotes their messages, goes. Payloads of rows already processed are removed here.

Revision ID: 0011
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbound_updates") as batch:
        batch.alter_column("payload", existing_type=sa.JSON(), nullable=True)
    op.execute("UPDATE inbound_updates SET payload = NULL WHERE processed_at IS NOT NULL")


def downgrade() -> None:
    op.execute("DELETE FROM inbound_updates WHERE payload IS NULL")
    with op.batch_alter_table("inbound_updates") as batch:
        batch.alter_column("payload", existing_type=sa.JSON(), nullable=False)
