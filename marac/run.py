"""`make run`: the whole application on one machine with nothing installed.

Starts the embedded PostgreSQL and Redis (or uses DATABASE_URL / REDIS_URL),
applies migrations, seeds the demo data once, then runs the web server, a
Celery worker and Celery beat until interrupted, and stops everything
cleanly (the embedded servers' data stays under var/ for next time).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from marac import embedded

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    var_dir = Path(os.environ.get("MARAC_VAR_DIR", BASE_DIR / "var"))
    port = os.environ.get("MARAC_PORT", "8000")
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "marac.settings.development")
    env.setdefault("MARAC_DEMO", "1")
    started_embedded = "DATABASE_URL" not in env or "REDIS_URL" not in env
    if started_embedded:
        print("Starting the embedded PostgreSQL and Redis servers (data in var/)...", flush=True)
        for key, value in embedded.start_all(var_dir).items():
            env.setdefault(key, value)
    children: list[subprocess.Popen[bytes]] = []
    try:
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=BASE_DIR)
        if env.get("MARAC_DEMO") == "1":
            subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=BASE_DIR)
        start_processes(children, env, var_dir, port)
        print(f"\nMARAC case management is running at http://127.0.0.1:{port}/ (Ctrl+C stops it)\n", flush=True)
        return wait_for_signal(children)
    finally:
        stop_processes(children)
        if started_embedded:
            print("Stopping the embedded servers...", flush=True)
            embedded.stop_all(var_dir)


def start_processes(children: list[subprocess.Popen[bytes]], env: dict[str, str], var_dir: Path, port: str) -> None:
    """A Celery worker, Celery beat and the development web server, each added
    to ``children`` as it starts (so a failure stops those already running)."""
    (var_dir / "celery").mkdir(parents=True, exist_ok=True)
    celery = [sys.executable, "-m", "celery", "-A", "marac"]
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    beat_schedule = str(var_dir / "celery" / "beat-schedule")
    for command in (
        [*celery, "worker", "--concurrency=2", "-l", "warning", "-n", "worker@%h"],
        [*celery, "beat", "-l", "warning", "--schedule", beat_schedule],
        [*manage, "runserver", f"127.0.0.1:{port}"],
    ):
        children.append(subprocess.Popen(command, env=env, cwd=BASE_DIR))


def wait_for_signal(children: list[subprocess.Popen[bytes]]) -> int:
    """Until Ctrl+C or SIGTERM (0), or until a process stops on its own (1)."""
    stop = {"now": False}

    def on_signal(signum: int, frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    while not stop["now"]:
        if any(child.poll() is not None for child in children):
            print("A process stopped unexpectedly; stopping the others.", file=sys.stderr)
            return 1
        time.sleep(0.5)
    return 0


def stop_processes(children: list[subprocess.Popen[bytes]]) -> None:
    """Ask each process to stop; kill any still running after 15 seconds."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()


if __name__ == "__main__":
    sys.exit(main())
