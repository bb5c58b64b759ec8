"""Celery bound to the Flask application: every task runs inside an application context, in one transaction.

A task's boundary is here, as a request's is ``transactions.end_request``: a task that returns commits what it wrote,
one that raises rolls it back. The commits inside tasks that remain are protocols: a delivery's claim and lease
(``deliveries/sending.py``), an outbox job's lock-run-mark (``applications/outbox.py``), an onboarding import's
chunks and the timer events' one transaction per application (``reminders/timed_events.py``)."""

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
                    result = self.run(*args, **kwargs)
                    db.session.commit()  # the task's one boundary: what it wrote and did not commit itself
                    return result
                except BaseException:
                    db.session.rollback()  # an error (or a retry, which Celery raises) keeps nothing of the attempt
                    raise
                finally:
                    # A worker's session must not outlive its task: it would hold a connection and stale objects.
                    db.session.remove()

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.config_from_object(app.config["CELERY"])
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
