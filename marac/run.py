"""`make run` and `make dev`: the whole application on one machine with nothing installed.

Starts the embedded PostgreSQL and Redis (or uses DATABASE_URL / REDIS_URL),
applies migrations as the database's owner, limits the application's role
on the audit table (``restrict_audit_privileges``), seeds the demo data once,
then runs the web server, a Celery worker and Celery beat until interrupted,
and stops everything cleanly (the embedded servers' data stays under var/
for next time).

Only one ``make run`` (or ``make dev``) runs in a checkout at a time: each holds
``var/run-locks/make-run.lock`` (``fcntl.flock``, released by the kernel when
the run and the processes it started end, however they end), and a second one
says so and exits before it touches the embedded servers the first one uses.

``make run`` is safe as shipped: DEBUG off (the service's own error pages,
never a traceback or a list of URLs), gunicorn serving the pages (static
files through WhiteNoise), and the application connected as the restricted
database role, as in production. ``make dev`` (``--dev``) turns DEBUG on and
runs Django's development server, which reloads on code changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from marac import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
# Exit status of a run refused because another one holds the lock.
ALREADY_RUNNING = 3


class AlreadyRunningError(RuntimeError):
    """Another ``make run`` (or ``make dev``) holds the lock of this var/ directory."""

    def __init__(self, lock_path: Path, holder: str) -> None:
        self.lock_path = lock_path
        self.holder = holder
        if holder.isdigit() and embedded.process_alive(int(holder)):
            held_by = f"process {holder}"
        elif holder.isdigit():
            # The run was killed, but its web server, worker or beat still run.
            held_by = f"what process {holder} (no longer running) started: its web server, worker or beat"
        else:
            held_by = "another process"
        super().__init__(
            f"make run is already running in this checkout: {lock_path} is held by {held_by}.\n"
            "Use that one, or stop it (Ctrl+C where it runs) and try again. "
            "Nothing was started or stopped."
        )


def lock_path(var_dir: Path) -> Path:
    return var_dir / "run-locks" / "make-run.lock"


@contextlib.contextmanager
def run_lock(var_dir: Path) -> Iterator[int]:
    """Hold this var/ directory's run lock for the block (yields its file
    descriptor, for the processes of the run to inherit); raise
    ``AlreadyRunningError`` at once if another run holds it.

    An ``flock`` belongs to the open file, not to the path: the kernel drops it
    when the last process holding the file ends, even by SIGKILL, so a killed
    run leaves no stale lock behind (the file itself stays, unlocked).
    """
    path = lock_path(var_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            raise AlreadyRunningError(path, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield fd
    finally:
        os.close(fd)


def run_environment(*, dev: bool, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every process of ``make run`` (or ``make dev``) gets,
    before the database and Redis URLs are added."""
    env = dict(os.environ if base is None else base)
    env.setdefault("DJANGO_SETTINGS_MODULE", "marac.settings.development")
    env.setdefault("MARAC_DEMO", "1")
    # Not a default: a DJANGO_DEBUG left in the shell must not turn it on.
    env["DJANGO_DEBUG"] = "true" if dev else "false"
    return env


def main(argv: list[str] | None = None) -> int:
    dev = "--dev" in (sys.argv[1:] if argv is None else argv)
    var_dir = Path(os.environ.get("MARAC_VAR_DIR", BASE_DIR / "var"))
    port = os.environ.get("MARAC_PORT", "8000")
    env = run_environment(dev=dev)
    # First of all, before anything another run may be using is touched.
    try:
        with run_lock(var_dir) as lock_fd:
            return run_locked(env, var_dir, port, dev=dev, lock_fd=lock_fd)
    except AlreadyRunningError as refused:
        print(refused, file=sys.stderr, flush=True)
        return ALREADY_RUNNING


