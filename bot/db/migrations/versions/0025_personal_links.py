"""personal_links: links an e-mail or the chat hands a person (answer on the web, RSVP, confirm an address,
unsubscribe); only token hashes are kept (issue 17)

Revision ID: 0025
Revises: 0016 (web)
"""
import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "personal_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_personal_links_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_personal_links_token_hash")),
    )
    op.create_index(op.f("ix_personal_links_person_id"), "personal_links", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_personal_links_person_id"), table_name="personal_links")
    op.drop_table("personal_links")
