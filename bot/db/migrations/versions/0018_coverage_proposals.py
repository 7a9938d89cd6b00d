"""coverage_proposals: what each completed response of a questionnaire bound to the catalogue proposes

Revision ID: 0018
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0005"
branch_labels = ("coverage_proposals",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "coverage_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("scope_key", sa.String(80), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("comune_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("old_status", sa.String(20), nullable=True),
        sa.Column("new_status", sa.String(20), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("submitted_at", TS, nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", TS, nullable=True),
        sa.Column("outcome", sa.String(12), nullable=True),
        sa.Column("applied_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["q_campaigns.id"],
                                name=op.f("fk_coverage_proposals_campaign_id_q_campaigns"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["response_id"], ["q_responses.id"],
                                name=op.f("fk_coverage_proposals_response_id_q_responses"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_coverage_proposals_person_id_people"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_coverage_proposals_office_id_offices")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_coverage_proposals_service_id_services"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["zone_id"], ["zones.id"], name=op.f("fk_coverage_proposals_zone_id_zones")),
        sa.ForeignKeyConstraint(["comune_id"], ["comuni.id"], name=op.f("fk_coverage_proposals_comune_id_comuni")),
        sa.ForeignKeyConstraint(["decided_by"], ["people.id"], name=op.f("fk_coverage_proposals_decided_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage_proposals")),
        sa.UniqueConstraint("response_id", "service_id", "scope_key",
                            name=op.f("uq_coverage_proposals_response_id_service_id_scope_key")),
    )
    op.create_index("ix_coverage_proposals_campaign", "coverage_proposals", ["campaign_id", "service_id"])


def downgrade() -> None:
    op.drop_index("ix_coverage_proposals_campaign", table_name="coverage_proposals")
    op.drop_table("coverage_proposals")
