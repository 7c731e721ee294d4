"""The outbox: every email the service sends is a row here first (ADR 0011).

A service that decides to send writes one ``OutboxMessage`` per recipient in
its own transaction (``services.enqueue``); the sender (``sender.send_due``),
run by beat every half minute and kicked after each commit, sends each due
message in a transaction of its own. See docs/adr/0011-outbox.md.
"""
