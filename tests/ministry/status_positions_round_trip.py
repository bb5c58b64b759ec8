"""Run in a child process by ``test_status_positions``: on an empty database, migrate to the head, write thirty
certificates with the models, downgrade to 0017 (their positions go), upgrade to 0018 (each gets a random, unique
position in a list of 131,072, not its id), downgrade and upgrade again. Prints "ok" at the end."""

from __future__ import annotations

import os
import sys
import tempfile

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

CERTIFICATES = 30


def main(url: str) -> None:
    os.environ["APP_ENV"] = "testing"
    from accreditation import create_app
    from accreditation.extensions import db
    from accreditation.models import Application, Certificate
    from tests.builders import build_world

    instance = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": instance, "MAIL_OUTBOX_DIR": instance})
    with app.app_context():
        upgrade()
        world = build_world()
        for n in range(CERTIFICATES):
            application = Application(
                school_id=world.school_a, programme_code="ciss", state="certified", cycle=n + 1, is_open=False
            )
            db.session.add(application)
            db.session.flush()
            db.session.add(
                Certificate(
                    application_id=application.id,
                    school_id=world.school_a,
                    programme_code="ciss",
                    kind="award",
                    serial=f"S-{n}",
                    verification_id=f"v{n}",
                    school_name="A",
                    programme_name="P",
                    title="T",
                )  # fmt: skip
            )
        db.session.commit()
        db.session.remove()

        downgrade(revision="0017_assessor_quality")
        columns = {column["name"] for column in inspect(db.engine).get_columns("certificates")}
        assert "status_position" not in columns, columns
        upgrade(revision="0018_status_list_positions")
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, status_position FROM certificates ORDER BY id")).all()
        positions = [position for _, position in rows]
        assert len(rows) == CERTIFICATES and None not in positions, rows
        assert len(set(positions)) == CERTIFICATES, positions
        assert all(0 <= position < 131_072 for position in positions), positions
        assert positions != [id_ for id_, _ in rows] and positions != sorted(positions), positions
        with db.engine.connect() as connection:
            try:
                with connection.begin():
                    connection.execute(
                        text("UPDATE certificates SET status_position = :p WHERE id = :id"),
                        {"p": positions[0], "id": rows[1][0]},
                    )
            except Exception:  # noqa: BLE001 (the unique constraint's error, whichever the driver)
                pass
            else:
                raise AssertionError("two certificates shared a position")

        downgrade(revision="0017_assessor_quality")
        upgrade()
        with db.engine.connect() as connection:
            count = connection.execute(text("SELECT COUNT(DISTINCT status_position) FROM certificates")).scalar()
        assert count == CERTIFICATES, count
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
