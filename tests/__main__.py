"""`python -m tests`: the whole suite on PostgreSQL (with Redis and RabbitMQ) and on SQLite, the two runs side by side.

The two runs share no state: the SQLite run uses the next Redis database (``/14`` beside ``/15``) and no RabbitMQ
(a worker of one run would answer the other run's tasks on the shared virtual host), so RabbitMQ is exercised by the
PostgreSQL run. The PostgreSQL run's output streams as it goes; the SQLite run's is printed when it ends.

The services default to this project's local ones on 127.0.0.1 and can be pointed elsewhere:
``TEST_DATABASE_URL`` (PostgreSQL; the database is created when missing), ``TEST_REDIS_URL``, ``TEST_AMQP_URL``,
``TEST_S3_URL`` (an S3-compatible server's endpoint; when none answers there, moto's server is started on it).
Outside CI a service that does not answer is reported and the tests that need it are skipped; with ``CI`` set
a missing service fails the run. Extra arguments go to pytest, e.g. ``python -m tests -k sign_in -x``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

DEFAULTS = {
    "TEST_DATABASE_URL": "postgresql://postgres:postgres@127.0.0.1:5432/ssa_test",
    "TEST_REDIS_URL": "redis://127.0.0.1:6379/15",
    "TEST_AMQP_URL": "amqp://guest:guest@127.0.0.1:5672//",
    "TEST_S3_URL": "http://127.0.0.1:5055",  # an S3-compatible server; moto's is started here when none answers
}


STARTED: list[subprocess.Popen] = []  # servers this run started (moto's S3), stopped when it ends


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    default_port = {"postgresql": 5432, "redis": 6379, "amqp": 5672, "http": 80}.get(parts.scheme.split("+")[0], 0)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def _ensure_database(url: str) -> str | None:
    """Create the test database when it is missing; return a problem or None."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(scheme="postgresql", path="/postgres").geturl()
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return f"cannot prepare PostgreSQL database {name!r}: {str(error).strip().splitlines()[0]}"
    return None


def _start_s3(url: str) -> subprocess.Popen | None:
    """Start moto's S3 server (a dev dependency) on ``url``'s port when nothing answers there; None if it cannot."""
    parts = urlsplit(url)
    try:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", parts.hostname or "127.0.0.1", "-p", str(parts.port or 80)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    for _ in range(100):
        if _reachable(url):
            return server
        if server.poll() is not None:
            return None
        time.sleep(0.1)
    server.terminate()
    return None


def _services(ci: bool) -> tuple[dict[str, str], list[str]]:
    """The environment for the PostgreSQL run, and the problems found."""
    env: dict[str, str] = {}
    problems: list[str] = []
    for name, default in DEFAULTS.items():
        url = os.environ.get(name) or default
        if name == "TEST_S3_URL" and not _reachable(url):
            STARTED.extend(server for server in [_start_s3(url)] if server)
        if not _reachable(url):
            problems.append(f"{name}: nothing answers at {url}")
            continue
        if name == "TEST_DATABASE_URL":
            problem = _ensure_database(url)
            if problem:
                problems.append(problem)
                continue
        env[name] = url
    return env, problems


def _start(env: dict[str, str], args: list[str], output: int | None = None) -> subprocess.Popen:
    full_env = {k: v for k, v in os.environ.items() if k not in DEFAULTS}
    full_env.update(env)
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *args],
        env=full_env,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )


def _next_redis_database(url: str) -> str:
    """The same Redis server, the database below ``url``'s (``/15`` → ``/14``)."""
    parts = urlsplit(url)
    number = int(parts.path.lstrip("/") or 0)
    return parts._replace(path=f"/{(number - 1) % 16}").geturl()


def main(args: list[str]) -> int:
    try:
        return _run(args)
    finally:
        for server in STARTED:
            server.terminate()


def _run(args: list[str]) -> int:
    ci = bool(os.environ.get("CI"))
    services, problems = _services(ci)
    for problem in problems:
        print(f"{'error' if ci else 'warning'}: {problem}", file=sys.stderr)
    if ci and problems:
        return 1

    # Tests that exist only for PostgreSQL are skipped on SQLite by tests/conftest.py.
    sqlite_env = {k: v for k, v in services.items() if k not in ("TEST_DATABASE_URL", "TEST_AMQP_URL")}
    if "TEST_REDIS_URL" in sqlite_env:
        sqlite_env["TEST_REDIS_URL"] = _next_redis_database(sqlite_env["TEST_REDIS_URL"])
    with tempfile.TemporaryFile() as sqlite_output:
        sqlite_run = _start(sqlite_env, args, sqlite_output.fileno())
        results = []
        if "TEST_DATABASE_URL" in services:
            print("\n=== tests on PostgreSQL, Redis and RabbitMQ ===", flush=True)
            results.append(_start(services, args).wait())
        results.append(sqlite_run.wait())
        print("\n=== tests on SQLite ===", flush=True)
        sqlite_output.seek(0)
        sys.stdout.buffer.write(sqlite_output.read())
        sys.stdout.flush()

    # pytest's exit code 5 means "no tests collected": a filter matched nothing in one of the runs.
    failed = [code for code in results if code not in (0, 5)]
    if failed or all(code == 5 for code in results):
        print("\nFAILED", file=sys.stderr)
        return 1
    print("\nAll test runs passed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
