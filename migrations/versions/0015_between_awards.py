"""training register, incident log, compliance calendar, yearly health check (issue 30)

Revision ID: 0015_between_awards
Revises: 0014_surveys
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015_between_awards'
down_revision = '0014_surveys'
branch_labels = None
depends_on = None

ROLE_KNOWN = "staff_role IN ('teacher', 'support', 'governor', 'leadership')"


def upgrade():
    op.create_table('training_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('person_name', sa.String(length=120), nullable=False),
    sa.Column('staff_role', sa.String(length=20), nullable=False),
    sa.Column('course_code', sa.String(length=60), nullable=True),
    sa.Column('course_text', sa.String(length=200), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('file_key', sa.String(length=32), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(ROLE_KNOWN, name=op.f('ck_training_records_staff_role_known')),
    sa.CheckConstraint("course_code IS NOT NULL OR course_text <> ''", name=op.f('ck_training_records_course_named')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_training_records_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_training_records_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_training_records_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_records'))
    )
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_records_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_training_records_school_id_completed_on', ['school_id', 'completed_on'], unique=False)

    op.create_table('staff_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('staff_role', sa.String(length=20), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(ROLE_KNOWN, name=op.f('ck_staff_counts_staff_role_known')),
    sa.CheckConstraint('people >= 0', name=op.f('ck_staff_counts_people_not_negative')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_staff_counts_school_id_schools'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_counts')),
    sa.UniqueConstraint('school_id', 'staff_role', name=op.f('uq_staff_counts_school_id_staff_role'))
    )

    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('involved', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('action_taken', sa.Text(), nullable=False),
    sa.Column('referral', sa.String(length=60), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_incidents_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_incidents_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incidents'))
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index('ix_incidents_school_id_occurred_on', ['school_id', 'occurred_on'], unique=False)

    op.create_table('compliance_duties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('duty_code', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('file_key', sa.String(length=32), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_compliance_duties_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_compliance_duties_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_compliance_duties_done_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_duties')),
    sa.UniqueConstraint('school_id', 'duty_code', 'due_on', name=op.f('uq_compliance_duties_school_id_duty_code_due_on'))
    )
    with op.batch_alter_table('compliance_duties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliance_duties_due_on'), ['due_on'], unique=False)

    op.create_table('health_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('duties_done', sa.Integer(), nullable=False),
    sa.Column('duties_due', sa.Integer(), nullable=False),
    sa.Column('training_met', sa.Boolean(), nullable=False),
    sa.Column('dropped_criteria', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('good_standing', sa.Boolean(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_health_checks_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_health_checks_school_id_schools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_health_checks_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_checks')),
    sa.UniqueConstraint('application_id', 'period', name=op.f('uq_health_checks_application_id_period'))
    )
    with op.batch_alter_table('health_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_health_checks_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('health_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_health_checks_school_id'))
    op.drop_table('health_checks')
    with op.batch_alter_table('compliance_duties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliance_duties_due_on'))
    op.drop_table('compliance_duties')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_school_id_occurred_on')
    op.drop_table('incidents')
    op.drop_table('staff_counts')
    with op.batch_alter_table('training_records', schema=None) as batch_op:
        batch_op.drop_index('ix_training_records_school_id_completed_on')
        batch_op.drop_index(batch_op.f('ix_training_records_user_id'))
    op.drop_table('training_records')
