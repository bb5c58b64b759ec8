"""object storage and operations (issue 28)

Revision ID: 0018_past_one_machine
Revises: 0017_assessor_quality
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0018_past_one_machine'
down_revision = '0017_assessor_quality'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
