"""survey answers and aggregation reads (issue 29)

Revision ID: 0019_survey_reads
Revises: 0018_status_list_positions
Create Date: 2026-12-07 00:30:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0019_survey_reads'
down_revision = '0018_status_list_positions'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
