"""school networks, yearly reports, credential status lists (issue 31)

Revision ID: 0016_networks_credentials
Revises: 0015_between_awards
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0016_networks_credentials'
down_revision = '0015_between_awards'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
