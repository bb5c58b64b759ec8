"""the signed-in request path (issue 27)

Revision ID: 0019_request_path
Revises: 0018_past_one_machine
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0019_request_path'
down_revision = '0018_past_one_machine'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
