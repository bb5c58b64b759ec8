"""surveys of pupils, parents and staff (issue 29)

Revision ID: 0014_surveys
Revises: 0013_automatic_time_zones
Create Date: 2026-12-06 21:15:00
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014_surveys'
down_revision = '0013_automatic_time_zones'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "survey_windows",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("school_id", sa.Integer(), sa.ForeignKey("schools.id", ondelete="CASCADE"), nullable=False),
        sa.Column("programme", sa.String(64), nullable=False),
        sa.Column("instrument_version", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("languages", sa.String(40), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("closes_on >= opens_on", name="ck_survey_windows_closes_after_opening"),
    )
    op.create_index("ix_survey_windows_school_id", "survey_windows", ["school_id"])
    op.create_table(
        "survey_audiences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("window_id", sa.Integer(), sa.ForeignKey("survey_windows.id", ondelete="CASCADE"), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("token", sa.String(32), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.UniqueConstraint("window_id", "audience", name="uq_survey_audiences_window_id_audience"),
        sa.UniqueConstraint("token", name="uq_survey_audiences_token"),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("window_id", sa.Integer(), sa.ForeignKey("survey_windows.id", ondelete="CASCADE"), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("device", sa.String(64), nullable=False),
        sa.Column("class_code", sa.String(16), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("window_id", "device", name="uq_survey_responses_window_id_device"),
    )
    op.create_index("ix_survey_responses_window_submitted", "survey_responses", ["window_id", "submitted_at"])
    op.create_table(
        "survey_counts",
        sa.Column("window_id", sa.Integer(), sa.ForeignKey("survey_windows.id", ondelete="CASCADE"), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("window_id", "audience", "question"),
    )
    op.create_table(
        "survey_comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("window_id", sa.Integer(), sa.ForeignKey("survey_windows.id", ondelete="CASCADE"), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_survey_comments_window_id", "survey_comments", ["window_id"])
    op.create_table(
        "survey_snapshot_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("snapshot_id", sa.Integer(), sa.ForeignKey("snapshots.id", ondelete="CASCADE"), nullable=False),
        sa.Column("audience", sa.String(20), nullable=False),
        sa.Column("criterion_code", sa.String(60), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=True),
        sa.Column("mean", sa.Float(), nullable=True),
        sa.UniqueConstraint(
            "snapshot_id", "audience", "criterion_code", name="uq_survey_snapshot_results_snapshot_id_audience_criterion_code"
        ),
    )


def downgrade():
    op.drop_table("survey_snapshot_results")
    op.drop_index("ix_survey_comments_window_id", table_name="survey_comments")
    op.drop_table("survey_comments")
    op.drop_table("survey_counts")
    op.drop_index("ix_survey_responses_window_submitted", table_name="survey_responses")
    op.drop_table("survey_responses")
    op.drop_table("survey_audiences")
    op.drop_index("ix_survey_windows_school_id", table_name="survey_windows")
    op.drop_table("survey_windows")
