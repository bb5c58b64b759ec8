"""assessor accreditation, calibration, moderation, school feedback (issue 32)

Revision ID: 0017_assessor_quality
Revises: 0016_networks_credentials
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0017_assessor_quality'
down_revision = '0016_networks_credentials'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessor_accreditations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('programme_code', sa.String(length=60), nullable=False),
    sa.Column('accredited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_assessor_accreditations_assessor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_assessor_accreditations_granted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessor_accreditations')),
    sa.UniqueConstraint('assessor_id', 'programme_code', name=op.f('uq_assessor_accreditations_assessor_id_programme_code'))
    )
    op.create_index(op.f('ix_assessor_accreditations_assessor_id'), 'assessor_accreditations', ['assessor_id'], unique=False)
    op.create_table('assessor_training_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('programme_code', sa.String(length=60), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('moderated', 'shadowed')", name=op.f('ck_assessor_training_credits_kind_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_assessor_training_credits_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_assessor_training_credits_assessor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['users.id'], name=op.f('fk_assessor_training_credits_mentor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessor_training_credits')),
    sa.UniqueConstraint('assessor_id', 'application_id', 'round', name=op.f('uq_assessor_training_credits_assessor_id_application_id_round'))
    )
    op.create_index(op.f('ix_assessor_training_credits_assessor_id'), 'assessor_training_credits', ['assessor_id'], unique=False)
    op.create_table('calibration_exercises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('programme_code', sa.String(length=60), nullable=False),
    sa.Column('snapshot_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_calibration_exercises_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['snapshot_id'], ['snapshots.id'], name=op.f('fk_calibration_exercises_snapshot_id_snapshots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_exercises'))
    )
    op.create_index(op.f('ix_calibration_exercises_created_by_id'), 'calibration_exercises', ['created_by_id'], unique=False)
    op.create_table('calibration_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exercise_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_calibration_invitations_assessor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['exercise_id'], ['calibration_exercises.id'], name=op.f('fk_calibration_invitations_exercise_id_calibration_exercises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_invitations')),
    sa.UniqueConstraint('exercise_id', 'assessor_id', name=op.f('uq_calibration_invitations_exercise_id_assessor_id'))
    )
    op.create_index(op.f('ix_calibration_invitations_assessor_id'), 'calibration_invitations', ['assessor_id'], unique=False)
    op.create_table('moderation_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('programme_code', sa.String(length=60), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('arguments', sa.JSON(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('moderator_note', sa.Text(), nullable=False),
    sa.Column('held_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('settled_by_id', sa.Integer(), nullable=True),
    sa.Column('settlement_note', sa.Text(), nullable=False),
    sa.CheckConstraint("reason IN ('training', 'first', 'share')", name=op.f('ck_moderation_samples_reason_known')),
    sa.CheckConstraint("status IN ('waiting', 'agreed', 'disagreed', 'upheld', 'overturned')", name=op.f('ck_moderation_samples_status_known')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_moderation_samples_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_moderation_samples_assessor_id_users')),
    sa.ForeignKeyConstraint(['moderator_id'], ['users.id'], name=op.f('fk_moderation_samples_moderator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_moderation_samples_review_id_reviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['settled_by_id'], ['users.id'], name=op.f('fk_moderation_samples_settled_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_samples'))
    )
    op.create_index(op.f('ix_moderation_samples_application_id'), 'moderation_samples', ['application_id'], unique=False)
    op.create_index(op.f('ix_moderation_samples_assessor_id'), 'moderation_samples', ['assessor_id'], unique=False)
    op.create_index(op.f('ix_moderation_samples_moderator_id'), 'moderation_samples', ['moderator_id'], unique=False)
    op.create_index(op.f('ix_moderation_samples_review_id'), 'moderation_samples', ['review_id'], unique=False)
    op.create_index('ix_moderation_samples_status', 'moderation_samples', ['status'], unique=False)
    op.create_table('school_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=True),
    sa.Column('clarity', sa.Integer(), nullable=False),
    sa.Column('fairness', sa.Integer(), nullable=False),
    sa.Column('helpfulness', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('clarity BETWEEN 1 AND 5', name=op.f('ck_school_feedback_clarity_range')),
    sa.CheckConstraint('fairness BETWEEN 1 AND 5', name=op.f('ck_school_feedback_fairness_range')),
    sa.CheckConstraint('helpfulness BETWEEN 1 AND 5', name=op.f('ck_school_feedback_helpfulness_range')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_school_feedback_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_school_feedback_assessor_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['respondent_id'], ['users.id'], name=op.f('fk_school_feedback_respondent_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_school_feedback_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_feedback')),
    sa.UniqueConstraint('review_id', 'respondent_id', name=op.f('uq_school_feedback_review_id_respondent_id'))
    )
    op.create_index(op.f('ix_school_feedback_assessor_id'), 'school_feedback', ['assessor_id'], unique=False)
    op.create_table('calibration_judgments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('criterion_code', sa.String(length=60), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['invitation_id'], ['calibration_invitations.id'], name=op.f('fk_calibration_judgments_invitation_id_calibration_invitations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_judgments')),
    sa.UniqueConstraint('invitation_id', 'criterion_code', name=op.f('uq_calibration_judgments_invitation_id_criterion_code'))
    )
    # An exercise on a calibration sample shipped with the programme instead of a past submission.
    with op.batch_alter_table('calibration_exercises') as batch_op:
        batch_op.add_column(sa.Column('sample_code', sa.String(length=120), nullable=True))
        batch_op.alter_column('snapshot_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(
            op.f('ck_calibration_exercises_one_submission'), '(snapshot_id IS NULL) <> (sample_code IS NULL)'
        )


def downgrade():
    # (calibration_exercises.sample_code and its check go with the table below)
    op.drop_table('calibration_judgments')
    op.drop_index(op.f('ix_school_feedback_assessor_id'), table_name='school_feedback')
    op.drop_table('school_feedback')
    op.drop_index('ix_moderation_samples_status', table_name='moderation_samples')
    op.drop_index(op.f('ix_moderation_samples_review_id'), table_name='moderation_samples')
    op.drop_index(op.f('ix_moderation_samples_moderator_id'), table_name='moderation_samples')
    op.drop_index(op.f('ix_moderation_samples_assessor_id'), table_name='moderation_samples')
    op.drop_index(op.f('ix_moderation_samples_application_id'), table_name='moderation_samples')
    op.drop_table('moderation_samples')
    op.drop_index(op.f('ix_calibration_invitations_assessor_id'), table_name='calibration_invitations')
    op.drop_table('calibration_invitations')
    op.drop_index(op.f('ix_calibration_exercises_created_by_id'), table_name='calibration_exercises')
    op.drop_table('calibration_exercises')
    op.drop_index(op.f('ix_assessor_training_credits_assessor_id'), table_name='assessor_training_credits')
    op.drop_table('assessor_training_credits')
    op.drop_index(op.f('ix_assessor_accreditations_assessor_id'), table_name='assessor_accreditations')
    op.drop_table('assessor_accreditations')
