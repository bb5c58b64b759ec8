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


    # The yearly reports (accreditation/models/yearly_report.py).
    op.create_table('yearly_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('pdf_key', sa.String(length=32), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.Column('odt_key', sa.String(length=32), nullable=True),
    sa.Column('odt_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_yearly_reports_status_known')),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name=op.f('ck_yearly_reports_progress_percent')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_yearly_reports_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yearly_reports')),
    )
    op.create_index(op.f('ix_yearly_reports_requested_by_id'), 'yearly_reports', ['requested_by_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_yearly_reports_requested_by_id'), table_name='yearly_reports')
    op.drop_table('yearly_reports')
    op.drop_table('regional_index_counts')
