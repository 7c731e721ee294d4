"""Fault-injection tests for the outbox (issue 17): real worker, beat, PostgreSQL and Redis processes killed,
stopped and restarted mid-batch, a failing mail server and a clock that jumps. Marked ``faults``."""
