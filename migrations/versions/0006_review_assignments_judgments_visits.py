"""review: conflicts of interest, the history of assessor assignments, review rounds and judgments, site visits

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 15:59:39.285968

The assignments made before this revision are copied into the history (assessor_assignments) as current ones.
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assessor_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('declared', 'advised')", name=op.f("ck_assessor_conflicts_kind_known")),
        sa.ForeignKeyConstraint(
            ["assessor_id"], ["users.id"], name=op.f("fk_assessor_conflicts_assessor_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_assessor_conflicts_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_assessor_conflicts_school_id_schools"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessor_conflicts")),
        sa.UniqueConstraint(
            "assessor_id", "school_id", "kind", name=op.f("uq_assessor_conflicts_assessor_id_school_id_kind")
        ),
    )
    with op.batch_alter_table("assessor_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessor_conflicts_assessor_id"), ["assessor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessor_conflicts_school_id"), ["school_id"], unique=False)

    op.create_table(
        "assessor_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("role IN ('lead', 'moderator')", name=op.f("ck_assessor_assignments_role_known")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_assessor_assignments_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assigned_by_id"],
            ["users.id"],
            name=op.f("fk_assessor_assignments_assigned_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ended_by_id"], ["users.id"], name=op.f("fk_assessor_assignments_ended_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_assessor_assignments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessor_assignments")),
    )
    with op.batch_alter_table("assessor_assignments", schema=None) as batch_op:
        batch_op.create_index("ix_assessor_assignments_application", ["application_id", "assigned_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessor_assignments_user_id"), ["user_id"], unique=False)

    op.create_table(
        "site_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=160), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scheduled_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_site_visits_ends_after_start")),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_site_visits_sequence_not_negative")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_site_visits_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scheduled_by_id"], ["users.id"], name=op.f("fk_site_visits_scheduled_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_visits")),
        sa.UniqueConstraint("application_id", "sequence", name=op.f("uq_site_visits_application_id_sequence")),
    )
    with op.batch_alter_table("site_visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_site_visits_application_id"), ["application_id"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_version", sa.Integer(), nullable=True),
        sa.Column("recommended_level", sa.String(length=40), nullable=True),
        sa.Column("awarded_level", sa.String(length=40), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('changes_requested', 'awarded', 'rejected')",
            name=op.f("ck_reviews_decision_known"),
        ),
        sa.CheckConstraint("scope IN ('full', 'partial')", name=op.f("ck_reviews_scope_known")),
        sa.CheckConstraint("(decision IS NULL) = (decided_at IS NULL)", name=op.f("ck_reviews_decided_with_a_date")),
        sa.CheckConstraint("round >= 1", name=op.f("ck_reviews_round_positive")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_reviews_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_reviews_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_reviews_opened_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["snapshot_id"], ["snapshots.id"], name=op.f("fk_reviews_snapshot_id_snapshots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("application_id", "round", name=op.f("uq_reviews_application_id_round")),
        sa.UniqueConstraint("snapshot_id", name=op.f("uq_reviews_snapshot_id")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_application_id"), ["application_id"], unique=False)

    op.create_table(
        "review_judgments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("criterion_code", sa.String(length=60), nullable=False),
        sa.Column("claimed_level", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("gap", sa.String(length=20), nullable=True),
        sa.Column("carried_from_round", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(verdict = 'different') = (level IS NOT NULL)", name=op.f("ck_review_judgments_level_with_different")
        ),
        sa.CheckConstraint(
            "gap IS NULL OR gap IN ('minor', 'significant')", name=op.f("ck_review_judgments_gap_known")
        ),
        sa.CheckConstraint(
            "verdict IN ('agree', 'different', 'insufficient')", name=op.f("ck_review_judgments_verdict_known")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_judgments_review_id_reviews"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_review_judgments_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_judgments")),
        sa.UniqueConstraint("review_id", "criterion_code", name=op.f("uq_review_judgments_review_id_criterion_code")),
    )
    op.execute(
        "INSERT INTO assessor_assignments (application_id, user_id, role, assigned_at, assigned_by_id) "
        "SELECT application_id, user_id, role, assigned_at, assigned_by_id FROM application_assessors"
    )


def downgrade():
    op.drop_table("review_judgments")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_application_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("site_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_site_visits_application_id"))

    op.drop_table("site_visits")
    with op.batch_alter_table("assessor_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessor_assignments_user_id"))
        batch_op.drop_index("ix_assessor_assignments_application")

    op.drop_table("assessor_assignments")
    with op.batch_alter_table("assessor_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessor_conflicts_school_id"))
        batch_op.drop_index(batch_op.f("ix_assessor_conflicts_assessor_id"))

    op.drop_table("assessor_conflicts")
