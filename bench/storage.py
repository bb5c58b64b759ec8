"""Benchmark: uploading and downloading documents through object storage keeps the web worker's memory flat
(issue 28).

    .venv/bin/python bench/storage.py [--s3-url URL] [--uploads 50] [--megabytes 10] [--json]

One gunicorn web process (one sync worker, as in production) with ``STORAGE_URL`` on an S3-compatible server
(``--s3-url``, default ``BENCH_S3_URL`` or moto's on 127.0.0.1:5055, started here when nothing answers there), on a
SQLite database of its own. A school's head signs in through the form and uploads ``--uploads`` documents of
``--megabytes`` MB one after the other through the real page (multipart form, CSRF included), downloading each one
back and checking its bytes. The worker's peak resident memory (the kernel's high-water mark, ``VmHWM``, reset after
a small warm-up upload) is compared with its memory after the warm-up. Bound: growth under ``BOUND_MB`` (20 MB);
the command fails when it is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BOUND_MB = 20
BUCKET = "bench-storage"


def _answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 80), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def _prepare(instance: Path, database: str) -> int:
    """The database with a school whose application takes documents; the application's id."""
    os.environ["APP_ENV"] = "testing"
    from flask_migrate import upgrade

    from accreditation import create_app
    from accreditation.extensions import db
    from tests.assessment.builders import ready_for_answers
    from tests.builders import build_world

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "INSTANCE_PATH": str(instance)})
    with app.app_context():
        upgrade()
        world = build_world()
        db.session.commit()
        application_id = ready_for_answers(world)
        db.session.remove()
    return application_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--s3-url", default=os.environ.get("BENCH_S3_URL", "http://127.0.0.1:5055"))
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--megabytes", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()

    import boto3
    import psutil
    import requests

    from accreditation.certificates.keys import new_key_pem
    from tests.builders import PASSWORD, csrf_token

    started: list[subprocess.Popen] = []
    if not _answers(options.s3_url):
        port = str(urlsplit(options.s3_url).port or 80)
        started.append(subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", port]))
        for _ in range(100):
            if _answers(options.s3_url):
                break
            time.sleep(0.1)
    s3 = boto3.client(
        "s3", endpoint_url=options.s3_url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    bucket = f"{BUCKET}-{os.getpid()}"
    s3.create_bucket(Bucket=bucket)
    instance = Path(tempfile.mkdtemp(prefix="bench-storage-"))
    database = f"sqlite:///{instance / 'bench.sqlite'}"
    application_id = _prepare(instance, database)
    port = _free_port()
    env = {
        **os.environ,
        "APP_ENV": "testing",
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": database,
        "STORAGE_URL": f"s3://{bucket}/documents",
        "STORAGE_S3_ENDPOINT_URL": options.s3_url,
        "STORAGE_S3_ACCESS_KEY_ID": "x",
        "STORAGE_S3_SECRET_ACCESS_KEY": "x",
        "CREDENTIAL_SIGNING_KEY": new_key_pem(),
        "UPLOAD_QUOTA_APPLICATION_MB": "0",
        "UPLOAD_QUOTA_SCHOOL_MB": "0",
        "UPLOAD_MAX_FILES_APPLICATION": "0",
        "MAX_UPLOAD_MB": str(options.megabytes + 1),
    }
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "accreditation:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started.append(web)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/sign-in", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        [worker] = psutil.Process(web.pid).children()
        session = requests.Session()
        token = csrf_token(session.get(f"{base}/sign-in").text)
        session.post(f"{base}/sign-in", data={"email": "head.a@example.org", "password": PASSWORD, "csrf_token": token})
        documents = f"{base}/applications/{application_id}/documents"

        def round_trip(content: bytes, number: int) -> None:
            token = csrf_token(session.get(documents).text)
            answer = session.post(
                documents,
                data={"csrf_token": token, "kind": "other", "title": f"Evidence {number}"},
                files={"file": (f"evidence-{number}.pdf", content, "application/pdf")},
                allow_redirects=False,
            )
            if answer.status_code not in (302, 303):
                raise SystemExit(f"error: upload {number} answered {answer.status_code}")
            file_id = max(int(part.split("/")[-1]) for part in _file_links(session.get(documents).text))
            digest = hashlib.sha256()
            with session.get(f"{base}/documents/files/{file_id}", stream=True) as download:
                for chunk in download.iter_content(1024 * 1024):
                    digest.update(chunk)
            if digest.hexdigest() != hashlib.sha256(content).hexdigest():
                raise SystemExit(f"error: download {number} differs from its upload")

        round_trip(b"%PDF-1.4\n" + os.urandom(200_000), 0)  # warm-up: imports, connections, templates
        reset = True
        try:
            Path(f"/proc/{worker.pid}/clear_refs").write_text("5")  # the high-water mark starts again from here
        except OSError:
            reset = False
        baseline = _kib(worker.pid, "VmRSS")
        size = options.megabytes * 1024 * 1024
        started_at = time.monotonic()
        for number in range(1, options.uploads + 1):
            round_trip(b"%PDF-1.4\n" + os.urandom(size - 9), number)
        seconds = time.monotonic() - started_at
        peak = _kib(worker.pid, "VmHWM")
        figures = {
            "uploads": options.uploads,
            "megabytes_each": options.megabytes,
            "seconds": round(seconds, 1),
            "baseline_rss_mb": round(baseline / 1024, 1),
            "peak_rss_mb": round(peak / 1024, 1),
            "peak_growth_mb": round((peak - baseline) / 1024, 1),
            "peak_reset_after_warm_up": reset,
            "bound_mb": BOUND_MB,
        }
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=20)
    if options.json:
        print(json.dumps(figures))
    else:
        print(
            f"{figures['uploads']} uploads and downloads of {figures['megabytes_each']} MB in {figures['seconds']} s; "
            f"web worker RSS {figures['baseline_rss_mb']} MB after warm-up, peak {figures['peak_rss_mb']} MB: "
            f"growth {figures['peak_growth_mb']} MB (bound {BOUND_MB} MB)"
        )
    if figures["peak_growth_mb"] >= BOUND_MB:
        print(f"error: peak RSS grew by {figures['peak_growth_mb']} MB, over {BOUND_MB} MB", file=sys.stderr)
        return 1
    return 0


def _file_links(html: str) -> list[str]:
    import re

    return re.findall(r"/documents/files/\d+", html)


if __name__ == "__main__":
    raise SystemExit(main())
