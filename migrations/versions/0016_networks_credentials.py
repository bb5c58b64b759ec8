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

    # School networks and their leads (accreditation/models/network.py).
    op.create_table('networks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_networks_country_code_countries')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_networks_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_networks')),
    )
    op.create_index(op.f('ix_networks_country_code'), 'networks', ['country_code'], unique=False)
    op.create_table('network_schools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_schools_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_network_schools_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_schools')),
    sa.UniqueConstraint('network_id', 'school_id', name=op.f('uq_network_schools_network_id_school_id')),
    )
    op.create_index(op.f('ix_network_schools_network_id'), 'network_schools', ['network_id'], unique=False)
    op.create_index(op.f('ix_network_schools_school_id'), 'network_schools', ['school_id'], unique=False)
    op.create_table('network_leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('named_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_leads_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_network_leads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_leads')),
    sa.UniqueConstraint('network_id', 'user_id', name=op.f('uq_network_leads_network_id_user_id')),
    )
    op.create_index(op.f('ix_network_leads_network_id'), 'network_leads', ['network_id'], unique=False)
    op.create_index(op.f('ix_network_leads_user_id'), 'network_leads', ['user_id'], unique=False)
    op.create_table('network_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_messages_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'], name=op.f('fk_network_messages_sent_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_messages')),
    )
    op.create_index(op.f('ix_network_messages_network_id'), 'network_messages', ['network_id'], unique=False)

    op.create_table('network_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('storage_key', sa.String(length=32), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('shared_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_network_documents_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shared_by_id'], ['users.id'], name=op.f('fk_network_documents_shared_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_documents')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_network_documents_storage_key')),
    )
    op.create_index(op.f('ix_network_documents_network_id'), 'network_documents', ['network_id'], unique=False)
    # A school's copy of a shared document keeps its origin.
    with op.batch_alter_table('documents') as batch_op:
        batch_op.add_column(sa.Column('origin_network_document_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('origin_title', sa.String(length=300), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_documents_origin_network_document_id_network_documents'),
                                    'network_documents', ['origin_network_document_id'], ['id'], ondelete='SET NULL')

    # The public page of certified schools by region lists a school only when its admin opted in (default off).
    with op.batch_alter_table('schools') as batch_op:
        batch_op.add_column(sa.Column('on_regions_page', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('schools') as batch_op:
        batch_op.drop_column('on_regions_page')
    with op.batch_alter_table('documents') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_documents_origin_network_document_id_network_documents'),
                                 type_='foreignkey')
        batch_op.drop_column('origin_title')
        batch_op.drop_column('origin_network_document_id')
    op.drop_index(op.f('ix_network_documents_network_id'), table_name='network_documents')
    op.drop_table('network_documents')
    op.drop_index(op.f('ix_network_messages_network_id'), table_name='network_messages')
    op.drop_table('network_messages')
    op.drop_index(op.f('ix_network_leads_user_id'), table_name='network_leads')
    op.drop_index(op.f('ix_network_leads_network_id'), table_name='network_leads')
    op.drop_table('network_leads')
    op.drop_index(op.f('ix_network_schools_school_id'), table_name='network_schools')
    op.drop_index(op.f('ix_network_schools_network_id'), table_name='network_schools')
    op.drop_table('network_schools')
    op.drop_index(op.f('ix_networks_country_code'), table_name='networks')
    op.drop_table('networks')
    op.drop_index(op.f('ix_yearly_reports_requested_by_id'), table_name='yearly_reports')
    op.drop_table('yearly_reports')
    op.drop_table('regional_index_counts')
