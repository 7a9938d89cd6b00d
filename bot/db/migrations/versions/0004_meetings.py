"""meetings: tavoli, occurrences, participants, RSVPs, drafts

Revision ID: 0004
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = ("meetings",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tavoli",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("all_zones", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(300), nullable=True),
        sa.Column("video_link", sa.String(500), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("rrule", sa.String(300), nullable=True),
        sa.Column("dtstart_local", sa.String(16), nullable=True),
        sa.Column("dates_local", sa.JSON(), nullable=False),
        sa.Column("reminder_offsets", sa.JSON(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], name=op.f("fk_tavoli_theme_id_themes")),
        sa.ForeignKeyConstraint(["organiser_id"], ["people.id"], name=op.f("fk_tavoli_organiser_id_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tavoli")),
        sa.UniqueConstraint("slug", name=op.f("uq_tavoli_slug")),
    )
    op.create_table(
        "tavolo_zones",
        sa.Column("tavolo_id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tavolo_id"], ["tavoli.id"], name=op.f("fk_tavolo_zones_tavolo_id_tavoli"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["zone_id"], ["zones.id"], name=op.f("fk_tavolo_zones_zone_id_zones")),
        sa.PrimaryKeyConstraint("tavolo_id", "zone_id", name=op.f("pk_tavolo_zones")),
    )
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tavolo_id", sa.Integer(), nullable=False),
        sa.Column("original_start", TS, nullable=False),
        sa.Column("start_at", TS, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tavolo_id"], ["tavoli.id"], name=op.f("fk_occurrences_tavolo_id_tavoli"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occurrences")),
        sa.UniqueConstraint("tavolo_id", "original_start", name=op.f("uq_occurrences_tavolo_id_original_start")),
    )
    op.create_index(op.f("ix_occurrences_tavolo_id"), "occurrences", ["tavolo_id"])
    op.create_index(op.f("ix_occurrences_start_at"), "occurrences", ["start_at"])
    op.create_table(
        "tavolo_participants",
        sa.Column("tavolo_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["tavolo_id"], ["tavoli.id"],
                                name=op.f("fk_tavolo_participants_tavolo_id_tavoli"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name=op.f("fk_tavolo_participants_person_id_people"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tavolo_id", "person_id", name=op.f("pk_tavolo_participants")),
    )
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(8), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"], name=op.f("fk_rsvps_occurrence_id_occurrences"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_rsvps_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvps")),
        sa.UniqueConstraint("occurrence_id", "person_id", name=op.f("uq_rsvps_occurrence_id_person_id")),
    )
    op.create_table(
        "tavolo_drafts",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("step", sa.String(12), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_tavolo_drafts_person_id_people"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_tavolo_drafts")),
    )


def downgrade() -> None:
    op.drop_table("tavolo_drafts")
    op.drop_table("rsvps")
    op.drop_table("tavolo_participants")
    op.drop_index(op.f("ix_occurrences_start_at"), table_name="occurrences")
    op.drop_index(op.f("ix_occurrences_tavolo_id"), table_name="occurrences")
    op.drop_table("occurrences")
    op.drop_table("tavolo_zones")
    op.drop_table("tavoli")
