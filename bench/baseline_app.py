"""The page benchmark's yardsticks (bench/run.py): two bare Flask applications served under the same gunicorn
set-up as the real one, so the real pages are reported as a ratio of them on the same machine in the same run.

- ``baseline()``: a 50-row HTML table rendered with a Jinja template (autoescaped, from a loader, compiled once),
  the rows read through Flask-SQLAlchemy (one ORM select of 50 schools by primary key) from the same PostgreSQL
  database and schema as the real pages (``BENCH_PAGES_DATABASE_URL``, an SQLAlchemy URL).
- ``hello()``: a view returning a short string, no template, no database.

Served by gunicorn as ``bench.baseline_app:baseline()`` and ``bench.baseline_app:hello()`` (from the project's
root); no sessions, no CSRF, no sign-in: what any Flask page costs at least.
"""

from __future__ import annotations

import os
from datetime import datetime

from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROWS = 50
TEMPLATES = {
    "table.html": """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Schools</title></head>
<body>
<main>
  <h1>Schools</h1>
  <table>
    <thead><tr><th>Name</th><th>Identifier</th><th>Region</th><th>Type</th><th>Pupils</th><th>Since</th></tr></thead>
    <tbody>
    {% for school in schools %}
      <tr>
        <td><a href="/schools/{{ school.id }}">{{ school.name }}</a></td>
        <td>{{ school.national_id }}</td>
        <td>{{ school.region_code }}</td>
        <td>{{ school.school_type|capitalize }}</td>
        <td>{{ school.pupils if school.pupils is not none else '—' }}</td>
        <td>{{ school.created_at.date().isoformat() }}</td>
      </tr>
    {% endfor %}
    </tbody>
  </table>
</main>
</body>
</html>
""",
}


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class School(db.Model):
    """The columns of the application's ``schools`` table that the table shows."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    national_id: Mapped[str]
    region_code: Mapped[str]
    school_type: Mapped[str]
    pupils: Mapped[int | None]
    created_at: Mapped[datetime]


def baseline(database_url: str | None = None) -> Flask:
    """The bare application rendering the first 50 schools as a table."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["BENCH_PAGES_DATABASE_URL"]
    app.jinja_loader = DictLoader(TEMPLATES)
    db.init_app(app)

    @app.route("/")
    def table():
        schools = db.session.scalars(select(School).order_by(School.id).limit(ROWS)).all()
        return render_template("table.html", schools=schools)

    return app


def hello() -> Flask:
    """The bare application answering with a short string."""
    app = Flask(__name__)

    @app.route("/")
    def index():
        return "Hello, World!"

    return app
