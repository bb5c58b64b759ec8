"""training register, incident log, compliance calendar, yearly health check (issue 30)

Revision ID: 0015_between_awards
Revises: 0014_surveys
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0015_between_awards'
down_revision = '0014_surveys'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
