"""Benchmark: the action reminder sweep at 10k, 100k and 1M actions.

Runs on its own embedded PostgreSQL under var/bench (never the development
or test data), loads synthetic actions with COPY, and prints the sweep's
time, its query count and the rows written, then the time of a second
(idempotent) sweep that writes nothing.

    .venv/bin/python bench/reminder_sweep.py --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("MARAC_VAR_DIR", str(BASE / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marac.settings.development")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from actions.models import Action, ReminderDelivery  # noqa: E402
from actions.reminders import sweep as reminders  # noqa: E402
from cases.models import Case, Person  # noqa: E402
from marac.models import Agency, AgencyKind, MaracArea, Membership, Role, User  # noqa: E402

CASES = 2000


def setup_world() -> tuple[MaracArea, User, list[int]]:
    call_command("migrate", verbosity=0)
    area, _ = MaracArea.objects.get_or_create(
        code="BENCH", defaults={"name": "Bench MARAC", "local_authority": "Bench"}
    )
    agencies = [
        Agency.objects.get_or_create(name=f"Bench agency {n}", defaults={"kind": AgencyKind.POLICE})[0]
        for n in range(10)
    ]
    coordinator, _ = User.objects.get_or_create(
        email="bench.coordinator@bench.invalid", defaults={"full_name": "Bench coordinator"}
    )
    Membership.objects.get_or_create(user=coordinator, area=area, role=Role.COORDINATOR)
    for agency in agencies:
        for n in range(2):
            user, _ = User.objects.get_or_create(
                email=f"bench.rep{n}.{agency.pk}@bench.invalid", defaults={"full_name": "Bench rep", "agency": agency}
            )
            Membership.objects.get_or_create(user=user, area=area, role=Role.REPRESENTATIVE)
    existing = list(Case.objects.filter(area=area).values_list("pk", flat=True))
    for n in range(len(existing), CASES):
        person = Person.objects.create(given_names="Synthetic", family_name=f"Person{n}")
        existing.append(Case.objects.create(area=area, victim=person, reference=f"BENCH-{n:06d}").pk)
    return area, coordinator, existing


def load_actions(count: int, agencies: list[int], coordinator: User, cases: list[int], area: MaracArea) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE actions_reminderdelivery, actions_actionupdate, actions_action_joint_agencies,"
            " actions_action CASCADE"
        )
    rng = random.Random(count)
    today = timezone.localdate()
    now = timezone.now().isoformat()
    statuses = ["open"] * 5 + ["in_progress"] * 2 + ["completed"] * 3
    buffer = io.StringIO()
    for _ in range(count):
        due = today + timedelta(days=rng.randint(-60, 60))
        buffer.write(
            f"{rng.choice(cases)}\t{rng.choice(agencies)}\tSynthetic action\tsurvivor\t\t{due.isoformat()}\tmedium\t"
            f"{rng.choice(statuses)}\t\t{coordinator.pk}\t{now}\t1\t\t{area.pk}\n"
        )
    buffer.seek(0)
    columns = (
        "(case_id, owner_agency_id, description, focus, stage, due_date, priority, status, outcome,"
        " created_by_id, created_at, version, assignee_name, area_id)"
    )
    raw = connection.connection
    with raw.cursor() as cursor, cursor.copy(f"COPY actions_action {columns} FROM STDIN") as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
    raw.commit()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE actions_action")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    area, coordinator, cases = setup_world()
    agencies = list(Agency.objects.filter(name__startswith="Bench agency").values_list("pk", flat=True))
    header = ("actions", "load s", "sweep s", "queries", "rows written", "2nd sweep s", "2nd rows")
    print(" ".join(f"{h:>13}" for h in header))
    for size in args.sizes:
        started = time.perf_counter()
        load_actions(size, agencies, coordinator, cases, area)
        loaded = time.perf_counter() - started
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            written = reminders.sweep()
            swept = time.perf_counter() - started
        started = time.perf_counter()
        again = reminders.sweep()
        second = time.perf_counter() - started
        assert ReminderDelivery.objects.count() == written
        row = (size, f"{loaded:.1f}", f"{swept:.2f}", len(queries), written, f"{second:.2f}", again)
        print(" ".join(f"{v:>13}" for v in row))
        assert Action.objects.count() == size


if __name__ == "__main__":
    main()
