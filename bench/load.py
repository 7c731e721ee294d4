"""Measuring pages over HTTP: sequential latency, and throughput under
concurrent load with wrk."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
from urllib.parse import urlencode

from bench.common import PORT, Target


def measure_latency(target: Target, cookie: str, csrf: str, count: int, warm: int) -> None:
    """Sequential requests, after ``warm`` unmeasured ones: sync workers close each
    connection, so requests spread over the workers and each must have loaded
    its templates and opened its database connection first."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Cookie": cookie, "X-CSRFToken": csrf, **target.headers}
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
        if not 200 <= response.status < 300:  # a page 200, a draft kept 204
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
            *[part for name, value in target.headers.items() for part in ("-H", f"{name}: {value}")],
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
