"""meetings: audiences as rules (issue 13 item 1) — the rules a tavolo's participants follow, and who left

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tavolo_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tavolo_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["tavolo_id"], ["tavoli.id"], name=op.f("fk_tavolo_rules_tavolo_id_tavoli"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tavolo_rules")),
        sa.UniqueConstraint("tavolo_id", "key", name=op.f("uq_tavolo_rules_tavolo_id_key")),
    )
    op.create_index(op.f("ix_tavolo_rules_tavolo_id"), "tavolo_rules", ["tavolo_id"])
    op.create_table(
        "tavolo_opt_outs",
        sa.Column("tavolo_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.ForeignKeyConstraint(["tavolo_id"], ["tavoli.id"], name=op.f("fk_tavolo_opt_outs_tavolo_id_tavoli"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_tavolo_opt_outs_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tavolo_id", "person_id", name=op.f("pk_tavolo_opt_outs")),
    )


def downgrade() -> None:
    op.drop_table("tavolo_opt_outs")
    op.drop_index(op.f("ix_tavolo_rules_tavolo_id"), table_name="tavolo_rules")
    op.drop_table("tavolo_rules")
