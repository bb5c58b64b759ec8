"""status-list positions drawn at random (issue 31)

Each certificate gets its own position in the published status lists, drawn at random and unique, instead of its
id (which told how many certificates exist). The certificates already issued get theirs here: distinct positions
drawn uniformly from a list at most half full (the rule of accreditation/models/status_positions.py, written out
so this revision keeps meaning what it meant). Their credentials name the new positions from now on; a copy of a
credential downloaded before this revision names the old index and must be downloaded again.

Revision ID: 0018_status_list_positions
Revises: 0017_assessor_quality
Create Date: 2026-12-07 00:30:00
"""
import math
import random

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_status_list_positions'
down_revision = '0017_assessor_quality'
branch_labels = None
depends_on = None

MINIMUM_BITS = 131_072
FILL_SHARE = 0.5


def _room(count: int) -> int:
    needed = math.ceil(count / FILL_SHARE)
    return max(MINIMUM_BITS, -(-needed // MINIMUM_BITS) * MINIMUM_BITS)


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_position', sa.Integer(), nullable=True))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.text('SELECT id FROM certificates ORDER BY id'))]
    if ids:
        positions = random.SystemRandom().sample(range(_room(len(ids))), len(ids))
        connection.execute(
            sa.text('UPDATE certificates SET status_position = :position WHERE id = :id'),
            [{'id': id_, 'position': position} for id_, position in zip(ids, positions, strict=True)],
        )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('status_position', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_status_position'), ['status_position'])


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_certificates_status_position'), type_='unique')
        batch_op.drop_column('status_position')
