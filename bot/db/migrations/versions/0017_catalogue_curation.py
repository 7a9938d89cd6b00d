"""catalogue curation: coverage and its history carry a source; managed contacts and details; /copertura drafts

Revision ID: 0017
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0008"
branch_labels = ("catalogue_curation",)
depends_on = ("0006",)  # coverage_changes comes with the people branch

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("coverage") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
    with op.batch_alter_table("coverage_changes") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
    op.create_table(
        "catalogue_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_details")),
        sa.UniqueConstraint("kind", "code", "field", name=op.f("uq_catalogue_details_kind_code_field")),
    )
    op.create_table(
        "coverage_drafts",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(12), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_coverage_drafts_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_coverage_drafts")),
    )


def downgrade() -> None:
    op.drop_table("coverage_drafts")
    op.drop_table("catalogue_details")
    with op.batch_alter_table("coverage_changes") as batch:
        batch.drop_column("source")
    with op.batch_alter_table("coverage") as batch:
        batch.drop_column("source")
