"""The needs the received referrals' equality data shows, recorded on their cases in one statement.

``cases.needs.services.needs_from_referral`` does this for each referral as the coordinator receives
it. This is the same rule in SQL, for rows that did not come through that service: the referrals
received before needs existed (migration cases 0021 runs a frozen copy of it) and the synthetic data
written straight to the tables (devdata's generator). Needs already recorded are left as they are.
"""

from __future__ import annotations

from django.db import connection

NEEDS_FROM_RECEIVED_REFERRALS = """
INSERT INTO cases_caseneed (case_id, kind, detail, harm_by_carer, source, set_by_id, set_by_agency_id, set_at,
                            ended_at, ended_by_id, version)
SELECT DISTINCT ON (r.case_id, n.kind)
       r.case_id, n.kind, n.detail, false, 'referral', r.received_by_id, r.referring_agency_id,
       COALESCE(r.received_at, r.submitted_at, now()), NULL, NULL, 1
FROM cases_referral r
JOIN cases_referralperson p ON p.referral_id = r.id AND p.role = 'victim'
CROSS JOIN LATERAL (VALUES
    ('interpreter', p.interpreter_needed, LEFT(p.preferred_language, 200)),
    ('male_victim', p.gender = 'man', ''),
    ('lgbt', p.lgbt = 'yes', ''),
    ('disability', p.disabled = 'yes', ''),
    ('aged_16_17', date_part('year', age(r.submitted_at::date, p.date_of_birth)) IN (16, 17), '')
) AS n(kind, applies, detail)
WHERE r.status = 'received' AND r.case_id IS NOT NULL AND n.applies
ORDER BY r.case_id, n.kind, r.submitted_at DESC
ON CONFLICT (case_id, kind) DO NOTHING
"""


def needs_from_received_referrals() -> int:
    """Record the needs of every received referral's survivor not yet on its case; how many were added."""
    with connection.cursor() as cursor:
        cursor.execute(NEEDS_FROM_RECEIVED_REFERRALS)
        return int(cursor.rowcount)
