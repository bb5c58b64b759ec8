"""users.session_epoch: part of what a session cookie holds; signing out or a new password raises it, which ends
every session (and every copy of its cookie) signed in before

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 16:30:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
