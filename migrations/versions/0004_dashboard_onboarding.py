"""dashboard: time spent in each state, stay counts, onboarding jobs, indexes for the figures

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00

`transition_records.seconds_in_from_state` is filled by fire() from now on; the records written before this
migration get it here from the previous record of their application (the history's append-only triggers are set
aside for that one UPDATE of a derived column, and put back). `state_stay_counts` is filled from the records.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# The SQLite triggers of 0002 (a batch rebuild of transition_records drops them: see the downgrade).
SQLITE_APPEND_ONLY = [
    """
    CREATE TRIGGER transition_records_no_update BEFORE UPDATE ON transition_records
    BEGIN SELECT RAISE(ABORT, 'transition_records is append-only: UPDATE is not allowed'); END
    """,
    """
    CREATE TRIGGER transition_records_no_delete BEFORE DELETE ON transition_records
    BEGIN SELECT RAISE(ABORT, 'transition_records is append-only: DELETE is not allowed'); END
    """,
]

BACKFILL = {
    "postgresql": [
        "ALTER TABLE transition_records DISABLE TRIGGER transition_records_append_only",
        """
        UPDATE transition_records AS r
        SET seconds_in_from_state = GREATEST(0, round(extract(epoch FROM r.at - p.at)))::integer
        FROM transition_records AS p
        WHERE p.application_id = r.application_id AND p.version = r.version - 1 AND r.from_state IS NOT NULL
        """,
        "ALTER TABLE transition_records ENABLE TRIGGER transition_records_append_only",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS transition_records_no_update",
        """
        UPDATE transition_records
        SET seconds_in_from_state = (
            SELECT max(0, CAST(round((julianday(transition_records.at) - julianday(p.at)) * 86400) AS INTEGER))
            FROM transition_records AS p
            WHERE p.application_id = transition_records.application_id
              AND p.version = transition_records.version - 1
        )
        WHERE from_state IS NOT NULL
        """,
        SQLITE_APPEND_ONLY[0],
    ],
}


STAY_ENDED = "from_state IS NOT NULL AND seconds_in_from_state IS NOT NULL AND from_state <> to_state"
COUNT_STAYS = """
    INSERT INTO state_stay_counts (programme_code, country_code, from_state, tenths, stays)
    SELECT a.programme_code, s.country_code, r.from_state,
        CASE WHEN r.seconds_in_from_state < 864000 THEN (r.seconds_in_from_state + 4320) / 8640
        WHEN r.seconds_in_from_state < 31536000 THEN (r.seconds_in_from_state + 43200) / 86400 * 10
        ELSE (r.seconds_in_from_state + 432000) / 864000 * 100 END,
        count(*)
    FROM transition_records AS r
    JOIN applications AS a ON a.id = r.application_id
    JOIN schools AS s ON s.id = a.school_id
    WHERE r.from_state IS NOT NULL AND r.from_state <> r.to_state AND r.seconds_in_from_state IS NOT NULL
    GROUP BY 1, 2, 3, 4
"""


def upgrade():
    op.add_column('transition_records', sa.Column('seconds_in_from_state', sa.Integer(), nullable=True))
    for statement in BACKFILL.get(op.get_bind().dialect.name, []):
        op.execute(statement)

    op.create_table('state_stay_counts',
    sa.Column('programme_code', sa.String(length=40), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('from_state', sa.String(length=40), nullable=False),
    sa.Column('tenths', sa.Integer(), nullable=False),
    sa.Column('stays', sa.Integer(), nullable=False),
    sa.CheckConstraint('stays >= 0', name=op.f('ck_state_stay_counts_stays_not_negative')),
    sa.CheckConstraint('tenths >= 0', name=op.f('ck_state_stay_counts_tenths_not_negative')),
    sa.ForeignKeyConstraint(['country_code'], ['countries.code'], name=op.f('fk_state_stay_counts_country_code_countries')),
    sa.PrimaryKeyConstraint('programme_code', 'country_code', 'from_state', 'tenths', name=op.f('pk_state_stay_counts'))
    )
    op.execute(COUNT_STAYS)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_programme_created', ['programme_code', 'created_at'], unique=False, postgresql_include=['school_id', 'id'])
        batch_op.create_index('ix_applications_programme_awarded', ['programme_code', 'awarded_at'], unique=False, postgresql_include=['school_id'], postgresql_where=sa.text('awarded_at IS NOT NULL'), sqlite_where=sa.text('awarded_at IS NOT NULL'))
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.create_index('ix_schools_country_region', ['country_code', 'region_code'], unique=False, postgresql_include=['id'])
    # Not in batch mode: a batch rebuild of transition_records would drop its append-only triggers.
    op.create_index('ix_transition_records_stays', 'transition_records', ['application_id'], unique=False, postgresql_include=['from_state', 'seconds_in_from_state'], postgresql_where=sa.text(STAY_ENDED), sqlite_where=sa.text(STAY_ENDED))

    op.create_table('onboarding_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('skip_invalid', sa.Boolean(), nullable=False),
    sa.Column('in_background', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('good_rows', sa.Integer(), nullable=False),
    sa.Column('rows_written', sa.Integer(), nullable=False),
    sa.Column('schools_created', sa.Integer(), nullable=False),
    sa.Column('schools_updated', sa.Integer(), nullable=False),
    sa.Column('invitations_total', sa.Integer(), nullable=False),
    sa.Column('invitations_done', sa.Integer(), nullable=False),
    sa.Column('invitations_sent', sa.Integer(), nullable=False),
    sa.Column('invitations_skipped', sa.Integer(), nullable=False),
    sa.Column('invitations_failed', sa.Integer(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'checking', 'importing', 'inviting', 'done', 'failed')", name=op.f('ck_onboarding_jobs_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_onboarding_jobs_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_onboarding_jobs'))
    )
    with op.batch_alter_table('onboarding_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_onboarding_jobs_created_by_id'), ['created_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('onboarding_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_onboarding_jobs_created_by_id'))
    op.drop_table('onboarding_jobs')

    op.drop_index('ix_transition_records_stays', table_name='transition_records', postgresql_where=sa.text(STAY_ENDED), sqlite_where=sa.text(STAY_ENDED))
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_index('ix_schools_country_region')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_programme_awarded', postgresql_where=sa.text('awarded_at IS NOT NULL'), sqlite_where=sa.text('awarded_at IS NOT NULL'))
        batch_op.drop_index('ix_applications_programme_created')
    op.drop_table('state_stay_counts')

    with op.batch_alter_table('transition_records', schema=None) as batch_op:
        batch_op.drop_column('seconds_in_from_state')
    if op.get_bind().dialect.name == "sqlite":  # the batch rebuild dropped the triggers
        for statement in SQLITE_APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
            op.execute(statement)
