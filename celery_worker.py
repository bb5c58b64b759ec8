"""The Celery worker's entry point: ``celery -A celery_worker worker --beat``.

The worker is built from the same application factory as the web app, so it reads the same configuration.
"""

from accreditation import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
