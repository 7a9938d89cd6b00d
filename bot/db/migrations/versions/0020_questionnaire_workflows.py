"""questionnaire_workflows: audiences kept current, one response per comune, a step token that is not Telegram's

- q_campaigns.unit: "person" (as before) or "comune" (the referents of a comune share one response);
- q_invitations.late: the person joined the audience after the launch (invited by the reminder tick);
- q_comune_shares: the comune a shared response answers for, who holds it and when they last made progress
  (one per campaign and comune; the responses themselves keep no person column);
- q_responses.last_update_id → last_message_id and q_answers.source_update_id → source_message_id: a typed
  answer redelivered is recognised by its chat message id (which only grows within a chat), no longer by
  Telegram's update id, which restarts after a week without updates.

Revision ID: 0020
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0010"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.execute("ALTER TABLE q_responses RENAME COLUMN last_update_id TO last_message_id")
    op.execute("ALTER TABLE q_answers RENAME COLUMN source_update_id TO source_message_id")
    op.add_column("q_campaigns", sa.Column("unit", sa.String(10), nullable=False, server_default="person"))
    op.add_column("q_invitations", sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "q_comune_shares",
        sa.Column("response_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("comune_id", sa.Integer(), nullable=False),
        sa.Column("held_by", sa.Integer(), nullable=True),
        sa.Column("held_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["response_id"], ["q_responses.id"], name=op.f("fk_q_comune_shares_response_id_q_responses"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["campaign_id"], ["q_campaigns.id"], name=op.f("fk_q_comune_shares_campaign_id_q_campaigns"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["comune_id"], ["comuni.id"], name=op.f("fk_q_comune_shares_comune_id_comuni"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["held_by"], ["people.id"], name=op.f("fk_q_comune_shares_held_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_q_comune_shares")),
        sa.UniqueConstraint("campaign_id", "comune_id", name=op.f("uq_q_comune_shares_campaign_id_comune_id")),
    )


def downgrade() -> None:
    op.drop_table("q_comune_shares")
    op.execute("ALTER TABLE q_invitations DROP COLUMN late")  # native on both (SQLite ≥ 3.35): no table rebuilt,
    op.execute("ALTER TABLE q_campaigns DROP COLUMN unit")  # which on SQLite would cascade to the children
    op.execute("ALTER TABLE q_answers RENAME COLUMN source_message_id TO source_update_id")
    op.execute("ALTER TABLE q_responses RENAME COLUMN last_message_id TO last_update_id")
