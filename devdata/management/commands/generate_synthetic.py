"""Generate a national-scale synthetic data set for benchmarks.

    manage.py generate_synthetic --cases 1000000

Writes areas, agencies, users and memberships through the ORM, then people
with aliases and shared perpetrators, referrals with their checklists,
meetings with agendas and attendance, research, the survivor's voice,
shared information, actions with their updates and minutes with PostgreSQL
COPY (see devdata/synthetic/). Everything is made up (Faker and fixed pools of
phrases); no one can sign in as a synthetic user.

Refuses to run on a database that already holds cases or referrals, and
outside the development, test and benchmark profiles (DEBUG or MARAC_DEMO).
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from cases.models import Case, Referral
from cases.needs.backfill import needs_from_received_referrals
from devdata.synthetic import loader as bulk
from devdata.synthetic.generate import TABLES, Generator, now_utc
from devdata.synthetic.people import Addresses, NamePools
from devdata.synthetic.world import build_world
from marac.models import MaracArea


class Command(BaseCommand):
    help = "Generate a synthetic data set of --cases cases (benchmarks; never in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cases", type=int, required=True, help="Number of cases (victims' cases) to create")
        parser.add_argument("--years", type=int, default=6, help="Years of history (default 6, the retention period)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for repeatable data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or settings.MARAC_DEMO or getattr(settings, "MARAC_BENCHMARK", False)):
            raise CommandError("generate_synthetic is for development and benchmark databases only.")
        if Case.objects.exists() or Referral.objects.exists() or MaracArea.objects.exists():
            raise CommandError("The database already holds areas or cases: generate into an empty database.")
        cases = options["cases"]
        if cases < 10:
            raise CommandError("--cases must be 10 or more.")
        started = time.monotonic()
        rng = random.Random(options["seed"])
        fake = Faker("en_GB")
        fake.seed_instance(options["seed"])

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")
            self.stdout.flush()

        progress(f"Generating {cases:,} cases over {options['years']} years (seed {options['seed']})")
        with transaction.atomic():
            world = build_world(cases=cases, years=options["years"], rng=rng, fake=fake, today=timezone.localdate())
        progress(f"  {len(world.areas)} areas, {len(world.agency_kinds)} agencies, {len(world.user_names)} users")

        dsn = _dsn()
        # What the load drops, kept until it is rebuilt (per database).
        state = settings.VAR_DIR / f"synthetic-ddl-{connection.settings_dict['NAME']}.json"
        if bulk.restore_from_file(dsn, state, progress):
            progress("Restored the indexes and foreign keys an interrupted run had dropped.")
        loader = bulk.BulkLoader(dsn, TABLES, state)
        loader.prepare()
        try:
            loader.open()
            try:
                generator = Generator(
                    world=world,
                    loader=loader,
                    cases=cases,
                    years=options["years"],
                    rng=rng,
                    names=NamePools.load(),
                    addresses=Addresses(fake),
                    now=now_utc(),
                    progress=progress,
                )
                rows = generator.run()
            except BaseException:
                loader.abort()
                raise
            progress("Committing the load...")
            loader.close()
        finally:
            progress("Building indexes and checking every foreign key...")
            loader.restore(progress)
        loader.reset_sequences()
        _after_load(progress)
        width = max(len(t) for t in rows)
        for table, count in sorted(rows.items(), key=lambda r: -r[1]):
            self.stdout.write(f"  {table:<{width}}  {count:>12,}")
        progress(f"Done: {sum(rows.values()):,} rows.")


def _after_load(progress: Any) -> None:
    # Written straight to the tables, the referrals did not pass through the receiving service.
    progress(f"Recorded {needs_from_received_referrals():,} needs the received referrals show.")
    progress("Analysing the tables...")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _dsn() -> str:
    params = connection.get_connection_params()
    keys = ("host", "port", "dbname", "user", "password")
    parts = [f"{k}={params[k]}" for k in keys if params.get(k)]
    return " ".join(parts)
