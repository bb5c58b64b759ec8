"""Benchmark: `flask schools import` of a generated CSV on a fresh SQLite database (or DATABASE_URL).

    .venv/bin/python bench/import_schools.py [ROWS]     # default 100,000 rows; prints seconds and peak memory

Runs the import twice: the first creates every school, the second updates every one.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generate(path: Path, rows: int) -> None:
    regions = ["MD-CU", "MD-BA", "MD-CA", "MD-OR", "MD-UN", "MD-SO"]
    with open(path, "w", encoding="utf-8") as file:
        file.write("national_id,name,country,region,address,language,type,pupils\n")
        for i in range(rows):
            region = random.choice(regions)
            file.write(f'MD-{i:07d},Școala nr. {i},MD,{region},"str. Mare {i}, Chișinău",ro,secondary,{i % 1500}\n')


def flask(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "accreditation", *args],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, INSTANCE_PATH=tmp)
        csv_path = Path(tmp) / "schools.csv"
        generate(csv_path, rows)
        flask(env, "db", "upgrade")
        flask(env, "geography", "load")
        first = flask(env, "schools", "import", str(csv_path))
        second = flask(env, "schools", "import", str(csv_path))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{rows} rows: create {first:.1f} s ({rows / first:,.0f} rows/s), update {second:.1f} s; "
        f"peak memory of a command {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
