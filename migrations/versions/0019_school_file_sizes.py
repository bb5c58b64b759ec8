"""school file sizes: training certificates and duty documents count toward the school's storage quota

A training's certificate (``training_records``) and a compliance duty's document (``compliance_duties``) get the
size of their stored file, so the school's quota counts them with its applications' document versions. The files
stored before this revision keep a NULL size, counted as 0: their size lives in the store, not in the database, so
no SQL can fill it in.

Revision ID: 0019_school_file_sizes
Revises: 0018_status_list_positions
Create Date: 2026-12-07 05:00:00
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_school_file_sizes'
down_revision = '0018_status_list_positions'
branch_labels = None
depends_on = None

TABLES = ('training_records', 'compliance_duties')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('file_size', sa.BigInteger(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('file_size')
