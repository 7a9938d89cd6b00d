"""meetings: tavoli as they run — skipped dates, the last call to RSVP, meetings kept across schedule edits
(frozen UID, why a meeting was cancelled), agendas and minutes, actual presence

Revision ID: 0022
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # plain ADD COLUMNs: SQLite never rebuilds `occurrences`, which the RSVPs point at with ON DELETE CASCADE
    with op.batch_alter_table("tavoli") as batch:
        batch.add_column(sa.Column("skip", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("rsvp_chase_minutes", sa.Integer(), nullable=True))
    op.execute("UPDATE tavoli SET rsvp_chase_minutes = 2880")
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("cancel_reason", sa.String(12), nullable=True))
        batch.add_column(sa.Column("uid", sa.String(120), nullable=True))
    op.execute("UPDATE occurrences SET cancel_reason = 'organiser' WHERE status = 'cancelled'")
    op.create_table(
        "occurrence_notes",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("filename", sa.String(200), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"],
                                name=op.f("fk_occurrence_notes_occurrence_id_occurrences"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["people.id"], name=op.f("fk_occurrence_notes_updated_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("occurrence_id", "kind", name=op.f("pk_occurrence_notes")),
    )
    op.create_table(
        "presences",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", TS, nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["occurrence_id"], ["occurrences.id"],
                                name=op.f("fk_presences_occurrence_id_occurrences"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_presences_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by"], ["people.id"], name=op.f("fk_presences_recorded_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("occurrence_id", "person_id", name=op.f("pk_presences")),
    )


def downgrade() -> None:
    op.drop_table("presences")
    op.drop_table("occurrence_notes")
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("uid")
        batch.drop_column("cancel_reason")
    with op.batch_alter_table("tavoli") as batch:
        batch.drop_column("rsvp_chase_minutes")
        batch.drop_column("skip")
