"""gunicorn's settings for the web application, read from the working folder (``gunicorn "accreditation:create_app()"``
run from the project's root; the command line overrides any of them).

After a worker has loaded the application, everything start-up allocated (the app, its routes, templates,
catalogues, programmes, SQLAlchemy's mappers) is moved out of the garbage collector's generations with
``gc.freeze()``: the collections that requests trigger no longer walk those objects again and again, and the
pages they sit on are not written to (copy-on-write stays shared with the master)."""

from __future__ import annotations

import gc


def post_worker_init(worker) -> None:
    """Freeze what start-up allocated (see the module's docstring)."""
    gc.collect()
    gc.freeze()
