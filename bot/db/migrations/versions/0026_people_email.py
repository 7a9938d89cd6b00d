"""people: an e-mail address (confirmed by a link), the preferred channel, bounces and unsubscription
(issue 17 item 1: e-mail as a channel of the outbox)

A person is reachable by e-mail when the address is confirmed, not unsubscribed and not refused by the
server (the last hard bounce). `channel` is the preferred one; Telegram unless the person chose e-mail.

Revision ID: 0026
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("email", sa.String(254), nullable=True))
        batch.add_column(sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(10), nullable=False, server_default="telegram"))
        batch.add_column(sa.Column("email_refused_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("email_unsubscribed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        for column in ("email_unsubscribed_at", "email_refused_at", "channel", "email_confirmed_at", "email"):
            batch.drop_column(column)
