"""The national-scale benchmark (`make bench`).

    .venv/bin/python bench/run.py --cases 100000
    .venv/bin/python bench/run.py --cases 1000000

1. Starts an embedded PostgreSQL and Redis of its own under
   var/bench/cases-<N>/ (never the development or test data), with memory
   settings for a national data set (PG_SETTINGS), and generates the data
   set once with `manage.py generate_synthetic` (timed; reused afterwards).
2. Signs in one user per role (verified sessions, created directly) and
   picks the pages to measure: home per role, a case page, the city's
   agenda of 60 cases, its live meeting view, people search, my agency's
   actions, the governance dashboard for one area and for all areas, the
   agenda and minutes PDFs of 60 cases, the main API endpoints, and two
   minimal "hello" views (bench/urls.py) as the framework's floor.
3. Counts each page's queries and EXPLAINs every SELECT, reporting any
   sequential scan of a large table.
4. Serves the application with gunicorn (production settings, plain HTTP on
   loopback) and measures, per page, the median and 95th percentile of
   sequential requests, then throughput under concurrent load with wrk
   (bounded in time).
5. Times the reminder sweep over every action (cold, then again).
6. Writes the figures into bench/results.md (one section per data set
   size; other sections are kept) and prints them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from marac import embedded  # noqa: E402

PYTHON = sys.executable
PORT = int(os.environ.get("MARAC_BENCH_PORT", "8765"))
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
LARGE_TABLE_ROWS = 100_000
RESULTS = BASE / "bench" / "results.md"


@dataclass
class Target:
    name: str
    user: str
    path: str
    method: str = "GET"
    body: dict[str, str] | None = None
    target: str = ""  # the target, in words
    limit_ms: float | None = None  # p95 target
    kind: str = "page"  # page, pdf, hello
    queries: int = 0
    seq_scans: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    status: int = 0
    latencies: list[float] = field(default_factory=list)
    throughput: float | None = None
    load_p50: float | None = None
    load_p99: float | None = None


def log(message: str) -> None:
    print(message, flush=True)


# -- servers and data ----------------------------------------------------------------------


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


# -- in-process: sessions, targets, query counts, EXPLAIN ----------------------------------------


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def sessions_and_targets() -> tuple[dict[str, str], str, list[Target], dict[str, Any]]:
    """One verified session per role, and the pages to measure."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count, OuterRef, Subquery
    from django.middleware.csrf import _get_new_csrf_string
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cases.models import AgendaItem, Case, Meeting, MeetingStatus, PartyRole
    from marac.models import AgencyKind, MaracArea, Membership, Role, User

    big = MaracArea.objects.order_by("id").first()
    assert big is not None

    def member(role: str, **extra: Any) -> User:
        membership = (
            Membership.objects.filter(area=big, role=role, **extra).select_related("user").order_by("id").first()
        )
        assert membership is not None, role
        return membership.user

    users = {
        "coordinator": member(Role.COORDINATOR),
        "chair": member(Role.CHAIR),
        "representative": member(Role.REPRESENTATIVE, user__agency__kind=AgencyKind.POLICE),
        "practitioner": member(Role.PRACTITIONER),
        "IDAA": member(Role.IDAA),
        "governance": member(Role.GOVERNANCE, user__email__startswith="governance." + big.code.lower()),
        "national governance": User.objects.get(email__startswith="governance.national"),
        "administrator": member(Role.ADMINISTRATOR),
    }
    cookies: dict[str, str] = {}
    csrf = _get_new_csrf_string()
    for label, user in users.items():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="Benchmark", confirmed=True
        )
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        cookies[label] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"

    # The city's next meeting (tomorrow: circulated, research in) and its last held one.
    def largest(statuses: list[str], newest: bool) -> Meeting:
        meeting = (
            Meeting.objects.filter(area=big, status__in=statuses, is_extra=False)
            .annotate(n=Count("items"))
            .filter(n__gt=0)
            .order_by("-date" if newest else "date")
            .first()
        )
        assert meeting is not None, statuses
        return meeting

    upcoming = largest([MeetingStatus.CIRCULATED, MeetingStatus.SCHEDULED], newest=False)
    held = largest([MeetingStatus.HELD], newest=True)
    items = list(upcoming.items.order_by("position"))
    item = items[len(items) // 2]
    # The case on that agenda with the longest history.
    history = AgendaItem.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("id"))
    case = (
        Case.objects.filter(agenda_items__meeting=upcoming)
        .annotate(n=Subquery(history.values("n")))
        .order_by("-n", "id")
        .first()
    )
    assert case is not None
    victim = case.victim
    perpetrator = case.parties.filter(role=PartyRole.PERPETRATOR).select_related("person").first()
    search = {"family_name": victim.family_name, "given_names": victim.given_names}
    facts = {
        "area": big.name,
        "agenda_cases": len(items),
        "minutes_cases": held.items.count(),
        "case_history": getattr(case, "n", 0),
        "case_referrals": case.referrals.count(),
        "search_terms": "a victim's given and family names",
    }
    targets = [
        Target("Hello (signed in)", "coordinator", "/bench/hello/", kind="hello"),
        Target("Hello (anonymous)", "coordinator", "/bench/hello-anonymous/", kind="hello"),
    ]
    targets += [Target(f"Home: {label}", label, "/") for label in users if label != "national governance"]
    targets += [
        Target("Case page", "coordinator", f"/cases/{case.pk}/", target="p95 < 150 ms", limit_ms=150),
        Target(
            f"Agenda of {len(items)} cases",
            "coordinator",
            f"/meetings/{upcoming.pk}/",
            "GET",
            None,
            "p95 < 150 ms",
            150,
        ),
        Target(
            "Live meeting view",
            "chair",
            f"/meetings/{upcoming.pk}/live/{item.pk}/",
            target="p95 < 150 ms",
            limit_ms=150,
        ),
        Target("People search", "coordinator", "/people/search/", "POST", search, "p95 < 100 ms", 100),
        Target("My agency's actions", "representative", "/actions/", target="p95 < 150 ms", limit_ms=150),
        Target("Research tracker", "coordinator", f"/meetings/{upcoming.pk}/research/"),
        Target("Meetings list", "coordinator", "/meetings/"),
        Target("Referrals list", "coordinator", "/referrals/"),
        Target("Person pattern", "coordinator", f"/people/{perpetrator.person_id}/pattern/" if perpetrator else "/"),
        Target("Governance: one area", "governance", f"/governance/?area={big.pk}", target="< 1 s", limit_ms=1000),
        Target("Governance: all areas", "national governance", "/governance/?area=all", target="< 3 s", limit_ms=3000),
        Target(
            f"Agenda PDF ({len(items)} cases)",
            "coordinator",
            f"/meetings/{upcoming.pk}/agenda.pdf",
            target="< 5 s",
            limit_ms=5000,
            kind="pdf",
        ),
        Target(
            f"Minutes PDF ({held.items.count()} cases)",
            "coordinator",
            f"/meetings/{held.pk}/minutes.pdf",
            target="< 5 s",
            limit_ms=5000,
            kind="pdf",
        ),
        Target("API: my agency's actions", "representative", "/api/v1/actions/"),
        Target("API: agenda", "coordinator", f"/api/v1/meetings/{upcoming.pk}/agenda/"),
        Target("API: referrals", "coordinator", "/api/v1/referrals/"),
        Target("API: governance figures, all areas", "national governance", "/api/v1/governance/figures/?area=all"),
    ]
    return cookies, csrf, targets, facts


