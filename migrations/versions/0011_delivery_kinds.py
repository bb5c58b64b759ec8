"""deliveries carry their kind (backfilled from the subject they point to) and, for any kind other than reminders and
certificates, a generic subject_id, unique per kind, subject and person: a new kind of delivery needs no new column

Revision ID: 0011_delivery_kinds
Revises: 0010
Create Date: 2026-12-10 10:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_delivery_kinds'
down_revision = '0010'
branch_labels = None
depends_on = None

OLD_ONE_SUBJECT = "(reminder_id IS NULL) <> (certificate_id IS NULL)"
# The subject's column matches the kind (as models.reminder.KIND_MATCHES_SUBJECT, written out: a migration keeps the
# text it was written with).
KIND_MATCHES_SUBJECT = (
    "((reminder_id IS NOT NULL) = (kind = 'reminder'))"
    " AND ((certificate_id IS NOT NULL) = (kind = 'certificate'))"
    " AND ((subject_id IS NOT NULL) = (kind NOT IN ('reminder', 'certificate')))"
)
GENERIC = sa.text("subject_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('subject_id', sa.Integer(), nullable=True))

    op.execute(
        "UPDATE deliveries SET kind = CASE WHEN reminder_id IS NOT NULL THEN 'reminder' ELSE 'certificate' END"
    )

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_constraint(batch_op.f('ck_deliveries_one_subject'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_deliveries_one_subject'), sa.text(KIND_MATCHES_SUBJECT))
        batch_op.create_index(
            'uq_deliveries_kind_subject_id_user_id', ['kind', 'subject_id', 'user_id'], unique=True,
            postgresql_where=GENERIC, sqlite_where=GENERIC,
        )


def downgrade():
    # Deliveries of the other kinds have no place in the old table (a reminder or a certificate each): they go.
    op.execute("DELETE FROM deliveries WHERE subject_id IS NOT NULL")
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('uq_deliveries_kind_subject_id_user_id', postgresql_where=GENERIC, sqlite_where=GENERIC)
        batch_op.drop_constraint(batch_op.f('ck_deliveries_one_subject'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_deliveries_one_subject'), sa.text(OLD_ONE_SUBJECT))
        batch_op.drop_column('subject_id')
        batch_op.drop_column('kind')
