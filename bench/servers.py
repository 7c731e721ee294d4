"""The benchmark's servers: its own embedded PostgreSQL and Redis, the data
set (generated once), and gunicorn serving the application."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BASE, PORT, PYTHON, log
from marac import embedded

# PostgreSQL sized for a national data set on a 24 GiB machine. fsync stays
# on; wal_level=minimal lets the generator's COPY skip WAL (no replicas here).
PG_SETTINGS = {
    "shared_buffers": "4GB",
    "effective_cache_size": "16GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "16GB",
    "checkpoint_timeout": "30min",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "random_page_cost": "1.1",
    "effective_io_concurrency": "200",
    "jit": "off",
}


def start_servers(var: Path) -> dict[str, str]:
    database = embedded.EmbeddedPostgres(var, settings=PG_SETTINGS).start()
    redis = embedded.EmbeddedRedis(var).start()
    return {
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-not-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "MARAC_VAR_DIR": str(var),
        "PYTHONPATH": str(BASE),
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str, log_file: Path | None = None) -> None:
    command = [PYTHON, str(BASE / "manage.py"), *args]
    if log_file is None:
        subprocess.run(command, env={**os.environ, **env}, cwd=BASE, check=True)
        return
    with open(log_file, "w") as out:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, cwd=BASE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            out.write(line)
            if "  index " not in line and "  unique " not in line and "  foreign key " not in line:
                print(line, end="", flush=True)
        if process.wait() != 0:
            raise SystemExit(f"manage.py {' '.join(args)} failed; see {log_file}")


def ensure_data(env: dict[str, str], var: Path, cases: int) -> dict[str, Any]:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    record = var / "generated.json"
    if record.exists():
        return dict(json.loads(record.read_text()))
    log(f"Generating {cases:,} cases (once; the data set is kept under {var})...")
    started = time.monotonic()
    manage(env, "generate_synthetic", "--cases", str(cases), log_file=var / "generate.log")
    seconds = time.monotonic() - started
    rows = {
        match.group(1): int(match.group(2).replace(",", ""))
        for match in re.finditer(r"(?m)^  ([a-z_]+)\s+([\d,]+)$", (var / "generate.log").read_text())
    }
    info = {
        "cases": cases,
        "seconds": round(seconds, 1),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": rows,
    }
    record.write_text(json.dumps(info))
    return info


def start_gunicorn(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "marac.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w", str(workers), "--timeout", "120"],
        env={**os.environ, **env},
        cwd=BASE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/health/")
            if connection.getresponse().status in (200, 503):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")
