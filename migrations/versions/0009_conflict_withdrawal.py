"""assessor_conflicts: withdrawal by a coordinator (withdrawn_at, withdrawn_by_id, withdrawal_note); one standing
conflict of each kind per assessor and school (a partial unique index), withdrawn ones kept as history

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 16:10:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

STANDING = sa.text("withdrawn_at IS NULL")


def upgrade():
    with op.batch_alter_table('assessor_conflicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_assessor_conflicts_withdrawn_by_id_users'), 'users', ['withdrawn_by_id'], ['id'],
            ondelete='SET NULL',
        )
        batch_op.drop_constraint('uq_assessor_conflicts_assessor_id_school_id_kind', type_='unique')
        batch_op.create_index(
            'uq_assessor_conflicts_standing', ['assessor_id', 'school_id', 'kind'], unique=True,
            postgresql_where=STANDING, sqlite_where=STANDING,
        )


def downgrade():
    # Withdrawn conflicts have no place in the old table (one row per assessor, school and kind): they go.
    op.execute("DELETE FROM assessor_conflicts WHERE withdrawn_at IS NOT NULL")
    with op.batch_alter_table('assessor_conflicts', schema=None) as batch_op:
        batch_op.drop_index('uq_assessor_conflicts_standing')
        batch_op.create_unique_constraint(
            'uq_assessor_conflicts_assessor_id_school_id_kind', ['assessor_id', 'school_id', 'kind']
        )
        batch_op.drop_constraint(batch_op.f('fk_assessor_conflicts_withdrawn_by_id_users'), type_='foreignkey')
        batch_op.drop_column('withdrawal_note')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
