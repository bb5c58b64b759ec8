"""school networks, yearly reports, credential status lists (issue 31)

Revision ID: 0016_networks_credentials
Revises: 0015_between_awards
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0016_networks_credentials'
down_revision = '0015_between_awards'
branch_labels = None
depends_on = None


def upgrade():
    # The regional index's counts as last computed (accreditation/models/regional_index.py).
    op.create_table('regional_index_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regional_index_counts')),
    sa.UniqueConstraint('programme_code', 'country_code', 'year',
                        name=op.f('uq_regional_index_counts_programme_code_country_code_year')),
    )


def downgrade():
    op.drop_table('regional_index_counts')
