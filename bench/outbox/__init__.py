"""Benchmark: the outbox sender's throughput, and the time to drain 100,000 due action reminders.

    .venv/bin/python -m bench.outbox                                 # 5,000 notices (3 times), 100,000 reminders
    .venv/bin/python -m bench.outbox --messages 300 --reminders 2000 --no-write

Runs on its own embedded PostgreSQL and Redis (under var/bench/outbox, made
afresh and removed afterwards; never the development or test data), with the
benchmark's PostgreSQL settings (bench/servers.py), on synthetic users, cases
and actions (Faker names, addresses under bench.invalid).

1. Throughput: ``--messages`` notices to as many distinct users, written by
   ``services.enqueue`` in one transaction, then sent until none is due by
   ``sender.send_due`` in one sender process, then in two at once (each with
   its own database connection: ``SKIP LOCKED`` shares the rows), through
   Django's locmem backend and then through a local SMTP sink (a minimal SMTP
   server in a process of its own that accepts everything). Every run checks
   that the messages sent are the messages written, each user's address
   received exactly once, and every row marked sent.
2. Drain: actions due today or overdue (less than the escalation's 7 days)
   spread over areas, 25 agencies and 2 representatives per agency and area,
   so that the sweep writes ``--reminders`` reminders. Times the sweep, counts
   the outbox messages the reminders became (one per representative and
   area), and drains the outbox to empty with one sender, then (reminders
   and messages cleared, swept again) with two. Each drain checks every
   reminder marked sent, the reminder counts in the subjects adding up to
   the reminders written, and no address twice.
3. Prints a section and writes it into bench/results.md ("## Outbox sender",
   replaced when run again; the other sections are kept).

The modules: ``cluster`` (the embedded servers and Django), ``world`` (the synthetic data), ``sink`` (the SMTP
sink), ``senders`` (sender processes and the checks of a drain), ``throughput`` and ``reminders`` (the two
runs), ``report`` (the section of results.md) and ``__main__`` (the command line).
"""
