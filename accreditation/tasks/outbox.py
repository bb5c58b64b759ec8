"""Tasks of the outbox: run one follow-up job, and relay the jobs still pending (beat, every minute).

``send_job`` publishes the very message ``run_outbox_job.apply_async(args=[job_id], retry=False)`` would (same
task, arguments, headers, queue and publish signals), without the work that is the same for every job (issue 27):
the task's options and route are worked out once per Celery application, the arguments' repr is written directly
(no ``saferepr``), the queue is not declared again on a connection that declared it, and no ``AsyncResult`` is
built. The message itself is filled into a template made once per Celery application and process (``_Template``:
the headers, body and publish arguments Celery would give every job alike) and published with the thread's held
producer, sending the publish signals ``send_task_message`` sends. Where ``apply_async`` does more (eager mode, sent
events, a publish from inside a worker's task, which links parent and root), it is used as it is; where the routing
is not a plain direct queue, Celery's ``create_task_message`` and ``send_task_message`` are."""

from __future__ import annotations

import logging
import os
import threading
from copy import copy
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from celery import Celery, shared_task, signals
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
    template = _template(app, task)
    if template is not None and not signals.task_sent.receivers:
        return _send_from_template(app, template, job_id)
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


@dataclass(frozen=True, slots=True)
class _Template:
    """What every message of run_outbox_job has alike, for one Celery application in one process (the headers' origin
    names the process): Celery's own headers and body extras of a message made once, and the arguments
    ``send_task_message`` would give kombu's publish for the task's queue."""

    pid: int
    name: str
    ignore_result: bool
    headers: dict[str, Any]
    mutable_headers: tuple[str, ...]  # headers holding a list or dict: each message gets its own copy
    extras: dict[str, Any]  # the body's third part (callbacks, errbacks, chain, chord)
    queue: Queue
    options: dict[str, Any]  # queue, exchange and routing key as send_task_message gives them to the signals
    publish: dict[str, Any]  # the rest of kombu's publish arguments
    retry_policy: dict[str, Any]


# Per Celery application: its template (None where the message is not the plain case a template covers).
_TEMPLATES: WeakKeyDictionary[Celery, _Template | None] = WeakKeyDictionary()
_PLAIN_OPTIONS = frozenset({"queue", "serializer", "compression", "delivery_mode"})


def _template(app: Celery, task: Any) -> _Template | None:
    """This process's template for ``app``, made at its first use: None unless the task goes with protocol 2 to a
    queue on a direct exchange with no other publish options (then ``send_task_message`` publishes to the default
    exchange with the queue's name as routing key, and ``create_task_message`` varies only in the task's id, the
    arguments and their repr)."""
    pid = os.getpid()
    if app in _TEMPLATES:
        known = _TEMPLATES[app]
        if known is None or known.pid == pid:
            return known
    options, ignore_result = _publish_options(app, task)
    queue = options.get("queue")
    conf = app.conf
    plain = (
        conf.task_protocol == 2
        and set(options) <= _PLAIN_OPTIONS
        and isinstance(queue, Queue)
        and type(queue) is Queue  # not a Broadcast
        and queue.exchange is not None
        and queue.exchange.type == "direct"
    )
    if not plain:
        _TEMPLATES[app] = None
        return None
    message = app.amqp.create_task_message(
        "", task.name, [], None, reply_to="", ignore_result=ignore_result, argsrepr="", kwargsrepr="{}", **options
    )
    headers = dict(message.headers)
    delivery_mode = options.get("delivery_mode") or queue.exchange.delivery_mode or conf.task_default_delivery_mode
    made = _TEMPLATES[app] = _Template(
        pid=pid,
        name=task.name,
        ignore_result=ignore_result,
        headers=headers,
        mutable_headers=tuple(k for k, v in headers.items() if isinstance(v, list | dict)),
        extras=dict(message.body[2]),
        queue=queue,
        options={"exchange": "", "routing_key": queue.name},
        publish={
            "serializer": options.get("serializer") or conf.task_serializer,
            "compression": options.get("compression") or conf.task_compression,
            "retry": False,
            "delivery_mode": delivery_mode,
        },
        retry_policy=dict(conf.task_publish_retry_policy),
    )
    return made


def _send_from_template(app: Celery, template: _Template, job_id: int) -> str:
    """Publish run_outbox_job(job_id) as ``send_task_message`` would publish ``create_task_message``'s message: the
    same headers, body, properties, publish arguments and signals."""
    task_id = uuid()
    args = [job_id]
    headers = {**template.headers, "id": task_id, "root_id": task_id, "argsrepr": repr(args)}
    for name in template.mutable_headers:
        headers[name] = copy(headers[name])
    body = (args, {}, dict(template.extras))
    properties = {"correlation_id": task_id, "reply_to": app.thread_oid}
    retry_policy = dict(template.retry_policy)
    producer = _held_producer(app)
    declare = _declared(producer, {"queue": template.queue}).get("declare", [template.queue])
    exchange, routing_key = template.options["exchange"], template.options["routing_key"]
    try:
        with producer.connection._reraise_as_library_errors():
            if not template.ignore_result:
                app.backend.on_task_call(producer, task_id)
            signals.before_task_publish.send(
                sender=template.name,
                body=body,
                exchange=exchange,
                routing_key=routing_key,
                declare=declare,
                headers=headers,
                properties=properties,
                retry_policy=retry_policy,
            )
            producer.publish(
                body,
                exchange=exchange,
                routing_key=routing_key,
                retry_policy=retry_policy,
                declare=declare,
                headers=headers,
                timeout=None,
                confirm_timeout=None,
                **template.publish,
                **properties,
            )
            signals.after_task_publish.send(
                sender=template.name, body=body, headers=headers, exchange=exchange, routing_key=routing_key
            )
    except BaseException:
        _drop_held_producer()  # a broken connection is never used again: the next send opens another
        raise
    return task_id


class _Held(threading.local):
    """This thread's producer: (the Celery app, the process, the app's producer pool then, the producer)."""

    entry: tuple[Celery, int, object, Producer] | None = None


_HELD = _Held()


def _held_producer(app: Celery) -> Producer:
    """This thread's producer for ``app``, on a broker connection of its own (opened at its first publish), kept
    between messages: acquiring one from Celery's producer pool and releasing it again was a third of a publish
    (issue 27). It is not taken from the pool, so a thread holding one never leaves another waiting on the pool's
    limit; one connection per thread that sends. Made anew after any failed send, in a forked process, or once the
    app's producer pool was replaced (a new broker configuration)."""
    entry = _HELD.entry
    pool = app.producer_pool
    if entry is not None and entry[0] is app and entry[1] == os.getpid() and entry[2] is pool:
        return entry[3]
    _drop_held_producer()
    producer = Producer(app.connection_for_write())  # as the pool makes them
    _HELD.entry = (app, os.getpid(), pool, producer)
    return producer


def _drop_held_producer() -> None:
    """Forget this thread's producer, closing its connection unless it was inherited from a parent process."""
    entry, _HELD.entry = _HELD.entry, None
    if entry is None or entry[1] != os.getpid():
        return
    try:
        entry[3].connection.close()
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
