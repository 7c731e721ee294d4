"""In-process measures (after ``django.setup()``): each page's queries and
their plans, the reminder sweep, and the size of the data set."""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from actions.reminders import sweep as reminders
from bench.common import LARGE_TABLE_ROWS, Target, log


def count_and_explain(targets: list[Target], cookies: dict[str, str], csrf: str) -> None:
    """Queries per request (in-process, same database) and sequential scans of large tables."""
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
    headers = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in target.headers.items()}
    if target.method == "POST":
        return client.post(target.path, target.body or {}, **headers)
    return client.get(target.path, **headers)


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


def sweep_benchmark() -> dict[str, Any]:
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


def table_rows(generated: dict[str, Any]) -> list[tuple[str, Any]]:
    """Rows the generator wrote, per table, and the database's size now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = int(cursor.fetchone()[0])
    rows = sorted(generated.get("rows", {}).items(), key=lambda r: -r[1])
    return [*rows, ("all tables generated", sum(n for _, n in rows)), ("database size, GB", f"{size / 1e9:.1f}")]


def server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def close_connections() -> None:
    """Close this process's database connections (before gunicorn serves the pages)."""
    connections.close_all()
