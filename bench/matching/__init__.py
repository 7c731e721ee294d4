"""The matching benchmark (`python -m bench.matching`, part of `make bench`): precision and recall of matching a
referral's people to people on record, on a labelled set of synthetic pairs (bench/matching/pairs.py).

1. Starts an embedded PostgreSQL and Redis of its own under var/bench/matching/ (or uses --database-url, a
   migrated database, inside a transaction rolled back at the end) and migrates it.
2. Files each pair's record on a case of its own in one MARAC area with a coordinator (bench/matching/measure.py).
3. Asks the real matching (cases.people.matching.candidates_for_coordinator: the pg_trgm database stage, then the
   scorer) about every described person, five at a time as on the coordinator's page.
4. Prints precision and recall at the offered threshold, what was missed and what was wrongly offered, by kind of
   pair, and writes them as the "## Matching people" section of bench/results.md.
"""
