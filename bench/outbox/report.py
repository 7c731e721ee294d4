"""The outbox benchmark's figures as the "## Outbox sender" section of bench/results.md."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from typing import Any

from bench.common import write_section
from bench.outbox.world import AGENCIES, REPS_PER_AGENCY_AND_AREA
from bench.servers import PG_SETTINGS

SECTION = "## Outbox sender"


def _memory_gib() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30


def _split(per_sender: list[int]) -> str:
    return " / ".join(f"{n:,}" for n in per_sender)


def report(
    through: dict[str, Any], drained: dict[str, Any], *, smtp: bool, load: tuple[float, float], fast_unsafe: bool
) -> str:
    lines = [SECTION, "", _run_paragraph(through, load=load, fast_unsafe=fast_unsafe), ""]
    lines += _throughput_lines(through, smtp=smtp)
    lines += _drain_lines(drained)
    return "\n".join(lines) + "\n"


def _run_paragraph(through: dict[str, Any], *, load: tuple[float, float], fast_unsafe: bool) -> str:
    """Where and how the benchmark ran: the machine, PostgreSQL and its settings, the machine's load."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    settings = ", ".join(f"{k}={v}" for k, v in PG_SETTINGS.items())
    if fast_unsafe:
        settings = "fsync=off, synchronous_commit=off: the figures mean nothing, " + settings
    return (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, {_memory_gib():.0f} GiB, "
        f"{platform.python_implementation()} {platform.python_version()}, PostgreSQL {version} (embedded; {settings}),"
        " by `python -m bench.outbox` (`make bench`). Each message is claimed with `SELECT ... FOR UPDATE SKIP"
        " LOCKED`, sent and marked sent in a transaction of its own (`sender.send_due`); several senders are separate"
        " processes, each with its own database connection, started together; a run ends when none is due. Other"
        f" work shared the machine: its load average (1 minute) was {load[0]:.1f} at the start, {load[1]:.1f} at the"
        f" end, and {min(through['loads']):.1f} to {max(through['loads']):.1f} at the start of the throughput runs,"
        " so the rates are a floor; the senders' own CPU time a message (not PostgreSQL's) depends less on it."
    )


def _throughput_lines(through: dict[str, Any], *, smtp: bool) -> list[str]:
    messages = through["messages"]
    lines = [
        f"**Throughput**: {messages:,} notices to {messages:,} distinct synthetic users, written by"
        f" `services.enqueue` in one transaction in {through['enqueue_seconds']:.2f} s, then sent until none is due"
        f" ({through['statements']:.0f} statements a message, the final empty claim included); each configuration"
        f" run {through['repeat']} time{'s' if through['repeat'] != 1 else ''}, in turn, the median shown."
        " Checked on every run: messages sent = messages written, every row marked sent, each user's address"
        " received exactly once.",
        "",
        "| mail backend | senders | seconds | messages/s | range of messages/s | sender CPU ms a message"
        " | sent by each sender | sent = written | sent twice |",
        "|---|---:|---:|---:|---|---:|---|---|---:|",
    ]
    for row in through["rows"]:
        run = row.median
        rates = sorted(messages / r.seconds for r in row.runs)
        every = all(r.sent == messages for r in row.runs)
        lines.append(
            f"| {row.backend} | {row.senders} | {run.seconds:.2f} | {messages / run.seconds:,.0f} |"
            f" {rates[0]:,.0f} to {rates[-1]:,.0f} | {1000 * run.cpu_seconds / messages:.1f} |"
            f" {_split(run.per_sender)} | {'yes' if every else '**no**'} | {row.twice} |"
        )
    if not smtp:
        return [*lines, "", "Not run through the SMTP sink (`--no-smtp`)."]
    return [
        *lines,
        "",
        "The SMTP sink is a minimal SMTP server in bench/outbox/sink.py (aiosmtpd is not installed), in a process of"
        " its own on loopback, accepting every message; the sender keeps one SMTP connection open across messages.",
    ]


def _drain_lines(drained: dict[str, Any]) -> list[str]:
    world = drained["world"]
    first = drained["rows"][0]
    lines = [
        "",
        f"**Drain**: {first.written:,} due action reminders: {world.actions:,} synthetic actions due today or overdue"
        f" by up to 6 days (no escalation), in {world.areas} areas, each owned by one of {AGENCIES} agencies with"
        f" {REPS_PER_AGENCY_AND_AREA} representatives in each area ({world.representatives:,} representatives)."
        f" The sweep made them **{first.messages:,} outbox messages** (one per representative and area,"
        f" {first.written / first.messages:.0f} reminders each on average), each written at sending by"
        f" `render_reminders` ({drained['statements']:.0f} statements a message, the final empty claim included)."
        " Checked on every run: every reminder marked sent, the counts in the subjects adding up to the reminders"
        " written, no address twice. Before each run the reminders and messages are cleared and the sweep runs again.",
        "",
        "| senders | sweep s | reminders | messages | drain s | messages/s | reminders/s | sender CPU ms a message"
        " | sent by each sender |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in drained["rows"]:
        run = row.run
        lines.append(
            f"| {run.senders} | {row.sweep_seconds:.2f} | {row.written:,} | {row.messages:,} | {run.seconds:.2f} |"
            f" {row.messages / run.seconds:,.0f} | {row.written / run.seconds:,.0f} |"
            f" {1000 * run.cpu_seconds / row.messages:.1f} | {_split(run.per_sender)} |"
        )
    return lines


def write_results(section: str) -> None:
    """Replace this benchmark's section of results.md (or add it at the end), keeping every other section."""
    write_section(SECTION, section)
