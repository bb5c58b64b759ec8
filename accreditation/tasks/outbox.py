"""Tasks of the outbox: run one follow-up job, and relay the jobs still pending (beat, every minute).

``send_job`` publishes the very message ``run_outbox_job.apply_async(args=[job_id], retry=False)`` would (same
task, arguments, headers, queue and publish signals), without the work that is the same for every job (issue 27):
the task's options and route are worked out once per Celery application, the arguments' repr is written directly
(no ``saferepr``), the queue is not declared again on a connection that declared it, and no ``AsyncResult`` is
built. Where ``apply_async`` does more (eager mode, sent events, a publish from inside a worker's task, which links
parent and root), it is used as it is."""

from __future__ import annotations

import logging
import os
import threading
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from celery import Celery, shared_task
from kombu import Producer, Queue
from kombu.utils.uuid import uuid

from accreditation.applications.outbox import MAX_ATTEMPTS, SENDER, run_job
from accreditation.applications.outbox import relay_outbox as relay_pending_jobs
from accreditation.joints import Joints

log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 3600


@shared_task(bind=True, max_retries=MAX_ATTEMPTS - 1)
def run_outbox_job(self, job_id: int) -> str:
    """Run the outbox job ``job_id`` once (a duplicate delivery does nothing); retry later if it fails."""
    try:
        return run_job(job_id)
    except Exception as error:
        countdown = min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2**self.request.retries)
        raise self.retry(exc=error, countdown=countdown) from error


@shared_task
def relay_outbox() -> int:
    """Send a task for every job still pending; the number sent."""
    return relay_pending_jobs()


# Per Celery application: the publish options of run_outbox_job (queue, exchange, ...) and whether it keeps results.
_PUBLISH: WeakKeyDictionary[Celery, tuple[dict[str, Any], bool]] = WeakKeyDictionary()


def _publish_options(app: Celery, task: Any) -> tuple[dict[str, Any], bool]:
    """What ``send_task`` works out for the task before each message, once: its options routed, ignore_result."""
    known = _PUBLISH.get(app)
    if known is None:
        options = {k: v for k, v in task._get_exec_options().items() if v is not None}
        options.setdefault("ignore_result", task.ignore_result)
        ignore_result = bool(options.pop("ignore_result"))
        for name in ("time_limit", "soft_time_limit", "expires"):
            options.pop(name, None)
        options = app.amqp.router.route(options, task.name, None, None, task)
        known = _PUBLISH[app] = (options, ignore_result)
    return known


def send_job(job_id: int) -> object:
    """Publish ``run_outbox_job(job_id)`` once, trying the broker once (a failure raises: the job stays pending);
    the task's id."""
    task = run_outbox_job._get_current_object()
    app = task.app
    conf = app.conf
    if conf.task_always_eager or conf.task_send_sent_event or app.current_worker_task is not None:
        return task.apply_async(args=[job_id], retry=False)
    options, ignore_result = _publish_options(app, task)
    task_id = uuid()
    args = [job_id]
    message = app.amqp.create_task_message(
        task_id,
        task.name,
        args,
        None,
        reply_to=app.thread_oid,
        ignore_result=ignore_result,
        argsrepr=repr(args),
        kwargsrepr="{}",
        **options,
    )
    producer = _held_producer(app)
    try:
        with producer.connection._reraise_as_library_errors():
            if not ignore_result:
                app.backend.on_task_call(producer, task_id)
            app.amqp.send_task_message(producer, task.name, message, retry=False, **_declared(producer, options))
    except BaseException:
        _drop_held_producer()  # a broken connection is never used again: the next send opens another
        raise
    return task_id


class _HeldEntry(NamedTuple):
    app: Celery
    pid: int  # the process that opened its connection
    pool: object  # the app's producer pool when it was made (a new pool: a new broker configuration)
    producer: Producer


class _Held(threading.local):
    """This thread's producer."""

    entry: _HeldEntry | None = None


_HELD = _Held()


def _held_producer(app: Celery) -> Producer:
    """This thread's producer for ``app``, on a broker connection of its own (opened at its first publish), kept
    between messages: acquiring one from Celery's producer pool and releasing it again was a third of a publish
    (issue 27). It is not taken from the pool, so a thread holding one never leaves another waiting on the pool's
    limit; one connection per thread that sends. Made anew after any failed send, in a forked process, or once the
    app's producer pool was replaced (a new broker configuration)."""
    entry = _HELD.entry
    pool = app.producer_pool
    if entry is not None and entry.app is app and entry.pid == os.getpid() and entry.pool is pool:
        return entry.producer
    _drop_held_producer()
    producer = Producer(app.connection_for_write())  # as the pool makes them
    _HELD.entry = _HeldEntry(app, os.getpid(), pool, producer)
    return producer


def _drop_held_producer() -> None:
    """Forget this thread's producer, closing its connection unless it was inherited from a parent process."""
    entry, _HELD.entry = _HELD.entry, None
    if entry is None or entry.pid != os.getpid():
        return
    try:
        entry.producer.connection.close()
    except Exception:  # noqa: BLE001 (closing a connection that failed may fail too: it is dropped anyway)
        log.debug("closing the outbox sender's broker connection failed", exc_info=True)


def _declared(producer: Any, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` saying there is nothing to declare when the producer's connection has declared the queue already:
    kombu's ``maybe_declare`` would skip it too, after copying the queue to bind it (a tenth of a publish)."""
    queue = options.get("queue")
    declared = getattr(producer.connection, "declared_entities", None)
    if isinstance(queue, Queue) and queue.can_cache_declaration and declared and hash(queue) in declared:
        return {**options, "declare": []}
    return options


def register(joints: Joints) -> None:
    """The outbox relays each job to ``run_outbox_job``."""
    joints.senders[SENDER] = send_job
