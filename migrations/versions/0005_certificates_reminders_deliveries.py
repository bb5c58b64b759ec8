"""certificates, reminders and deliveries; schools may opt out of the public list

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 12:00:00

One certificate per application and kind (unique), one reminder per application, kind and due date (unique),
one delivery per reminder or certificate and person (unique): the constraints that make retried and duplicated
tasks harmless.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('serial', sa.String(length=40), nullable=False),
    sa.Column('verification_id', sa.String(length=32), nullable=False),
    sa.Column('school_name', sa.String(length=200), nullable=False),
    sa.Column('programme_name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('pdf_key', sa.String(length=32), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.CheckConstraint("kind IN ('award', 'intermediate')", name=op.f('ck_certificates_kind_known')),
    sa.CheckConstraint("status IN ('valid', 'expired', 'revoked', 'superseded')", name=op.f('ck_certificates_status_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_certificates_application_id_applications')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_certificates_school_id_schools')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['certificates.id'], name=op.f('fk_certificates_superseded_by_id_certificates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('application_id', 'kind', name=op.f('uq_certificates_application_id_kind')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial')),
    sa.UniqueConstraint('verification_id', name=op.f('uq_certificates_verification_id'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index('ix_certificates_programme_status', ['programme_code', 'status'], unique=False)
        batch_op.create_index('ix_certificates_school_programme', ['school_id', 'programme_code'], unique=False)

    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=120), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('relative_to', sa.String(length=20), nullable=False),
    sa.Column('offset_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("action IN ('remind', 'escalate')", name=op.f('ck_reminders_action_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_reminders_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('application_id', 'kind', 'due_on', name=op.f('uq_reminders_application_id_kind_due_on'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index('ix_reminders_created_at', ['created_at'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reminder_id', sa.Integer(), nullable=True),
    sa.Column('certificate_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('not_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.CheckConstraint('(reminder_id IS NULL) <> (certificate_id IS NULL)', name=op.f('ck_deliveries_one_subject')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_deliveries_attempts_not_negative')),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_deliveries_certificate_id_certificates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reminder_id'], ['reminders.id'], name=op.f('fk_deliveries_reminder_id_reminders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_deliveries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('uq_deliveries_certificate_id_user_id', ['certificate_id', 'user_id'], unique=True, postgresql_where=sa.text('certificate_id IS NOT NULL'), sqlite_where=sa.text('certificate_id IS NOT NULL'))
        batch_op.create_index('uq_deliveries_reminder_id_user_id', ['reminder_id', 'user_id'], unique=True, postgresql_where=sa.text('reminder_id IS NOT NULL'), sqlite_where=sa.text('reminder_id IS NOT NULL'))
        batch_op.create_index('ix_deliveries_pending', ['created_at'], unique=False, postgresql_where=sa.text('sent_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL'))
        batch_op.create_index('ix_deliveries_user_sent', ['user_id', 'sent_at'], unique=False)

    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed_publicly', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('listed_publicly')

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_user_sent')
        batch_op.drop_index('ix_deliveries_pending', postgresql_where=sa.text('sent_at IS NULL'), sqlite_where=sa.text('sent_at IS NULL'))
        batch_op.drop_index('uq_deliveries_reminder_id_user_id', postgresql_where=sa.text('reminder_id IS NOT NULL'), sqlite_where=sa.text('reminder_id IS NOT NULL'))
        batch_op.drop_index('uq_deliveries_certificate_id_user_id', postgresql_where=sa.text('certificate_id IS NOT NULL'), sqlite_where=sa.text('certificate_id IS NOT NULL'))

    op.drop_table('deliveries')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_created_at')

    op.drop_table('reminders')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('ix_certificates_school_programme')
        batch_op.drop_index('ix_certificates_programme_status')

    op.drop_table('certificates')
