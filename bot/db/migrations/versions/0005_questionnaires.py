"""questionnaires: versions, campaigns, responses, invitations, answers

Revision ID: 0005
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = ("questionnaires",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "q_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_q_versions")),
        sa.UniqueConstraint("key", "version", name=op.f("uq_q_versions_key")),
    )
    op.create_table(
        "q_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("launch_key", sa.String(64), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("opens_at", TS, nullable=False),
        sa.Column("closes_at", TS, nullable=False),
        sa.Column("reminder_offsets", sa.JSON(), nullable=False),
        sa.Column("reminders_done", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["q_versions.id"], name=op.f("fk_q_campaigns_version_id_q_versions")),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"], name=op.f("fk_q_campaigns_created_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_q_campaigns")),
        sa.UniqueConstraint("launch_key", name=op.f("uq_q_campaigns_launch_key")),
    )
    op.create_table(
        "q_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("cursor", sa.String(64), nullable=True),
        sa.Column("draft", sa.JSON(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("last_update_id", sa.BigInteger(), nullable=False),
        sa.Column("submitted_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["q_campaigns.id"], name=op.f("fk_q_responses_campaign_id_q_campaigns"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["q_versions.id"], name=op.f("fk_q_responses_version_id_q_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_q_responses")),
    )
    op.create_index("ix_q_responses_campaign_id", "q_responses", ["campaign_id"])
    op.create_table(
        "q_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("invited_at", TS, nullable=False),
        sa.Column("touched_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["q_campaigns.id"],
                                name=op.f("fk_q_invitations_campaign_id_q_campaigns"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_q_invitations_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["response_id"], ["q_responses.id"],
                                name=op.f("fk_q_invitations_response_id_q_responses"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_q_invitations")),
        sa.UniqueConstraint("campaign_id", "person_id", name=op.f("uq_q_invitations_campaign_id")),
        sa.UniqueConstraint("response_id", name=op.f("uq_q_invitations_response_id")),
    )
    op.create_index("ix_q_invitations_person", "q_invitations", ["person_id", "status"])
    op.create_table(
        "q_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("other_text", sa.Text(), nullable=True),
        sa.Column("labels", sa.JSON(), nullable=True),
        sa.Column("source_update_id", sa.BigInteger(), nullable=True),
        sa.Column("answered_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["response_id"], ["q_responses.id"], name=op.f("fk_q_answers_response_id_q_responses"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_q_answers")),
        sa.UniqueConstraint("response_id", "question_id", name=op.f("uq_q_answers_response_id")),
    )


def downgrade() -> None:
    op.drop_table("q_answers")
    op.drop_index("ix_q_invitations_person", table_name="q_invitations")
    op.drop_table("q_invitations")
    op.drop_index("ix_q_responses_campaign_id", table_name="q_responses")
    op.drop_table("q_responses")
    op.drop_table("q_campaigns")
    op.drop_table("q_versions")
