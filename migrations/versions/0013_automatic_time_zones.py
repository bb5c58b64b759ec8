"""automatic time zones: an empty users.timezone means "where the person works" (their school's region or country,
else UTC); the "UTC" every account got by default becomes automatic. Someone who had chosen UTC on purpose chooses
it again on their account page (nobody could tell the two apart).

Revision ID: 0013_automatic_time_zones
Revises: 0012_account_mail_requests
Create Date: 2026-12-12 12:00:00
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013_automatic_time_zones'
down_revision = '0012_account_mail_requests'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET timezone = '' WHERE timezone = 'UTC'")


def downgrade():
    op.execute("UPDATE users SET timezone = 'UTC' WHERE timezone = ''")
