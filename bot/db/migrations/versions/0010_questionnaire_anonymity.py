"""questionnaire_anonymity: random 64-bit keys for responses and answers; anonymous ones already sent re-keyed

Responses and answers get random keys (bot/questionnaires/models.py `random_key`), so ordering them says
nothing about who answered when. On PostgreSQL the key columns become BIGINT and lose their sequence; on
SQLite INTEGER already holds 64 bits (and stays the rowid). Responses of anonymous questionnaires sent
before this revision had ordered keys: they are given random ones here, keep no time or update id, and
their invitations keep only the day of completion.

Revision ID: 0010
Revises: 0005
"""
import secrets
from datetime import timezone

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None

KEYS = (("q_responses", "id"), ("q_answers", "id"), ("q_answers", "response_id"), ("q_invitations", "response_id"))


def _key() -> int:
    return secrets.randbelow(2**63 - 1) + 1


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, column in KEYS:
            op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer())
        for table in ("q_responses", "q_answers"):
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")
            op.execute(f"DROP SEQUENCE IF EXISTS {table}_id_seq")
    _rekey_anonymous(bind)


def _rekey_anonymous(bind) -> None:
    sent = bind.execute(sa.text(
        "SELECT r.id FROM q_responses r JOIN q_campaigns c ON c.id = r.campaign_id "
        "JOIN q_versions v ON v.id = c.version_id WHERE v.anonymous = :yes AND r.status = 'completed'"),
        {"yes": True}).scalars().all()
    for old in sent:
        new = _key()
        bind.execute(sa.text(
            "INSERT INTO q_responses (id, campaign_id, version_id, status, cursor, draft, rev, last_update_id, "
            "submitted_at) SELECT :new, campaign_id, version_id, status, NULL, draft, rev, 0, NULL "
            "FROM q_responses WHERE id = :old"), {"new": new, "old": old})
        bind.execute(sa.text("UPDATE q_invitations SET response_id = NULL WHERE response_id = :old"), {"old": old})
        answers = bind.execute(sa.text("SELECT id FROM q_answers WHERE response_id = :old"), {"old": old}).scalars().all()
        for answer in answers:
            bind.execute(sa.text("UPDATE q_answers SET id = :new, response_id = :response, source_update_id = NULL, "
                                 "answered_at = NULL WHERE id = :old"),
                         {"new": _key(), "response": new, "old": answer})
        bind.execute(sa.text("DELETE FROM q_responses WHERE id = :old"), {"old": old})
    invitations = sa.table("q_invitations", sa.column("id", sa.Integer()),
                           sa.column("touched_at", sa.DateTime(timezone=True)))
    done = bind.execute(sa.text(
        "SELECT i.id FROM q_invitations i JOIN q_campaigns c ON c.id = i.campaign_id "
        "JOIN q_versions v ON v.id = c.version_id WHERE v.anonymous = :yes AND i.status = 'completed'"),
        {"yes": True}).scalars().all()
    for invitation_id in done:
        touched = bind.execute(sa.select(invitations.c.touched_at).where(invitations.c.id == invitation_id)).scalar()
        if touched is not None:
            if touched.tzinfo is not None:
                touched = touched.astimezone(timezone.utc)
            bind.execute(sa.update(invitations).where(invitations.c.id == invitation_id)
                         .values(touched_at=touched.replace(hour=0, minute=0, second=0, microsecond=0)))


def downgrade() -> None:
    # The random keys stay (they may exceed 32 bits); PostgreSQL gets a sequence back for new rows.
    if op.get_bind().dialect.name == "postgresql":
        for table in ("q_responses", "q_answers"):
            op.execute(f"CREATE SEQUENCE IF NOT EXISTS {table}_id_seq AS bigint OWNED BY {table}.id")
            op.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq')")
