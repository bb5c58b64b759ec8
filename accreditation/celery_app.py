"""Celery bound to the Flask application: every task runs inside an application context."""

from __future__ import annotations

from celery import Celery, Task
from flask import Flask


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery application from ``app.config["CELERY"]`` and store it in ``app.extensions``."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            from accreditation.extensions import db

            with app.app_context():
                try:
                    return self.run(*args, **kwargs)
                finally:
                    # A worker's session must not outlive its task: it would hold a connection and stale objects.
                    db.session.remove()

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.config_from_object(app.config["CELERY"])
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