def count_and_explain(targets: list[Target], cookies: dict[str, str], csrf: str) -> None:
    """Queries per request (in-process, same database) and sequential scans of large tables."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        sizes = dict(cursor.fetchall())
    for target in targets:
        client = Client(HTTP_COOKIE=cookies[target.user], HTTP_X_CSRFTOKEN=csrf)
        _request(client, target)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as captured:
            response = _request(client, target)
        target.status = response.status_code
        target.queries = len(captured.captured_queries)
        scans: set[str] = set()
        indexes: set[str] = set()
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            for relation in _seq_scans(plan[0]["Plan"]):
                if sizes.get(relation, 0) >= LARGE_TABLE_ROWS:
                    scans.add(relation)
            indexes |= set(_indexes(plan[0]["Plan"]))
        target.seq_scans = sorted(scans)
        target.indexes = sorted(indexes)
        log(f"  {target.name}: {target.status}, {target.queries} queries" + (f", seq scans: {scans}" if scans else ""))


def _request(client: Any, target: Target) -> Any:
    if target.method == "POST":
        return client.post(target.path, target.body or {})
    return client.get(target.path)


def _indexes(node: dict[str, Any]) -> list[str]:
    found = [node["Index Name"]] if "Index Name" in node else []
    for child in node.get("Plans", []):
        found += _indexes(child)
    return found


def _seq_scans(node: dict[str, Any]) -> list[str]:
    found = [node["Relation Name"]] if node.get("Node Type") == "Seq Scan" and "Relation Name" in node else []
    for child in node.get("Plans", []):
        found += _seq_scans(child)
    return found


# -- over HTTP: latency and throughput ------------------------------------------------------------


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


def measure_latency(target: Target, cookie: str, csrf: str, count: int, warm: int) -> None:
    """Sequential requests, after ``warm`` unmeasured ones: sync workers close each
    connection, so requests spread over the workers and each must have loaded
    its templates and opened its database connection first."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Cookie": cookie, "X-CSRFToken": csrf}
    body = None
    if target.method == "POST":
        body = urlencode(target.body or {})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    n = max(3, count // 8) if target.kind == "pdf" else count
    for index in range(n + warm):
        started = time.perf_counter()
        connection.request(target.method, target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"{target.name}: HTTP {response.status}")
        if index >= warm:
            target.latencies.append(elapsed)
    connection.close()


def measure_throughput(target: Target, cookie: str, csrf: str, duration: int, connections: int) -> None:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is needed (Debian package wrk): make bench installs it")
    script = ""
    if target.method == "POST":
        body = urlencode(target.body or {}).replace('"', '\\"')
        script = (
            f'wrk.method = "POST"\nwrk.body = "{body}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script + "done = function(summary, latency, requests) end\n")
        lua = handle.name
    seconds = duration * (2 if target.kind == "pdf" else 1)
    result = subprocess.run(
        [
            wrk,
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "--timeout",
            "60s",
            "-s",
            lua,
            "-H",
            f"Cookie: {cookie}",
            "-H",
            f"X-CSRFToken: {csrf}",
            f"http://127.0.0.1:{PORT}{target.path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(lua)
    output = result.stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{target.name}: errors under load\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    target.throughput = float(match.group(1)) if match else None
    target.load_p50 = _wrk_ms(output, "50%")
    target.load_p99 = _wrk_ms(output, "99%")


def _wrk_ms(output: str, label: str) -> float | None:
    match = re.search(rf"^\s+{re.escape(label)}\s+([\d.]+)(us|ms|s)\b", output, re.MULTILINE)
    if not match:
        return None
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


# -- the reminder sweep ----------------------------------------------------------------------------------


def sweep_benchmark() -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actions.models import Action
    from actions.reminders import sweep as reminders

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE actions_reminderdelivery")
    actions = Action.objects.count()
    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            written = reminders.sweep()
            seconds = time.perf_counter() - started
        runs.append({"seconds": round(seconds, 2), "rows": written, "queries": len(captured.captured_queries)})
        log(f"  sweep over {actions:,} actions: {seconds:.2f} s, {written:,} rows")
    return {"actions": actions, "runs": runs}


# -- report ------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def table_rows(generated: dict[str, Any]) -> list[tuple[str, Any]]:
    """Rows the generator wrote, per table, and the database's size now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = int(cursor.fetchone()[0])
    rows = sorted(generated.get("rows", {}).items(), key=lambda r: -r[1])
    return [*rows, ("all tables generated", sum(n for _, n in rows)), ("database size, GB", f"{size / 1e9:.1f}")]


def report(
    cases: int,
    generated: dict[str, Any],
    targets: list[Target],
    facts: dict[str, Any],
    sweep: dict[str, Any],
    rows: list[tuple[str, Any]],
    args: argparse.Namespace,
) -> str:
    from django.db import connection

    hello = next(t for t in targets if t.name == "Hello (signed in)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    lines = [
        f"## {cases:,} cases",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
        f"{_memory_gib():.0f} GiB, {platform.python_implementation()} {platform.python_version()}, "
        f"PostgreSQL {pg_version} (embedded; {', '.join(f'{k}={v}' for k, v in PG_SETTINGS.items())}), "
        f"gunicorn with {args.workers} sync workers, wrk with {args.connections} connections for "
        f"{args.duration} s a page (PDFs {args.duration * 2} s).",
        "",
        f"Data set generated by `manage.py generate_synthetic --cases {cases}` in "
        f"**{generated['seconds'] / 60:.1f} minutes** ({generated['seconds']:,.0f} s).",
        f"The city area ({facts['area']}) has the {facts['agenda_cases']}-case agenda; the case page is the case on "
        f"it with the longest history ({facts['case_history']} agenda items, {facts['case_referrals']} referrals); "
        f"people search looks for {facts['search_terms']}.",
        "",
        "| page | user | median ms | p95 ms | queries | req/s under load | vs hello | p50 / p99 ms under load "
        "| large-table seq scans | target | met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for t in targets:
        p50 = statistics.median(t.latencies)
        p95 = percentile(t.latencies, 0.95)
        ratio = f"{t.throughput / hello.throughput:.2f}" if t.throughput and hello.throughput else ""
        met = "" if t.limit_ms is None else ("yes" if p95 < t.limit_ms else "**no**")
        if t.name.startswith("Agenda of"):
            agenda_ok = t.throughput and hello.throughput and t.throughput >= hello.throughput / 2
            met += f"; throughput ≥ ½ hello: {'yes' if agenda_ok else '**no**'}"
        under_load = f"{t.load_p50:.0f} / {t.load_p99:.0f}" if t.load_p50 is not None and t.load_p99 is not None else ""
        lines.append(
            f"| {t.name} | {t.user} | {p50:.1f} | {p95:.1f} | {t.queries} | "
            f"{t.throughput:.1f} | {ratio} | {under_load} | {', '.join(t.seq_scans) or 'none'} | {t.target} | {met} |"
            if t.throughput is not None
            else f"| {t.name} | {t.user} | {p50:.1f} | {p95:.1f} | {t.queries} | | | | "
            f"{', '.join(t.seq_scans) or 'none'} | {t.target} | {met} |"
        )
    search = next((t for t in targets if t.name == "People search"), None)
    if search is not None:
        trigram = [name for name in search.indexes if "trgm" in name or name == "person_areas"]
        lines += ["", f"People search's plans use the indexes {', '.join(trigram) or '(none of the name indexes)'}."]
    runs = sweep["runs"]
    met = "yes" if runs[0]["seconds"] < 60 else "**no**"
    lines += [
        "",
        f"Reminder sweep over **{sweep['actions']:,} actions** (target: under 60 s): first sweep on an empty "
        f"reminder table {runs[0]['seconds']} s ({runs[0]['rows']:,} rows written, {runs[0]['queries']} queries; "
        f"met: {met}); the same sweep again {runs[1]['seconds']} s ({runs[1]['rows']:,} rows).",
        "",
        "<details><summary>Rows per table</summary>",
        "",
        "| table | rows |",
        "|---|---:|",
        *[f"| {name} | {n:,} |" if isinstance(n, int) else f"| {name} | {n} |" for name, n in rows],
        "",
        "</details>",
        "",
    ]
    return "\n".join(lines)


def _memory_gib() -> float:
    try:
        with open("/proc/meminfo") as handle:
            kib = int(handle.readline().split()[1])
        return kib / 1024 / 1024
    except (OSError, ValueError, IndexError):
        return 0.0


def write_results(section: str, cases: int) -> None:
    header = (
        "# Benchmark results\n\n"
        "Written by `make bench` (bench/run.py); each section is one data set size, replaced when that size is run "
        "again. Latencies are of sequential requests through gunicorn on loopback; throughput is wrk's, with several "
        'connections at once, for a fixed time. Query counts are per request; "large-table seq scans" lists tables '
        f"of {LARGE_TABLE_ROWS:,} rows or more that any of the page's queries scans sequentially (EXPLAIN).\n\n"
    )
    sections: dict[int, str] = {}
    if RESULTS.exists():
        for chunk in re.split(r"(?m)^(?=## [\d,]+ cases)", RESULTS.read_text()):
            match = re.match(r"## ([\d,]+) cases", chunk)
            if match:
                sections[int(match.group(1).replace(",", ""))] = chunk.rstrip() + "\n\n"
    sections[cases] = section.rstrip() + "\n\n"
    RESULTS.write_text(header + "".join(sections[k] for k in sorted(sections)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40, help="sequential requests per page (PDFs: an eighth)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (PDFs: twice)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections under load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument("--no-write", action="store_true", help="print the results without writing results.md")
    parser.add_argument("--var-dir", type=Path, help="where the servers and data live (default var/bench/cases-N)")
    args = parser.parse_args()

    var = args.var_dir or BASE / "var" / "bench" / f"cases-{args.cases}"
    if var.exists() and not (var / "generated.json").exists():
        log(f"Removing {var}: its data set was never completed")
        embedded.remove(var)
    log(f"Embedded servers for the benchmark in {var}")
    env = start_servers(var)
    generated = ensure_data(env, var, args.cases)
    django_setup(env)
    cookies, csrf, targets, facts = sessions_and_targets()
    if args.only:
        targets = [t for t in targets if args.only.lower() in t.name.lower() or t.name.startswith("Hello")]
    log("Counting queries and explaining them...")
    count_and_explain(targets, cookies, csrf)
    from django.db import connections

    connections.close_all()
    log("Serving with gunicorn...")
    server = start_gunicorn(env, args.workers)
    try:
        for target in targets:
            measure_latency(target, cookies[target.user], csrf, args.requests, warm=2 * args.workers)
            measure_throughput(target, cookies[target.user], csrf, args.duration, args.connections)
            log(
                f"  {target.name}: median {statistics.median(target.latencies):.1f} ms, "
                f"p95 {percentile(target.latencies, 0.95):.1f} ms, {target.throughput or 0:.1f} req/s"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    log("Reminder sweep...")
    sweep = sweep_benchmark()
    section = report(args.cases, generated, targets, facts, sweep, table_rows(generated), args)
    print("\n" + section)
    if not args.no_write and not args.only:
        write_results(section, args.cases)
        log(f"Written to {RESULTS.relative_to(BASE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
