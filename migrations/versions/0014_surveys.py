"""surveys of pupils, parents and staff (issue 29)

Revision ID: 0014_surveys
Revises: 0013_automatic_time_zones
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0014_surveys'
down_revision = '0013_automatic_time_zones'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
