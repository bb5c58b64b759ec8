"""Run in a child process by ``test_delivery_kinds_migration``: on an empty database, migrate to the head, write a
scene with the models (they are the head's), downgrade to 0010, write a reminder's and a certificate's deliveries the
old way, upgrade (their kinds are backfilled), write a delivery of another kind, downgrade (it goes, the old check
is back) and upgrade again. Prints "ok" at the end."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

OLD_ROW = (
    "INSERT INTO deliveries (reminder_id, certificate_id, user_id, created_at, attempts, last_error)"
    " VALUES (:reminder, :certificate, :user, CURRENT_TIMESTAMP, 0, '')"
)
NEW_ROW = (
    "INSERT INTO deliveries (kind, subject_id, user_id, created_at, attempts, last_error)"
    " VALUES ('postcard', :subject, :user, CURRENT_TIMESTAMP, 0, '')"
)


def refused(statement: str, **values: object) -> bool:
    from accreditation.extensions import db

    try:
        with db.engine.begin() as connection:
            connection.execute(text(statement), values)
    except IntegrityError:
        return True
    return False


def main(url: str) -> None:
    os.environ["APP_ENV"] = "testing"
    from accreditation import create_app
    from accreditation.extensions import db
    from accreditation.models import Certificate, Reminder
    from tests.applications.builders import person, start
    from tests.builders import build_world

    instance = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": instance, "MAIL_OUTBOX_DIR": instance})
    with app.app_context():
        upgrade()  # the models are the head's: the scene is written there, then the schema goes back to 0010
        world = build_world()
        db.session.commit()
        application_id = start(world, "ciss")
        user_id = person(world.emails["school_admin_a"]).id
        reminder = Reminder(
            application_id=application_id, kind="k", due_on=date.today(), state="registered", action="remind",
            role="school_admin", relative_to="entered", offset_days=1,
        )  # fmt: skip
        certificate = Certificate(
            application_id=application_id, school_id=world.school_a, programme_code="ciss", kind="award",
            serial="S-1", verification_id="v", school_name="A", programme_name="P", title="T",
        )  # fmt: skip
        db.session.add_all([reminder, certificate])
        db.session.commit()
        subjects = (reminder.id, certificate.id)
        db.session.remove()
        downgrade(revision="0010")
        with db.engine.begin() as connection:
            connection.execute(text(OLD_ROW), {"reminder": subjects[0], "certificate": None, "user": user_id})
            connection.execute(text(OLD_ROW), {"reminder": None, "certificate": subjects[1], "user": user_id})

        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT kind, reminder_id, certificate_id, subject_id FROM deliveries ORDER BY id")
            ).all()
        assert [tuple(row) for row in rows] == [
            ("reminder", subjects[0], None, None),
            ("certificate", None, subjects[1], None),
        ], rows
        assert not refused(NEW_ROW, subject=world.school_a, user=user_id)
        assert refused(NEW_ROW, subject=world.school_a, user=user_id)  # one per kind, subject and person
        assert refused(NEW_ROW, subject=None, user=user_id)  # another kind needs its subject

        downgrade(revision="0010")
        with db.engine.connect() as connection:
            count = connection.execute(text("SELECT COUNT(*) FROM deliveries")).scalar()
        assert count == 2, count  # the postcard has no place in the old table
        assert refused(OLD_ROW, reminder=None, certificate=None, user=user_id)  # the old check is back

        upgrade()
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
