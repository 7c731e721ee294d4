"""Set up a database for a fault scenario in a subprocess: migrate it, then write ``--messages`` outbox
messages, one to each of as many new users, with no sender kicked (the beat sender alone sends them).

    DJANGO_SETTINGS_MODULE=tests.faults.settings DATABASE_URL=... python -m tests.faults.seed --messages 100

Prints the recipients' addresses, one a line.
"""

from __future__ import annotations

import argparse
from unittest import mock

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, required=True)
    arguments = parser.parse_args()
    django.setup()

    from django.core.management import call_command  # noqa: PLC0415 - after django.setup()
    from django.db import transaction  # noqa: PLC0415

    from marac.outbox import services  # noqa: PLC0415
    from marac.outbox.models import MessageKind  # noqa: PLC0415
    from tests.factories import AgencyFactory, UserFactory  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    with mock.patch("marac.outbox.services.kick_sender") as kick, transaction.atomic():
        agency = AgencyFactory()
        users = UserFactory.create_batch(arguments.messages, agency=agency)
        services.enqueue(MessageKind.NOTICE, users, subject="MARAC: fault test notice", body="Sign in to see it")
    assert kick.call_count == 1  # queued on commit, and patched out: nothing but beat sends these
    for user in users:
        print(user.email)


if __name__ == "__main__":
    main()
