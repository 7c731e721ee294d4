"""The outbox benchmark's own embedded PostgreSQL and Redis, and Django set up on them."""

from __future__ import annotations

import os
from pathlib import Path

from bench.servers import PG_SETTINGS
from marac import embedded


def start(var: Path, *, fast_unsafe: bool = False) -> None:
    """A fresh cluster and Redis of the benchmark's own, and Django set up on them (locmem mail)."""
    if var.exists():
        embedded.remove(var)
    var.mkdir(parents=True)
    os.environ.update(
        {
            "DATABASE_URL": embedded.EmbeddedPostgres(var, fast_unsafe=fast_unsafe, settings=PG_SETTINGS).start(),
            "REDIS_URL": embedded.EmbeddedRedis(var).start(),
            "MARAC_VAR_DIR": str(var),
            "DJANGO_SETTINGS_MODULE": "marac.settings.development",
            "EMAIL_URL": "memorymail://",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    import django  # noqa: PLC0415

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
