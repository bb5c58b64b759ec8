"""assessor accreditation, calibration, moderation, school feedback (issue 32)

Revision ID: 0017_assessor_quality
Revises: 0016_networks_credentials
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0017_assessor_quality'
down_revision = '0016_networks_credentials'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
