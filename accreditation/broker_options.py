"""How long anything waits on the Celery broker: a publish tries once, briefly, and the embedded broker is polled
often (issue 26).

A request publishes the outbox jobs it recorded once its transaction has committed (``applications/outbox.py``).
When the broker is down the jobs stay pending and beat's relay sends them later, so the request has no reason to
wait. Celery's defaults would make it: kombu retries the connection for ``broker_connection_timeout`` (4 s) with
pauses in between, about 6 s per write, and a Redis server that accepts connections but never answers would hold a
publish forever. So, for every publish (the pages', the API's and the workers' alike):

- one connection attempt (``max_retries: 0``; the senders also publish with ``retry=False``);
- ``CELERY_BROKER_TIMEOUT`` seconds to connect (``broker_connection_timeout``; on Redis ``socket_connect_timeout``);
- on Redis, an answer within ``3 × CELERY_BROKER_TIMEOUT`` (at least ``MIN_REDIS_REPLY_SECONDS``, longer than the
  worker's one-second BRPOP) (``socket_timeout``);
- the embedded broker (a SQLite file) polled every ``EMBEDDED_POLLING_SECONDS`` instead of every second, so the
  worker of ``flask up`` takes its next task at once rather than about a second later. That transport hands every
  transport option to SQLAlchemy's ``create_engine``, which refuses ``polling_interval``; so ``sqla+`` (and
  ``sqlalchemy+``) URLs are served by ``EmbeddedTransport``, kombu's own with that one attribute changed, registered
  when this module is imported (the configuration imports it: the web app, the worker and beat alike).

The worker's and beat's own connections keep reconnecting as Celery's ``broker_connection_retry_on_startup`` and
``broker_connection_max_retries`` say: these options leave them alone.
"""

from __future__ import annotations

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport.sqlalchemy import Transport as SQLAlchemyTransport

EMBEDDED_POLLING_SECONDS = 0.1
MIN_REDIS_REPLY_SECONDS = 3.0
REDIS_SCHEMES = ("redis://", "rediss://", "redis+socket://", "sentinel://")


def transport_options(broker_url: str, timeout: float) -> dict[str, object]:
    """Celery's ``broker_transport_options`` for ``broker_url``, waiting ``timeout`` seconds to connect."""
    options: dict[str, object] = {"max_retries": 0}  # one attempt per publish: the outbox's relay sends the rest
    if broker_url.startswith(REDIS_SCHEMES):
        options["socket_connect_timeout"] = timeout
        options["socket_timeout"] = max(MIN_REDIS_REPLY_SECONDS, 3 * timeout)
    return options


class EmbeddedTransport(SQLAlchemyTransport):
    """kombu's SQLAlchemy transport (the embedded broker), polled every ``EMBEDDED_POLLING_SECONDS``."""

    polling_interval = EMBEDDED_POLLING_SECONDS


for alias in ("sqla", "sqlalchemy"):  # the two URL prefixes of kombu's SQLAlchemy transport
    TRANSPORT_ALIASES[alias] = f"{__name__}:EmbeddedTransport"
