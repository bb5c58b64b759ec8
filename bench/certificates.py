"""Benchmark: certificate PDFs per second per core, and the peak memory of the process that renders them.

    .venv/bin/python bench/certificates.py [--certificates 1000] [--processes 1] [--store] [--json]

Each process is started fresh, like a worker: it builds the application (``create_app``, nothing else), then
renders ``--certificates`` certificates through the same code a worker uses (``page_of``: the texts in the
school's language, the dates, the verification URL; ``render_certificate``: A4 landscape, embedded DejaVu fonts,
the QR code), every one for a different school and code, half of them with Cyrillic names. ``--store`` also writes
each PDF into the file store (a temporary folder), as the issuing job does. It prints PDFs per second per process
and per CPU-second (one process is one core; the CPU time is the per-core figure when other work shares the
machine), and each process's peak resident memory (ru_maxrss). Targets: 50 or more per second per core, under
250 MB. ``measure()`` returns the figures (bench/run.py calls this file with ``--json``, which prints them as one
JSON object).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = (
    "Liceul Teoretic „Mihai Eminescu” nr. {n}",
    "Ліцей № {n} імені Лесі Українки м. Львова",
    "Gymnasium {n} of Chișinău",
    "Средняя общеобразовательная школа № {n}",
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=1000, help="certificates per process")
    parser.add_argument("--processes", type=int, default=1, help="processes rendering at the same time (cores)")
    parser.add_argument("--store", action="store_true", help="also write each PDF into the file store")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object (for bench/run.py)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def child(count: int, store: bool) -> dict[str, float]:
    """Render ``count`` certificates in this process; the figures."""
    instance = tempfile.mkdtemp(prefix="bench-certificates-")
    os.environ["APP_ENV"] = "testing"
    from accreditation import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/unused.sqlite",
            "INSTANCE_PATH": instance,
            "UPLOAD_FOLDER": str(Path(instance) / "uploads"),
            "BASE_URL": "https://accreditation.example.org",
        }
    )
    with app.test_request_context():
        from accreditation import storage
        from accreditation.certificates.codes import new_verification_id
        from accreditation.certificates.rendering import page_of
        from accreditation.models import Certificate, Country, Region, School
        from accreditation.pdf.certificate import render_certificate

        now = datetime.now(UTC)
        regions = [
            (Region(name="Chișinău"), Country(name="Moldova")),
            (Region(name="Львівська область"), Country(name="Україна")),
        ]

        def certificate(n: int) -> Certificate:
            region, country = regions[n % 2]
            school = School(name=NAMES[n % len(NAMES)].format(n=n), language=("ro", "uk", "en", "ru")[n % 4])
            school.region, school.country = region, country
            return Certificate(
                id=n,
                kind="award",
                serial=f"CISS-2026-{n:06d}",
                verification_id=new_verification_id(),
                school_name=school.name,
                programme_name="Certified Safe Internet School",
                level="established",
                title="Established",
                issued_at=now,
                expires_at=now + timedelta(days=730),
                school=school,
            )

        render_certificate(page_of(certificate(0)))  # fonts registered, as in a worker that has issued one already
        certificates = [certificate(n) for n in range(1, count + 1)]
        began, cpu_began = time.perf_counter(), time.process_time()
        size = 0
        for item in certificates:
            content = render_certificate(page_of(item))
            size += len(content)
            if store:
                storage.store_bytes(content)
        seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu_began
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "count": count,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak_kb / 1024,
        "average_kb": size / count / 1024,
    }


def measure(certificates: int = 1000, processes: int = 1, store: bool = False) -> dict:
    """Render in ``processes`` fresh processes at once; the figures of each (count, seconds, CPU seconds, peak MB,
    average KB) and of them together (PDFs, wall seconds with start-up)."""
    command = [sys.executable, __file__, "--child", "--certificates", str(certificates)]
    if store:
        command.append("--store")
    began = time.perf_counter()
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(processes)]
    results = []
    for process in children:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"a rendering process failed (exit {process.returncode})")
        results.append(json.loads(output.strip().splitlines()[-1]))
    wall = time.perf_counter() - began
    for result in results:
        result["rate"] = result["count"] / result["seconds"]
        result["per_cpu_second"] = result["count"] / result["cpu_seconds"]
    total = sum(result["count"] for result in results)
    return {
        "processes": results,
        "stored": store,
        "cores": os.cpu_count(),
        "total": total,
        "wall_seconds": wall,
        "per_cpu_second": min(result["per_cpu_second"] for result in results),
        "rate": min(result["rate"] for result in results),
        "peak_mb": max(result["peak_mb"] for result in results),
    }


def main() -> int:
    options = arguments()
    if options.child:
        print(json.dumps(child(options.certificates, options.store)))
        return 0
    try:
        figures = measure(options.certificates, options.processes, options.store)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if options.json:
        print(json.dumps(figures))
        return 0
    print(
        f"{options.processes} process(es) × {options.certificates} certificates, "
        f"{'rendered and stored' if options.store else 'rendered'} on {figures['cores']} cores"
    )
    for number, result in enumerate(figures["processes"], start=1):
        print(
            f"  process {number}: {result['count']} PDFs in {result['seconds']:.2f} s = {result['rate']:.0f} PDFs/s; "
            f"{result['cpu_seconds']:.2f} s of CPU = {result['per_cpu_second']:.0f} PDFs per CPU-second "
            f"({1000 * result['cpu_seconds'] / result['count']:.1f} ms each); {result['average_kb']:.0f} KB each; "
            f"peak memory {result['peak_mb']:.0f} MB"
        )
    total, wall = figures["total"], figures["wall_seconds"]
    print(f"  together: {total} PDFs in {wall:.2f} s of wall time (start-up included) = {total / wall:.0f} PDFs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
