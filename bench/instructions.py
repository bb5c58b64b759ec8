"""Instructions per request: the figure that does not move when other programs share the CPUs (issue 27).

    .venv/bin/python bench/instructions.py [--database-url URL] [--pages floor,dashboard,review,baseline,hello]
                                           [--requests 100] [--warm-up 30] [--root CHECKOUT] [--json]

Each page is loaded in a process of its own run under valgrind's callgrind (Debian's ``valgrind`` package), with
instrumentation off while the application starts, the person signs in, the cookie settles (the page loaded once,
its cookie kept: no flash left to pop, the CSRF secret made) and ``--warm-up`` requests fill the caches; then
``callgrind_control -i on`` counts the next ``--requests`` requests, made in process through the WSGI application
(Werkzeug's test client, one fixed Cookie header, as wrk sends it), and ``-i off`` stops before the process ends.
What is printed is the application process's instructions per request; the PostgreSQL backend's are not counted
(it is another process), nor an HTTP server's parsing (the same for every application).

The pages are those of bench/run.py on its pilot (schema bench_dashboard, loaded by bench/generate.py): the floor
(``/schools/<id>/export``), the person's own page ``/me`` (no school to read), the school dashboard, the review page,
and the yardsticks of bench/baseline_app.py. ``answer`` is an anonymous survey answer (``POST /s/<token>``, issue 29)
in a schema of its own (bench/surveys_statements.py's, prepared before the counted process starts): each request a
new device, accepted.
``--root`` measures another checkout of the project (e.g. ``git worktree add /tmp/before <commit>``) on the same
pilot: before and after, one figure each, on a loaded machine. ``perf stat -e instructions`` would do the same
where the CPU's counters are readable; in this sandbox's virtual machine they are not (``<not supported>``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("floor", "me", "dashboard", "review", "answer", "baseline", "hello")
ANSWER_WINDOWS = 20  # the answer page's open windows (each answered in turn: within the per-window limit)
COLLECTED = re.compile(r"Collected : (\d+)")
COUNT_VARIABLE = "BENCH_COUNT_INSTRUCTIONS"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1/postgres"),
        help="PostgreSQL database holding bench/run.py's pilot (schema bench_dashboard)",
    )
    parser.add_argument("--pages", default="floor,dashboard,review,baseline", help=f"of: {', '.join(PAGES)}")
    parser.add_argument("--requests", type=int, default=100, help="requests counted per page")
    parser.add_argument("--warm-up", type=int, default=30, help="requests before counting")
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose application is measured")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    options.page_list = [page.strip() for page in options.pages.split(",") if page.strip()]
    unknown = sorted(set(options.page_list) - set(PAGES))
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; choose among {', '.join(PAGES)}")
    if options.requests < 1 or options.warm_up < 0:
        parser.error("--requests must be at least 1 and --warm-up at least 0")
    return options


def require_valgrind() -> None:
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit(
            "error: valgrind is not installed; install Debian's package with `apt-get install -y valgrind`"
        )


def count(page: str, options: argparse.Namespace) -> int:
    """Instructions of ``--requests`` requests of ``page``, counted by callgrind in a fresh process."""
    python = str(Path(options.root) / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
    command += [python, str(Path(__file__).resolve()), "--child", page, "--database-url", options.database_url]
    command += ["--requests", str(options.requests), "--warm-up", str(options.warm_up), "--root", options.root]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=options.root)
    found = COLLECTED.search(finished.stderr)
    if finished.returncode != 0 or found is None:
        sys.stderr.write(finished.stderr[-4000:])
        raise RuntimeError(f"{page}: the counted process failed (exit {finished.returncode})")
    return int(found.group(1))


def measure(options: argparse.Namespace) -> dict[str, float]:
    require_valgrind()
    if "answer" in options.page_list:
        sys.path.insert(0, str(ROOT))
        from bench.surveys_statements import prepare

        prepare(options.database_url, ANSWER_WINDOWS)  # before the counted process: it only answers
    return {page: count(page, options) / options.requests for page in options.page_list}


# --- the counted process ----------------------------------------------------------------------------------------


def counting(on: bool) -> None:
    subprocess.run(
        ["callgrind_control", "-i", "on" if on else "off", str(os.getpid())], capture_output=True, check=True
    )


def counting_if_asked(on: bool) -> None:
    """``counting(on)`` when this process runs under ``fire_instructions`` (bench/fire.py calls it around its fires)."""
    if os.environ.get(COUNT_VARIABLE):
        counting(on)


def fire_instructions(database_url: str, applications: int = 50) -> float:
    """Instructions per ``fire()`` (each with its actor loaded as flask-login loads them, and its commit): bench/fire.py
    on ``applications`` applications under callgrind, counting its timed loops only."""
    require_valgrind()
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
    command += [sys.executable, str(ROOT / "bench" / "fire.py"), "--database-url", database_url]
    command += ["--applications", str(applications), "--json"]
    finished = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env={**os.environ, COUNT_VARIABLE: "1"}
    )
    found = COLLECTED.search(finished.stderr)
    if finished.returncode != 0 or found is None:
        sys.stderr.write(finished.stderr[-4000:])
        raise RuntimeError(f"bench/fire.py under callgrind failed (exit {finished.returncode})")
    fires = json.loads(finished.stdout.strip().splitlines()[-1])["events"]["all"]["fires"]
    return int(found.group(1)) / fires


def child(options: argparse.Namespace) -> None:
    sys.path.insert(0, options.root)
    sys.path.insert(1, str(ROOT))
    from bench.common import engine_url
    from bench.generate import ASSESSOR, PASSWORD, SCHEMA, SCHOOL_ADMIN
    from bench.run import app_environment, page_people

    url = engine_url(options.database_url, SCHEMA)
    if options.child == "answer":
        answer_child(options)
        return
    if options.child in ("baseline", "hello"):
        from bench.baseline_app import baseline, hello

        app = baseline(url) if options.child == "baseline" else hello()
        path, cookie = "/", ""
    else:
        people = page_people(options.database_url, quick=True)
        os.environ.update(app_environment(url, Path(tempfile.mkdtemp(prefix="bench-instructions-"))))
        from accreditation import create_app

        app = create_app()
        path = {
            "floor": f"/schools/{people['school_id']}/export",
            "me": "/me",  # the person's own page: a form, no school of its own to read
            "dashboard": f"/schools/{people['school_id']}",
            "review": f"/applications/{people['application_id']}/review",
        }[options.child]
        cookie = settled_cookie(app, ASSESSOR if options.child == "review" else SCHOOL_ADMIN, PASSWORD, path)
    client = app.test_client(use_cookies=False)
    headers = {"Cookie": cookie, "User-Agent": "bench/run.py"} if cookie else {}
    for _ in range(options.warm_up):
        check(client.get(path, headers=headers), path)
    counting(True)
    for _ in range(options.requests):
        client.get(path, headers=headers)
    counting(False)
    check(client.get(path, headers=headers), path)


def answer_child(options: argparse.Namespace) -> None:
    """The survey answer (POST /s/<token>, issue 29) on bench/surveys_statements.py's schema: each request a new
    device (its own ``survey_device`` cookie) sending the form with its CSRF token, accepted (a 303 to the thanks);
    the windows are answered in turn. The limit per address is raised (``SURVEY_MAX_PER_ADDRESS``, an operator's
    setting: one address sends everything); the limit per window and minute keeps its default."""
    from bench.common import engine_url
    from bench.run import app_environment
    from bench.surveys_statements import ANSWER_SCHEMA, answer_form, post_answer

    url = engine_url(options.database_url, ANSWER_SCHEMA)
    os.environ.update(app_environment(url, Path(tempfile.mkdtemp(prefix="bench-instructions-"))))
    os.environ["SURVEY_MAX_PER_ADDRESS"] = str(10**9)
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        paths = [
            f"/s/{t}" for t in connection.execute(text("SELECT token FROM survey_audiences ORDER BY id")).scalars()
        ]
    engine.dispose()
    from accreditation import create_app

    app = create_app()
    body, session = answer_form(app, paths[0])
    client = app.test_client(use_cookies=False)
    prefix = f"d{os.getpid()}x"

    def answer(number: int) -> None:
        path = paths[number % len(paths)]
        response = post_answer(client, path, body, session, f"{prefix}{number}")
        if response.status_code != 303:
            raise SystemExit(f"error: POST {path} answered {response.status_code}")

    for number in range(options.warm_up):
        answer(number)
    counting(True)
    for number in range(options.warm_up, options.warm_up + options.requests):
        answer(number)
    counting(False)


def check(response, path: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"error: GET {path} answered {response.status_code}")


def settled_cookie(app, email: str, password: str, path: str) -> str:
    """Sign in through the form, load ``path`` once and keep the cookie it leaves (see bench/run.py's ``settle``)."""
    from http.cookies import SimpleCookie

    client = app.test_client(use_cookies=False)
    headers = {"User-Agent": "bench/run.py"}
    jar: dict[str, str] = {}

    def keep(response) -> None:
        for value in response.headers.getlist("Set-Cookie"):
            parsed = SimpleCookie()
            parsed.load(value)
            jar.update({key: morsel.value for key, morsel in parsed.items()})

    def jar_header() -> dict[str, str]:
        return {**headers, "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}

    page = client.get("/sign-in", headers=headers)
    keep(page)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)
    answer = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}, headers=jar_header()
    )
    if answer.status_code not in (302, 303):
        raise SystemExit(f"error: cannot sign in as {email}: {answer.status_code}")
    keep(answer)
    keep(client.get(path, headers=jar_header()))  # the settling load: pops the welcome, makes the CSRF secret
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def main(argv: list[str] | None = None) -> int:
    options = arguments(argv)
    if options.child:
        child(options)
        return 0
    figures = measure(options)
    if options.json:
        print(json.dumps({"requests": options.requests, "instructions": figures}))
    else:
        for page, value in figures.items():
            print(f"{page:10} {value / 1e6:8.2f} M instructions per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
