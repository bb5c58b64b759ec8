"""`python -m tests`: the whole suite, first on PostgreSQL (with Redis and RabbitMQ), then on SQLite.

The services default to this project's local ones on 127.0.0.1 and can be pointed elsewhere:
``TEST_DATABASE_URL`` (PostgreSQL; the database is created when missing), ``TEST_REDIS_URL``, ``TEST_AMQP_URL``.
Outside CI a service that does not answer is reported and the tests that need it are skipped; with ``CI`` set
a missing service fails the run. Extra arguments go to pytest, e.g. ``python -m tests -k sign_in -x``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

DEFAULTS = {
    "TEST_DATABASE_URL": "postgresql://postgres:postgres@127.0.0.1:5432/ssa_test",
    "TEST_REDIS_URL": "redis://127.0.0.1:6379/15",
    "TEST_AMQP_URL": "amqp://guest:guest@127.0.0.1:5672//",
}


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    default_port = {"postgresql": 5432, "redis": 6379, "amqp": 5672}.get(parts.scheme.split("+")[0], 0)
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


def _services(ci: bool) -> tuple[dict[str, str], list[str]]:
    """The environment for the PostgreSQL run, and the problems found."""
    env: dict[str, str] = {}
    problems: list[str] = []
    for name, default in DEFAULTS.items():
        url = os.environ.get(name) or default
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


def _pytest(label: str, env: dict[str, str], args: list[str]) -> int:
    print(f"\n=== tests on {label} ===", flush=True)
    full_env = {k: v for k, v in os.environ.items() if k not in DEFAULTS}
    full_env.update(env)
    return subprocess.call([sys.executable, "-m", "pytest", *args], env=full_env)


def main(args: list[str]) -> int:
    ci = bool(os.environ.get("CI"))
    services, problems = _services(ci)
    for problem in problems:
        print(f"{'error' if ci else 'warning'}: {problem}", file=sys.stderr)
    if ci and problems:
        return 1

    results = []
    if "TEST_DATABASE_URL" in services:
        results.append(_pytest("PostgreSQL, Redis and RabbitMQ", services, args))
    sqlite_only = {k: v for k, v in services.items() if k != "TEST_DATABASE_URL"}
    # Tests that exist only for PostgreSQL are skipped on SQLite by tests/conftest.py.
    results.append(_pytest("SQLite", sqlite_only, args))

    # pytest's exit code 5 means "no tests collected": a filter matched nothing in one of the runs.
    failed = [code for code in results if code not in (0, 5)]
    if failed or all(code == 5 for code in results):
        print("\nFAILED", file=sys.stderr)
        return 1
    print("\nAll test runs passed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
