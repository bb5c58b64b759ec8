"""status-list positions drawn at random (issue 31)

Revision ID: 0018_status_list_positions
Revises: 0017_assessor_quality
Create Date: 2026-12-07 00:30:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0018_status_list_positions'
down_revision = '0017_assessor_quality'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