def run_locked(env: dict[str, str], var_dir: Path, port: str, *, dev: bool, lock_fd: int) -> int:
    """The run itself, while this process holds the run lock (``lock_fd``)."""
    started_embedded = "DATABASE_URL" not in env or "REDIS_URL" not in env
    if started_embedded:
        print(f"Starting the embedded PostgreSQL and Redis servers (data in {var_dir})...", flush=True)
    env, migrate_env = with_servers(env, var_dir)
    children: list[subprocess.Popen[bytes]] = []
    try:
        prepare_database(env, migrate_env)
        # The worker, beat and web server inherit the lock: if this process is
        # killed they keep it (and the port) until they end too.
        start_processes(children, env, var_dir, port, dev=dev, pass_fds=(lock_fd,))
        mode = "development mode, DEBUG on" if dev else "Ctrl+C stops it"
        print(f"\nMARAC case management is running at http://127.0.0.1:{port}/ ({mode})\n", flush=True)
        return wait_for_signal(children)
    finally:
        stop_processes(children)
        if started_embedded:
            print("Stopping the embedded servers...", flush=True)
            embedded.stop_all(var_dir)


def with_servers(env: dict[str, str], var_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The application's environment and the migrations', with the embedded
    servers started for whichever of DATABASE_URL and REDIS_URL ``env`` lacks.

    On the embedded PostgreSQL, as in production, migrations run as the
    database's owner and everything else as the restricted application role.
    A DATABASE_URL of your own serves both (with MARAC_DB_APP_ROLE set,
    ``restrict_audit_privileges`` runs for that role).
    """
    if "DATABASE_URL" in env and "REDIS_URL" in env:
        return env, env
    app_env = {**env}
    for key, value in embedded.start_all(var_dir, role=embedded.APP_ROLE).items():
        app_env.setdefault(key, value)
    if "DATABASE_URL" in env:
        return app_env, app_env
    app_env["MARAC_DB_APP_ROLE"] = embedded.APP_ROLE
    owner_url = embedded.EmbeddedPostgres(var_dir).url(role=embedded.OWNER_ROLE)
    return app_env, {**app_env, "DATABASE_URL": owner_url}


def prepare_database(env: dict[str, str], migrate_env: dict[str, str]) -> None:
    """Migrate as the owner, restrict the application's role on the audit
    table (when there is one), and seed the demo data as the application."""
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=migrate_env, check=True, cwd=BASE_DIR)
    if migrate_env.get("MARAC_DB_APP_ROLE"):
        subprocess.run([*manage, "restrict_audit_privileges"], env=migrate_env, check=True, cwd=BASE_DIR)
    if env.get("MARAC_DEMO") == "1":
        subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=BASE_DIR)


def start_processes(
    children: list[subprocess.Popen[bytes]],
    env: dict[str, str],
    var_dir: Path,
    port: str,
    *,
    dev: bool = False,
    pass_fds: tuple[int, ...] = (),
) -> None:
    """A Celery worker, Celery beat and the web server, each added to
    ``children`` as it starts (so a failure stops those already running)."""
    (var_dir / "celery").mkdir(parents=True, exist_ok=True)
    celery = [sys.executable, "-m", "celery", "-A", "marac"]
    beat_schedule = str(var_dir / "celery" / "beat-schedule")
    for command in (
        [*celery, "worker", "--concurrency=2", "-l", "warning", "-n", "worker@%h"],
        [*celery, "beat", "-l", "warning", "--schedule", beat_schedule],
        web_server_command(port, dev=dev),
    ):
        children.append(subprocess.Popen(command, env=env, cwd=BASE_DIR, pass_fds=pass_fds))


def web_server_command(port: str, *, dev: bool) -> list[str]:
    """Django's development server for ``make dev`` (reloads on changes);
    gunicorn, as in production, for ``make run``."""
    if dev:
        return [sys.executable, str(BASE_DIR / "manage.py"), "runserver", f"127.0.0.1:{port}"]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "marac.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        # PDFs of long agendas take a while on a small machine.
        "--timeout",
        "120",
        "--access-logfile",
        "-",
    ]


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
