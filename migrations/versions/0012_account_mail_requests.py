"""account_mail_requests: each request that e-mails an account (a password link, a registration with its address),
kept for the throttling window, so such e-mails are limited per account and per network address

Revision ID: 0012_account_mail_requests
Revises: 0011_delivery_kinds
Create Date: 2026-12-10 12:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_account_mail_requests'
down_revision = '0011_delivery_kinds'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_mail_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_mail_requests'))
    )
    with op.batch_alter_table('account_mail_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_mail_requests_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_mail_requests_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_mail_requests_email'), ['email'], unique=False)


def downgrade():
    with op.batch_alter_table('account_mail_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_mail_requests_email'))
        batch_op.drop_index(batch_op.f('ix_account_mail_requests_created_at'))
        batch_op.drop_index(batch_op.f('ix_account_mail_requests_address'))

    op.drop_table('account_mail_requests')
