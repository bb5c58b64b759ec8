"""Configuration read from environment variables, with safe embedded defaults.

Every variable is documented in README.md. Outside development (``APP_ENV`` other than ``development`` or
``testing``) a ``SECRET_KEY`` must be given; ``create_app`` refuses to start without it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from celery.schedules import crontab

from accreditation.broker_options import transport_options

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_ENVS = {"development", "testing"}
MIN_SECRET_KEY_BYTES = 32  # outside development (ASVS 3.2.2)


class ConfigError(RuntimeError):
    """The configuration cannot run; the message is one line an operator can act on."""


def _int(environ: dict[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _at_least(environ: dict[str, str], name: str, default: int, minimum: int) -> int:
    value = _int(environ, name, default)
    if value < minimum:
        raise ConfigError(f"{name} must be {minimum} or more, not {value}")
    return value


def _seconds(environ: dict[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ConfigError(f"{name} must be a number of seconds above 0, not {raw!r}")
    return value


def _bool(environ: dict[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def load_config(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Build the Flask configuration mapping from ``environ`` (``os.environ`` by default)."""
    env = dict(os.environ if environ is None else environ)
    app_env = env.get("APP_ENV", "development")
    development = app_env in DEVELOPMENT_ENVS
    instance = Path(env.get("INSTANCE_PATH", PROJECT_ROOT / "instance")).resolve()

    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if not development:
            raise ConfigError(f"SECRET_KEY is not set: set it to a long random string (APP_ENV is {app_env!r})")
        secret_key = "development-only-secret-key-do-not-use-in-production"
    elif not development and len(secret_key.encode()) < MIN_SECRET_KEY_BYTES:
        # The session cookie's signature is all that keeps it from being forged (ASVS 3.2.2).
        raise ConfigError(
            f"SECRET_KEY is too short: give at least {MIN_SECRET_KEY_BYTES} random bytes, e.g. the output of "
            f"python -c 'import secrets; print(secrets.token_urlsafe(48))' (APP_ENV is {app_env!r})"
        )

    # The Ed25519 key that signs the certificates' credentials (development: one generated into the instance folder).
    credential_key = env.get("CREDENTIAL_SIGNING_KEY", "").strip()
    if credential_key:
        from accreditation.certificates.keys import SigningKeyError, parse_signing_key

        try:
            parse_signing_key(credential_key)
        except SigningKeyError as error:
            raise ConfigError(str(error)) from None
    elif not development:
        raise ConfigError(
            "CREDENTIAL_SIGNING_KEY is not set: set it to an Ed25519 private key (python -c 'from accreditation."
            "certificates.keys import new_key_pem; print(new_key_pem())' prints one; "
            f"APP_ENV is {app_env!r})"
        )

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'accreditation.sqlite'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql://" + database_url[len("postgres://") :]
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]

    storage_url = env.get("STORAGE_URL", "").strip()
    if storage_url and not re.match(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$", storage_url):
        raise ConfigError(
            f"STORAGE_URL must be empty (files in UPLOAD_FOLDER) or s3://bucket/prefix, not {storage_url!r}"
        )
    if storage_url and not credential_key:
        # Several nodes share the store: each must sign certificates with the same key, not one of its own.
        raise ConfigError("CREDENTIAL_SIGNING_KEY is not set: with STORAGE_URL every node must sign with the same key")

    broker_url = env.get("CELERY_BROKER_URL") or f"sqla+sqlite:///{instance / 'celery-broker.sqlite'}"
    broker_timeout = _seconds(env, "CELERY_BROKER_TIMEOUT", 1.0)

    return {
        "APP_ENV": app_env,
        "DEBUG": _bool(env, "FLASK_DEBUG", False),
        "TESTING": app_env == "testing",
        "SECRET_KEY": secret_key,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # No pool_pre_ping: its round trip on every checkout cost every request; a connection the server dropped
        # fails one request, SQLAlchemy sees the disconnect and replaces the pool's connections (issue 27).
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        # Stored files: the local UPLOAD_FOLDER, or an S3-compatible store (accreditation.storage).
        "STORAGE_URL": storage_url,
        "STORAGE_S3_ENDPOINT_URL": env.get("STORAGE_S3_ENDPOINT_URL", ""),
        "STORAGE_S3_REGION": env.get("STORAGE_S3_REGION", "us-east-1"),
        "STORAGE_S3_ACCESS_KEY_ID": env.get("STORAGE_S3_ACCESS_KEY_ID", ""),
        "STORAGE_S3_SECRET_ACCESS_KEY": env.get("STORAGE_S3_SECRET_ACCESS_KEY", ""),
        "STORAGE_S3_TIMEOUT": _seconds(env, "STORAGE_S3_TIMEOUT", 5.0),
        "MAX_UPLOAD_MB": _int(env, "MAX_UPLOAD_MB", 20),
        "MAX_CONTENT_LENGTH": (_int(env, "MAX_UPLOAD_MB", 20) + 1) * 1024 * 1024,
        "BASE_URL": env.get("BASE_URL", "http://localhost:5000").rstrip("/"),
        # E-mail: SMTP when MAIL_SERVER is set, otherwise .eml files in MAIL_OUTBOX_DIR.
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int(env, "MAIL_PORT", 587),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _bool(env, "MAIL_USE_TLS", True),
        "MAIL_TIMEOUT": _int(env, "MAIL_TIMEOUT", 10),
        "MAIL_FROM": env.get("MAIL_FROM", "Safe School Accreditation <no-reply@localhost>"),
        "MAIL_OUTBOX_DIR": env.get("MAIL_OUTBOX_DIR") or str(instance / "mail"),
        # Accounts
        "PASSWORD_RESET_MAX_AGE": _int(env, "PASSWORD_RESET_MAX_AGE", 3600),
        "INVITATION_MAX_AGE_DAYS": _int(env, "INVITATION_MAX_AGE_DAYS", 14),
        "SIGNIN_MAX_FAILURES_PER_ACCOUNT": _int(env, "SIGNIN_MAX_FAILURES_PER_ACCOUNT", 5),
        "SIGNIN_MAX_FAILURES_PER_ADDRESS": _int(env, "SIGNIN_MAX_FAILURES_PER_ADDRESS", 20),
        "SIGNIN_LOCKOUT_MINUTES": _int(env, "SIGNIN_LOCKOUT_MINUTES", 15),
        # Survey answers (accreditation/surveys/throttle.py): per network address and window, and per window a minute.
        "SURVEY_MAX_PER_ADDRESS": _int(env, "SURVEY_MAX_PER_ADDRESS", 45),
        "SURVEY_ADDRESS_SECONDS": _int(env, "SURVEY_ADDRESS_SECONDS", 600),
        "SURVEY_MAX_PER_MINUTE": _int(env, "SURVEY_MAX_PER_MINUTE", 120),
        # An answer's commit waits for the disk only when true (PostgreSQL; accreditation/surveys/answering.py).
        "SURVEY_SYNCHRONOUS_COMMIT": _bool(env, "SURVEY_SYNCHRONOUS_COMMIT", True),
        # E-mails asked for an account (a password link, a registration with its address): at most this many per
        # account and per network address within the window; beyond, the same answer and no e-mail.
        "ACCOUNT_MAIL_MAX_PER_ACCOUNT": _int(env, "ACCOUNT_MAIL_MAX_PER_ACCOUNT", 3),
        "ACCOUNT_MAIL_MAX_PER_ADDRESS": _int(env, "ACCOUNT_MAIL_MAX_PER_ADDRESS", 10),
        "ACCOUNT_MAIL_WINDOW_MINUTES": _int(env, "ACCOUNT_MAIL_WINDOW_MINUTES", 60),
        # Passwords: at least this many characters, and not easy to guess (accreditation.accounts.passwords).
        "PASSWORD_MIN_LENGTH": _at_least(env, "PASSWORD_MIN_LENGTH", 12, 8),
        # The JSON API's bearer tokens stay valid this many days after they are issued.
        "API_TOKEN_DAYS": _int(env, "API_TOKEN_DAYS", 30),
        # Signed-in sessions end after this long without a request, or this long after signing in, whichever
        # comes first (accreditation.session_lifetime); "keep me signed in on this device" lengthens the first.
        "SESSION_IDLE_MINUTES": _at_least(env, "SESSION_IDLE_MINUTES", 30, 1),
        "SESSION_KEEP_IDLE_MINUTES": _at_least(env, "SESSION_KEEP_IDLE_MINUTES", 8 * 60, 1),
        "SESSION_ABSOLUTE_HOURS": _at_least(env, "SESSION_ABSOLUTE_HOURS", 12, 1),
        # HTTPS only: browsers are told to use nothing else for a year (the TLS proxy must answer on HTTPS).
        "HSTS": app_env == "production",
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed (0: none).
        "TRUSTED_PROXIES": _at_least(env, "TRUSTED_PROXIES", 0, 0),
        # Stored documents (every version counts), per application and per school, in megabytes (0: no limit).
        "UPLOAD_QUOTA_APPLICATION_MB": _at_least(env, "UPLOAD_QUOTA_APPLICATION_MB", 200, 0),
        "UPLOAD_QUOTA_SCHOOL_MB": _at_least(env, "UPLOAD_QUOTA_SCHOOL_MB", 1000, 0),
        # The documents one school network shares with its schools, in megabytes (0: no limit).
        "UPLOAD_QUOTA_NETWORK_MB": _at_least(env, "UPLOAD_QUOTA_NETWORK_MB", 500, 0),
        # Stored document versions of one application, every version counted (0: no limit).
        "UPLOAD_MAX_FILES_APPLICATION": _at_least(env, "UPLOAD_MAX_FILES_APPLICATION", 200, 0),
        # Cookies
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development,
        # Outside development the __Host- prefix: browsers keep it only if Secure, Path=/ and without Domain (3.4.4).
        "SESSION_COOKIE_NAME": "session" if development else "__Host-session",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_ENABLED": _bool(env, "WTF_CSRF_ENABLED", True),
        "WTF_CSRF_TIME_LIMIT": None,
        # Celery
        "CELERY": {
            "broker_url": broker_url,
            "result_backend": env.get("CELERY_RESULT_BACKEND") or None,
            "task_ignore_result": True,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "broker_connection_retry_on_startup": True,
            # A publish (a request's, after its commit) tries the broker once, briefly: what it could not send waits
            # in the outbox for beat's relay. The embedded broker is polled often (accreditation/broker_options.py).
            "broker_connection_timeout": broker_timeout,
            "broker_transport_options": transport_options(broker_url, broker_timeout),
            "task_always_eager": _bool(env, "CELERY_TASK_ALWAYS_EAGER", False),
            "imports": ("accreditation.tasks",),
            "beat_schedule_filename": str(instance / "celerybeat-schedule"),
            "beat_schedule": {
                # Sends the follow-up jobs still pending: recorded while the broker was down, or lost with a worker
                # (OUTBOX_RESEND_AFTER_SECONDS).
                "relay-outbox": {"task": "accreditation.tasks.outbox.relay_outbox", "schedule": 15.0},
                # Writes the reminders due and hands pending e-mails (and those whose task was lost) to the senders.
                "sweep-reminders": {"task": "accreditation.tasks.reminders.sweep_reminders", "schedule": 300.0},
                # Fires the timers' events (expiry, renewal, re-assessment) and expires overdue certificates.
                "sweep-expiry": {"task": "accreditation.tasks.certificates.sweep_expiry", "schedule": 900.0},
                # Reminds and escalates the compliance calendar's duties due (each message once).
                "sweep-compliance": {"task": "accreditation.tasks.compliance.sweep_compliance", "schedule": 3600.0},
                # Recomputes the regional index's stored counts every night at 02:30 UTC (flask regional-index refresh).
                "refresh-regional-index": {
                    "task": "accreditation.tasks.regional_index.refresh_regional_index",
                    "schedule": crontab(hour=2, minute=30),
                },
            },
        },
        # Workflows: extra folders of programme definitions, separated by os.pathsep.
        "WORKFLOW_DIRS": [d for d in env.get("WORKFLOW_DIRS", "").split(os.pathsep) if d],
        # Extra folders of framework versions (the criteria schools are assessed on), separated by os.pathsep.
        "FRAMEWORK_DIRS": [d for d in env.get("FRAMEWORK_DIRS", "").split(os.pathsep) if d],
        # Upload checks: DOCX/ODT are zip files; refuse those that expand beyond this (zip bombs).
        "MAX_UNPACKED_MB": _int(env, "MAX_UNPACKED_MB", 200),
        "STALLED_AFTER_DAYS": _int(env, "STALLED_AFTER_DAYS", 45),
        "REGIONAL_INDEX_MAX_AGE_MINUTES": _int(env, "REGIONAL_INDEX_MAX_AGE_MINUTES", 60),
        # Certificates, reminders and their e-mails
        "CREDENTIAL_SIGNING_KEY": credential_key,
        "REMINDER_CATCH_UP_DAYS": _int(env, "REMINDER_CATCH_UP_DAYS", 7),
        "MAIL_RETRY_SECONDS": _int(env, "MAIL_RETRY_SECONDS", 30),
        "MAIL_LEASE_SECONDS": _int(env, "MAIL_LEASE_SECONDS", 300),
        # A follow-up job relayed to the workers and still not done after this long is sent again (its worker died).
        "OUTBOX_RESEND_AFTER_SECONDS": _int(env, "OUTBOX_RESEND_AFTER_SECONDS", 45),
        # Operations (accreditation/ops): /metrics answers only with this bearer token (empty: /metrics is off);
        # LOG_FORMAT "json" writes one JSON object per log line, with the request id, instead of plain text.
        "METRICS_TOKEN": env.get("METRICS_TOKEN", ""),
        "LOG_FORMAT": env.get("LOG_FORMAT", "text").strip().lower(),
    }
